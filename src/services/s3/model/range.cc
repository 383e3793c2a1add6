#include "services/s3/model/range.h"

#include <charconv>

namespace berth::services::s3 {
namespace {

std::optional<uint64_t> Decimal(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

RangeRequest ParseRange(std::string_view header, uint64_t size) {
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return {};
  std::string_view spec = header.substr(kUnit.size());
  if (spec.find(',') != std::string_view::npos) return {};
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  const std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
  if (a.empty()) {  // the last n bytes
    auto n = Decimal(b);
    if (!n) return {};
    if (*n == 0 || size == 0) return {RangeKind::kUnsatisfiable, {}};
    const uint64_t length = *n < size ? *n : size;
    return {RangeKind::kPartial, {size - length, length}};
  }
  auto first = Decimal(a);
  if (!first) return {};
  uint64_t last = size == 0 ? 0 : size - 1;
  if (!b.empty()) {
    auto end = Decimal(b);
    if (!end || *end < *first) return {};
    if (*end < last) last = *end;
  }
  if (*first >= size) return {RangeKind::kUnsatisfiable, {}};
  return {RangeKind::kPartial, {*first, last - *first + 1}};
}

}  // namespace berth::services::s3
