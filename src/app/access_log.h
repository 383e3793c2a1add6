#pragma once
// One structured (JSON) line per request: who called what, the outcome and how long it took,
// with the request id that the caller also got in x-amzn-RequestId. Writes are serialised by a
// mutex, so lines never interleave. A line is flushed at once unless another was flushed less
// than kFlushInterval ago (then it waits in the stdio buffer, and a background flusher writes
// it out within the interval): a quiet server shows every line immediately, a busy one makes
// one write() per interval instead of one per request. This is the operational log; the durable record of calls is the
// audit trail.

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"
#include "pipeline/call_record.h"

namespace berth::app {

class AccessLog final : public pipeline::CallObserver {
 public:
  // "-" writes to stderr, "off" gives no log (nullptr), anything else is a file to append to.
  static Result<std::unique_ptr<AccessLog>> Open(const std::string& destination);
  ~AccessLog() override;

  std::shared_ptr<Commitment> OnCall(const pipeline::CallRecord& record) override;

  // The line for a record, without the trailing newline (exposed for tests).
  static std::string Format(const pipeline::CallRecord& record);

 private:
  static constexpr std::chrono::milliseconds kFlushInterval{200};

  AccessLog(std::FILE* out, bool owned);
  void FlushPeriodically();

  std::mutex mu_;
  std::FILE* out_;  // GUARDED_BY(mu_)
  bool owned_;
  std::chrono::steady_clock::time_point last_flush_{};  // GUARDED_BY(mu_)
  bool pending_ = false;   // lines written but not flushed; GUARDED_BY(mu_)
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::condition_variable wake_;
  std::thread flusher_;
};

}  // namespace berth::app
