#include "services/cloudtrail/store/event_journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <thread>
#include <gtest/gtest.h>
#include <zlib.h>

#include "services/cloudtrail/store/journaled_event_store.h"
#include "store/database.h"
#include "store/file_system.h"

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

  static TrailEvent Event(const std::string& name, int64_t ms, const std::string& user = "alice") {
    pipeline::CallRecord call;
    call.time = TimePoint(std::chrono::milliseconds(ms));
    call.operation = name;
    call.event_source = "ecr.amazonaws.com";
    auth::Principal p;
    p.account_id = "123456789012";
    p.user_name = user;
    p.access_key_id = "AKIATEST";
    call.principal = p;
    call.resources.push_back({"AWS::ECR::Repository", "arn:aws:ecr:us-east-1:123456789012:repository/app"});
    return BuildEvent(call, "us-east-1", "123456789012");
  }

  // Appends the events' records as the recorder does, giving them the seqs they got.
  static Status AppendTo(EventJournal& journal, std::vector<TrailEvent>& events) {
    JournalBatch batch = BatchOf(events);
    BERTH_ASSIGN_OR_RETURN(JournalRange range, journal.Append(batch));
    for (size_t i = 0; i < events.size(); ++i) events[i].seq = range.first_seq + static_cast<int64_t>(i);
    return Ok();
  }
  static Status AppendTo(EventStore& store, std::vector<TrailEvent>& events) {
    JournalBatch batch = BatchOf(events);
    BERTH_RETURN_IF_ERROR(store.Append(batch, {}));
    BERTH_ASSIGN_OR_RETURN(int64_t last, store.LastSeq());
    const int64_t first = last - static_cast<int64_t>(events.size()) + 1;
    for (size_t i = 0; i < events.size(); ++i) events[i].seq = first + static_cast<int64_t>(i);
    return Ok();
  }
  static JournalBatch BatchOf(const std::vector<TrailEvent>& events) {
    JournalBatch batch;
    for (const auto& e : events) batch.Add(e.event_time, e.json);
    return batch;
  }

  // The plain format (compression off): what the tests of its layout and preallocation read.
  static Result<std::unique_ptr<EventJournal>> OpenPlain(const std::string& dir) {
    JournalOptions plain;
    plain.compress = false;
    return EventJournal::Open(dir, EventJournal::Mode::kWriter, store::PosixFs(), plain);
  }

  static int Segments(const std::string& dir) {
    int n = 0;
    EXPECT_TRUE(store::ForEachEntry(dir, [&](const std::string& name) {
                  n += name.rfind("seg-", 0) == 0 ? 1 : 0;
                  return Ok();
                }).ok());
    return n;
  }

  // Appends over a megabyte of records, then one at a time until the journal (in `dir`) has
  // moved into the preallocated segment made in the background; how many it appended.
  static int64_t AppendUntilPreallocated(EventJournal& j, const std::string& dir) {
    std::vector<TrailEvent> batch;
    for (int i = 0; i < 1500; ++i) batch.push_back(Event("A", 1000 + i));
    EXPECT_TRUE(AppendTo(j, batch).ok());
    int64_t appended = 1500;
    for (int tries = 0; Segments(dir) < 2 && tries < 600; ++tries) {
      std::vector<TrailEvent> one = {Event("B", 5000)};
      EXPECT_TRUE(AppendTo(j, one).ok());
      ++appended;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(Segments(dir), 2);
    return appended;
  }

  std::vector<std::pair<int64_t, std::string>> ReadAll(EventJournal& j, int64_t after = 0) {
    std::vector<std::pair<int64_t, std::string>> out;
    EXPECT_TRUE(j.ReadAfter(after, [&](int64_t seq, TimePoint, int64_t, std::string_view json) {
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
    ASSERT_TRUE(AppendTo(**j, batch).ok());
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

TEST_F(EventJournalTest, AScanReadsARangeInPiecesAcrossRecordsCutByThem) {
  auto j = EventJournal::Open(dir_ + "/j");
  ASSERT_TRUE(j.ok());
  std::vector<TrailEvent> first = {Event("A", 1000)};
  ASSERT_TRUE(AppendTo(**j, first).ok());
  // Over 1 MiB of records, one of them larger than a piece: the scan's reads cut records.
  JournalBatch batch;
  const std::string big = "{\"eventName\":\"" + std::string(1500000, 'x') + "\"}";
  for (int i = 0; i < 3000; ++i) {
    if (i == 1200) batch.Add(TimePoint(std::chrono::milliseconds(2000)), big);
    const TrailEvent e = Event("B" + std::to_string(i), 2000 + i);
    batch.Add(e.event_time, e.json);
  }
  auto range = (*j)->Append(batch);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->first_seq, 2);
  EXPECT_EQ(range->last_seq, 3002);
  int64_t expected = 2;
  ASSERT_TRUE((*j)->Scan(*range, [&](int64_t seq, TimePoint, int64_t, std::string_view json) {
                 EXPECT_EQ(seq, expected++);
                 EXPECT_EQ(json.front(), '{');
                 return Ok();
               }).ok());
  EXPECT_EQ(expected, 3003);
}

TEST_F(EventJournalTest, ABusyJournalMovesIntoAPreallocatedSegmentThatSurvivesReopening) {
  const std::string dir = dir_ + "/j";
  int64_t appended = 0;
  {
    auto j = OpenPlain(dir);
    ASSERT_TRUE(j.ok());
    appended = AppendUntilPreallocated(**j, dir);
    ASSERT_EQ(Segments(dir), 2);
    // Appends of a few records each, read back at once: each writes the segment's last partial
    // block again (O_DIRECT writes whole blocks), and reads through the page cache see it.
    for (size_t n = 1; n <= 12; ++n) {
      const std::string name = "F" + std::to_string(n);
      std::vector<TrailEvent> some(n, Event(name, 8000));
      JournalBatch batch = BatchOf(some);
      auto range = (*j)->Append(batch);
      ASSERT_TRUE(range.ok()) << range.error().message;
      appended += static_cast<int64_t>(n);
      size_t seen = 0;
      ASSERT_TRUE((*j)->Scan(*range, [&](int64_t, TimePoint, int64_t, std::string_view json) {
                     seen += json.find("\"eventName\":\"" + name + "\"") != json.npos ? 1 : 0;
                     return Ok();
                   }).ok());
      EXPECT_EQ(seen, n);
    }
    std::vector<TrailEvent> more = {Event("C", 6000), Event("D", 6001)};
    ASSERT_TRUE(AppendTo(**j, more).ok());
    appended += 2;
  }
  struct stat st;
  bool preallocated = false;
  ASSERT_TRUE(store::ForEachEntry(dir, [&](const std::string& name) {
                if (name.rfind("seg-", 0) == 0 && name != "seg-00000000000000000001.log" &&
                    ::stat((dir + "/" + name).c_str(), &st) == 0) {
                  preallocated = st.st_size == (64 << 20);
                }
                return Ok();
              }).ok());
  EXPECT_TRUE(preallocated);  // the records overwrote its zeros; its size did not change
  auto j = OpenPlain(dir);
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ((*j)->last_seq(), appended);
  auto all = ReadAll(**j);
  ASSERT_EQ(static_cast<int64_t>(all.size()), appended);
  EXPECT_NE(all.back().second.find("\"eventName\":\"D\""), std::string::npos);
  std::vector<TrailEvent> after = {Event("E", 7000)};
  ASSERT_TRUE(AppendTo(**j, after).ok());
  EXPECT_EQ(after[0].seq, appended + 1);
  EXPECT_EQ(ReadAll(**j, appended).size(), 1u);
}

TEST_F(EventJournalTest, AnAppendPastAPreallocatedSegmentsEndGrowsItAndTheNextOneStartsAnother) {
  const std::string dir = dir_ + "/j";
  int64_t appended = 0;
  const std::string big = "{\"eventName\":\"" + std::string(13 << 20, 'x') + "\"}";
  {
    auto j = OpenPlain(dir);
    ASSERT_TRUE(j.ok());
    appended = AppendUntilPreallocated(**j, dir);
    // 65 MB in one append: past the 64 MB of zeros, so the direct write also grows the file.
    JournalBatch batch;
    for (int i = 0; i < 5; ++i) batch.Add(TimePoint(std::chrono::milliseconds(9000 + i)), big);
    auto range = (*j)->Append(batch);
    ASSERT_TRUE(range.ok()) << range.error().message;
    EXPECT_EQ(range->first_seq, appended + 1);
    appended += 5;
  }
  auto j = OpenPlain(dir);
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ((*j)->last_seq(), appended);
  const auto bigs = ReadAll(**j, appended - 5);
  ASSERT_EQ(bigs.size(), 5u);
  for (const auto& [seq, json] : bigs) EXPECT_EQ(json, big) << seq;
  // The full segment is left be: the next append starts a new one.
  std::vector<TrailEvent> after = {Event("E", 9100)};
  ASSERT_TRUE(AppendTo(**j, after).ok());
  EXPECT_EQ(after[0].seq, appended + 1);
  EXPECT_EQ(Segments(dir), 3);
  const auto last = ReadAll(**j, appended);
  ASSERT_EQ(last.size(), 1u);
  EXPECT_NE(last[0].second.find("\"eventName\":\"E\""), std::string::npos);
}

TEST_F(EventJournalTest, RecordsCarryZlibsCrc32SoEveryJournalReadsTheSame) {
  {
    auto j = OpenPlain(dir_ + "/j");
    std::vector<TrailEvent> batch = {Event("A", 1000)};
    ASSERT_TRUE(AppendTo(**j, batch).ok());
  }
  std::ifstream in(dir_ + "/j/seg-00000000000000000001.log", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 24u);
  const std::string_view json = std::string_view(bytes).substr(24);
  uint32_t stored = 0;
  for (int i = 3; i >= 0; --i) stored = (stored << 8) | static_cast<unsigned char>(bytes[20 + i]);
  EXPECT_EQ(stored, crc32(0, reinterpret_cast<const Bytef*>(json.data()),
                          static_cast<uInt>(json.size())));
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
    auto j = OpenPlain(dir_ + "/j");
    std::vector<TrailEvent> batch = {Event("A", 1000), Event("B", 1001)};
    ASSERT_TRUE(AppendTo(**j, batch).ok());
  }
  // A crash in the middle of the next append: half a record at the end.
  const std::string segment = dir_ + "/j/seg-00000000000000000001.log";
  int fd = ::open(segment.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  const char junk[] = "\x03\x00\x00\x00\x00\x00\x00\x00garbage";
  ASSERT_EQ(::write(fd, junk, sizeof junk - 1), static_cast<ssize_t>(sizeof junk - 1));
  ::close(fd);

  auto j = OpenPlain(dir_ + "/j");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)->last_seq(), 2);
  std::vector<TrailEvent> more = {Event("C", 1002)};
  ASSERT_TRUE(AppendTo(**j, more).ok());
  EXPECT_EQ(more[0].seq, 3);
  EXPECT_EQ(ReadAll(**j).size(), 3u);
}

TEST_F(EventJournalTest, ATornAppendInAPreallocatedSegmentIsCutOffAndAppendsContinueAfterIt) {
  const std::string dir = dir_ + "/j";
  int64_t appended = 0;
  std::string segment;
  int64_t end = 0;  // of the records in the preallocated segment
  {
    auto j = OpenPlain(dir);
    ASSERT_TRUE(j.ok());
    appended = AppendUntilPreallocated(**j, dir);
    ASSERT_TRUE((*j)->ReadAfter(0, [&](int64_t, TimePoint, int64_t offset, std::string_view json) {
                   end = offset + static_cast<int64_t>(EventJournal::kHeaderBytes + json.size());
                   return Ok();
                 }).ok());
    ASSERT_TRUE(store::ForEachEntry(dir, [&](const std::string& name) {
                  if (name.rfind("seg-", 0) == 0 && name != "seg-00000000000000000001.log") {
                    segment = dir + "/" + name;
                  }
                  return Ok();
                }).ok());
  }
  // A crash in the middle of the next direct write: a header and part of its record, then the
  // zeros that were there.
  const int fd = ::open(segment.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  const char junk[] = "\x07\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00"
                      "\x40\x00\x00\x00\x00\x00\x00\x00{\"eventVersion\"";
  ASSERT_EQ(::pwrite(fd, junk, sizeof junk - 1, end), static_cast<ssize_t>(sizeof junk - 1));
  ::close(fd);

  auto j = OpenPlain(dir);
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ((*j)->last_seq(), appended);
  struct stat st;
  ASSERT_EQ(::stat(segment.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, end);  // cut where its records end
  std::vector<TrailEvent> more = {Event("C", 9000), Event("D", 9001)};
  ASSERT_TRUE(AppendTo(**j, more).ok());
  EXPECT_EQ(more[0].seq, appended + 1);
  j->reset();
  j = OpenPlain(dir);
  ASSERT_TRUE(j.ok()) << j.error().message;
  const auto all = ReadAll(**j);
  ASSERT_EQ(static_cast<int64_t>(all.size()), appended + 2);
  EXPECT_NE(all.back().second.find("\"eventName\":\"D\""), std::string::npos);
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
    ASSERT_TRUE(AppendTo(**j, batch).ok());
  }
  auto store = JournaledEventStore::Open(**db, dir_ + "/j");
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
  ASSERT_TRUE(AppendTo(**store, more).ok());
  EXPECT_EQ((*store)->Lookup(q)->size(), 2u);
  (*store)->WaitIndexed();
  auto after = (*store)->Lookup(q);
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].seq, 3);  // newest first
  EXPECT_EQ(*(*store)->LastSeq(), 3);
  EXPECT_EQ((*store)->ReadFrom(0, 10)->size(), 3u);
}

class EventHistoryTest : public EventJournalTest {
 protected:
  void SetUp() override {
    EventJournalTest::SetUp();
    store::Database::Options options;
    options.path = dir_ + "/berth.db";
    auto db = store::Database::Open(options);
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
  }
  LookupQuery Query(std::optional<LookupKey> key, std::string value) {
    LookupQuery q;
    q.account_id = "123456789012";
    q.start = TimePoint(std::chrono::milliseconds(0));
    q.end = TimePoint(std::chrono::milliseconds(1LL << 50));
    q.key = key;
    q.value = std::move(value);
    return q;
  }
  // How many events a lookup finds (0, and a failure, when it fails).
  size_t Count(EventStore& store, std::optional<LookupKey> key, std::string value) {
    auto found = store.Lookup(Query(key, std::move(value)));
    EXPECT_TRUE(found.ok());
    return found.ok() ? found->size() : 0u;
  }
  std::unique_ptr<store::Database> db_;
};

TEST_F(EventHistoryTest, EveryAttributeFindsItsEventsFromTheIndex) {
  auto store = JournaledEventStore::Open(*db_, dir_ + "/j");
  ASSERT_TRUE(store.ok()) << store.error().message;
  std::vector<TrailEvent> batch = {Event("CreateRepository", 1000), Event("PutImage", 1000),
                                   Event("PutImage", 1001, "bob")};
  const std::string id = batch[1].event_id, json = batch[1].json;
  ASSERT_TRUE(AppendTo(**store, batch).ok());
  (*store)->WaitIndexed();
  auto count = [&](std::optional<LookupKey> key, std::string value) {
    return Count(**store, key, std::move(value));
  };
  EXPECT_EQ(count(std::nullopt, ""), 3u);
  EXPECT_EQ(count(LookupKey::kEventName, "PutImage"), 2u);
  EXPECT_EQ(count(LookupKey::kEventName, "DeleteRepository"), 0u);
  EXPECT_EQ(count(LookupKey::kEventSource, "ecr.amazonaws.com"), 3u);
  EXPECT_EQ(count(LookupKey::kReadOnly, "false"), 3u);
  EXPECT_EQ(count(LookupKey::kReadOnly, "true"), 0u);
  EXPECT_EQ(count(LookupKey::kUsername, "alice"), 2u);
  EXPECT_EQ(count(LookupKey::kUsername, "bob"), 1u);
  EXPECT_EQ(count(LookupKey::kAccessKeyId, "AKIATEST"), 3u);
  EXPECT_EQ(count(LookupKey::kResourceType, "AWS::ECR::Repository"), 3u);
  EXPECT_EQ(count(LookupKey::kResourceName, "arn:aws:ecr:us-east-1:123456789012:repository/app"), 3u);
  auto by_id = (*store)->Lookup(Query(LookupKey::kEventId, id));
  ASSERT_TRUE(by_id.ok());
  ASSERT_EQ(by_id->size(), 1u);
  EXPECT_EQ((*by_id)[0].event_id, id);
  EXPECT_EQ((*by_id)[0].json, json);
  ASSERT_EQ((*by_id)[0].resources.size(), 1u);
  EXPECT_EQ(count(LookupKey::kEventId, "not-an-id"), 0u);
  // Another account sees none of them.
  LookupQuery other = Query(std::nullopt, "");
  other.account_id = "210987654321";
  EXPECT_EQ((*store)->Lookup(other)->size(), 0u);
}

// The calls of every kind of caller and outcome the recorder sees.
std::vector<pipeline::CallRecord> VariedCalls() {
  std::vector<pipeline::CallRecord> calls;
  auth::Principal user;
  user.type = auth::PrincipalType::kIamUser;
  user.account_id = "123456789012";
  user.user_name = "alice";
  user.access_key_id = "AKIAALICE";
  auth::Principal root = user;
  root.type = auth::PrincipalType::kRoot;
  root.user_name.clear();
  root.access_key_id = "AKIAROOT";
  for (int i = 0; i < 4; ++i) {
    pipeline::CallRecord call;
    call.time = TimePoint(std::chrono::milliseconds(1795843000000 + i));
    call.request_id = "req-" + std::to_string(i);
    if (i == 0) {
      call.principal = user;
      call.operation = "PutImage";
      call.event_source = "ecr.amazonaws.com";
      call.region = "eu-west-1";
      call.resources.push_back({"AWS::ECR::Repository", "arn:aws:ecr:eu-west-1:123456789012:repository/a"});
      call.resources.push_back({"AWS::ECR::Repository", "arn:aws:ecr:eu-west-1:123456789012:repository/b"});
    } else if (i == 1) {
      call.principal = root;
      call.operation = "DescribeRepositories";
      call.event_source = "ecr.amazonaws.com";
      call.read_only = true;
    } else if (i == 2) {
      call.error = Error{"InvalidSignatureException", "bad \"signature\"", 400};
    } else {
      call.principal = user;
      call.operation = "GetLogEvents";
      call.event_source = "logs.amazonaws.com";
      call.read_only = true;
      call.error = Error{"AccessDeniedException", "no", 400};
    }
    calls.push_back(std::move(call));
  }
  return calls;
}

TEST(IndexEntryTest, SaysWhatTheRecordSays) {
  std::string entries;
  std::vector<std::string> records;
  for (const auto& call : VariedCalls()) {
    std::string json;
    WriteRecord(call, "us-east-1", "210987654321", json);
    AppendIndexEntry(call, "us-east-1", "210987654321", json.size(), entries);
    records.push_back(json);
  }
  size_t at = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    TrailEvent entry;
    size_t length = 0;
    ASSERT_TRUE(ReadIndexEntry(entries, at, entry, length));
    EXPECT_EQ(length, records[i].size());
    auto parsed = ParseAttributes(records[i], entry.event_time);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(entry.event_name, parsed->event_name) << i;
    EXPECT_EQ(entry.event_source, parsed->event_source) << i;
    EXPECT_EQ(entry.read_only, parsed->read_only) << i;
    EXPECT_EQ(entry.region, parsed->region) << i;
    EXPECT_EQ(entry.account_id, parsed->account_id) << i;
    EXPECT_EQ(entry.username, parsed->username) << i;
    EXPECT_EQ(entry.access_key_id, parsed->access_key_id) << i;
    EXPECT_EQ(entry.error_code, parsed->error_code) << i;
    ASSERT_EQ(entry.resources.size(), parsed->resources.size()) << i;
    for (size_t r = 0; r < entry.resources.size(); ++r) {
      EXPECT_EQ(entry.resources[r].type, parsed->resources[r].type);
      EXPECT_EQ(entry.resources[r].name, parsed->resources[r].name);
    }
  }
  EXPECT_EQ(at, entries.size());
  TrailEvent e;
  size_t length = 0;
  size_t cut = 0;
  EXPECT_FALSE(ReadIndexEntry(std::string_view(entries).substr(0, 30), cut, e, length));
}

