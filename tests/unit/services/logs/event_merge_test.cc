// The block format and the time-ordered merge of blocks, without SQLite: random overlapping
// blocks merged forwards and backwards must come out exactly as sorting them would give,
// within the bounds asked, opening blocks only as the merge reaches them.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "services/logs/store/event_block.h"
#include "services/logs/store/event_merge.h"

namespace berth::services::logs {
namespace {

TEST(EventBlock, RoundTripsEventsAndSplitsLargeBatches) {
  std::vector<std::string> messages;
  std::vector<EventInput> events;
  for (int i = 0; i < 1000; ++i) messages.push_back(std::string(150, static_cast<char>('a' + i % 26)));
  for (int i = 0; i < 1000; ++i) events.push_back({1000 + i / 3, messages[static_cast<size_t>(i)]});
  std::vector<EncodedBlock> blocks = EncodeBlocks(events);
  ASSERT_GT(blocks.size(), 1u);  // 150 KB of messages: several 64 KiB blocks
  size_t seen = 0;
  for (const EncodedBlock& block : blocks) {
    EXPECT_LE(block.bytes.size(), kTargetBlockBytes + 2000);
    std::vector<BlockEntry> entries;
    std::string payload;
    ASSERT_TRUE(DecodeBlock(block.bytes, block.first_ms, payload, entries).ok());
    ASSERT_EQ(entries.size(), static_cast<size_t>(block.count));
    EXPECT_EQ(entries.front().timestamp_ms, block.first_ms);
    EXPECT_EQ(entries.back().timestamp_ms, block.last_ms);
    for (const BlockEntry& e : entries) {
      EXPECT_EQ(e.timestamp_ms, events[seen].timestamp_ms);
      EXPECT_EQ(payload.substr(e.offset, e.length), events[seen].message);
      ++seen;
    }
  }
  EXPECT_EQ(seen, events.size());
}

TEST(EventBlock, SplitsAtTheMaximumSpan) {
  std::vector<EventInput> events = {{0, "a"}, {kMaxBatchSpanMs, "b"}, {kMaxBatchSpanMs + 1, "c"}};
  std::vector<EncodedBlock> blocks = EncodeBlocks(events);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].count, 2);
  EXPECT_EQ(blocks[1].first_ms, kMaxBatchSpanMs + 1);
}

TEST(EventBlock, RefusesCorruptBytes) {
  std::vector<BlockEntry> entries;
  std::string payload;
  for (const std::string& message : {std::string("short"), std::string(5000, 'z')}) {
    std::vector<EventInput> in = {{5, message}, {6, message}};
    EncodedBlock block = EncodeBlocks(in).front();
    ASSERT_TRUE(DecodeBlock(block.bytes, 5, payload, entries).ok());
    for (size_t cut = 0; cut < block.bytes.size(); ++cut) {
      EXPECT_FALSE(DecodeBlock(block.bytes.substr(0, cut), 5, payload, entries).ok()) << cut;
    }
    EXPECT_FALSE(DecodeBlock(block.bytes + "x", 5, payload, entries).ok());
  }
  EXPECT_FALSE(DecodeBlock(std::string(12, '\xff'), 5, payload, entries).ok());
  EXPECT_FALSE(DecodeBlock(std::string("\x01\xff\xff\xff\xff\x0f", 6), 5, payload, entries).ok());
}

// Blocks in memory: what the SQL cursors would give, in the merge's order.
struct FakeBlock {
  BlockMeta meta;
  std::vector<std::string> messages;
  std::vector<int64_t> timestamps;
  std::string bytes;
};

class VectorSource : public BlockSource {
 public:
  explicit VectorSource(std::vector<BlockMeta> metas) : metas_(std::move(metas)) {}
  Result<std::optional<BlockMeta>> Next() override {
    if (next_ >= metas_.size()) return std::optional<BlockMeta>();
    return std::optional<BlockMeta>(metas_[next_++]);
  }

 private:
  std::vector<BlockMeta> metas_;
  size_t next_ = 0;
};

struct Expected {
  EventKey key;
  std::string message;
};

class MergeTest : public ::testing::Test {
 protected:
  // `streams` streams, each with `per_stream` blocks of up to 20 events; timestamps overlap
  // across streams and, now and then, within a stream.
  void Build(int streams, int per_stream, unsigned seed) {
    std::mt19937 rng(seed);
    int64_t next_id = 1;
    for (int s = 0; s < streams; ++s) {
      int64_t t = rng() % 50;
      for (int b = 0; b < per_stream; ++b) {
        FakeBlock block;
        block.meta.id = next_id++;
        block.meta.group_id = 1;
        block.meta.stream_id = s;
        const int n = 1 + static_cast<int>(rng() % 20);
        if (rng() % 4 == 0) t -= static_cast<int64_t>(rng() % 30);  // an out-of-order batch
        for (int i = 0; i < n; ++i) {
          t += static_cast<int64_t>(rng() % 3);  // equal timestamps happen
          block.timestamps.push_back(t);
          block.messages.push_back("s" + std::to_string(s) + "b" + std::to_string(b) + "e" +
                                   std::to_string(i));
        }
        std::vector<EventInput> in;
        for (int i = 0; i < n; ++i) in.push_back({block.timestamps[static_cast<size_t>(i)],
                                                  block.messages[static_cast<size_t>(i)]});
        EncodedBlock encoded = EncodeBlocks(in).front();
        block.meta.first_ms = encoded.first_ms;
        block.meta.last_ms = encoded.last_ms;
        block.bytes = encoded.bytes;
        blocks_[block.meta.id] = block;
      }
    }
  }

