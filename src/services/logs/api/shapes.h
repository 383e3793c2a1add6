#pragma once
// CloudWatch Logs' wire shapes (botocore's logs/2014-03-28 model): Document → typed inputs,
// with the checks AWS makes on them, and domain values → output Documents with AWS's member
// names. Timestamps are epoch milliseconds (the model's `long` Timestamp), not Documents'
// timestamp kind.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "services/logs/model/types.h"
#include "services/logs/store/logs_store.h"

namespace berth::services::logs {

// A log group named by logGroupName or by logGroupIdentifier (a name or an ARN): exactly one.
struct GroupSelector {
  std::optional<std::string> account;  // from an ARN
  std::string name;
};

struct GroupNameInput {
  std::string name;
};
struct CreateLogGroupInput {
  std::string name;
  std::optional<std::string> kms_key_id;
  std::map<std::string, std::string> tags;
  std::string log_group_class = "STANDARD";
  bool deletion_protection = false;
};
struct DescribeLogGroupsInput {
  std::optional<std::string> prefix;
  std::optional<std::string> pattern;
  std::optional<std::string> log_group_class;
  std::optional<std::vector<std::string>> identifiers;
  std::optional<std::vector<std::string>> account_identifiers;
  std::optional<std::string> next_token;
  int64_t limit = 50;
};
struct PutRetentionPolicyInput {
  std::string name;
  int retention_days = 0;
};
struct PutDeletionProtectionInput {
  GroupSelector group;
  bool enabled = false;
};
struct StreamRefInput {
  std::string group;
  std::string stream;
};
struct DescribeLogStreamsInput {
  GroupSelector group;
  std::optional<std::string> prefix;
  StreamOrder order = StreamOrder::kName;
  bool descending = false;
  std::optional<std::string> next_token;
  int64_t limit = 50;
};
struct TagResourceInput {
  std::string arn;
  std::map<std::string, std::string> tags;
};
struct UntagResourceInput {
  std::string arn;
  std::vector<std::string> keys;
};
struct TagLogGroupInput {
  std::string name;
  std::map<std::string, std::string> tags;
};
struct UntagLogGroupInput {
  std::string name;
  std::vector<std::string> keys;
};
struct PutLogEventsInput {
  std::string group;
  std::string stream;
  // Views into the request Document's messages: valid while the call runs.
  std::vector<EventInput> events;
};
struct GetLogEventsInput {
  GroupSelector group;
  std::string stream;
  std::optional<int64_t> start_ms;
  std::optional<int64_t> end_ms;
  std::optional<std::string> next_token;
  std::optional<int64_t> limit;
  bool start_from_head = false;
};
struct FilterLogEventsInput {
  GroupSelector group;
  std::optional<std::vector<std::string>> stream_names;
  std::optional<std::string> stream_prefix;
  std::optional<int64_t> start_ms;
  std::optional<int64_t> end_ms;
  std::string filter_pattern;
  std::optional<std::string> next_token;
  std::optional<int64_t> limit;
};

// Decoders: SerializationException for wrong types, InvalidParameterException for values
// AWS refuses.
Result<GroupNameInput> DecodeGroupName(const Document& in);
Result<CreateLogGroupInput> DecodeCreateLogGroup(const Document& in);
Result<DescribeLogGroupsInput> DecodeDescribeLogGroups(const Document& in);
Result<PutRetentionPolicyInput> DecodePutRetentionPolicy(const Document& in);
Result<PutDeletionProtectionInput> DecodePutDeletionProtection(const Document& in);
Result<StreamRefInput> DecodeStreamRef(const Document& in);
Result<DescribeLogStreamsInput> DecodeDescribeLogStreams(const Document& in);
Result<TagResourceInput> DecodeTagResource(const Document& in);
Result<UntagResourceInput> DecodeUntagResource(const Document& in);
Result<std::string> DecodeResourceArn(const Document& in);
Result<TagLogGroupInput> DecodeTagLogGroup(const Document& in);
Result<UntagLogGroupInput> DecodeUntagLogGroup(const Document& in);
Result<PutLogEventsInput> DecodePutLogEvents(const Document& in);
Result<GetLogEventsInput> DecodeGetLogEvents(const Document& in);
Result<FilterLogEventsInput> DecodeFilterLogEvents(const Document& in);

// Encoders. `summary` leaves out all but arn, creationTime and logGroupName (what
// DescribeLogGroups answers when given a logGroupNamePattern).
Document EncodeLogGroup(const LogGroup& group, std::string_view region, bool summary = false);
Document EncodeLogStream(const LogStream& stream, std::string_view region,
                         std::string_view account, std::string_view group_name);
Document EncodeTags(const std::map<std::string, std::string>& tags);

}  // namespace berth::services::logs
