#pragma once
// The free space berth keeps on its data directory's file system. When free space falls below
// the reserve, calls that would add data (pushes, PutObject, PutLogEvents, new repositories, the
// records of unknown callers) are refused with their protocol's "unavailable / insufficient
// storage" answer, while reads, pulls, deletes and the audit records of authenticated calls go
// on: the reserve is what those keep writing into, so the audit trail of the calls that are
// still served never stops for want of space (issue 16).
//
// Free space is read with statvfs at most once per kRecheck; Low() is otherwise one atomic load.
// Thread-safe.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace berth::store {

class DiskReserve {
 public:
  static constexpr std::chrono::milliseconds kRecheck{500};
  // Free bytes available to berth (statvfs f_bavail) on the file system holding `path`.
  using FreeBytesFn = std::function<Result<uint64_t>(const std::string& path)>;
  static Result<uint64_t> StatvfsFreeBytes(const std::string& path);

  // reserve_bytes 0 disables the reserve.
  DiskReserve(std::string path, uint64_t reserve_bytes, const Clock& clock,
              FreeBytesFn free_bytes = StatvfsFreeBytes);

  // True when free space is below the reserve (as of at most kRecheck ago). A statvfs failure
  // counts as not low: the writes themselves will fail if the disk is really gone.
  bool Low() const;

  uint64_t reserve_bytes() const { return reserve_bytes_; }

 private:
  const std::string path_;
  const uint64_t reserve_bytes_;
  const Clock& clock_;
  const FreeBytesFn free_bytes_;
  mutable std::atomic<int64_t> next_check_ms_{0};
  mutable std::atomic<bool> low_{false};
};

// Whether an operation may add data: every one that is not read-only, but for those that only
// remove or stop something (Delete…, BatchDelete…, Untag…, Abort…, Cancel…, Stop…), which must
// stay possible so that space can be freed.
bool MayConsumeSpace(std::string_view operation, bool read_only);

// The message of a refusal for want of space (each protocol wraps it in its own error).
std::string ReserveMessage(uint64_t reserve_bytes);

}  // namespace berth::store
