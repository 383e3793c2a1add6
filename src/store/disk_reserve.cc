#include "store/disk_reserve.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

namespace berth::store {

Result<uint64_t> DiskReserve::StatvfsFreeBytes(const std::string& path) {
  struct statvfs st;
  if (::statvfs(path.c_str(), &st) != 0) {
    return Error{"InternalFailure", std::string("statvfs: ") + std::strerror(errno), 500};
  }
  return static_cast<uint64_t>(st.f_bavail) * st.f_frsize;
}

DiskReserve::DiskReserve(std::string path, uint64_t reserve_bytes, const Clock& clock,
                         FreeBytesFn free_bytes)
    : path_(std::move(path)),
      reserve_bytes_(reserve_bytes),
      clock_(clock),
      free_bytes_(std::move(free_bytes)) {}

bool DiskReserve::Low() const {
  if (reserve_bytes_ == 0) return false;
  const int64_t now = Millis(clock_.Now());
  int64_t due = next_check_ms_.load(std::memory_order_relaxed);
  // One caller per interval re-reads the free space; the others use the last answer.
  if (now >= due && next_check_ms_.compare_exchange_strong(due, now + kRecheck.count(),
                                                           std::memory_order_relaxed)) {
    auto free = free_bytes_(path_);
    low_.store(free.ok() && *free < reserve_bytes_, std::memory_order_relaxed);
  }
  return low_.load(std::memory_order_relaxed);
}

bool MayConsumeSpace(std::string_view operation, bool read_only) {
  if (read_only) return false;
  for (std::string_view frees : {"Delete", "BatchDelete", "Untag", "Abort", "Cancel", "Stop"}) {
    if (operation.substr(0, frees.size()) == frees) return false;
  }
  return true;
}

std::string ReserveMessage(uint64_t reserve_bytes) {
  return "berth's data volume has less free space than its reserve (" +
         std::to_string(reserve_bytes >> 20) +
         " MiB, --disk-reserve-mib); calls that add data are refused until space is freed";
}

}  // namespace berth::store
