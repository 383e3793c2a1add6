// The blob store under the fault-injecting file system (tests/support/fault_fs.h): a workload of
// puts and uploads is cut off at every one of its disk calls in turn — the process dies there and
// the power goes, so what was not fsynced is lost — and the store reopened on what is left must
// hold every blob it acknowledged, whole, show no partial or wrong blob, and let every upload
// resume from where it says it stands. Then each disk call in turn fails once (I/O error, disk
// full): the call that met it fails, nothing acknowledged is lost, and the store goes on.

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "fault_fs.h"
#include "store/blob_store.h"

namespace berth::store {
namespace {

std::string DigestOf(std::string_view bytes) { return "sha256:" + crypto::Sha256Hex(bytes); }

// What the store acknowledged: blobs by digest, and each open upload's bytes (all that was
// sent; the store may hold a prefix of them after a crash).
struct Acknowledged {
  std::map<std::string, std::string> blobs;
  std::map<std::string, std::string> uploads;
};

// Every step runs whatever the steps before it met: a failed call is simply not acknowledged,
// and once the process has died (the crash point passed) nothing is.
void Workload(BlobStore& store, Acknowledged& acked, const testing::FaultFs& fs) {
  auto blob = [&](const Result<BlobInfo>& r, const std::string& bytes) {
    if (r.ok() && !fs.crashed()) acked.blobs[r->digest] = bytes;
  };
  const std::string config = "{\"config\":1}", manifest = "{\"manifest\":2}";
  const std::string part1(70000, 'a'), part2 = "the rest of the layer";
  blob(store.Put(config), config);
  if (auto id = store.BeginUpload(); id.ok()) {
    auto size = store.AppendUpload(*id, 0, part1);
    if (size.ok()) size = store.AppendUpload(*id, *size, part2);
    if (size.ok()) blob(store.CompleteUpload(*id, DigestOf(part1 + part2)), part1 + part2);
  }
  blob(store.Put(config), config);  // stored again: acknowledged only if durable
  if (auto id = store.BeginUpload(); id.ok() && !fs.crashed()) {
    acked.uploads[*id] = part1 + "left open";
    (void)store.AppendUpload(*id, 0, part1);
  }
  blob(store.Put(manifest), manifest);
}

std::string Root() {
  return ::testing::TempDir() + "berth_blob_crash_" + std::to_string(::getpid());
}

// An empty data dir, as the App makes it (durably) before it opens the store.
void Fresh(const std::string& root) {
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root);
}

// Every file under blobs/sha256 hashes to its name: no partial or wrong blob is visible.
void ExpectStoredBlobsWhole(BlobStore& store) {
  ASSERT_TRUE(store
                  .ListBlobs([&](const BlobInfo& info, TimePoint) {
                    auto bytes = store.ReadAll(info.digest, 1 << 20);
                    ASSERT_TRUE(bytes.ok()) << info.digest;
                    EXPECT_EQ(DigestOf(*bytes), info.digest) << "a blob holds other bytes";
                  })
                  .ok());
}

void ExpectNothingLost(const std::string& root, const Acknowledged& acked, int step) {
  auto reopened = OpenLocalBlobStore(root);
  ASSERT_TRUE(reopened.ok()) << "step " << step << ": " << reopened.error().message;
  BlobStore& store = **reopened;
  for (const auto& [digest, bytes] : acked.blobs) {
    auto read = store.ReadAll(digest, 1 << 20);
    ASSERT_TRUE(read.ok()) << "step " << step << ": acknowledged blob lost: " << digest;
    EXPECT_EQ(*read, bytes) << "step " << step;
  }
  ExpectStoredBlobsWhole(store);
  for (const auto& [id, bytes] : acked.uploads) {
    auto size = store.UploadSize(id);
    if (!size.ok()) continue;  // its bytes were never acknowledged durable: the client restarts
    ASSERT_LE(*size, bytes.size()) << "step " << step;
    auto resumed = store.AppendUpload(id, *size, std::string_view(bytes).substr(*size));
    ASSERT_TRUE(resumed.ok()) << "step " << step << ": " << resumed.error().message;
    auto done = store.CompleteUpload(id, DigestOf(bytes));
    ASSERT_TRUE(done.ok()) << "step " << step << ": an upload resumed after a crash is corrupt: "
                           << done.error().message;
  }
}

TEST(BlobStoreCrashTest, NothingAcknowledgedIsLostWhereverTheProcessDies) {
  const std::string root = Root();
  Acknowledged acked;
  const int steps = testing::CrashAtEveryStep(
      [&](testing::FaultFs& fs) {
        Fresh(root);
        acked = Acknowledged();
        if (auto store = OpenLocalBlobStore(root, fs); store.ok()) Workload(**store, acked, fs);
      },
      [&](int n) { ExpectNothingLost(root, acked, n); });
  EXPECT_GT(steps, 15);  // the workload's disk calls, each a crash point
  std::filesystem::remove_all(root);
}

TEST(BlobStoreCrashTest, AFailedDiskCallLosesNothingAcknowledgedAndTheStoreGoesOn) {
  const std::string root = Root();
  for (int error : {EIO, ENOSPC}) {
    for (int n = 1;; ++n) {
      Fresh(root);
      testing::FaultFs fs;
      fs.FailAt(n, error);
      Acknowledged acked;
      auto store = OpenLocalBlobStore(root, fs);
      if (store.ok()) Workload(**store, acked, fs);
      const bool reached = fs.mutations() >= n;
      if (store.ok() && reached) {
        // The store goes on: a blob put after the failure is stored.
        auto after = (*store)->Put("after the failure");
        ASSERT_TRUE(after.ok()) << "step " << n << ": " << after.error().message;
        acked.blobs[after->digest] = "after the failure";
      }
      fs.DropUnsynced();  // and the power goes too
      ExpectNothingLost(root, acked, n);
      if (HasFatalFailure() || !reached) break;
    }
  }
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace berth::store
