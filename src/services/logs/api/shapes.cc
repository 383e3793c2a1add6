#include "services/logs/api/shapes.h"

#include <cmath>

#include "services/logs/api/field_checks.h"
#include "services/logs/model/arn.h"
#include "services/logs/model/errors.h"
#include "services/logs/model/validation.h"

namespace berth::services::logs {
namespace {

constexpr size_t kMaxFilterPatternLength = 1024;

std::string ReadStreamName(FieldReader& r, const char* member = "logStreamName") {
  std::string name = r.RequiredString(member);
  if (r.ok()) Check(r, CheckLogStreamName(name, member));
  return name;
}

// logGroupName or logGroupIdentifier, exactly one.
GroupSelector ReadGroupSelector(FieldReader& r, const char* identifier_member) {
  GroupSelector out;
  auto name = r.OptionalString("logGroupName");
  auto identifier = r.OptionalString(identifier_member);
  if (!r.ok()) return out;
  if (name && identifier) {
    r.Fail(errors::InvalidParameter(
        "LogGroup name and LogGroup ARN are mutually exclusive parameters."));
  } else if (name) {
    Check(r, CheckLogGroupName(*name));
    out.name = std::move(*name);
  } else if (identifier) {
    Check(r, CheckLogGroupIdentifier(*identifier, identifier_member));
    if (!r.ok()) return out;
    auto ref = ParseLogGroupIdentifier(*identifier);
    if (!ref.ok()) {
      r.Fail(ref.error());
    } else {
      out.account = std::move(ref->account);
      out.name = std::move(ref->name);
    }
  } else {
    r.Fail(errors::InvalidParameter(
        "Either the logGroupName or the logGroupIdentifier parameter must be specified."));
  }
  return out;
}

// A JSON object of string values (the model's Tags map).
std::map<std::string, std::string> ReadTagMap(FieldReader& r, const char* member, bool required) {
  std::map<std::string, std::string> tags;
  const Document* map = r.OptionalMap(member);
  if (map == nullptr) {
    if (required && r.ok()) r.RequiredString(member);  // records "must not be null"
    return tags;
  }
  for (const auto& [key, value] : map->as_map()) {
    if (!value.is_string()) {
      r.Fail(Error{"SerializationException",
                   "Value for '" + std::string(member) + "." + key + "' must be a string", 400});
      return tags;
    }
    tags[key] = value.as_string();
  }
  Check(r, CheckTags(tags, member));
  return tags;
}

std::vector<std::string> ReadTagKeys(FieldReader& r, const char* member, bool allow_empty) {
  auto keys = r.OptionalStringList(member);
  if (!keys) {
    if (r.ok()) r.RequiredString(member);
    return {};
  }
  if (keys->empty() && !allow_empty) {
    r.Fail(errors::ConstraintViolated(member, "[]",
                                      "Member must have length greater than or equal to 1"));
  }
  if (keys->size() > static_cast<size_t>(kMaxTags)) {
    r.Fail(errors::ConstraintViolated(member, "[...]",
                                      "Member must have length less than or equal to 50"));
  }
  for (const std::string& key : *keys) Check(r, CheckTagKey(key, member));
  return std::move(*keys);
}

}  // namespace

Result<GroupNameInput> DecodeGroupName(const Document& in) {
  FieldReader r(in);
  GroupNameInput out{ReadGroupName(r)};
  return Finish(r, std::move(out));
}

Result<CreateLogGroupInput> DecodeCreateLogGroup(const Document& in) {
  FieldReader r(in);
  CreateLogGroupInput out;
  out.name = ReadGroupName(r);
  if (r.ok() && out.name.substr(0, 4) == "aws/") {
    r.Fail(errors::InvalidParameter("Log group names can't start with the string aws/"));
  }
  out.kms_key_id = r.OptionalString("kmsKeyId");
  if (out.kms_key_id && out.kms_key_id->size() > 256) {
    r.Fail(errors::ConstraintViolated("kmsKeyId", *out.kms_key_id,
                                      "Member must have length less than or equal to 256"));
  }
  out.tags = ReadTagMap(r, "tags", false);
  if (auto log_class = r.OptionalString("logGroupClass")) {
    if (*log_class != "STANDARD" && *log_class != "INFREQUENT_ACCESS" && *log_class != "DELIVERY") {
      r.Fail(errors::ConstraintViolated(
          "logGroupClass", *log_class,
          "Member must satisfy enum value set: [STANDARD, INFREQUENT_ACCESS, DELIVERY]"));
    }
    out.log_group_class = std::move(*log_class);
  }
  out.deletion_protection = r.OptionalBool("deletionProtectionEnabled").value_or(false);
  return Finish(r, std::move(out));
}

Result<DescribeLogGroupsInput> DecodeDescribeLogGroups(const Document& in) {
  FieldReader r(in);
  DescribeLogGroupsInput out;
  out.prefix = r.OptionalString("logGroupNamePrefix");
  if (out.prefix) Check(r, CheckLogGroupName(*out.prefix, "logGroupNamePrefix"));
  out.pattern = r.OptionalString("logGroupNamePattern");
  if (out.prefix && out.pattern) {
    r.Fail(errors::InvalidParameter(
        "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters."));
  }
  out.log_group_class = r.OptionalString("logGroupClass");
  out.identifiers = r.OptionalStringList("logGroupIdentifiers");
  if (out.identifiers && r.ok()) Check(r, CheckLogGroupIdentifiers(*out.identifiers));
  out.account_identifiers = r.OptionalStringList("accountIdentifiers");
  if (out.identifiers && (out.prefix || out.pattern)) {
    r.Fail(errors::InvalidParameter(
        "logGroupIdentifiers cannot be combined with logGroupNamePrefix or "
        "logGroupNamePattern."));
  }
  out.next_token = r.OptionalString("nextToken");
  out.limit = ReadLimit(r, "limit", 50).value_or(50);
  r.OptionalBool("includeLinkedAccounts");
  return Finish(r, std::move(out));
}

Result<PutRetentionPolicyInput> DecodePutRetentionPolicy(const Document& in) {
  FieldReader r(in);
  PutRetentionPolicyInput out;
  out.name = ReadGroupName(r);
  const int64_t days = ReadRequiredInt(r, "retentionInDays");
  if (r.ok()) {
    Check(r, CheckRetentionDays(days));
    out.retention_days = static_cast<int>(days);
  }
  return Finish(r, std::move(out));
}

Result<PutDeletionProtectionInput> DecodePutDeletionProtection(const Document& in) {
  FieldReader r(in);
  PutDeletionProtectionInput out;
  out.group = ReadGroupSelector(r, "logGroupIdentifier");
  auto enabled = r.OptionalBool("deletionProtectionEnabled");
  if (r.ok() && !enabled) r.RequiredString("deletionProtectionEnabled");
  out.enabled = enabled.value_or(false);
  return Finish(r, std::move(out));
}

Result<StreamRefInput> DecodeStreamRef(const Document& in) {
  FieldReader r(in);
  StreamRefInput out;
  out.group = ReadGroupName(r);
  out.stream = ReadStreamName(r);
  return Finish(r, std::move(out));
}

Result<DescribeLogStreamsInput> DecodeDescribeLogStreams(const Document& in) {
  FieldReader r(in);
  DescribeLogStreamsInput out;
  out.group = ReadGroupSelector(r, "logGroupIdentifier");
  out.prefix = r.OptionalString("logStreamNamePrefix");
  if (out.prefix) Check(r, CheckLogStreamName(*out.prefix, "logStreamNamePrefix"));
  if (auto order = r.OptionalString("orderBy")) {
    if (*order == "LastEventTime") {
      out.order = StreamOrder::kLastEventTime;
    } else if (*order != "LogStreamName") {
      r.Fail(errors::ConstraintViolated("orderBy", *order,
                                        "Member must satisfy enum value set: [LogStreamName, "
                                        "LastEventTime]"));
    }
  }
  if (out.order == StreamOrder::kLastEventTime && out.prefix) {
    r.Fail(errors::InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix."));
  }
  out.descending = r.OptionalBool("descending").value_or(false);
  out.next_token = r.OptionalString("nextToken");
  out.limit = ReadLimit(r, "limit", 50).value_or(50);
  return Finish(r, std::move(out));
}

Result<std::string> DecodeResourceArn(const Document& in) {
  FieldReader r(in);
  std::string arn = r.RequiredString("resourceArn");
  if (r.ok()) Check(r, CheckResourceArn(arn));
  return Finish(r, std::move(arn));
}

Result<TagResourceInput> DecodeTagResource(const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, DecodeResourceArn(in));
  FieldReader r(in);
  TagResourceInput out{std::move(arn), ReadTagMap(r, "tags", true)};
  return Finish(r, std::move(out));
}

Result<UntagResourceInput> DecodeUntagResource(const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, DecodeResourceArn(in));
  FieldReader r(in);
  UntagResourceInput out{std::move(arn), ReadTagKeys(r, "tagKeys", true)};
  return Finish(r, std::move(out));
}