TEST_F(EventHistoryTest, EventsAppendedWithIndexEntriesAreFoundByEveryAttribute) {
  auto store = JournaledEventStore::Open(*db_, dir_ + "/j");
  ASSERT_TRUE(store.ok());
  JournalBatch batch;
  std::string entries;
  for (const auto& call : VariedCalls()) {
    std::string json;
    WriteRecord(call, "us-east-1", "123456789012", json);
    batch.Add(call.time, json);
    AppendIndexEntry(call, "us-east-1", "123456789012", json.size(), entries);
  }
  ASSERT_TRUE((*store)->Append(batch, entries).ok());
  auto count = [&](std::optional<LookupKey> key, std::string value) {
    return Count(**store, key, std::move(value));
  };
  // Before the indexer has stored them (it waits for a fuller batch), and after.
  EXPECT_EQ(count(LookupKey::kUsername, "alice"), 2u);
  EXPECT_EQ(count(LookupKey::kAccessKeyId, "AKIAROOT"), 1u);
  auto unindexed = (*store)->Lookup(Query(LookupKey::kEventSource, "logs.amazonaws.com"));
  ASSERT_EQ(unindexed->size(), 1u);
  EXPECT_NE(unindexed->front().json.find("\"GetLogEvents\""), std::string::npos);
  (*store)->WaitIndexed();
  EXPECT_EQ(count(std::nullopt, ""), 4u);
  EXPECT_EQ(count(LookupKey::kUsername, "alice"), 2u);
  EXPECT_EQ(count(LookupKey::kUsername, "root"), 1u);
  EXPECT_EQ(count(LookupKey::kReadOnly, "true"), 2u);
  EXPECT_EQ(count(LookupKey::kEventSource, "logs.amazonaws.com"), 1u);
  EXPECT_EQ(count(LookupKey::kAccessKeyId, "AKIAROOT"), 1u);
  EXPECT_EQ(count(LookupKey::kResourceName, "arn:aws:ecr:eu-west-1:123456789012:repository/b"), 1u);
  // The records are where the entries' lengths say: the page's JSON reads back whole.
  auto all = (*store)->Lookup(Query(std::nullopt, ""));
  ASSERT_EQ(all->size(), 4u);
  for (const auto& e : *all) EXPECT_EQ(e.json.front(), '{');
  EXPECT_EQ((*store)->ReadFrom(0, 10)->size(), 4u);
}

