#pragma once
// The wire shapes of CloudTrail's trail operations.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "services/cloudtrail/model/trail.h"
#include "services/cloudtrail/store/trail_store.h"

namespace berth::services::cloudtrail {

// The settings CreateTrail and UpdateTrail take (all optional for UpdateTrail).
struct TrailSettings {
  std::string name;  // a name or a trail ARN
  std::optional<std::string> s3_bucket;
  std::optional<std::string> s3_prefix;
  std::optional<std::string> sns_topic;
  std::optional<bool> include_global_events;
  std::optional<bool> multi_region;
  std::optional<bool> log_file_validation;
  std::optional<std::string> log_group_arn;
  std::optional<std::string> logs_role_arn;
  std::optional<std::string> kms_key;
  std::optional<bool> organization;
  std::map<std::string, std::string> tags;  // CreateTrail's TagsList
};
Result<TrailSettings> DecodeCreateTrail(const Document& in);
Result<TrailSettings> DecodeUpdateTrail(const Document& in);

struct TrailRef {
  std::string name;  // a name or a trail ARN
};
Result<TrailRef> DecodeTrailName(const Document& in);       // {"Name": …}
Result<TrailRef> DecodeTrailNameField(const Document& in);  // {"TrailName": …}

struct DescribeTrailsInput {
  std::optional<std::vector<std::string>> names;
};
Result<DescribeTrailsInput> DecodeDescribeTrails(const Document& in);

struct PutEventSelectorsInput {
  std::string trail_name;
  std::optional<std::vector<EventSelector>> selectors;
  std::optional<std::vector<AdvancedEventSelector>> advanced;
};
Result<PutEventSelectorsInput> DecodePutEventSelectors(const Document& in);

struct PutInsightSelectorsInput {
  std::string trail_name;
  std::vector<InsightSelector> selectors;  // empty: turns Insights off
};
Result<PutInsightSelectorsInput> DecodePutInsightSelectors(const Document& in);
// GetInsightSelectors: {"TrailName": …} (berth has no event data stores).
Result<TrailRef> DecodeGetInsightSelectors(const Document& in);

struct TagsInput {
  std::string resource_id;
  std::map<std::string, std::string> tags;  // RemoveTags: the keys (values ignored)
};
Result<TagsInput> DecodeAddTags(const Document& in);
Result<TagsInput> DecodeRemoveTags(const Document& in);

struct ListTagsInput {
  std::vector<std::string> resource_ids;
};
Result<ListTagsInput> DecodeListTags(const Document& in);

struct TimeRangeInput {
  std::optional<TimePoint> start, end;
};
Result<TimeRangeInput> DecodeListPublicKeys(const Document& in);

struct NoInput {};
Result<NoInput> DecodeNothing(const Document& in);

// The trail as GetTrail/DescribeTrails show it, and as Create/UpdateTrail answer.
Document EncodeTrail(const Trail& trail, bool full);
Document EncodeTagsList(const std::map<std::string, std::string>& tags);
Document EncodeTrailStatus(const Trail& trail, const DeliveryState& state);

}  // namespace berth::services::cloudtrail
