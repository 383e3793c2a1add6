// The bucket store's object files under the fault-injecting file system
// (tests/support/fault_fs.h): puts, a replacement, a streamed write and a delete are cut off at
// every one of their disk calls in turn — the process dies there and the power goes, so what
// was not fsynced is lost — and the store reopened on what is left must answer every key as
// its last acknowledged write left it (or as a write under way at the crash would), with
// whole bytes. SQLite's own writes are not under the fault file system: what it commits stays.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "fault_fs.h"
#include "services/s3/store/local_bucket_store.h"
#include "store/database.h"

namespace berth::services::s3 {
namespace {

constexpr char kOwner[] = "111122223333";
using Value = std::optional<std::string>;  // nullopt: no such key

// What each key may hold after the crash: its last acknowledged state, and the states of
// writes attempted since (not acknowledged: they may or may not have happened).
class Expected {
 public:
  void Attempt(const std::string& key, Value v) {
    auto [it, fresh] = possible_.try_emplace(key, std::set<Value>{std::nullopt});  // absent so far
    it->second.insert(std::move(v));
  }
  void Acknowledge(const std::string& key, Value v) { possible_[key] = {v}; }
  const std::map<std::string, std::set<Value>>& possible() const { return possible_; }

 private:
  std::map<std::string, std::set<Value>> possible_;
};

void Workload(BucketStore& store, Expected& expected, const testing::FaultFs& fs, TimePoint now) {
  if (!store.CreateBucket({"logs", kOwner, "us-east-1", now}).ok() || fs.crashed()) return;
  auto put = [&](const std::string& key, const std::string& bytes) {
    expected.Attempt(key, bytes);
    if (store.PutObject("logs", key, bytes, {}).ok() && !fs.crashed()) {
      expected.Acknowledge(key, bytes);
    }
  };
  put("a", "first version of a");
  put("b", std::string(100000, 'b'));
  put("a", "second version of a");
  expected.Attempt("c", std::string(50000, 'c') + "end");
  if (auto pending = store.BeginObject("logs"); pending.ok()) {
    if ((*pending)->Append(std::string(50000, 'c')).ok() && (*pending)->Append("end").ok()) {
      if (store.CommitObject(std::move(*pending), "c", {}, "", "").ok() && !fs.crashed()) {
        expected.Acknowledge("c", std::string(50000, 'c') + "end");
      }
    }
  }
  expected.Attempt("b", std::nullopt);
  if (store.DeleteObject("logs", "b").ok() && !fs.crashed()) expected.Acknowledge("b", std::nullopt);
  put("d", "");
}

std::string ReadRange(const FileRange& f) {
  std::ifstream in(f.path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str().substr(f.offset, f.length);
}

TEST(BucketStoreCrashTest, EveryKeyIsAsItsLastAcknowledgedWriteLeftIt) {
  const std::string root =
      ::testing::TempDir() + "berth_s3_crash_" + std::to_string(::getpid());
  const FakeClock clock(FromMillis(1700000000000));
  store::Database::Options options;
  options.path = root + "/berth.db";
  Expected expected;
  const int steps = testing::CrashAtEveryStep(
      [&](testing::FaultFs& fs) {
        std::filesystem::remove_all(root);
        std::filesystem::create_directories(root);
        expected = Expected();
        auto db = store::Database::Open(options);
        ASSERT_TRUE(db.ok()) << db.error().message;
        auto store = LocalBucketStore::Open(**db, root + "/buckets", clock, fs);
        if (store.ok()) Workload(**store, expected, fs, clock.Now());
      },
      [&](int n) {
        auto db = store::Database::Open(options);
        ASSERT_TRUE(db.ok()) << db.error().message;
        auto store = LocalBucketStore::Open(**db, root + "/buckets", clock);
        ASSERT_TRUE(store.ok()) << "step " << n << ": " << store.error().message;
        for (const auto& [key, possible] : expected.possible()) {
          auto object = (*store)->GetObject("logs", key);
          ASSERT_TRUE(object.ok()) << "step " << n << ": " << object.error().message;
          Value actual;
          if (*object) {
            actual = ReadRange((**object).file);
            EXPECT_EQ(actual->size(), (**object).info.size) << "step " << n << ": " << key;
          }
          EXPECT_TRUE(possible.count(actual))
              << "step " << n << ": key " << key << " holds "
              << (actual ? std::to_string(actual->size()) + " bytes" : "nothing")
              << ", which no acknowledged (or attempted) write left";
        }
      });
  EXPECT_GT(steps, 15);
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace berth::services::s3
