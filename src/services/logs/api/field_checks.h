#pragma once
// The checks CloudWatch Logs' decoders (shapes.cc, query_shapes.cc) make on input members,
// worded as AWS words them. Each records its first problem in the FieldReader.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/result.h"

namespace berth::services::logs {

// "Member must have value greater than or equal to <min>" (or less than or equal to <max>).
Error OutOfRange(std::string_view member, int64_t value, int64_t min, int64_t max);
// An optional integer in [min, max].
std::optional<int64_t> ReadLimit(FieldReader& r, const char* member, int64_t max,
                                 int64_t min = 1);
// An optional epoch time, not negative.
std::optional<int64_t> ReadTime(FieldReader& r, const char* member);
// A required integer member (ValidationException naming it when absent).
int64_t ReadRequiredInt(FieldReader& r, const char* member);
// Fails the reader with the status's error, if any.
void Check(FieldReader& r, const Status& status);
// A string's length in [min, max] ("Member must have length …").
void CheckLength(FieldReader& r, const char* member, std::string_view value, size_t min,
                 size_t max);
// A log group name member, checked.
std::string ReadGroupName(FieldReader& r, const char* member = "logGroupName");

template <class T>
Result<T> Finish(const FieldReader& r, T value) {
  if (!r.ok()) return r.status().error();
  return value;
}

}  // namespace berth::services::logs
