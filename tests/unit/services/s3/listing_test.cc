// The ListObjects walk over an in-memory ordered key source: prefix, delimiter and common
// prefixes, start points, max-keys and truncation, and that paging visits every entry once.
#include "services/s3/model/listing.h"

#include <gtest/gtest.h>

#include <map>

namespace berth::services::s3 {
namespace {

class Keys {
 public:
  explicit Keys(std::initializer_list<std::string> keys) {
    for (const auto& k : keys) keys_[k] = ListedObject{k, k.size(), "etag", TimePoint()};
  }
  Keys() = default;
  void Add(const std::string& key) { keys_[key] = ListedObject{key, 1, "etag", TimePoint()}; }

  KeyScan Scan() {
    return [this](const KeyRange& range) -> Result<std::vector<ListedObject>> {
      ++scans;
      std::vector<ListedObject> out;
      auto it = range.inclusive ? keys_.lower_bound(std::string(range.from))
                                : keys_.upper_bound(std::string(range.from));
      for (; it != keys_.end() && out.size() < range.limit; ++it) {
        if (range.before && it->first >= *range.before) break;
        out.push_back(it->second);
      }
      return out;
    };
  }
  int scans = 0;

 private:
  std::map<std::string, ListedObject> keys_;
};

std::vector<std::string> KeysOf(const ListPage& page) {
  std::vector<std::string> out;
  for (const auto& o : page.objects) out.push_back(o.key);
  return out;
}

using Strings = std::vector<std::string>;

TEST(Listing, ListsKeysUnderAPrefixInOrder) {
  Keys keys{"a", "b/1", "b/2", "b0", "c"};
  ListQuery q;
  q.prefix = "b";
  auto page = ListKeys(q, keys.Scan());
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(KeysOf(*page), (Strings{"b/1", "b/2", "b0"}));
  EXPECT_FALSE(page->truncated);
}

TEST(Listing, RollsKeysPastTheDelimiterIntoCommonPrefixes) {
  Keys keys{"AWSLogs/1/CloudTrail/us-east-1/2026/11/28/x.json.gz",
            "AWSLogs/1/CloudTrail-Digest/us-east-1/2026/11/28/d.json.gz", "AWSLogs/2/x", "README",
            "top/"};
  ListQuery q;
  q.delimiter = "/";
  auto page = ListKeys(q, keys.Scan());
  EXPECT_EQ(KeysOf(*page), Strings{"README"});
  EXPECT_EQ(page->common_prefixes, (Strings{"AWSLogs/", "top/"}));
  q.prefix = "AWSLogs/1/";
  page = ListKeys(q, keys.Scan());
  EXPECT_TRUE(page->objects.empty());
  EXPECT_EQ(page->common_prefixes,
            (Strings{"AWSLogs/1/CloudTrail-Digest/", "AWSLogs/1/CloudTrail/"}));
}

TEST(Listing, SkipsPastACommonPrefixWithoutScanningItsKeys) {
  Keys keys;
  for (int i = 0; i < 5000; ++i) keys.Add("big/" + std::to_string(i));
  keys.Add("small");
  ListQuery q;
  q.delimiter = "/";
  auto page = ListKeys(q, keys.Scan());
  EXPECT_EQ(page->common_prefixes, Strings{"big/"});
  EXPECT_EQ(KeysOf(*page), Strings{"small"});
  EXPECT_LE(keys.scans, 3);
}

TEST(Listing, MultiCharacterDelimiters) {
  Keys keys{"a--b--c", "a--d", "x"};
  ListQuery q;
  q.delimiter = "--";
  auto page = ListKeys(q, keys.Scan());
  EXPECT_EQ(page->common_prefixes, Strings{"a--"});
  EXPECT_EQ(KeysOf(*page), Strings{"x"});
}

TEST(Listing, StartsStrictlyAfterTheMarker) {
  Keys keys{"a", "b", "c", "d"};
  ListQuery q;
  q.start_after = "b";
  EXPECT_EQ(KeysOf(*ListKeys(q, keys.Scan())), (Strings{"c", "d"}));
  q.start_after = "bb";  // need not be a key
  EXPECT_EQ(KeysOf(*ListKeys(q, keys.Scan())), (Strings{"c", "d"}));
  q.prefix = "d";
  q.start_after = "a";  // before the prefix: the prefix rules
  EXPECT_EQ(KeysOf(*ListKeys(q, keys.Scan())), Strings{"d"});
  q.prefix = "a";
  q.start_after = "z";  // after it: nothing
  EXPECT_TRUE(ListKeys(q, keys.Scan())->objects.empty());
}

TEST(Listing, TruncatesAtMaxKeysCountingCommonPrefixes) {
  Keys keys{"a/1", "a/2", "b", "c/1", "d"};
  ListQuery q;
  q.delimiter = "/";
  q.max_keys = 2;
  auto page = ListKeys(q, keys.Scan());
  EXPECT_EQ(page->common_prefixes, Strings{"a/"});
  EXPECT_EQ(KeysOf(*page), Strings{"b"});
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(page->last, "b");
  q.start_after = page->last;
  page = ListKeys(q, keys.Scan());
  EXPECT_EQ(page->common_prefixes, Strings{"c/"});
  EXPECT_EQ(KeysOf(*page), Strings{"d"});
  EXPECT_FALSE(page->truncated);
}

TEST(Listing, AFullLastPageIsNotTruncated) {
  Keys keys{"a", "b"};
  ListQuery q;
  q.max_keys = 2;
  EXPECT_FALSE(ListKeys(q, keys.Scan())->truncated);
  q.delimiter = "/";
  Keys prefixed{"a/1", "b/1"};
  EXPECT_FALSE(ListKeys(q, prefixed.Scan())->truncated);
}

TEST(Listing, MaxKeysZeroListsNothing) {
  Keys keys{"a"};
  ListQuery q;
  q.max_keys = 0;
  auto page = ListKeys(q, keys.Scan());
  EXPECT_TRUE(page->objects.empty());
  EXPECT_FALSE(page->truncated);
}

TEST(Listing, ACommonPrefixReturnedAsTheLastEntryIsNotRepeated) {
  Keys keys{"a/1", "a/2", "b/1", "c"};
  ListQuery q;
  q.delimiter = "/";
  q.max_keys = 1;
  Strings seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = ListKeys(q, keys.Scan());
    for (const auto& p : page->common_prefixes) seen.push_back(p);
    for (const auto& o : page->objects) seen.push_back(o.key);
    if (!page->truncated) break;
    q.start_after = page->last;
  }
  EXPECT_EQ(seen, (Strings{"a/", "b/", "c"}));
}

TEST(Listing, PagingVisitsEveryEntryOnceForEveryPageSize) {
  Keys keys;
  Strings all;
  for (const char* k : {"x", "a/b/c", "a/b/d", "a/e", "a//f", "b", "b/", "b/c", "\xc3\xa9t\xc3\xa9",
                        "z/z/z", "z0"}) {
    keys.Add(k);
  }
  for (size_t size = 1; size <= 12; ++size) {
    for (const std::string& delimiter : {std::string(), std::string("/")}) {
      ListQuery q;
      q.delimiter = delimiter;
      q.max_keys = kMaxListKeys;
      auto whole = ListKeys(q, keys.Scan());
      Strings expected = KeysOf(*whole);
      for (const auto& p : whole->common_prefixes) expected.push_back(p);
      std::sort(expected.begin(), expected.end());
      q.max_keys = size;
      Strings seen;
      for (int pages = 0; pages < 50; ++pages) {
        auto page = ListKeys(q, keys.Scan());
        EXPECT_LE(page->objects.size() + page->common_prefixes.size(), size);
        for (const auto& o : page->objects) seen.push_back(o.key);
        for (const auto& p : page->common_prefixes) seen.push_back(p);
        if (!page->truncated) break;
        q.start_after = page->last;
      }
      std::sort(seen.begin(), seen.end());
      EXPECT_EQ(seen, expected) << "page size " << size << " delimiter '" << delimiter << "'";
    }
  }
}

TEST(Listing, PrefixSuccessorIsTheLeastStringPastThePrefix) {
  EXPECT_EQ(PrefixSuccessor("abc"), "abd");
  EXPECT_EQ(PrefixSuccessor("a/"), "a0");
  EXPECT_EQ(PrefixSuccessor("a\xff"), "b");
  EXPECT_FALSE(PrefixSuccessor("\xff\xff"));
  EXPECT_FALSE(PrefixSuccessor(""));
}

}  // namespace
}  // namespace berth::services::s3
