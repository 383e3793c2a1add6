#include "services/monitoring/dashboards/dashboard_ops.h"

#include <algorithm>

#include "core/crypto.h"
#include "services/monitoring/api/alarm_members.h"
#include "services/monitoring/api/wire.h"
#include "services/monitoring/dashboards/body_validator.h"
#include "services/monitoring/dashboards/dashboard_errors.h"
#include "services/monitoring/dashboards/dashboard_store.h"
#include "services/monitoring/dashboards/widget_image_op.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::dashboards {
namespace {

using pipeline::CallContext;

constexpr size_t kListPage = 1000;  // ListDashboards' page size (AWS: up to 1,000)
constexpr size_t kMaxDeleteNames = 100;

std::string Arn(const CallContext& ctx, const std::string& name) {
  return DashboardArn(ctx.principal.account_id, name);
}

Result<std::string> RequiredString(const Document& in, std::string_view key) {
  const Document* d = wire::Member(in, key);
  if (d == nullptr) return errors::MissingParameter(key);
  return wire::String(*d, key);
}

Status CheckName(const std::string& name) {
  if (name.empty() || name.size() > 255) {
    return InvalidDashboard(
        "The value for field DashboardName must be between 1 and 255 characters long.", {});
  }
  const bool ok = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
  if (!ok) {
    return InvalidDashboard(
        "The value for field DashboardName contains invalid characters. It can only contain "
        "alphanumerics, dash (-) and underscore (_).",
        {});
  }
  return Ok();
}

Result<Document> PutDashboard(MonitoringService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, RequiredString(in, "DashboardName"));
  BERTH_ASSIGN_OR_RETURN(std::string body, RequiredString(in, "DashboardBody"));
  BERTH_ASSIGN_OR_RETURN(std::optional<alarms::Tags> tags, alarm_members::DecodeTags(in));
  BERTH_RETURN_IF_ERROR(CheckName(name));
  std::vector<ValidationMessage> problems = ValidateDashboardBody(body);
  if (!problems.empty()) return InvalidBody(problems);
  DashboardStore store(s.db());
  BERTH_ASSIGN_OR_RETURN(bool created,
                         store.Put(ctx.principal.account_id, name, body, Millis(ctx.now)));
  // The model's documentation: Tags apply "only when creating a new dashboard. If you specify
  // Tags when updating an existing dashboard, the tag updates are ignored." A new dashboard's
  // tags replace any a crash left behind from a deleted dashboard of the same name.
  if (created) {
    BERTH_RETURN_IF_ERROR(s.alarms().ReplaceTags(Arn(ctx, name), tags.value_or(alarms::Tags{})));
  }
  Document out = Document::MakeMap(1);
  out["DashboardValidationMessages"] = Document::MakeList();  // no warnings: all checks block
  return out;
}

Result<Document> GetDashboard(MonitoringService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, RequiredString(in, "DashboardName"));
  DashboardStore store(s.db());
  BERTH_ASSIGN_OR_RETURN(auto found, store.Get(ctx.principal.account_id, name));
  if (!found) return DashboardNotFound(name);
  Document out = Document::MakeMap(3);
  out["DashboardArn"] = Arn(ctx, name);
  out["DashboardBody"] = std::move(found->body);
  out["DashboardName"] = name;
  return out;
}

Result<Document> ListDashboards(MonitoringService& s, CallContext& ctx, const Document& in) {
  std::string prefix, after;
  if (const Document* p = wire::Member(in, "DashboardNamePrefix")) {
    BERTH_ASSIGN_OR_RETURN(prefix, wire::String(*p, "DashboardNamePrefix"));
  }
  if (const Document* t = wire::Member(in, "NextToken")) {
    // The token is the last name listed: a page starts after it, whatever changed meanwhile.
    BERTH_ASSIGN_OR_RETURN(std::string token, wire::String(*t, "NextToken"));
    auto decoded = crypto::Base64UrlDecode(token);
    if (!decoded || decoded->empty()) return errors::InvalidNextToken();
    after = *decoded;
  }
  DashboardStore store(s.db());
  BERTH_ASSIGN_OR_RETURN(auto rows,
                         store.List(ctx.principal.account_id, prefix, after, kListPage + 1));
  const bool more = rows.size() > kListPage;
  if (more) rows.resize(kListPage);
  Document entries = Document::MakeList();
  for (const DashboardRecord& r : rows) {
    Document e = Document::MakeMap(4);
    e["DashboardName"] = r.name;
    e["DashboardArn"] = Arn(ctx, r.name);
    e["LastModified"] = Document::Timestamp(FromMillis(r.modified_ms));
    e["Size"] = r.size;
    entries.Push(std::move(e));
  }
  Document out = Document::MakeMap(2);
  out["DashboardEntries"] = std::move(entries);
  if (more) out["NextToken"] = crypto::Base64UrlEncode(rows.back().name);
  return out;
}

