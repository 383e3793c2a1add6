#pragma once
// What a caller is told when berth itself fails (a store's I/O or SQLite error, a full disk, a
// damaged file): the wire's internal error, worded generically, because the store's own text
// names server paths and SQLite internals. The details go to the operator's log instead, at
// most one line per second (a failing disk fails every call; the log must not fill it too).

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string_view>

#include "core/result.h"

namespace berth::pipeline {

// True for an error of berth's own making whose message is not for the caller: a 5xx other
// than the deliberate, generically worded ones (501 not implemented, 503 unavailable/disk
// reserve, 507 insufficient storage).
bool IsServerFault(const Error& error);

// Rate-limited log of server faults. Thread-safe.
class FaultLog {
 public:
  // Logs "berth: <operation> failed: <message>" unless a line was logged in the last second;
  // a line says how many faults were not logged since the previous one.
  void Note(std::string_view operation, const Error& error);

 private:
  std::mutex mu_;
  std::chrono::steady_clock::time_point last_{};  // GUARDED_BY(mu_)
  uint64_t unlogged_ = 0;                         // GUARDED_BY(mu_)
};

}  // namespace berth::pipeline
