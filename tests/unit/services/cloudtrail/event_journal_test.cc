#include "services/cloudtrail/store/event_journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <gtest/gtest.h>

#include "services/cloudtrail/store/journaled_event_store.h"
#include "services/cloudtrail/store/sqlite_event_store.h"
#include "store/database.h"

namespace berth::services::cloudtrail {
namespace {

class EventJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "berth_journal_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "' && mkdir -p '" + dir_ + "'").c_str()), 0);
  }
  void TearDown() override { ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0); }

  static TrailEvent Event(const std::string& name, int64_t ms) {
    pipeline::CallRecord call;
    call.time = TimePoint(std::chrono::milliseconds(ms));
    call.operation = name;
    call.event_source = "ecr.amazonaws.com";
    auth::Principal p;
    p.account_id = "123456789012";
    p.user_name = "alice";
    p.access_key_id = "AKIATEST";
    call.principal = p;
    call.resources.push_back({"AWS::ECR::Repository", "arn:aws:ecr:us-east-1:123456789012:repository/app"});
    return BuildEvent(call, "us-east-1", "123456789012");
  }

  std::vector<std::pair<int64_t, std::string>> ReadAll(EventJournal& j, int64_t after = 0) {
    std::vector<std::pair<int64_t, std::string>> out;
    EXPECT_TRUE(j.ReadAfter(after, [&](int64_t seq, TimePoint, std::string_view json) {
                   out.emplace_back(seq, std::string(json));
                   return Ok();
                 }).ok());
    return out;
  }

  std::string dir_;
};

TEST_F(EventJournalTest, AppendsAssignSeqsAndSurviveReopening) {
  {
    auto j = EventJournal::Open(dir_ + "/j");
    ASSERT_TRUE(j.ok());
    std::vector<TrailEvent> batch = {Event("A", 1000), Event("B", 1001)};
    ASSERT_TRUE((*j)->Append(batch).ok());
    EXPECT_EQ(batch[0].seq, 1);
    EXPECT_EQ(batch[1].seq, 2);
  }
  auto j = EventJournal::Open(dir_ + "/j");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)->last_seq(), 2);
  auto all = ReadAll(**j);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_NE(all[1].second.find("\"eventName\":\"B\""), std::string::npos);
  EXPECT_EQ(ReadAll(**j, 1).size(), 1u);
}

TEST_F(EventJournalTest, OneWriterAtATime) {
  auto first = EventJournal::Open(dir_ + "/j");
  ASSERT_TRUE(first.ok());
  auto second = EventJournal::Open(dir_ + "/j");
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find("in use"), std::string::npos);
  first->reset();
  EXPECT_TRUE(EventJournal::Open(dir_ + "/j").ok());
}

TEST_F(EventJournalTest, ATornTailIsCutOffAndAppendsContinueAfterIt) {
  {
    auto j = EventJournal::Open(dir_ + "/j");
    std::vector<TrailEvent> batch = {Event("A", 1000), Event("B", 1001)};
    ASSERT_TRUE((*j)->Append(batch).ok());
  }
  // A crash in the middle of the next append: half a record at the end.
  const std::string segment = dir_ + "/j/seg-00000000000000000001.log";
  int fd = ::open(segment.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  const char junk[] = "\x03\x00\x00\x00\x00\x00\x00\x00garbage";
  ASSERT_EQ(::write(fd, junk, sizeof junk - 1), static_cast<ssize_t>(sizeof junk - 1));
  ::close(fd);

  auto j = EventJournal::Open(dir_ + "/j");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)->last_seq(), 2);
  std::vector<TrailEvent> more = {Event("C", 1002)};
  ASSERT_TRUE((*j)->Append(more).ok());
  EXPECT_EQ(more[0].seq, 3);
  EXPECT_EQ(ReadAll(**j).size(), 3u);
}

TEST_F(EventJournalTest, EventsReadBackFromTheJournalKeepTheirAttributes) {
  TrailEvent original = Event("PutImage", 1795843000123);
  auto parsed = ParseEvent(original.json, original.event_time);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->event_id, original.event_id);
  EXPECT_EQ(parsed->event_name, "PutImage");
  EXPECT_EQ(parsed->username, "alice");
  EXPECT_EQ(parsed->access_key_id, "AKIATEST");
  EXPECT_EQ(parsed->account_id, "123456789012");
  EXPECT_EQ(parsed->region, "us-east-1");
  ASSERT_EQ(parsed->resources.size(), 1u);
  EXPECT_EQ(parsed->resources[0].type, "AWS::ECR::Repository");
  EXPECT_EQ(parsed->event_time, original.event_time);
}

TEST_F(EventJournalTest, TheStoreSeesAppendsAtOnceAndIndexesWhatACrashLeftInTheJournal) {
  store::Database::Options options;
  options.path = dir_ + "/berth.db";
  auto db = store::Database::Open(options);
  ASSERT_TRUE(db.ok());
  {
    // Events journaled but never indexed (as if the process died before the indexer ran).
    auto j = EventJournal::Open(dir_ + "/j");
    std::vector<TrailEvent> batch = {Event("CreateRepository", 1000), Event("PutImage", 1001)};
    ASSERT_TRUE((*j)->Append(batch).ok());
  }
  auto index = SqliteEventStore::Open(**db);
  ASSERT_TRUE(index.ok());
  auto store = JournaledEventStore::Open(std::move(*index), dir_ + "/j");
  ASSERT_TRUE(store.ok()) << store.error().message;
  LookupQuery q;
  q.account_id = "123456789012";
  q.start = TimePoint(std::chrono::milliseconds(0));
  q.end = TimePoint(std::chrono::milliseconds(10000));
  q.key = LookupKey::kEventName;
  q.value = "PutImage";
  auto found = (*store)->Lookup(q);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].seq, 2);

  // A new append is visible before the indexer has run, and after.
  std::vector<TrailEvent> more = {Event("PutImage", 1002)};
  ASSERT_TRUE((*store)->Append(more).ok());
  EXPECT_EQ((*store)->Lookup(q)->size(), 2u);
  (*store)->WaitIndexed();
  auto after = (*store)->Lookup(q);
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].seq, 3);  // newest first
  EXPECT_EQ(*(*store)->LastSeq(), 3);
  EXPECT_EQ((*store)->ReadFrom(0, 10)->size(), 3u);
}

}  // namespace
}  // namespace berth::services::cloudtrail