TEST_F(EventHistoryTest, PagesComeNewestFirstAndContinueAfterTheLastEvent) {
  auto store = JournaledEventStore::Open(*db_, dir_ + "/j");
  std::vector<TrailEvent> batch;
  for (int i = 0; i < 7; ++i) batch.push_back(Event("PutImage", 1000 + i / 2));
  ASSERT_TRUE(AppendTo(**store, batch).ok());
  (*store)->WaitIndexed();
  LookupQuery q = Query(LookupKey::kEventName, "PutImage");
  q.limit = 3;
  std::vector<int64_t> seen;
  for (;;) {
    auto page = (*store)->Lookup(q);
    ASSERT_TRUE(page.ok());
    for (const auto& e : *page) seen.push_back(e.seq);
    if (page->size() < q.limit) break;
    q.after = std::make_pair(page->back().event_time, page->back().seq);
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{7, 6, 5, 4, 3, 2, 1}));
}

TEST_F(EventHistoryTest, RetentionForgetsOldEventsAndTheirSegments) {
  auto store = JournaledEventStore::Open(*db_, dir_ + "/j");
  std::vector<TrailEvent> old = {Event("PutImage", 1000), Event("PutImage", 2000)};
  std::vector<TrailEvent> recent = {Event("PutImage", 9000)};
  ASSERT_TRUE(AppendTo(**store, old).ok());
  ASSERT_TRUE(AppendTo(**store, recent).ok());
  (*store)->WaitIndexed();
  auto deleted = (*store)->DeleteBefore(TimePoint(std::chrono::milliseconds(5000)));
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 2u);
  auto left = (*store)->Lookup(Query(LookupKey::kEventName, "PutImage"));
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].seq, 3);
  EXPECT_EQ((*store)->ReadFrom(0, 10)->size(), 1u);
  // Reopened, the expired events are not indexed again from the journal.
  store->reset();
  store = JournaledEventStore::Open(*db_, dir_ + "/j");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Lookup(Query(std::nullopt, ""))->size(), 1u);
}

