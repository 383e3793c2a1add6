#include "pipeline/server_faults.h"

#include <cstdio>
#include <string>

namespace berth::pipeline {

bool IsServerFault(const Error& error) {
  const int status = error.http_status;
  return status >= 500 && status != 501 && status != 503 && status != 507;
}

void FaultLog::Note(std::string_view operation, const Error& error) {
  constexpr std::chrono::seconds kInterval{1};
  const auto now = std::chrono::steady_clock::now();
  uint64_t unlogged = 0;
  {
    std::lock_guard lock(mu_);
    if (last_ != std::chrono::steady_clock::time_point{} && now - last_ < kInterval) {
      ++unlogged_;
      return;
    }
    last_ = now;
    unlogged = unlogged_;
    unlogged_ = 0;
  }
  const std::string op(operation.empty() ? "a call" : operation);
  if (unlogged > 0) {
    std::fprintf(stderr, "berth: %s failed: %s (and %llu more failures not logged)\n", op.c_str(),
                 error.message.c_str(), static_cast<unsigned long long>(unlogged));
  } else {
    std::fprintf(stderr, "berth: %s failed: %s\n", op.c_str(), error.message.c_str());
  }
}

}  // namespace berth::pipeline
