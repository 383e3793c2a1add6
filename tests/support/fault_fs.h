#pragma once
// A file system for crash tests, after LevelDB's FaultInjectionTestEnv: the real POSIX calls on a
// real directory, plus what a test needs to prove that nothing acknowledged is lost.
//
// - It numbers every call that changes the disk (creating open, write, pwrite, fsync, fdatasync,
//   ftruncate, rename, link, unlink, mkdir) from 1.
// - CrashAt(n): the n-th such call and every later one fail with EIO and change nothing, as if
//   the process had died just before it.
// - FailAt(n, errno): the n-th call alone fails (EIO, ENOSPC for a full disk); later ones work.
// - DropUnsynced(): what a power cut would lose is undone on the disk. A file's contents go
//   back to what they were at its last fsync/fdatasync, and a directory entry made, renamed or
//   removed since its directory's last fsync is undone (newest first). A file renamed or
//   linked carries its unsynced contents with it.
//
// Paths must be spelled the same way for the same file (the stores build them from one root).
// One thread at a time.

#include <cerrno>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/fs.h"

namespace berth::testing {

class FaultFs final : public store::Fs {
 public:
  void CrashAt(int n) { crash_at_ = n; }
  void FailAt(int n, int error) {
    fail_at_ = n;
    fail_errno_ = error;
  }
  int mutations() const { return mutations_; }
  bool crashed() const { return crash_at_ > 0 && mutations_ >= crash_at_; }
  void DropUnsynced();

  int Open(const char* path, int flags, mode_t mode) override;
  int Close(int fd) override;
  ssize_t Write(int fd, const void* data, size_t size) override;
  ssize_t Pwrite(int fd, const void* data, size_t size, off_t offset) override;
  int Fsync(int fd) override;
  int Fdatasync(int fd) override { return Fsync(fd); }
  int Ftruncate(int fd, off_t length) override;
  int Rename(const char* from, const char* to) override;
  int Link(const char* from, const char* to) override;
  int Unlink(const char* path) override;
  int Mkdir(const char* path, mode_t mode) override;

 private:
  // One directory change not yet made durable, and how to undo it.
  struct EntryChange {
    enum class Kind { kCreated, kMkdir, kRenamed, kLinked, kRemoved } kind;
    std::string dir;   // whose fsync makes it durable
    std::string path;  // the entry made (or removed)
    std::string from;  // kRenamed: where it came from
    std::optional<std::string> replaced;  // kRenamed/kRemoved: the contents it took the place of
  };

  // False when the call must fail (errno set): the process has "died", or this call fails.
  bool Allow();
  // Before the first change to `path`'s contents since its last sync: keep what it holds.
  void KeepSynced(const std::string& path);

  int mutations_ = 0;
  int crash_at_ = 0;
  int fail_at_ = 0;
  int fail_errno_ = EIO;
  std::map<int, std::string> fds_;                // open descriptors' paths
  std::map<std::string, std::string> synced_;     // path -> contents at its last sync
  std::vector<EntryChange> entries_;              // unsynced directory changes, oldest first
};

// The crash-at-every-step loop of the crash tests: for n = 1, 2, … a fresh FaultFs dies at its
// n-th disk call; run(fs) does the workload on it (from a fresh directory, acknowledging only
// what succeeded before the crash), the power goes (DropUnsynced), and check(n) reopens what is
// left and checks it. Stops after the first run that finished before its crash point (every
// step has been a crash point) or the first failed check. Returns the number of crash points.
template <typename Run, typename Check>
int CrashAtEveryStep(Run&& run, Check&& check) {
  for (int n = 1;; ++n) {
    FaultFs fs;
    fs.CrashAt(n);
    run(fs);
    const bool finished = !fs.crashed();
    fs.DropUnsynced();
    check(n);
    if (::testing::Test::HasFailure() || finished) return n - 1;
  }
}

}  // namespace berth::testing
