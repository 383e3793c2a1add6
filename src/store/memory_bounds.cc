#include "store/memory_bounds.h"

#include <sqlite3.h>

#include <mutex>

namespace berth::store {
namespace {

// Process-wide like sqlite3_config (see the header); read once per connection opened.
std::mutex bounds_mu;
DatabaseMemoryBounds& Bounds() {
  static DatabaseMemoryBounds bounds;  // GUARDED_BY(bounds_mu)
  return bounds;
}

}  // namespace

void SetDatabaseMemoryBounds(const DatabaseMemoryBounds& bounds) {
  std::lock_guard lock(bounds_mu);
  Bounds() = bounds;
}

DatabaseMemoryBounds GetDatabaseMemoryBounds() {
  std::lock_guard lock(bounds_mu);
  return Bounds();
}

int64_t SqliteMemoryUsed() { return sqlite3_memory_used(); }

}  // namespace berth::store
