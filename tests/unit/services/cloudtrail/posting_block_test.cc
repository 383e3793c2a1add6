#include "services/cloudtrail/store/posting_block.h"

#include <gtest/gtest.h>

namespace berth::services::cloudtrail {
namespace {

TEST(PostingBlockTest, RoundTripsPostingsWithEqualTimesAndUnorderedSeqs) {
  const std::vector<Posting> postings = {
      {1795800000500, 40}, {1795800000500, 12}, {1795800000499, 41}, {1795800000001, 3},
      {0, 1}};
  std::vector<Posting> back;
  ASSERT_TRUE(DecodePostings(EncodePostings(postings), back));
  ASSERT_EQ(back.size(), postings.size());
  for (size_t i = 0; i < postings.size(); ++i) {
    EXPECT_EQ(back[i].time_ms, postings[i].time_ms);
    EXPECT_EQ(back[i].seq, postings[i].seq);
  }
}

TEST(PostingBlockTest, IsSmall) {
  std::vector<Posting> postings;
  for (int i = 0; i < 1000; ++i) postings.push_back({1795800000000 - i, 5000000 - 2 * i});
  EXPECT_LT(EncodePostings(postings).size(), 3100u);  // ~3 bytes an event
}

TEST(PostingBlockTest, RefusesDamagedBlocks) {
  const std::string block = EncodePostings({{1795800000500, 40}, {1795800000400, 41}});
  std::vector<Posting> out;
  EXPECT_FALSE(DecodePostings(block.substr(0, block.size() - 1), out));
  out.clear();
  EXPECT_FALSE(DecodePostings(block + "x", out));
  out.clear();
  EXPECT_FALSE(DecodePostings("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", out));
  out.clear();
  EXPECT_TRUE(DecodePostings(EncodePostings({}), out));
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace berth::services::cloudtrail
