#pragma once
// Makes every call's CloudTrail event durable before its response leaves, without blocking I/O
// threads: OnCall writes the call's record (on the call's thread, into a buffer of that thread),
// queues its bytes and hands back the commitment of the batch it joined; one
// writer thread commits whole batches (one transaction, one fsync) and keeps their commitments,
// and the server then sends the waiting responses (LevelDB's group commit, across calls).
// Bounded: when the writer falls behind by kMaxQueued events, callers wait (backpressure).
//
// Calls whose caller is unknown (no credentials, an unknown access key, a registry password that
// does not verify) pass a per-source
// rate limit first (refused_call_limiter.h): those over it are counted, not recorded, and a
// summary record ("RefusedCallsSummary") names the counts once per interval and at shutdown.

#include <atomic>
#include <chrono>
#include <functional>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/call_record.h"
#include "services/cloudtrail/refused_call_limiter.h"
#include "services/cloudtrail/store/event_store.h"
#include "store/disk_reserve.h"

namespace berth::services::cloudtrail {

class BatchCommitment;

class EventRecorder final : public pipeline::CallObserver {
 public:
  // `default_region`/`default_account` fill events of calls that carry neither.
  // With `disk_reserve`, no record of an unknown caller is written while free space is below
  // it (such calls are only counted); the records of authenticated calls still are.
  EventRecorder(EventStore& store, std::string default_region, std::string default_account,
                RefusedCallLimits refused_limits = {},
                const store::DiskReserve* disk_reserve = nullptr);
  ~EventRecorder() override;  // summarises counted calls, commits what is queued, then stops
  EventRecorder(const EventRecorder&) = delete;
  EventRecorder& operator=(const EventRecorder&) = delete;

  std::shared_ptr<Commitment> OnCall(const pipeline::CallRecord& record) override;

  // Events committed so far (for tests and metrics).
  uint64_t committed() const;
  // Told after each batch commit (events in it, the commit's wall time, whether it was kept),
  // on the writer thread: berth's /metrics. Set once, before calls arrive.
  using CommitListener = std::function<void(size_t events, std::chrono::nanoseconds took, bool ok)>;
  void OnCommit(CommitListener listener) { commit_listener_ = std::move(listener); }
  // Refused unauthenticated calls counted rather than recorded so far.
  uint64_t refused_calls_counted() const { return refused_.counted_total(); }

 private:
  static constexpr size_t kMaxQueued = 100000;
  // Group commit costs one fdatasync a batch whatever its size, and on a VM each one is a few
  // device exits and interrupts: tens of microseconds of CPU. Calls served concurrently reach
  // the writer a few at a time, so when the last batch or the queue shows concurrency the writer
  // waits this long for more of them to join (PostgreSQL's commit_delay): batches grow tenfold
  // under load, while a lone client's calls are committed at once.
  static constexpr std::chrono::microseconds kGatherWait{400};

  void WriteLoop();
  // Writes the record and queues it for the writer.
  std::shared_ptr<Commitment> Enqueue(const pipeline::CallRecord& record);
  // Queues the summary of the refused calls counted up to `now`.
  void EnqueueSummary(TimePoint now);

  EventStore& store_;
  const std::string default_region_;
  const std::string default_account_;
  RefusedCallLimiter refused_;
  const store::DiskReserve* disk_reserve_;
  std::atomic<int64_t> last_refused_ms_{0};  // the latest refused call's time (for shutdown)
  mutable std::mutex mu_;
  std::condition_variable work_;      // the writer waits for events
  std::condition_variable room_;      // callers wait for queue room
  JournalBatch queued_;               // GUARDED_BY(mu_)
  std::string queued_entries_;        // their index entries; GUARDED_BY(mu_)
  JournalBatch writing_;              // the batch being committed; writer thread only
  std::shared_ptr<BatchCommitment> batch_;  // the open batch; GUARDED_BY(mu_)
  bool stopping_ = false;             // GUARDED_BY(mu_)
  bool writer_idle_ = false;          // waiting for work; GUARDED_BY(mu_)
  uint64_t committed_ = 0;            // GUARDED_BY(mu_)
  size_t last_batch_ = 0;             // events in the last batch; writer thread only
  CommitListener commit_listener_;
  std::thread writer_;
};

}  // namespace berth::services::cloudtrail
