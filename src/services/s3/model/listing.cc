#include "services/s3/model/listing.h"

namespace berth::services::s3 {

std::optional<std::string> PrefixSuccessor(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(out.back());
    if (last != 0xFF) {
      ++last;
      return out;
    }
    out.pop_back();
  }
  return std::nullopt;
}

Result<ListPage> ListKeys(const ListQuery& query, const KeyScan& scan) {
  ListPage page;
  if (query.max_keys == 0) return page;
  const std::string& prefix = query.prefix;
  const std::string& delimiter = query.delimiter;

  // Where the scan (re)starts: after the start point, or at the prefix when that is later.
  std::string from;
  bool inclusive;
  if (query.start_after < prefix) {
    from = prefix;
    inclusive = true;
  } else {
    from = query.start_after;
    inclusive = false;
  }
  const std::optional<std::string> before = prefix.empty() ? std::nullopt : PrefixSuccessor(prefix);
  size_t count = 0;
  for (;;) {
    // One more than the page still needs, to learn whether the page is truncated.
    const size_t want = query.max_keys - count + 1;
    BERTH_ASSIGN_OR_RETURN(auto batch, scan(KeyRange{from, inclusive, before, want}));
    bool reseek = false;
    for (auto& object : batch) {
      if (count == query.max_keys) {
        page.truncated = true;
        return page;
      }
      if (!delimiter.empty()) {
        const size_t at = object.key.find(delimiter, prefix.size());
        if (at != std::string::npos) {
          std::string common = object.key.substr(0, at + delimiter.size());
          std::optional<std::string> past = PrefixSuccessor(common);
          if (common > query.start_after) {
            page.common_prefixes.push_back(common);
            page.last = std::move(common);
            ++count;
          }
          if (!past) return page;  // nothing sorts after this prefix's keys
          from = std::move(*past);
          inclusive = true;
          reseek = true;
          break;
        }
      }
      page.last = object.key;
      page.objects.push_back(std::move(object));
      ++count;
    }
    if (reseek) continue;
    if (batch.size() < want) return page;  // the source is exhausted
    from = page.last;
    inclusive = false;
  }
}

}  // namespace berth::services::s3
