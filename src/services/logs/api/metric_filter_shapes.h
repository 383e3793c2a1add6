#pragma once
// CloudWatch Logs' metric filter shapes: PutMetricFilter, DescribeMetricFilters,
// DeleteMetricFilter, TestMetricFilter (botocore's logs/2014-03-28 model), with AWS's checks.

#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "services/logs/metric_filters/metric_filter.h"

namespace berth::services::logs {

struct PutMetricFilterInput {
  std::string group;
  std::string name;
  std::string pattern;
  MetricTransformation transformation;  // the model allows exactly one
};
struct DescribeMetricFiltersInput {
  std::optional<std::string> group;
  std::optional<std::string> prefix;
  std::optional<std::string> metric_name;
  std::optional<std::string> metric_namespace;
  std::optional<std::string> next_token;
  int64_t limit = 50;
};
struct DeleteMetricFilterInput {
  std::string group;
  std::string name;
};
struct TestMetricFilterInput {
  std::string pattern;
  std::vector<std::string> messages;
};

Result<PutMetricFilterInput> DecodePutMetricFilter(const Document& in);
Result<DescribeMetricFiltersInput> DecodeDescribeMetricFilters(const Document& in);
Result<DeleteMetricFilterInput> DecodeDeleteMetricFilter(const Document& in);
Result<TestMetricFilterInput> DecodeTestMetricFilter(const Document& in);

Document EncodeMetricFilter(const MetricFilter& filter);

}  // namespace berth::services::logs
