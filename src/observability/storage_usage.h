#pragma once
// What berth keeps on disk, by store, for /metrics: sizes found by walking the data
// directory's folders. A walk of a large blob store takes a while, so sizes are reused for
// `max_age` (scrapes come every 15–60 s; sizes need not be fresher); the count of unfinished
// uploads (one directory listing) is always current.
//
// Thread-safe.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace berth::observability {

struct StorageSnapshot {
  std::map<std::string, uint64_t> bytes_by_store;  // "database", "blobs", "uploads", …
  uint64_t blobs = 0;                              // files in the blob store
  uint64_t uploads = 0;                            // unfinished uploads (files under uploads/)
};

class StorageUsage {
 public:
  explicit StorageUsage(std::string data_dir,
                        std::chrono::seconds max_age = std::chrono::seconds(10))
      : data_dir_(std::move(data_dir)), max_age_(max_age) {}

  // The latest walk, walking again when it is older than max_age. Files that vanish during a
  // walk (an upload completing) are skipped, not errors.
  StorageSnapshot Get();

 private:
  StorageSnapshot Walk() const;
  uint64_t CountUploads() const;

  const std::string data_dir_;
  const std::chrono::seconds max_age_;
  std::mutex mu_;
  StorageSnapshot last_;                           // GUARDED_BY(mu_)
  std::chrono::steady_clock::time_point taken_{};  // GUARDED_BY(mu_)
  bool have_ = false;                              // GUARDED_BY(mu_)
};

}  // namespace berth::observability