TEST_F(EventHistoryTest, AReaderBesideTheServerLooksUpButNeverWrites) {
  auto writer = JournaledEventStore::Open(*db_, dir_ + "/j");
  ASSERT_TRUE(writer.ok());
  std::vector<TrailEvent> batch = {Event("PutImage", 1000)};
  ASSERT_TRUE(AppendTo(**writer, batch).ok());
  (*writer)->WaitIndexed();
  auto reader = JournaledEventStore::Open(*db_, dir_ + "/j", EventJournal::Mode::kReader);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ((*reader)->Lookup(Query(LookupKey::kEventName, "PutImage"))->size(), 1u);
  std::vector<TrailEvent> more = {Event("PutImage", 1001)};
  EXPECT_FALSE(AppendTo(**reader, more).ok());
}

TEST_F(EventHistoryTest, PagesStayInOrderAcrossIndexBatchesThatOverlapInTime) {
  auto store = JournaledEventStore::Open(*db_, dir_ + "/j");
  // Each batch indexed on its own (a block each), their times interleaved as slow calls make
  // them: a later batch holds events older than some of an earlier one.
  const std::vector<std::vector<int64_t>> batches = {
      {1000, 1005, 1010}, {1003, 1004, 1020}, {999, 1010, 1011}, {1001, 1002}};
  std::vector<std::pair<int64_t, int64_t>> expected;  // (time, seq)
  for (const auto& times : batches) {
    std::vector<TrailEvent> batch;
    for (int64_t t : times) batch.push_back(Event("PutImage", t));
    ASSERT_TRUE(AppendTo(**store, batch).ok());
    for (const auto& e : batch) expected.emplace_back(Millis(e.event_time), e.seq);
    (*store)->WaitIndexed();
  }
  std::sort(expected.rbegin(), expected.rend());
  for (size_t limit : {1u, 2u, 3u, 50u}) {
    LookupQuery q = Query(LookupKey::kEventName, "PutImage");
    q.limit = limit;
    std::vector<std::pair<int64_t, int64_t>> seen;
    for (;;) {
      auto page = (*store)->Lookup(q);
      ASSERT_TRUE(page.ok());
      for (const auto& e : *page) seen.emplace_back(Millis(e.event_time), e.seq);
      if (page->size() < limit) break;
      q.after = std::make_pair(page->back().event_time, page->back().seq);
    }
    EXPECT_EQ(seen, expected) << "limit " << limit;
  }
  // A time range inside the history.
  LookupQuery q = Query(std::nullopt, "");
  q.start = TimePoint(std::chrono::milliseconds(1002));
  q.end = TimePoint(std::chrono::milliseconds(1005));
  auto page = (*store)->Lookup(q);
  ASSERT_TRUE(page.ok());
  std::vector<int64_t> times;
  for (const auto& e : *page) times.push_back(Millis(e.event_time));
  EXPECT_EQ(times, (std::vector<int64_t>{1005, 1004, 1003, 1002}));
}

}  // namespace
}  // namespace berth::services::cloudtrail
