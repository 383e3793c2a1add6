#include "auth/policy/ip_range.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <string>

namespace berth::auth::policy {

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  std::string buffer(text);  // inet_pton wants a terminated string
  IpAddress address;
  if (inet_pton(AF_INET, buffer.c_str(), address.bytes.data()) == 1) {
    address.v4 = true;
    return address;
  }
  if (inet_pton(AF_INET6, buffer.c_str(), address.bytes.data()) != 1) return std::nullopt;
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(address.bytes.data(), kMapped, 12) == 0) {
    std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
    std::memset(address.bytes.data() + 4, 0, 12);
    address.v4 = true;
  }
  return address;
}

std::optional<IpRange> IpRange::Parse(std::string_view text) {
  size_t slash = text.find('/');
  auto address = IpAddress::Parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  IpRange range;
  range.network_ = *address;
  int max = address->v4 ? 32 : 128;
  range.prefix_ = max;
  if (slash != std::string_view::npos) {
    std::string_view bits = text.substr(slash + 1);
    int prefix = -1;
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (ec != std::errc() || end != bits.data() + bits.size() || prefix < 0) return std::nullopt;
    // "::ffff:10.0.0.0/104" is the mapped form of 10.0.0.0/8.
    bool mapped = address->v4 && text.substr(0, slash).find(':') != std::string_view::npos;
    if (mapped) prefix -= 96;
    if (prefix < 0 || prefix > max) return std::nullopt;
    range.prefix_ = prefix;
  }
  return range;
}

bool IpRange::Contains(const IpAddress& address) const {
  if (address.v4 != network_.v4) return false;
  int full = prefix_ / 8, rest = prefix_ % 8;
  if (std::memcmp(address.bytes.data(), network_.bytes.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (address.bytes[full] & mask) == (network_.bytes[full] & mask);
}

}  // namespace berth::auth::policy
