#pragma once
// IpAddress / NotIpAddress: CIDR ranges, IPv4 and IPv6 (RFC 4632, 4291). A bare address is a
// /32 or /128. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address it maps, on
// either side, so a dual-stack listener's callers match IPv4 ranges.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace berth::auth::policy {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4
  bool v4 = false;

  static std::optional<IpAddress> Parse(std::string_view text);
};

class IpRange {
 public:
  // "10.0.0.0/8", "2001:db8::/32", "192.0.2.7"; nullopt when malformed (or bits past the
  // prefix length are ignored, as IAM does).
  static std::optional<IpRange> Parse(std::string_view text);

  bool Contains(const IpAddress& address) const;

 private:
  IpAddress network_;
  int prefix_ = 0;
};

}  // namespace berth::auth::policy
