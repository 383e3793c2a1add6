#include "services/iam/handlers/paging.h"

#include <charconv>

#include "core/crypto.h"
#include "services/iam/handlers/params.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {
namespace {

constexpr size_t kDefaultMaxItems = 100;
constexpr size_t kMaxMaxItems = 1000;
constexpr std::string_view kMarkerTag = "p1:";

std::optional<size_t> ParseNumber(std::string_view text) {
  size_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace

Status PageInto(Document& out, std::string_view key, Document list, const Document& in) {
  size_t max_items = kDefaultMaxItems;
  if (auto text = Optional(in, "MaxItems")) {
    auto n = ParseNumber(*text);
    if (!n || *n < 1 || *n > kMaxMaxItems) {
      return errors::Validation("1 validation error detected: Value '" + *text +
                                "' at 'maxItems' failed to satisfy constraint: Member must have "
                                "value between 1 and 1000");
    }
    max_items = *n;
  }
  size_t start = 0;
  if (auto marker = Optional(in, "Marker")) {
    auto decoded = crypto::Base64UrlDecode(*marker);
    std::optional<size_t> at;
    if (decoded && decoded->rfind(kMarkerTag, 0) == 0) {
      at = ParseNumber(std::string_view(*decoded).substr(kMarkerTag.size()));
    }
    if (!at) return errors::Validation("Invalid Marker.");
    start = *at;
  }
  Document::List& items = list.as_list();
  const size_t begin = std::min(start, items.size());
  const size_t end = std::min(items.size(), begin + max_items);
  Document page = Document::MakeList();
  for (size_t i = begin; i < end; ++i) page.Push(std::move(items[i]));
  out[key] = std::move(page);
  const bool truncated = end < items.size();
  out["IsTruncated"] = truncated;
  if (truncated) {
    out["Marker"] = crypto::Base64UrlEncode(std::string(kMarkerTag) + std::to_string(end));
  }
  return Ok();
}

}  // namespace berth::services::iam::handlers
