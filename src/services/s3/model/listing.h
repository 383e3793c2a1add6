#pragma once
// The listing rules of ListObjects (v1 and v2) over any ordered key source: prefix, delimiter
// with common prefixes, a start point (marker, start-after, continuation token) and max-keys.
// The walk never scans what it returns no entry for: after a common prefix it seeks past
// every key under it, so a page costs O(page × log n) on an ordered index however many keys
// share a prefix.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace berth::services::s3 {

inline constexpr size_t kMaxListKeys = 1000;

struct ListedObject {
  std::string key;
  uint64_t size = 0;
  std::string etag;  // without quotes
  TimePoint last_modified;
  std::string storage_class = "STANDARD";
};

struct ListQuery {
  std::string prefix;
  std::string delimiter;
  std::string start_after;  // entries returned sort strictly after this
  size_t max_keys = kMaxListKeys;
};

struct ListPage {
  std::vector<ListedObject> objects;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  // The greatest key or common prefix returned (where the next page starts after); empty
  // when nothing was returned.
  std::string last;
};

// Keys in ascending byte order: those after `from` (or at it, when inclusive) and before
// `before` (no bound when nullopt), at most `limit` of them.
struct KeyRange {
  std::string_view from;
  bool inclusive = false;
  std::optional<std::string> before;
  size_t limit = 0;
};
using KeyScan = std::function<Result<std::vector<ListedObject>>(const KeyRange&)>;

// One page of the listing `query` describes. Entries (keys and common prefixes alike) sort
// strictly after query.start_after, so a page that starts after the previous page's `last`
// never repeats an entry: a common prefix at or before the start point is skipped whole.
Result<ListPage> ListKeys(const ListQuery& query, const KeyScan& scan);

// The least string greater than every string that starts with `prefix`; nullopt when there is
// none (the prefix is empty or all 0xFF bytes).
std::optional<std::string> PrefixSuccessor(std::string_view prefix);

}  // namespace berth::services::s3
