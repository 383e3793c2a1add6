#include "services/registry/ranges.h"

#include <charconv>
#include <string_view>

namespace berth::services::registry {
namespace {

bool ParseNumber(std::string_view s, uint64_t& out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::optional<ByteRange> ParseRange(std::string_view header, uint64_t size, bool* satisfiable) {
  *satisfiable = true;
  constexpr std::string_view kBytes = "bytes=";
  if (header.substr(0, kBytes.size()) != kBytes) return std::nullopt;
  std::string_view spec = header.substr(kBytes.size());
  if (spec.find(',') != std::string_view::npos) return std::nullopt;  // one range only
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::string_view first = spec.substr(0, dash), last = spec.substr(dash + 1);
  ByteRange range;
  if (first.empty()) {  // suffix: the last N bytes
    uint64_t n = 0;
    if (!ParseNumber(last, n)) return std::nullopt;
    if (n == 0 || size == 0) {
      *satisfiable = false;
      return std::nullopt;
    }
    range.first = n >= size ? 0 : size - n;
    range.last = size - 1;
    return range;
  }
  if (!ParseNumber(first, range.first)) return std::nullopt;
  if (last.empty()) {
    range.last = size == 0 ? 0 : size - 1;
  } else if (!ParseNumber(last, range.last) || range.last < range.first) {
    return std::nullopt;
  }
  if (range.first >= size) {
    *satisfiable = false;
    return std::nullopt;
  }
  if (range.last >= size) range.last = size - 1;
  return range;
}

bool ParseContentRange(std::string_view text, uint64_t& first, uint64_t& last) {
  for (std::string_view prefix : {"bytes=", "bytes "})
    if (text.substr(0, prefix.size()) == prefix) text.remove_prefix(prefix.size());
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return false;
  const std::string_view a = text.substr(0, dash), b = text.substr(dash + 1);
  auto r1 = std::from_chars(a.data(), a.data() + a.size(), first);
  auto r2 = std::from_chars(b.data(), b.data() + b.size(), last);
  return r1.ec == std::errc() && r1.ptr == a.data() + a.size() && r2.ec == std::errc() &&
         r2.ptr == b.data() + b.size() && last >= first;
}

}  // namespace berth::services::registry
