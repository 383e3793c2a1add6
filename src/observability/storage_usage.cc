#include "observability/storage_usage.h"

#include <filesystem>
#include <system_error>

namespace berth::observability {
namespace {

namespace fs = std::filesystem;

struct Tally {
  uint64_t bytes = 0;
  uint64_t files = 0;
};

// Regular files under `dir` (none when it does not exist), never throwing.
Tally WalkDir(const fs::path& dir) {
  Tally tally;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code file_ec;
    if (!it->is_regular_file(file_ec) || file_ec) continue;
    const uint64_t size = it->file_size(file_ec);
    if (file_ec) continue;  // removed meanwhile
    tally.bytes += size;
    ++tally.files;
  }
  return tally;
}

uint64_t FileSize(const fs::path& path) {
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

}  // namespace

StorageSnapshot StorageUsage::Get() {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  if (!have_ || now - taken_ >= max_age_) {
    last_ = Walk();
    taken_ = now;
    have_ = true;
  }
  StorageSnapshot out = last_;
  out.uploads = CountUploads();
  return out;
}

uint64_t StorageUsage::CountUploads() const {
  uint64_t count = 0;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(data_dir_) / "uploads", ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    ++count;
  }
  return count;
}

StorageSnapshot StorageUsage::Walk() const {
  const fs::path root(data_dir_);
  StorageSnapshot out;
  out.bytes_by_store["database"] = FileSize(root / "berth.db") + FileSize(root / "berth.db-wal") +
                                   FileSize(root / "berth.db-shm");
  const Tally blobs = WalkDir(root / "blobs" / "sha256");
  out.bytes_by_store["blobs"] = blobs.bytes;
  out.blobs = blobs.files;
  out.bytes_by_store["uploads"] = WalkDir(root / "uploads").bytes;
  out.bytes_by_store["buckets"] = WalkDir(root / "buckets").bytes;
  out.bytes_by_store["cloudtrail_journal"] = WalkDir(root / "cloudtrail-journal").bytes;
  out.bytes_by_store["metrics"] = WalkDir(root / "metrics").bytes;
  return out;
}

}  // namespace berth::observability
