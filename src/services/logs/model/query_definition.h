#pragma once
// Logs Insights' saved queries (PutQueryDefinition, DescribeQueryDefinitions): plain data and
// AWS's limits on them.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace berth::services::logs {

inline constexpr size_t kMaxQueryDefinitionsPerAccount = 1000;
inline constexpr size_t kMaxQueryParameters = 20;

// A {{name}} placeholder of a saved query.
struct QueryParameter {
  std::string name;
  std::optional<std::string> default_value;
  std::optional<std::string> description;
  bool operator==(const QueryParameter&) const = default;
};

struct QueryDefinition {
  std::string account_id;
  std::string id;  // a UUID
  std::string name;
  std::string query_string;
  std::string language = "CWLI";
  std::vector<std::string> log_group_names;
  std::vector<QueryParameter> parameters;
  TimePoint last_modified;
};

// A position in a definition listing: after this (name, id).
struct QueryDefinitionCursor {
  std::string name;
  std::string id;
};

}  // namespace berth::services::logs