Result<TagLogGroupInput> DecodeTagLogGroup(const Document& in) {
  FieldReader r(in);
  TagLogGroupInput out;
  out.name = ReadGroupName(r);
  out.tags = ReadTagMap(r, "tags", true);
  return Finish(r, std::move(out));
}

Result<UntagLogGroupInput> DecodeUntagLogGroup(const Document& in) {
  FieldReader r(in);
  UntagLogGroupInput out;
  out.name = ReadGroupName(r);
  out.keys = ReadTagKeys(r, "tags", false);
  return Finish(r, std::move(out));
}

Result<PutLogEventsInput> DecodePutLogEvents(const Document& in) {
  FieldReader r(in);
  PutLogEventsInput out;
  out.group = ReadGroupName(r);
  out.stream = ReadStreamName(r);
  r.OptionalString("sequenceToken");  // accepted and ignored, as AWS does now
  r.OptionalMap("entity");
  const Document* list = r.OptionalList("logEvents");
  if (r.ok() && list == nullptr) r.RequiredString("logEvents");
  if (!r.ok()) return r.status().error();
  // The messages stay in the request Document: no copy per event.
  out.events.reserve(list->as_list().size());
  for (const Document& item : list->as_list()) {
    const Document* ts = item.Find("timestamp");
    const Document* message = item.Find("message");
    if (!item.is_map() || ts == nullptr || message == nullptr) {
      return Error{"SerializationException",
                   "Each of 'logEvents' must be a structure with timestamp and message", 400};
    }
    int64_t timestamp = 0;
    if (ts->kind() == Document::Kind::kInt) {
      timestamp = ts->as_int();
    } else if (ts->kind() == Document::Kind::kDouble && ts->as_double() == ts->as_double() &&
               std::fabs(ts->as_double()) < 9.0e15 &&
               static_cast<double>(static_cast<int64_t>(ts->as_double())) == ts->as_double()) {
      timestamp = static_cast<int64_t>(ts->as_double());
    } else {
      return Error{"SerializationException", "Value for 'logEvents.timestamp' must be an integer",
                   400};
    }
    if (!message->is_string()) {
      return Error{"SerializationException", "Value for 'logEvents.message' must be a string",
                   400};
    }
    out.events.push_back(EventInput{timestamp, message->as_string()});
  }
  return out;
}

