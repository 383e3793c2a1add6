// The compressed journal (.zlog segments of zstd frames, journal_frame.h): records read back as
// written, the dictionary trained on the first records and kept across restarts, a torn frame
// cut off, a journal written before compression read and continued, and retention by size.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "services/cloudtrail/model/event.h"
#include "services/cloudtrail/store/event_journal.h"
#include "services/cloudtrail/store/journaled_event_store.h"
#include "store/database.h"
#include "store/file_system.h"

namespace berth::services::cloudtrail {
namespace {

class JournalCompressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "berth_zjournal_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "' && mkdir -p '" + dir_ + "'").c_str()), 0);
    journal_ = dir_ + "/j";
  }
  void TearDown() override { ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0); }

  // A CloudTrail record as the recorder writes it: calls of a few users on a few repositories.
  static std::string Record(int i) {
    pipeline::CallRecord call;
    call.time = TimePoint(std::chrono::milliseconds(1700000000000 + i));
    call.operation = i % 3 == 0 ? "PutImage" : "BatchGetImage";
    call.event_source = "ecr.amazonaws.com";
    call.request_id = "5f0c" + std::to_string(1000000 + i * 7919);
    call.source_ip = "10.0.0." + std::to_string(i % 7);
    call.user_agent = "aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12";
    auth::Principal p;
    p.account_id = "123456789012";
    p.user_name = "user" + std::to_string(i % 5);
    p.access_key_id = "AKIATEST" + std::to_string(i % 5);
    call.principal = p;
    call.resources.push_back({"AWS::ECR::Repository", "arn:aws:ecr:us-east-1:123456789012:"
                              "repository/app" + std::to_string(i % 11)});
    return BuildEvent(call, "us-east-1", "123456789012").json;
  }

  static JournalOptions Options(size_t samples) {
    JournalOptions options;
    options.dictionary_samples = samples;
    options.train_in_background = false;
    return options;
  }

  // Appends records from..to-1 in batches of `per`; seq -> JSON of what went in.
  static void Append(EventJournal& j, int from, int to, int per,
                     std::map<int64_t, std::string>& written) {
    for (int i = from; i < to;) {
      JournalBatch batch;
      std::vector<std::string> jsons;
      for (; i < to && jsons.size() < static_cast<size_t>(per); ++i) {
        jsons.push_back(Record(i));
        batch.Add(TimePoint(std::chrono::milliseconds(1700000000000 + i)), jsons.back());
      }
      auto range = j.Append(batch);
      ASSERT_TRUE(range.ok()) << range.error().message;
      for (size_t k = 0; k < jsons.size(); ++k) {
        written[range->first_seq + static_cast<int64_t>(k)] = jsons[k];
      }
    }
  }

  // Records from..to-1 into a store, a commit each; seq -> JSON.
  static void AppendOneByOne(EventStore& store, int from, int to,
                             std::map<int64_t, std::string>& written) {
    for (int i = from; i < to; ++i) {
      JournalBatch batch;
      written[i + 1] = Record(i);
      batch.Add(TimePoint(std::chrono::milliseconds(1700000000000 + i)), written[i + 1]);
      ASSERT_TRUE(store.Append(batch, {}).ok());
    }
  }

  static LookupQuery AllEvents(size_t limit) {
    LookupQuery q;
    q.account_id = "123456789012";
    q.start = TimePoint(std::chrono::milliseconds(0));
    q.end = TimePoint(std::chrono::milliseconds(1LL << 50));
    q.limit = limit;
    return q;
  }

  static std::map<int64_t, std::string> ReadAll(EventJournal& j) {
    std::map<int64_t, std::string> all;
    Status read = j.ReadAfter(0, [&](int64_t seq, TimePoint, int64_t, std::string_view json) {
      all[seq] = std::string(json);
      return Ok();
    });
    EXPECT_TRUE(read.ok()) << read.error().message;
    return all;
  }

  static bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

  std::string dir_;
  std::string journal_;
};

