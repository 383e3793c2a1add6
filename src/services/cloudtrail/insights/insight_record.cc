#include "services/cloudtrail/insights/insight_record.h"

#include "core/json_writer.h"
#include "core/time_format.h"
#include "protocol/json_reader.h"

namespace berth::services::cloudtrail::insights {
namespace {

void Values(JsonWriter& j, const std::vector<AttributionValue>& values) {
  j.BeginArray();
  for (const auto& v : values) {
    j.BeginObject();
    j.Key("value");
    j.String(v.value);
    j.Key("average");
    j.Double(v.average);
    j.EndObject();
  }
  j.EndArray();
}

void Average(JsonWriter& j, std::string_view key, double value) {
  j.Key(key);
  j.BeginObject();
  j.Key("average");
  j.Double(value);
  j.EndObject();
}

const Document* At(const Document& d, std::initializer_list<std::string_view> path) {
  const Document* at = &d;
  for (std::string_view key : path) {
    if (!at->is_map() || (at = at->Find(key)) == nullptr) return nullptr;
  }
  return at;
}

std::string Text(const Document& d, std::initializer_list<std::string_view> path) {
  const Document* v = At(d, path);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

double Number(const Document* v) {
  if (v == nullptr) return 0;
  if (v->kind() == Document::Kind::kDouble) return v->as_double();
  if (v->kind() == Document::Kind::kInt) return static_cast<double>(v->as_int());
  return 0;
}

std::vector<AttributionValue> ReadValues(const Document* list) {
  std::vector<AttributionValue> out;
  if (list == nullptr || !list->is_list()) return out;
  for (const Document& v : list->as_list()) {
    out.push_back({Text(v, {"value"}), Number(At(v, {"average"}))});
  }
  return out;
}

}  // namespace

Result<InsightTransition> ReadInsightRecord(std::string_view json) {
  BERTH_ASSIGN_OR_RETURN(Document d, protocol::ParseJson(json));
  const std::string type = Text(d, {"insightDetails", "insightType"});
  const std::string state = Text(d, {"insightDetails", "state"});
  const auto time = timefmt::ParseIso8601(Text(d, {"eventTime"}));
  if (Text(d, {"eventType"}) != "AwsCloudTrailInsight" || !time ||
      (state != "Start" && state != "End") ||
      (type != InsightTypeName(InsightType::kApiCallRate) &&
       type != InsightTypeName(InsightType::kApiErrorRate))) {
    return Error{"InternalFailure", "not an Insights event record", 500};
  }
  InsightTransition t;
  t.start = state == "Start";
  t.subject.account = Text(d, {"recipientAccountId"});
  t.subject.region = Text(d, {"awsRegion"});
  t.subject.event_source = Text(d, {"insightDetails", "eventSource"});
  t.subject.event_name = Text(d, {"insightDetails", "eventName"});
  t.subject.type = type == InsightTypeName(InsightType::kApiCallRate) ? InsightType::kApiCallRate
                                                                      : InsightType::kApiErrorRate;
  t.subject.error_code = Text(d, {"insightDetails", "errorCode"});
  t.time = *time;
  const Document* stats = At(d, {"insightDetails", "insightContext", "statistics"});
  if (stats != nullptr) {
    t.baseline_average = Number(At(*stats, {"baseline", "average"}));
    t.insight_average = Number(At(*stats, {"insight", "average"}));
    t.insight_duration = static_cast<int64_t>(Number(At(*stats, {"insightDuration"})));
    t.baseline_duration = static_cast<int64_t>(Number(At(*stats, {"baselineDuration"})));
  }
  const Document* attributions = At(d, {"insightDetails", "insightContext", "attributions"});
  if (attributions != nullptr && attributions->is_list()) {
    for (const Document& a : attributions->as_list()) {
      t.attributions.push_back({Text(a, {"attribute"}), ReadValues(At(a, {"insight"})),
                                ReadValues(At(a, {"baseline"}))});
    }
  }
  return t;
}

std::string WriteInsightRecord(const InsightTransition& t, std::string_view event_id,
                               std::string_view shared_event_id) {
  std::string out;
  JsonWriter j(out);
  j.BeginObject();
  j.Key("eventVersion");
  j.String(kInsightEventVersion);
  j.Key("eventTime");
  j.String(timefmt::Iso8601(t.time));
  j.Key("awsRegion");
  j.String(t.subject.region);
  j.Key("eventID");
  j.String(event_id);
  j.Key("eventType");
  j.String("AwsCloudTrailInsight");
  j.Key("recipientAccountId");
  j.String(t.subject.account);
  j.Key("sharedEventID");
  j.String(shared_event_id);
  j.Key("insightDetails");
  j.BeginObject();
  j.Key("state");
  j.String(t.start ? "Start" : "End");
  j.Key("eventSource");
  j.String(t.subject.event_source);
  j.Key("eventName");
  j.String(t.subject.event_name);
  j.Key("insightType");
  j.String(InsightTypeName(t.subject.type));
  if (t.subject.type == InsightType::kApiErrorRate) {
    j.Key("errorCode");
    j.String(t.subject.error_code);
  }
  j.Key("insightContext");
  j.BeginObject();
  j.Key("statistics");
  j.BeginObject();
  Average(j, "baseline", t.baseline_average);
  Average(j, "insight", t.insight_average);
  j.Key("insightDuration");
  j.Int(t.insight_duration);
  j.Key("baselineDuration");
  j.Int(t.baseline_duration);
  j.EndObject();
  j.Key("attributions");
  j.BeginArray();
  for (const Attribution& a : t.attributions) {
    j.BeginObject();
    j.Key("attribute");
    j.String(a.attribute);
    j.Key("insight");
    Values(j, a.insight);
    j.Key("baseline");
    Values(j, a.baseline);
    j.EndObject();
  }
  j.EndArray();
  j.EndObject();  // insightContext
  j.EndObject();  // insightDetails
  j.Key("eventCategory");
  j.String("Insight");
  j.EndObject();
  return out;
}

}  // namespace berth::services::cloudtrail::insights
