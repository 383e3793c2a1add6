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

std::string EncodeQueriesToken(uint64_t last_sequence) {
  return Wrap("queries", std::to_string(last_sequence));
}

Result<uint64_t> DecodeQueriesToken(std::string_view token) {
  BERTH_ASSIGN_OR_RETURN(std::string digits, Unwrap("queries", token));
  uint64_t sequence = 0;
  if (!ParseDigits(std::string_view(digits), &sequence)) return BadToken();
  return sequence;
}

namespace {

std::string EncodeOffset(std::string_view kind, std::string_view query_id, size_t offset) {
  return Wrap(kind, std::string(query_id) + "|" + std::to_string(offset));
}

Result<size_t> DecodeOffset(std::string_view kind, std::string_view token,
                            std::string_view query_id) {
  BERTH_ASSIGN_OR_RETURN(std::string payload, Unwrap(kind, token));
  const std::string want = std::string(query_id) + "|";
  size_t offset = 0;
  if (payload.compare(0, want.size(), want) != 0 ||
      !ParseDigits(std::string_view(payload).substr(want.size()), &offset)) {
    return BadToken();
  }
  return offset;
}

}  // namespace

std::string EncodeResultsToken(std::string_view query_id, size_t offset) {
  return EncodeOffset("results", query_id, offset);
}

Result<size_t> DecodeResultsToken(std::string_view token, std::string_view query_id) {
  return DecodeOffset("results", token, query_id);
}

std::string EncodeQueryGroupsToken(std::string_view query_id, size_t offset) {
  return EncodeOffset("querygroups", query_id, offset);
}

Result<size_t> DecodeQueryGroupsToken(std::string_view token, std::string_view query_id) {
  return DecodeOffset("querygroups", token, query_id);
}

// Names may hold '|', ids (UUIDs) never: the id goes first.
std::string EncodeDefinitionsToken(std::string_view prefix, const QueryDefinitionCursor& last) {
  return Wrap("definitions", last.id + "|" + std::to_string(prefix.size()) + "|" +
                                 std::string(prefix) + last.name);
}

Result<QueryDefinitionCursor> DecodeDefinitionsToken(std::string_view token,
                                                     std::string_view prefix) {
  BERTH_ASSIGN_OR_RETURN(std::string payload, Unwrap("definitions", token));
  std::string_view rest(payload);
  QueryDefinitionCursor cursor;
  const size_t bar = rest.find('|');
  if (bar == std::string_view::npos) return BadToken();
  cursor.id = std::string(rest.substr(0, bar));
  rest.remove_prefix(bar + 1);
  const size_t bar2 = rest.find('|');
  size_t prefix_size = 0;
  if (bar2 == std::string_view::npos || !ParseDigits(rest.substr(0, bar2), &prefix_size)) {
    return BadToken();
  }
  rest.remove_prefix(bar2 + 1);
  // A token is good only for the listing that issued it.
  if (prefix_size != prefix.size() || rest.substr(0, prefix_size) != prefix) return BadToken();
  cursor.name = std::string(rest.substr(prefix_size));
  return cursor;
}

std::string EncodeMetricFiltersToken(const std::pair<std::string, std::string>& last) {
  return Wrap("metricfilters", last.second + "|" + last.first);
}

Result<std::pair<std::string, std::string>> DecodeMetricFiltersToken(std::string_view token) {
  BERTH_ASSIGN_OR_RETURN(std::string payload, Unwrap("metricfilters", token));
  const size_t bar = payload.find('|');
  if (bar == std::string::npos) return BadToken();
  return std::make_pair(payload.substr(bar + 1), payload.substr(0, bar));
}

}  // namespace berth::services::logs
