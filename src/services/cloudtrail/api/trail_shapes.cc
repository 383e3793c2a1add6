#include "services/cloudtrail/api/trail_shapes.h"

#include "core/time_format.h"
#include "services/cloudtrail/model/errors.h"
#include "services/cloudtrail/model/insight_selector_codec.h"
#include "services/cloudtrail/model/selector_codec.h"

namespace berth::services::cloudtrail {
namespace {

constexpr size_t kMaxTags = 50;

void ReadSettings(FieldReader& r, TrailSettings& s) {
  s.s3_prefix = r.OptionalString("S3KeyPrefix");
  s.sns_topic = r.OptionalString("SnsTopicName");
  s.include_global_events = r.OptionalBool("IncludeGlobalServiceEvents");
  s.multi_region = r.OptionalBool("IsMultiRegionTrail");
  s.log_file_validation = r.OptionalBool("EnableLogFileValidation");
  s.log_group_arn = r.OptionalString("CloudWatchLogsLogGroupArn");
  s.logs_role_arn = r.OptionalString("CloudWatchLogsRoleArn");
  s.kms_key = r.OptionalString("KmsKeyId");
  s.organization = r.OptionalBool("IsOrganizationTrail");
}

// A TagsList: [{Key, Value}], keys 1–128 characters, values up to 256.
Result<std::map<std::string, std::string>> ReadTags(const Document* list) {
  std::map<std::string, std::string> tags;
  if (list == nullptr) return tags;
  if (list->as_list().size() > kMaxTags) return errors::TagsLimitExceeded();
  for (const auto& item : list->as_list()) {
    if (!item.is_map()) return errors::InvalidTag("A tag must be a structure with a Key.");
    FieldReader r(item);
    std::string key = r.RequiredString("Key");
    auto value = r.OptionalString("Value");
    BERTH_RETURN_IF_ERROR(r.status());
    if (key.empty() || key.size() > 128) {
      return errors::InvalidTag("Tag key must be between 1 and 128 characters.");
    }
    if (value && value->size() > 256) {
      return errors::InvalidTag("Tag value must be at most 256 characters.");
    }
    tags[std::move(key)] = value.value_or("");
  }
  return tags;
}

void PutOptional(Document& d, std::string_view key, const std::optional<std::string>& v) {
  if (v) d[key] = *v;
}

std::string TimeString(const std::optional<TimePoint>& t) {
  return t ? timefmt::Iso8601(*t) : std::string();
}

}  // namespace

Result<TrailSettings> DecodeCreateTrail(const Document& in) {
  TrailSettings s;
  FieldReader r(in);
  s.name = r.RequiredString("Name");
  s.s3_bucket = r.RequiredString("S3BucketName");
  ReadSettings(r, s);
  const Document* tags = r.OptionalList("TagsList");
  BERTH_RETURN_IF_ERROR(r.status());
  BERTH_ASSIGN_OR_RETURN(s.tags, ReadTags(tags));
  return s;
}

Result<TrailSettings> DecodeUpdateTrail(const Document& in) {
  TrailSettings s;
  FieldReader r(in);
  s.name = r.RequiredString("Name");
  s.s3_bucket = r.OptionalString("S3BucketName");
  ReadSettings(r, s);
  BERTH_RETURN_IF_ERROR(r.status());
  return s;
}

Result<TrailRef> DecodeTrailName(const Document& in) {
  FieldReader r(in);
  TrailRef ref{r.RequiredString("Name")};
  BERTH_RETURN_IF_ERROR(r.status());
  return ref;
}

Result<TrailRef> DecodeTrailNameField(const Document& in) {
  FieldReader r(in);
  TrailRef ref{r.RequiredString("TrailName")};
  BERTH_RETURN_IF_ERROR(r.status());
  return ref;
}

Result<DescribeTrailsInput> DecodeDescribeTrails(const Document& in) {
  FieldReader r(in);
  DescribeTrailsInput out;
  out.names = r.OptionalStringList("trailNameList");
  (void)r.OptionalBool("includeShadowTrails");
  BERTH_RETURN_IF_ERROR(r.status());
  return out;
}

Result<PutEventSelectorsInput> DecodePutEventSelectors(const Document& in) {
  FieldReader r(in);
  PutEventSelectorsInput out;
  out.trail_name = r.RequiredString("TrailName");
  const Document* basic = r.OptionalList("EventSelectors");
  const Document* advanced = r.OptionalList("AdvancedEventSelectors");
  BERTH_RETURN_IF_ERROR(r.status());
  if ((basic == nullptr) == (advanced == nullptr)) {
    return errors::InvalidParameterCombination(
        "Specify either EventSelectors or AdvancedEventSelectors, not both and not neither.");
  }
  if (basic != nullptr) {
    BERTH_ASSIGN_OR_RETURN(out.selectors, DecodeEventSelectors(*basic));
  } else {
    BERTH_ASSIGN_OR_RETURN(out.advanced, DecodeAdvancedEventSelectors(*advanced));
  }
  return out;
}

namespace {

// The trail an Insights call names; berth has no CloudTrail Lake event data stores.
Result<std::string> InsightsTrailName(FieldReader& r) {
  auto name = r.OptionalString("TrailName");
  const bool data_store = r.OptionalString("EventDataStore").has_value() ||
                          r.OptionalString("InsightsDestination").has_value();
  BERTH_RETURN_IF_ERROR(r.status());
  if (data_store) {
    return errors::InvalidParameter(
        "berth has no CloudTrail Lake event data stores: name a trail with TrailName.");
  }
  if (!name) return errors::InvalidParameter("You must specify a TrailName.");
  return std::move(*name);
}

}  // namespace

Result<PutInsightSelectorsInput> DecodePutInsightSelectors(const Document& in) {
  FieldReader r(in);
  PutInsightSelectorsInput out;
  const Document* selectors = r.OptionalList("InsightSelectors");
  BERTH_ASSIGN_OR_RETURN(out.trail_name, InsightsTrailName(r));
  if (selectors == nullptr) {
    return Error{"ValidationException", "1 validation error detected: Value null at "
                 "'InsightSelectors' failed to satisfy constraint: Member must not be null", 400};
  }
  BERTH_ASSIGN_OR_RETURN(out.selectors, DecodeInsightSelectors(*selectors));
  return out;
}

Result<TrailRef> DecodeGetInsightSelectors(const Document& in) {
  FieldReader r(in);
  BERTH_ASSIGN_OR_RETURN(std::string name, InsightsTrailName(r));
  return TrailRef{std::move(name)};
}

Result<TagsInput> DecodeAddTags(const Document& in) {
  FieldReader r(in);
  TagsInput out;
  out.resource_id = r.RequiredString("ResourceId");
  const Document* tags = r.OptionalList("TagsList");
  BERTH_RETURN_IF_ERROR(r.status());
  BERTH_ASSIGN_OR_RETURN(out.tags, ReadTags(tags));
  return out;
}

Result<TagsInput> DecodeRemoveTags(const Document& in) { return DecodeAddTags(in); }

Result<ListTagsInput> DecodeListTags(const Document& in) {
  FieldReader r(in);
  ListTagsInput out;
  auto ids = r.OptionalStringList("ResourceIdList");
  (void)r.OptionalString("NextToken");
  BERTH_RETURN_IF_ERROR(r.status());
  if (!ids || ids->empty()) {
    return errors::InvalidParameter("ResourceIdList must name at least one resource.");
  }
  out.resource_ids = std::move(*ids);
  return out;
}

Result<TimeRangeInput> DecodeListPublicKeys(const Document& in) {
  FieldReader r(in);
  TimeRangeInput out;
  out.start = r.OptionalTimestamp("StartTime");
  out.end = r.OptionalTimestamp("EndTime");
  (void)r.OptionalString("NextToken");
  BERTH_RETURN_IF_ERROR(r.status());
  if (out.start && out.end && *out.start > *out.end) return errors::InvalidTimeRange();
  return out;
}

Result<NoInput> DecodeNothing(const Document&) { return NoInput{}; }

Document EncodeTrail(const Trail& t, bool full) {
  Document d;
  d["Name"] = t.name;
  d["S3BucketName"] = t.s3_bucket;
  PutOptional(d, "S3KeyPrefix", t.s3_prefix);
  if (t.sns_topic) {
    d["SnsTopicName"] = *t.sns_topic;
    d["SnsTopicARN"] = "arn:aws:sns:" + t.home_region + ":" + t.account_id + ":" + *t.sns_topic;
  }
  d["IncludeGlobalServiceEvents"] = t.include_global_events;
  d["IsMultiRegionTrail"] = t.multi_region;
  if (full) d["HomeRegion"] = t.home_region;
  d["TrailARN"] = TrailArn(t);
  d["LogFileValidationEnabled"] = t.log_file_validation;
  PutOptional(d, "CloudWatchLogsLogGroupArn", t.log_group_arn);
  PutOptional(d, "CloudWatchLogsRoleArn", t.logs_role_arn);
  PutOptional(d, "KmsKeyId", t.kms_key);
  if (full) {
    d["HasCustomEventSelectors"] = t.custom_selectors;
    d["HasInsightSelectors"] = !t.insight_selectors.empty();
  }
  d["IsOrganizationTrail"] = false;
  return d;
}

Document EncodeTagsList(const std::map<std::string, std::string>& tags) {
  Document list = Document::MakeList();
  for (const auto& [k, v] : tags) {
    Document tag;
    tag["Key"] = k;
    tag["Value"] = v;
    list.Push(std::move(tag));
  }
  return list;
}

Document EncodeTrailStatus(const Trail& t, const DeliveryState& st) {
  Document d;
  d["IsLogging"] = t.logging;
  auto time = [&](std::string_view key, const std::optional<TimePoint>& v) {
    if (v) d[key] = Document::Timestamp(*v);
  };
  if (st.latest_delivery_error) d["LatestDeliveryError"] = *st.latest_delivery_error;
  time("LatestDeliveryTime", st.latest_delivery_time);
  time("StartLoggingTime", t.start_logging_time);
  time("StopLoggingTime", t.stop_logging_time);
  if (st.latest_logs_delivery_error) {
    d["LatestCloudWatchLogsDeliveryError"] = *st.latest_logs_delivery_error;
  }
  time("LatestCloudWatchLogsDeliveryTime", st.latest_logs_delivery_time);
  time("LatestDigestDeliveryTime", st.latest_digest_time);
  if (st.latest_digest_error) d["LatestDigestDeliveryError"] = *st.latest_digest_error;
  d["LatestDeliveryAttemptTime"] = TimeString(st.latest_delivery_attempt);
  d["LatestNotificationAttemptTime"] = "";
  d["LatestNotificationAttemptSucceeded"] = "";
  d["LatestDeliveryAttemptSucceeded"] = TimeString(st.latest_delivery_time);
  d["TimeLoggingStarted"] = TimeString(t.start_logging_time);
  d["TimeLoggingStopped"] = TimeString(t.stop_logging_time);
  return d;
}

}  // namespace berth::services::cloudtrail
