// Metric filters: PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter,
// TestMetricFilter. The store holds the definitions; the service's MetricFilterSet, kept in
// step here, runs them on ingestion.
#include "services/logs/api/page_tokens.h"
#include "services/logs/filter/delimited_fields.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::handlers {
namespace {

// True when `reference` names a value the pattern's events have: `$.member` for a JSON
// pattern, `$field` naming one of a space-delimited pattern's fields.
bool FitsPattern(const filter::FilterPattern& pattern, std::string_view reference) {
  if (reference.size() < 2 || reference[0] != '$') return false;
  switch (pattern.ast().syntax) {
    case filter::PatternSyntax::kJson: return reference.size() > 2 && reference[1] == '.';
    case filter::PatternSyntax::kDelimited:
      for (const filter::Slot& slot : pattern.ast().delimited.slots) {
        if (!slot.ellipsis && !slot.name.empty() && slot.name == reference.substr(1)) return true;
      }
      return false;
    case filter::PatternSyntax::kTerms: return false;
  }
  return false;
}

}  // namespace

Result<Document> PutMetricFilter(LogsService& s, CallContext& ctx, const PutMetricFilterInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, in.group));
  MetricFilter f;
  f.group_id = group.id;
  f.account_id = group.account_id;
  f.group_name = group.name;
  f.name = in.name;
  f.pattern = in.pattern;
  f.transformations = {in.transformation};
  f.created_ms = Millis(ctx.now);
  BERTH_ASSIGN_OR_RETURN(auto compiled, CompiledMetricFilter::Compile(f));
  const MetricTransformation& t = in.transformation;
  if (!ParseMetricNumber(t.metric_value) && !FitsPattern(compiled->pattern(), t.metric_value)) {
    return errors::InvalidParameter("Invalid metric value for filter pattern.");
  }
  for (const auto& [name, reference] : t.dimensions) {
    if (!FitsPattern(compiled->pattern(), reference)) {
      return errors::InvalidParameter("Invalid dimension value for filter pattern: " + name);
    }
  }
  BERTH_ASSIGN_OR_RETURN(MetricFilterPut put,
                         s.store().PutMetricFilter(f, kMaxMetricFiltersPerGroup));
  switch (put) {
    case MetricFilterPut::kStored: break;
    case MetricFilterPut::kGroupNotFound: return errors::LogGroupNotFound();
    case MetricFilterPut::kLimitExceeded: return errors::LimitExceeded("Resource limit exceeded.");
  }
  s.metric_filters().Put(std::move(compiled));
  return Document::MakeMap();
}

Result<Document> DescribeMetricFilters(LogsService& s, CallContext& ctx,
                                       const DescribeMetricFiltersInput& in) {
  MetricFilterListing listing;
  listing.account_id = ctx.principal.account_id;
  if (in.group) {
    BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, *in.group));
    listing.group_id = group.id;
  }
  listing.name_prefix = in.prefix.value_or("");
  listing.metric_name = in.metric_name;
  listing.metric_namespace = in.metric_namespace;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(listing.after, DecodeMetricFiltersToken(*in.next_token));
  }
  // One more than asked tells whether a next page exists.
  listing.limit = static_cast<size_t>(in.limit) + 1;
  BERTH_ASSIGN_OR_RETURN(std::vector<MetricFilter> found, s.store().ListMetricFilters(listing));
  const bool more = found.size() > static_cast<size_t>(in.limit);
  if (more) found.pop_back();
  Document filters = Document::MakeList();
  for (const MetricFilter& f : found) filters.Push(EncodeMetricFilter(f));
  Document out = Document::MakeMap(2);
  out["metricFilters"] = std::move(filters);
  if (more)
    out["nextToken"] = EncodeMetricFiltersToken({found.back().name, found.back().group_name});
  return out;
}

Result<Document> DeleteMetricFilter(LogsService& s, CallContext& ctx,
                                    const DeleteMetricFilterInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, in.group));
  BERTH_ASSIGN_OR_RETURN(bool deleted, s.store().DeleteMetricFilter(group.id, in.name));
  if (!deleted) return errors::ResourceNotFound();
  s.metric_filters().Remove(group.id, in.name);
  return Document::MakeMap();
}

// Which messages match, and for a space-delimited pattern the named fields each matching
// message gives ("$name" → value), as AWS's extractedValues.
Result<Document> TestMetricFilter(LogsService&, CallContext&, const TestMetricFilterInput& in) {
  BERTH_ASSIGN_OR_RETURN(auto pattern, filter::FilterPattern::Compile(in.pattern));
  filter::FilterMatcher matcher(*pattern);
  Document matches = Document::MakeList();
  for (size_t i = 0; i < in.messages.size(); ++i) {
    const std::string& message = in.messages[i];
    if (!matcher.Matches(message)) continue;
    Document match = Document::MakeMap(3);
    match["eventNumber"] = static_cast<int64_t>(i + 1);
    match["eventMessage"] = message;
    Document extracted = Document::MakeMap();
    if (pattern->ast().syntax == filter::PatternSyntax::kDelimited) {
      for (const filter::Slot& slot : pattern->ast().delimited.slots) {
        if (slot.ellipsis || slot.name.empty()) continue;
        const std::string reference = "$" + slot.name;
        if (auto value = matcher.FieldValue(reference)) extracted[reference] = *value;
      }
    }
    match["extractedValues"] = std::move(extracted);
    matches.Push(std::move(match));
  }
  Document out = Document::MakeMap(1);
  out["matches"] = std::move(matches);
  return out;
}

}  // namespace berth::services::logs::handlers
