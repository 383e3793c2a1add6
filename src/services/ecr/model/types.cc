#include "services/ecr/model/types.h"

#include <algorithm>

#include "services/ecr/model/lifecycle_policy.h"

namespace berth::services::ecr {

const char* ToString(TagMutability m) {
  switch (m) {
    case TagMutability::kMutable: return "MUTABLE";
    case TagMutability::kImmutable: return "IMMUTABLE";
    case TagMutability::kMutableWithExclusion: return "MUTABLE_WITH_EXCLUSION";
    case TagMutability::kImmutableWithExclusion: return "IMMUTABLE_WITH_EXCLUSION";
  }
  return "MUTABLE";
}

std::optional<TagMutability> ParseTagMutability(std::string_view s) {
  if (s == "MUTABLE") return TagMutability::kMutable;
  if (s == "IMMUTABLE") return TagMutability::kImmutable;
  if (s == "MUTABLE_WITH_EXCLUSION") return TagMutability::kMutableWithExclusion;
  if (s == "IMMUTABLE_WITH_EXCLUSION") return TagMutability::kImmutableWithExclusion;
  return std::nullopt;
}

bool IsTagImmutable(const Repository& repo, std::string_view tag) {
  const auto excluded = [&] {
    return std::any_of(repo.tag_mutability_exclusions.begin(),
                       repo.tag_mutability_exclusions.end(),
                       [&](const std::string& filter) { return MatchesTagPattern(filter, tag); });
  };
  switch (repo.tag_mutability) {
    case TagMutability::kMutable: return false;
    case TagMutability::kImmutable: return true;
    case TagMutability::kMutableWithExclusion: return excluded();
    case TagMutability::kImmutableWithExclusion: return !excluded();
  }
  return false;
}

}  // namespace berth::services::ecr