Result<GetLogEventsInput> DecodeGetLogEvents(const Document& in) {
  FieldReader r(in);
  GetLogEventsInput out;
  out.group = ReadGroupSelector(r, "logGroupIdentifier");
  out.stream = ReadStreamName(r);
  out.start_ms = ReadTime(r, "startTime");
  out.end_ms = ReadTime(r, "endTime");
  out.next_token = r.OptionalString("nextToken");
  out.limit = ReadLimit(r, "limit", static_cast<int64_t>(kMaxPageEvents));
  out.start_from_head = r.OptionalBool("startFromHead").value_or(false);
  r.OptionalBool("unmask");
  return Finish(r, std::move(out));
}

Result<FilterLogEventsInput> DecodeFilterLogEvents(const Document& in) {
  FieldReader r(in);
  FilterLogEventsInput out;
  out.group = ReadGroupSelector(r, "logGroupIdentifier");
  out.stream_names = r.OptionalStringList("logStreamNames");
  if (out.stream_names) {
    if (out.stream_names->empty() || out.stream_names->size() > 100) {
      r.Fail(errors::ConstraintViolated(
          "logStreamNames", "[...]",
          out.stream_names->empty() ? "Member must have length greater than or equal to 1"
                                    : "Member must have length less than or equal to 100"));
    }
    for (const std::string& name : *out.stream_names) {
      Check(r, CheckLogStreamName(name, "logStreamNames"));
    }
  }
  out.stream_prefix = r.OptionalString("logStreamNamePrefix");
  if (out.stream_prefix) Check(r, CheckLogStreamName(*out.stream_prefix, "logStreamNamePrefix"));
  if (out.stream_names && out.stream_prefix) {
    r.Fail(errors::InvalidParameter(
        "logStreamNames and logStreamNamePrefix are mutually exclusive parameters."));
  }
  out.start_ms = ReadTime(r, "startTime");
  out.end_ms = ReadTime(r, "endTime");
  out.filter_pattern = r.OptionalString("filterPattern").value_or("");
  if (out.filter_pattern.size() > kMaxFilterPatternLength) {
    r.Fail(errors::ConstraintViolated("filterPattern", out.filter_pattern,
                                      "Member must have length less than or equal to 1024"));
  }
  out.next_token = r.OptionalString("nextToken");
  out.limit = ReadLimit(r, "limit", static_cast<int64_t>(kMaxPageEvents));
  r.OptionalBool("interleaved");  // ignored: AWS always interleaves now
  r.OptionalBool("unmask");
  return Finish(r, std::move(out));
}