// The model's documentation (2010-08-01, current): "If there is an error during this call, the
// operation attempts to delete as many dashboards as possible." So the existing ones are
// deleted and the call still answers ResourceNotFound naming the ones that were not there.
Result<Document> DeleteDashboards(MonitoringService& s, CallContext& ctx, const Document& in) {
  const Document* d = wire::Member(in, "DashboardNames");
  if (d == nullptr) return errors::MissingParameter("DashboardNames");
  BERTH_ASSIGN_OR_RETURN(const Document::List* list, wire::List(*d, "DashboardNames"));
  if (list->empty()) return errors::MissingParameter("DashboardNames");
  if (list->size() > kMaxDeleteNames) {
    return errors::InvalidParameterValue(
        "The collection DashboardNames must not have more than 100 members.");
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < list->size(); ++i) {
    BERTH_ASSIGN_OR_RETURN(std::string n,
                           wire::String((*list)[i], wire::Item("DashboardNames", i)));
    names.push_back(std::move(n));
  }
  DashboardStore store(s.db());
  BERTH_ASSIGN_OR_RETURN(auto missing, store.Delete(ctx.principal.account_id, names));
  std::vector<std::string> deleted_arns;
  for (const std::string& n : names) {
    if (std::find(missing.begin(), missing.end(), n) == missing.end())
      deleted_arns.push_back(Arn(ctx, n));
  }
  BERTH_RETURN_IF_ERROR(s.alarms().DropTags(deleted_arns));
  if (!missing.empty()) {
    std::string joined;
    for (const std::string& m : missing) joined += (joined.empty() ? "" : ", ") + m;
    return DashboardNotFound(joined);
  }
  return Document::MakeMap();
}

// The dashboards a call names (DashboardName, or each of DashboardNames): CloudTrail's
// `resources`, and what the action is authorized on (IAM scopes dashboard actions by ARN).
std::vector<pipeline::ResourceRef> DashboardResources(const CallContext& ctx, const Document& in,
                                                      const Document*) {
  std::vector<pipeline::ResourceRef> out;
  auto add = [&](const Document* d) {
    if (d != nullptr && d->is_string())
      out.push_back({"AWS::CloudWatch::Dashboard", Arn(ctx, d->as_string())});
  };
  add(in.Find("DashboardName"));
  if (const Document* names = in.Find("DashboardNames"); names != nullptr && names->is_list()) {
    for (const Document& n : names->as_list()) add(&n);
  }
  return out;
}

pipeline::OperationSpec Op(std::string name, bool read_only, MonitoringService& s,
                           Result<Document> (*fn)(MonitoringService&, CallContext&,
                                                  const Document&),
                           std::vector<std::string> logged,
                           pipeline::ResourceFinder resources = nullptr) {
  pipeline::OperationSpec op;
  op.name = std::move(name);
  op.read_only = read_only;
  op.handler = [&s, fn](CallContext& ctx, const Document& in) { return fn(s, ctx, in); };
  op.logged_request_fields = std::move(logged);
  op.resources = std::move(resources);
  return op;
}

}  // namespace

std::vector<pipeline::OperationSpec> DashboardOperations(MonitoringService& s) {
  return {
      Op("PutDashboard", false, s, PutDashboard, {"DashboardName"}, DashboardResources),
      Op("GetDashboard", true, s, GetDashboard, {"DashboardName"}, DashboardResources),
      Op("ListDashboards", true, s, ListDashboards, {"DashboardNamePrefix"}),
      Op("DeleteDashboards", false, s, DeleteDashboards, {"DashboardNames"}, DashboardResources),
      Op("GetMetricWidgetImage", true, s, GetMetricWidgetImage, {"OutputFormat"}),
  };
}

}  // namespace berth::services::monitoring::dashboards
