#include "services/cloudtrail/insights/insight_record.h"

#include "core/json_writer.h"
#include "core/time_format.h"

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

}  // namespace

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