TEST_F(JournalCompressionTest, RecordsReadBackAndADictionaryTrainedOnTheFirstOnesShrinksThem) {
  std::map<int64_t, std::string> written;
  uint64_t raw = 0;
  {
    auto j = EventJournal::Open(journal_, EventJournal::Mode::kWriter, store::PosixFs(),
                                Options(256 << 10));
    ASSERT_TRUE(j.ok()) << j.error().message;
    // Enough for the dictionary, then one record a commit, as a quiet server writes them: the
    // dictionary is what compresses those.
    Append(**j, 0, 400, 50, written);
    Append(**j, 400, 1000, 1, written);
  }
  EXPECT_TRUE(Exists(journal_ + "/dict-00001.zdict"));
  for (const auto& [seq, json] : written) raw += json.size() + EventJournal::kHeaderBytes;
  auto j = EventJournal::Open(journal_, EventJournal::Mode::kWriter, store::PosixFs(),
                              Options(256 << 10));
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ((*j)->last_seq(), 1000);
  EXPECT_EQ(ReadAll(**j), written);
  // Reopened, frames go on with the same dictionary (no second one is trained).
  Append(**j, 1000, 1100, 20, written);
  EXPECT_FALSE(Exists(journal_ + "/dict-00002.zdict"));
  EXPECT_EQ(ReadAll(**j), written);
  // The records after the dictionary, at one a frame, take a fifth of their size or less.
  int64_t end = 0, start = -1;
  ASSERT_TRUE((*j)->ReadAfter(500, [&](int64_t seq, TimePoint, int64_t offset, std::string_view) {
                 if (start < 0) start = offset;
                 if (seq <= 1000) end = offset;
                 return Ok();
               }).ok());
  uint64_t raw_after = 0;
  for (int64_t seq = 501; seq < 1000; ++seq) {
    raw_after += written[seq].size() + EventJournal::kHeaderBytes;
  }
  ASSERT_GT(end, start);
  EXPECT_LT(static_cast<uint64_t>(end - start) * 5, raw_after)
      << (end - start) << " bytes on disk for " << raw_after << " bytes of records";
  // Every record is found where its location says, one at a time and in runs.
  std::vector<std::pair<int64_t, int64_t>> locations;
  std::vector<std::string> expected;
  ASSERT_TRUE((*j)->ReadAfter(0, [&](int64_t seq, TimePoint, int64_t offset, std::string_view json) {
                 if (seq % 3 != 0 || seq > 1050) {
                   locations.emplace_back(seq, offset);
                   expected.emplace_back(json);
                 }
                 return Ok();
               }).ok());
  auto records = (*j)->ReadRecords(locations);
  ASSERT_TRUE(records.ok()) << records.error().message;
  EXPECT_EQ(*records, expected);
}

