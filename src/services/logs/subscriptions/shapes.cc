#include "services/logs/subscriptions/shapes.h"

#include "core/crypto.h"
#include "services/logs/api/field_checks.h"
#include "services/logs/model/errors.h"
#include "services/logs/model/validation.h"
#include "services/logs/subscriptions/targets.h"

namespace berth::services::logs {
namespace {

constexpr size_t kMaxNameLength = 512;
constexpr size_t kMaxFilterPatternLength = 1024;

// FilterName and DestinationName: 1-512 characters matching [^:*]*.
std::string ReadName(FieldReader& r, const char* member, bool required = true) {
  std::string value;
  if (required) {
    value = r.RequiredString(member);
  } else {
    auto optional = r.OptionalString(member);
    if (!optional) return value;
    value = std::move(*optional);
  }
  if (!r.ok()) return value;
  CheckLength(r, member, value, 1, kMaxNameLength);
  if (r.ok() && value.find_first_of(":*") != std::string::npos) {
    r.Fail(errors::ConstraintViolated(member, value,
                                      "Member must satisfy regular expression pattern: [^:*]*"));
  }
  return value;
}

// A required string of at least one character (TargetArn, RoleArn, DestinationArn, …).
std::string ReadNonEmpty(FieldReader& r, const char* member) {
  std::string value = r.RequiredString(member);
  if (r.ok()) CheckLength(r, member, value, 1, std::string::npos);
  return value;
}

// The name after which a nextToken of `kind` continues.
std::string ReadToken(FieldReader& r, std::string_view kind) {
  auto token = r.OptionalString("nextToken");
  if (!r.ok() || !token) return "";
  auto raw = crypto::Base64UrlDecode(*token);
  if (!raw || raw->size() <= kind.size() + 1 || raw->compare(0, kind.size(), kind) != 0 ||
      (*raw)[kind.size()] != '|') {
    r.Fail(errors::InvalidParameter("The specified nextToken is invalid."));
    return "";
  }
  return raw->substr(kind.size() + 1);
}

}  // namespace

std::string EncodeNameToken(std::string_view kind, std::string_view last) {
  return crypto::Base64UrlEncode(std::string(kind) + "|" + std::string(last));
}

Result<PutSubscriptionFilterInput> DecodePutSubscriptionFilter(const Document& in) {
  FieldReader r(in);
  PutSubscriptionFilterInput out;
  out.group = ReadGroupName(r);
  out.name = ReadName(r, "filterName");
  if (r.ok()) {
    out.pattern = r.RequiredString("filterPattern");  // may be empty: every event matches
    if (r.ok()) CheckLength(r, "filterPattern", out.pattern, 0, kMaxFilterPatternLength);
  }
  if (r.ok()) out.destination_arn = ReadNonEmpty(r, "destinationArn");
  if (r.ok()) {
    out.role_arn = r.OptionalString("roleArn");
    if (r.ok() && out.role_arn) CheckLength(r, "roleArn", *out.role_arn, 1, std::string::npos);
  }
  if (r.ok()) {
    if (auto distribution = r.OptionalString("distribution")) {
      if (*distribution != "Random" && *distribution != "ByLogStream") {
        r.Fail(errors::ConstraintViolated("distribution", *distribution,
                                          "Member must satisfy enum value set: [Random, "
                                          "ByLogStream]"));
      }
      out.distribution = std::move(*distribution);
    }
  }
  if (r.ok()) out.apply_on_transformed_logs = r.OptionalBool("applyOnTransformedLogs").value_or(false);
  // Selecting and adding system fields shapes what is delivered in ways berth does not
  // implement: refused rather than silently ignored.
  if (r.ok()) {
    auto criteria = r.OptionalString("fieldSelectionCriteria");
    if (r.ok() && criteria && !criteria->empty()) {
      r.Fail(errors::InvalidParameter(
          "berth does not implement fieldSelectionCriteria on subscription filters yet."));
    }
  }
  if (r.ok()) {
    auto fields = r.OptionalStringList("emitSystemFields");
    if (r.ok() && fields && !fields->empty()) {
      r.Fail(errors::InvalidParameter(
          "berth does not implement emitSystemFields on subscription filters yet."));
    }
  }
  return Finish(r, std::move(out));
}

Result<DescribeSubscriptionFiltersInput> DecodeDescribeSubscriptionFilters(const Document& in) {
  FieldReader r(in);
  DescribeSubscriptionFiltersInput out;
  out.group = ReadGroupName(r);
  if (r.ok()) out.prefix = ReadName(r, "filterNamePrefix", false);
  if (r.ok()) out.after = ReadToken(r, kFiltersTokenKind);
  if (r.ok()) out.limit = ReadLimit(r, "limit", 50).value_or(50);
  return Finish(r, std::move(out));
}

Result<DeleteSubscriptionFilterInput> DecodeDeleteSubscriptionFilter(const Document& in) {
  FieldReader r(in);
  DeleteSubscriptionFilterInput out;
  out.group = ReadGroupName(r);
  if (r.ok()) out.name = ReadName(r, "filterName");
  return Finish(r, std::move(out));
}

Result<PutDestinationInput> DecodePutDestination(const Document& in) {
  FieldReader r(in);
  PutDestinationInput out;
  out.name = ReadName(r, "destinationName");
  if (r.ok()) out.target_arn = ReadNonEmpty(r, "targetArn");
  if (r.ok()) out.role_arn = ReadNonEmpty(r, "roleArn");
  if (r.ok()) {
    if (const Document* tags = r.OptionalMap("tags")) {
      for (const auto& [key, value] : tags->as_map()) {
        if (!value.is_string()) {
          r.Fail(Error{"SerializationException", "Value for 'tags." + key + "' must be a string",
                       400});
          break;
        }
        out.tags[key] = value.as_string();
      }
      if (r.ok()) Check(r, CheckTags(out.tags));
    }
  }
  return Finish(r, std::move(out));
}

Result<PutDestinationPolicyInput> DecodePutDestinationPolicy(const Document& in) {
  FieldReader r(in);
  PutDestinationPolicyInput out;
  out.name = ReadName(r, "destinationName");
  if (r.ok()) out.policy = ReadNonEmpty(r, "accessPolicy");
  // forceUpdate lets AWS replace a policy that would cut off existing subscribers; berth
  // always replaces it, so the flag changes nothing.
  if (r.ok()) (void)r.OptionalBool("forceUpdate");
  return Finish(r, std::move(out));
}

Result<DescribeDestinationsInput> DecodeDescribeDestinations(const Document& in) {
  FieldReader r(in);
  DescribeDestinationsInput out;
  out.prefix = ReadName(r, "DestinationNamePrefix", false);
  if (r.ok()) out.after = ReadToken(r, kDestinationsTokenKind);
  if (r.ok()) out.limit = ReadLimit(r, "limit", 50).value_or(50);
  return Finish(r, std::move(out));
}

Result<DestinationNameInput> DecodeDestinationName(const Document& in) {
  FieldReader r(in);
  DestinationNameInput out;
  out.name = ReadName(r, "destinationName");
  return Finish(r, std::move(out));
}

Document EncodeSubscriptionFilter(const SubscriptionFilter& f) {
  Document out = Document::MakeMap(8);
  out["filterName"] = f.name;
  out["logGroupName"] = f.group_name;
  out["filterPattern"] = f.pattern;
  out["destinationArn"] = f.destination_arn;
  if (f.role_arn) out["roleArn"] = *f.role_arn;
  out["distribution"] = f.distribution;
  out["applyOnTransformedLogs"] = f.apply_on_transformed_logs;
  out["creationTime"] = f.created_ms;
  return out;
}

Document EncodeDestination(const Destination& d, std::string_view region) {
  Document out = Document::MakeMap(6);
  out["destinationName"] = d.name;
  out["targetArn"] = d.target_arn;
  out["roleArn"] = d.role_arn;
  if (d.access_policy) out["accessPolicy"] = *d.access_policy;
  out["arn"] = DestinationArn(region, d.account_id, d.name);
  out["creationTime"] = d.created_ms;
  return out;
}

}  // namespace berth::services::logs
