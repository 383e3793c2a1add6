#include "services/logs/api/page_tokens.h"

#include <charconv>
#include <cstdio>

#include "core/crypto.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs {
namespace {

constexpr size_t kKeyDigits = 48;  // 19 timestamp, 19 block, 10 place (+1, so -1 fits)

Error BadToken() { return errors::InvalidParameter("The specified nextToken is invalid."); }

std::string KeyDigits(const EventKey& key) {
  char buffer[80];
  std::snprintf(buffer, sizeof(buffer), "%019lld%019lld%010lld",
                static_cast<long long>(key.timestamp_ms < 0 ? 0 : key.timestamp_ms),
                static_cast<long long>(key.block_id < 0 ? 0 : key.block_id),
                static_cast<long long>(key.index < -1 ? 0 : key.index + 1LL));
  return std::string(buffer, kKeyDigits);
}

template <class Int>
bool ParseDigits(std::string_view s, Int* out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

Result<EventKey> ParseKeyDigits(std::string_view s) {
  if (s.size() != kKeyDigits || s.find_first_not_of("0123456789") != std::string_view::npos) {
    return BadToken();
  }
  EventKey key;
  int64_t index = 0;
  if (!ParseDigits(s.substr(0, 19), &key.timestamp_ms) ||
      !ParseDigits(s.substr(19, 19), &key.block_id) || !ParseDigits(s.substr(38), &index) ||
      index > 0x7fffffffLL) {
    return BadToken();
  }
  key.index = static_cast<int32_t>(index - 1);
  return key;
}

Result<std::string> Unwrap(std::string_view kind, std::string_view token) {
  auto raw = crypto::Base64UrlDecode(token);
  if (!raw || raw->size() <= kind.size() || raw->compare(0, kind.size(), kind) != 0 ||
      (*raw)[kind.size()] != '|') {
    return BadToken();
  }
  return raw->substr(kind.size() + 1);
}

std::string Wrap(std::string_view kind, std::string_view payload) {
  return crypto::Base64UrlEncode(std::string(kind) + "|" + std::string(payload));
}

std::string OrderName(StreamOrder order, bool descending) {
  return std::string(order == StreamOrder::kName ? "name" : "time") + (descending ? "-" : "+");
}

}  // namespace

std::string EventId(const EventKey& key) { return KeyDigits(key); }

std::string ForwardToken(const EventKey& after) { return "f/" + KeyDigits(after) + "/s"; }
std::string BackwardToken(const EventKey& before) { return "b/" + KeyDigits(before) + "/s"; }

Result<StreamToken> DecodeStreamToken(std::string_view token) {
  if (token.size() != kKeyDigits + 4 || (token[0] != 'f' && token[0] != 'b') || token[1] != '/' ||
      token.substr(token.size() - 2) != "/s") {
    return BadToken();
  }
  StreamToken out;
  out.direction = token[0] == 'f' ? Direction::kForward : Direction::kBackward;
  BERTH_ASSIGN_OR_RETURN(out.key, ParseKeyDigits(token.substr(2, kKeyDigits)));
  return out;
}

std::string EncodeFilterToken(const EventKey& last) { return Wrap("filter", KeyDigits(last)); }

Result<EventKey> DecodeFilterToken(std::string_view token) {
  BERTH_ASSIGN_OR_RETURN(std::string digits, Unwrap("filter", token));
  return ParseKeyDigits(digits);
}

std::string EncodeGroupsToken(std::string_view last_name) { return Wrap("groups", last_name); }

Result<std::string> DecodeGroupsToken(std::string_view token) { return Unwrap("groups", token); }

std::string EncodeStreamsToken(StreamOrder order, bool descending, const StreamCursor& last) {
  return Wrap("streams", OrderName(order, descending) + "|" +
                             std::to_string(last.last_event_ms) + "|" + last.name);
}

Result<StreamCursor> DecodeStreamsToken(std::string_view token, StreamOrder order,
                                        bool descending) {
  BERTH_ASSIGN_OR_RETURN(std::string payload, Unwrap("streams", token));
  const std::string want = OrderName(order, descending) + "|";
  if (payload.compare(0, want.size(), want) != 0) return BadToken();
  std::string_view rest = std::string_view(payload).substr(want.size());
  const size_t bar = rest.find('|');
  StreamCursor cursor;
  if (bar == std::string_view::npos || !ParseDigits(rest.substr(0, bar), &cursor.last_event_ms)) {
    return BadToken();
  }
  cursor.name = std::string(rest.substr(bar + 1));
  return cursor;
}

}  // namespace berth::services::logs