TEST_F(JournalCompressionTest, ATornFrameIsCutOffAndAppendsContinueAfterIt) {
  std::map<int64_t, std::string> written;
  {
    auto j = EventJournal::Open(journal_, EventJournal::Mode::kWriter, store::PosixFs(),
                                Options(0));
    ASSERT_TRUE(j.ok());
    Append(**j, 0, 30, 10, written);
  }
  const std::string segment = journal_ + "/seg-00000000000000000001.zlog";
  struct stat st;
  ASSERT_EQ(::stat(segment.c_str(), &st), 0);
  // A crash in the middle of the next append: a frame's header and part of its bytes.
  const int fd = ::open(segment.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  std::string torn(kFrameHeaderBytes + 10, '\x07');
  torn[0] = 31;
  for (int i = 1; i < 8; ++i) torn[static_cast<size_t>(i)] = 0;
  ASSERT_EQ(::write(fd, torn.data(), torn.size()), static_cast<ssize_t>(torn.size()));
  ::close(fd);
  auto j = EventJournal::Open(journal_, EventJournal::Mode::kWriter, store::PosixFs(), Options(0));
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ((*j)->last_seq(), 30);
  struct stat after;
  ASSERT_EQ(::stat(segment.c_str(), &after), 0);
  EXPECT_EQ(after.st_size, st.st_size);  // cut where the frames end
  Append(**j, 30, 35, 5, written);
  EXPECT_EQ(ReadAll(**j), written);
}

TEST_F(JournalCompressionTest, AJournalWrittenBeforeCompressionIsReadAndContinuedCompressed) {
  store::Database::Options db_options;
  db_options.path = dir_ + "/berth.db";
  auto db = store::Database::Open(db_options);
  ASSERT_TRUE(db.ok());
  std::map<int64_t, std::string> written;
  JournalOptions plain;
  plain.compress = false;
  {
    auto store = JournaledEventStore::Open(**db, journal_, EventJournal::Mode::kWriter, plain);
    ASSERT_TRUE(store.ok()) << store.error().message;
    AppendOneByOne(**store, 0, 40, written);
  }
  EXPECT_TRUE(Exists(journal_ + "/seg-00000000000000000001.log"));
  auto store = JournaledEventStore::Open(**db, journal_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  AppendOneByOne(**store, 40, 60, written);
  EXPECT_TRUE(Exists(journal_ + "/seg-00000000000000000041.zlog"));
  // Lookups see both formats, before and after indexing; delivery reads both in seq order.
  const LookupQuery q = AllEvents(100);
  auto before = (*store)->Lookup(q);
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(before->size(), 60u);
  (*store)->WaitIndexed();
  auto found = (*store)->Lookup(q);
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_EQ(found->size(), 60u);
  for (const TrailEvent& e : *found) EXPECT_EQ(e.json, written[e.seq]) << e.seq;
  auto delivered = (*store)->ReadFrom(0, 100);
  ASSERT_TRUE(delivered.ok()) << delivered.error().message;
  ASSERT_EQ(delivered->size(), 60u);
  for (size_t i = 0; i < 60; ++i) EXPECT_EQ((*delivered)[i].json, written[static_cast<int64_t>(i + 1)]);
}

TEST_F(JournalCompressionTest, RetentionBySizeDropsTheOldestSegmentsAndTheirEvents) {
  store::Database::Options db_options;
  db_options.path = dir_ + "/berth.db";
  auto db = store::Database::Open(db_options);
  ASSERT_TRUE(db.ok());
  JournalOptions small = Options(0);
  small.segment_bytes = 16 << 10;  // small segments, to have many
  auto store = JournaledEventStore::Open(**db, journal_, EventJournal::Mode::kWriter, small);
  ASSERT_TRUE(store.ok()) << store.error().message;
  for (int i = 0; i < 3000; i += 50) {
    JournalBatch batch;
    std::vector<std::string> jsons;
    for (int k = i; k < i + 50; ++k) {
      jsons.push_back(Record(k));
      batch.Add(TimePoint(std::chrono::milliseconds(1700000000000 + k)), jsons.back());
    }
    ASSERT_TRUE((*store)->Append(batch, {}).ok());
  }
  (*store)->WaitIndexed();
  // Nothing goes while the journal fits.
  auto none = (*store)->DeleteOverSize(1ull << 40);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0u);
  auto journal = EventJournal::Open(journal_, EventJournal::Mode::kReader);
  ASSERT_TRUE(journal.ok());
  auto total = (*journal)->DiskBytes();
  ASSERT_TRUE(total.ok());
  const uint64_t cap = *total / 3;
  auto deleted = (*store)->DeleteOverSize(cap);
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_GT(*deleted, 0u);
  auto left = (*journal)->DiskBytes();
  ASSERT_TRUE(left.ok());
  EXPECT_LE(*left, cap);
  // The oldest went: lookups and delivery start at the first event kept, the newest are all there.
  auto kept = (*store)->ReadFrom(0, 5000);
  ASSERT_TRUE(kept.ok());
  ASSERT_FALSE(kept->empty());
  EXPECT_EQ(kept->front().seq, static_cast<int64_t>(*deleted) + 1);
  EXPECT_EQ(kept->back().seq, 3000);
  auto found = (*store)->Lookup(AllEvents(5000));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), kept->size());
}

}  // namespace
}  // namespace berth::services::cloudtrail
