#include "services/ecr/model/types.h"

namespace berth::services::ecr {

const char* ToString(TagMutability m) {
  return m == TagMutability::kImmutable ? "IMMUTABLE" : "MUTABLE";
}

std::optional<TagMutability> ParseTagMutability(std::string_view s) {
  if (s == "MUTABLE") return TagMutability::kMutable;
  if (s == "IMMUTABLE") return TagMutability::kImmutable;
  return std::nullopt;
}

}  // namespace berth::services::ecr
