#pragma once
// Paging of listings the handlers build in memory (ListImages, DescribeImages,
// GetLifecyclePolicyPreview): opaque tokens carry the last key returned.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "services/ecr/api/shapes.h"

namespace berth::services::ecr::handlers {

// One page of `items` (sorted by key): those after the key `after`, at most `limit`, encoded;
// sets out["nextToken"] (of `kind`) when more follow.
template <class T, class KeyFn, class EncodeFn>
Document Paginate(const std::vector<T>& items, const std::string& after, int64_t limit,
                  std::string_view kind, KeyFn key_of, EncodeFn encode, Document& out) {
  Document page = Document::MakeList();
  int64_t taken = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!after.empty() && key_of(items[i]) <= after) continue;
    if (taken == limit) {
      out["nextToken"] = EncodePageToken(kind, key_of(items[i - 1]));
      break;
    }
    page.Push(encode(items[i]));
    ++taken;
  }
  return page;
}

}  // namespace berth::services::ecr::handlers