Document EncodeLogGroup(const LogGroup& g, std::string_view region, bool summary) {
  Document out = Document::MakeMap(12);
  out["logGroupName"] = g.name;
  out["creationTime"] = Millis(g.created_at);
  if (!summary) {
    if (g.retention_days) out["retentionInDays"] = *g.retention_days;
    out["metricFilterCount"] = 0;
  }
  out["arn"] = LogGroupArn(region, g.account_id, g.name);
  if (summary) return out;
  out["storedBytes"] = g.stored_bytes;
  if (g.kms_key_id) out["kmsKeyId"] = *g.kms_key_id;
  out["logGroupClass"] = g.log_group_class;
  out["logGroupArn"] = LogGroupArnWithoutStar(region, g.account_id, g.name);
  if (g.deletion_protection) out["deletionProtectionEnabled"] = true;
  return out;
}

Document EncodeLogStream(const LogStream& s, std::string_view region, std::string_view account,
                         std::string_view group_name) {
  Document out = Document::MakeMap(8);
  out["logStreamName"] = s.name;
  out["creationTime"] = Millis(s.created_at);
  if (s.first_event_ms) out["firstEventTimestamp"] = *s.first_event_ms;
  if (s.last_event_ms) out["lastEventTimestamp"] = *s.last_event_ms;
  if (s.last_ingestion_ms) out["lastIngestionTime"] = *s.last_ingestion_ms;
  out["arn"] = LogStreamArn(region, account, group_name, s.name);
  out["storedBytes"] = s.stored_bytes;
  return out;
}

Document EncodeTags(const std::map<std::string, std::string>& tags) {
  Document out = Document::MakeMap(tags.size());
  for (const auto& [key, value] : tags) out.as_map().emplace_back(key, Document(value));
  return out;
}

}  // namespace berth::services::logs