  std::vector<std::unique_ptr<BlockSource>> Sources(Direction direction) {
    std::map<int64_t, std::vector<BlockMeta>> by_stream;
    for (const auto& [id, block] : blocks_) by_stream[block.meta.stream_id].push_back(block.meta);
    std::vector<std::unique_ptr<BlockSource>> sources;
    for (auto& [stream, metas] : by_stream) {
      std::sort(metas.begin(), metas.end(), [&](const BlockMeta& a, const BlockMeta& b) {
        return direction == Direction::kForward ? a.first_ms < b.first_ms : a.last_ms > b.last_ms;
      });
      sources.push_back(std::make_unique<VectorSource>(metas));
    }
    return sources;
  }

  EventMerger::Loader Loader() {
    return [this](const BlockMeta& meta) -> Result<std::string> {
      ++loads_;
      return blocks_.at(meta.id).bytes;
    };
  }

  std::vector<Expected> Sorted(const MergeBounds& bounds, Direction direction) {
    std::vector<Expected> all;
    for (const auto& [id, block] : blocks_) {
      for (size_t i = 0; i < block.messages.size(); ++i) {
        EventKey key{block.timestamps[i], id, static_cast<int32_t>(i)};
        if (key.timestamp_ms < bounds.default_start_ms || key.timestamp_ms >= bounds.end_ms) {
          continue;
        }
        if (bounds.after && !(key > *bounds.after)) continue;
        if (bounds.before && !(key < *bounds.before)) continue;
        all.push_back({key, block.messages[i]});
      }
    }
    std::sort(all.begin(), all.end(), [&](const Expected& a, const Expected& b) {
      return direction == Direction::kForward ? a.key < b.key : a.key > b.key;
    });
    return all;
  }

  std::vector<Expected> Merge(const MergeBounds& bounds, Direction direction) {
    EventMerger merger(direction, Sources(direction), Loader(), bounds);
    std::vector<Expected> out;
    MergedEvent event;
    for (;;) {
      auto more = merger.Next(&event);
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) return out;
      out.push_back({event.key, std::string(event.message)});
    }
  }

  std::map<int64_t, FakeBlock> blocks_;
  int loads_ = 0;
};

void ExpectSame(const std::vector<Expected>& got, const std::vector<Expected>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_TRUE(got[i].key == want[i].key) << "at " << i;
    ASSERT_EQ(got[i].message, want[i].message) << "at " << i;
  }
}

TEST_F(MergeTest, MergesOverlappingBlocksInKeyOrderBothWays) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    blocks_.clear();
    Build(5, 12, seed);
    MergeBounds all;
    ExpectSame(Merge(all, Direction::kForward), Sorted(all, Direction::kForward));
    ExpectSame(Merge(all, Direction::kBackward), Sorted(all, Direction::kBackward));
  }
}

TEST_F(MergeTest, HonoursTimeBoundsAndPositions) {
  Build(4, 10, 7);
  std::vector<Expected> everything = Sorted(MergeBounds{}, Direction::kForward);
  ASSERT_GT(everything.size(), 100u);
  for (size_t pick : {size_t{0}, everything.size() / 3, everything.size() / 2,
                      everything.size() - 1}) {
    MergeBounds window;
    window.default_start_ms = everything[pick].key.timestamp_ms;
    window.end_ms = window.default_start_ms + 40;
    ExpectSame(Merge(window, Direction::kForward), Sorted(window, Direction::kForward));
    ExpectSame(Merge(window, Direction::kBackward), Sorted(window, Direction::kBackward));
    MergeBounds after;
    after.after = everything[pick].key;
    ExpectSame(Merge(after, Direction::kForward), Sorted(after, Direction::kForward));
    MergeBounds before;
    before.before = everything[pick].key;
    ExpectSame(Merge(before, Direction::kBackward), Sorted(before, Direction::kBackward));
  }
}

TEST_F(MergeTest, OpensBlocksOnlyAsTheMergeReachesThem) {
  Build(3, 50, 11);
  EventMerger merger(Direction::kForward, Sources(Direction::kForward), Loader(), MergeBounds{});
  MergedEvent event;
  ASSERT_TRUE(*merger.Next(&event));
  // The first event needs only the blocks that start at or before it: a handful, not 150.
  EXPECT_LE(loads_, 6);
}

}  // namespace
}  // namespace berth::services::logs
