#include "services/cloudtrail/api/shapes.h"

#include <charconv>

#include "core/crypto.h"
#include "services/cloudtrail/model/errors.h"

namespace berth::services::cloudtrail {
namespace {

struct KeyName {
  LookupKey key;
  std::string_view name;
};
constexpr KeyName kKeys[] = {
    {LookupKey::kEventId, "EventId"},           {LookupKey::kEventName, "EventName"},
    {LookupKey::kReadOnly, "ReadOnly"},         {LookupKey::kUsername, "Username"},
    {LookupKey::kResourceType, "ResourceType"}, {LookupKey::kResourceName, "ResourceName"},
    {LookupKey::kEventSource, "EventSource"},   {LookupKey::kAccessKeyId, "AccessKeyId"},
};

// What a token is bound to: the attribute, its value and the time range.
std::string Fingerprint(const LookupEventsInput& in) {
  std::string text = in.key ? std::to_string(static_cast<int>(*in.key)) : "-";
  if (in.insight) text += "|insight";
  text += "|" + in.value + "|";
  text += in.start ? std::to_string(in.start->time_since_epoch().count()) : "-";
  text += "|";
  text += in.end ? std::to_string(in.end->time_since_epoch().count()) : "-";
  return crypto::Sha256Hex(text).substr(0, 16);
}

bool ParseInt(std::string_view s, int64_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Result<LookupEventsInput> DecodeLookupEvents(const Document& doc) {
  LookupEventsInput in;
  FieldReader r(doc);
  if (const Document* attributes = r.OptionalList("LookupAttributes")) {
    const auto& list = attributes->as_list();
    if (list.size() > 1) {
      return errors::InvalidLookupAttributes(
          "You can only specify one lookup attribute at a time.");
    }
    if (list.size() == 1) {
      if (!list[0].is_map()) {
        return Error{"SerializationException", "LookupAttributes must hold structures", 400};
      }
      FieldReader attr(list[0]);
      const std::string key = attr.RequiredString("AttributeKey");
      in.value = attr.RequiredString("AttributeValue");
      BERTH_RETURN_IF_ERROR(attr.status());
      for (const KeyName& k : kKeys)
        if (k.name == key) in.key = k.key;
      if (!in.key) {
        return errors::InvalidLookupAttributes("Invalid AttributeKey: " + key +
                                               ". Valid keys are EventId, EventName, ReadOnly,"
                                               " Username, ResourceType, ResourceName,"
                                               " EventSource, AccessKeyId.");
      }
      if (in.value.empty() || in.value.size() > 2000) {
        return errors::InvalidLookupAttributes(
            "AttributeValue must be between 1 and 2000 characters.");
      }
      if (in.key == LookupKey::kReadOnly && in.value != "true" && in.value != "false") {
        return errors::InvalidLookupAttributes("ReadOnly must be true or false.");
      }
    }
  }
  in.start = r.OptionalTimestamp("StartTime");
  in.end = r.OptionalTimestamp("EndTime");
  const auto category = r.OptionalString("EventCategory");
  const auto max = r.OptionalInt("MaxResults");
  in.next_token = r.OptionalString("NextToken");
  BERTH_RETURN_IF_ERROR(r.status());
  if (category && *category != "insight") return errors::InvalidEventCategory();
  in.insight = category.has_value();
  if (max) {
    if (*max < 1 || *max > 50) return errors::InvalidMaxResults();
    in.max_results = static_cast<size_t>(*max);
  }
  if (in.start && in.end && *in.start > *in.end) return errors::InvalidTimeRange();
  return in;
}

Document EncodeLookupEvent(const TrailEvent& e) {
  Document d;
  d["EventId"] = e.event_id;
  d["EventName"] = e.event_name;
  d["ReadOnly"] = e.read_only ? "true" : "false";
  if (!e.access_key_id.empty()) d["AccessKeyId"] = e.access_key_id;
  d["EventTime"] = Document::Timestamp(e.event_time);
  d["EventSource"] = e.event_source;
  if (!e.username.empty()) d["Username"] = e.username;
  Document resources = Document::MakeList();
  for (const auto& r : e.resources) {
    Document res;
    res["ResourceType"] = r.type;
    res["ResourceName"] = r.name;
    resources.Push(std::move(res));
  }
  d["Resources"] = std::move(resources);
  d["CloudTrailEvent"] = e.json;
  return d;
}

std::string EncodeLookupToken(const LookupEventsInput& in, const TrailEvent& last) {
  return crypto::Base64UrlEncode("v1|" + Fingerprint(in) + "|" +
                                 std::to_string(last.event_time.time_since_epoch().count()) +
                                 "|" + std::to_string(last.seq));
}

Result<std::pair<TimePoint, int64_t>> DecodeLookupToken(const LookupEventsInput& in) {
  auto text = crypto::Base64UrlDecode(*in.next_token);
  if (!text) return errors::InvalidNextToken();
  // v1|<fingerprint>|<time ms>|<seq>
  std::string_view rest = *text;
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    const auto bar = rest.find('|');
    parts[i] = rest.substr(0, bar);
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    if (bar == std::string_view::npos && i < 3) return errors::InvalidNextToken();
  }
  int64_t ms = 0, seq = 0;
  if (parts[0] != "v1" || parts[1] != Fingerprint(in) || !ParseInt(parts[2], ms) ||
      !ParseInt(parts[3], seq)) {
    return errors::InvalidNextToken();
  }
  return std::make_pair(TimePoint(std::chrono::milliseconds(ms)), seq);
}

}  // namespace berth::services::cloudtrail
