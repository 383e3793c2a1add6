#include "services/cloudtrail/event_recorder.h"

#include <cstdio>
#include <functional>

#include "core/ids.h"
#include "core/thread_name.h"
#include "core/time_format.h"

namespace berth::services::cloudtrail {

// The commitment shared by every call of one batch.
class BatchCommitment final : public Commitment {
 public:
  void WhenDurable(std::function<void(bool)> done) override {
    {
      std::lock_guard lock(mu_);
      if (!settled_) {
        waiting_.push_back(std::move(done));
        return;
      }
    }
    done(ok_);
  }

  void Settle(bool ok) {
    std::vector<std::function<void(bool)>> waiting;
    {
      std::lock_guard lock(mu_);
      settled_ = true;
      ok_ = ok;
      waiting.swap(waiting_);
    }
    for (auto& done : waiting) done(ok);
  }

 private:
  std::mutex mu_;
  bool settled_ = false;  // GUARDED_BY(mu_)
  bool ok_ = false;       // GUARDED_BY(mu_)
  std::vector<std::function<void(bool)>> waiting_;  // GUARDED_BY(mu_)
};

EventRecorder::EventRecorder(EventStore& store, std::string default_region,
                             std::string default_account, RefusedCallLimits refused_limits,
                             const store::DiskReserve* disk_reserve)
    : store_(store),
      default_region_(std::move(default_region)),
      default_account_(std::move(default_account)),
      refused_(refused_limits),
      disk_reserve_(disk_reserve),
      batch_(std::make_shared<BatchCommitment>()) {
  writer_ = std::thread([this] {
    NameThisThread("audit-writer");
    WriteLoop();
  });
}

EventRecorder::~EventRecorder() {
  const int64_t last_refused = last_refused_ms_.load();
  if (last_refused != 0) EnqueueSummary(FromMillis(last_refused));
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  writer_.join();
}

std::shared_ptr<Commitment> EventRecorder::OnCall(const pipeline::CallRecord& record) {
  if (!record.audited) return nullptr;
  if (refused_.SummaryDue(record.time)) EnqueueSummary(record.time);
  // No principal: no, unknown or unusable credentials. (A known key whose signature failed is
  // attributed to that key and recorded in full.)
  if (!record.principal) {
    last_refused_ms_.store(Millis(record.time), std::memory_order_relaxed);
    const bool low = disk_reserve_ != nullptr && disk_reserve_->Low();
    if (!refused_.Admit(record.source_ip, record.time, low)) return nullptr;  // counted
  }
  return Enqueue(record);
}

void EventRecorder::EnqueueSummary(TimePoint now) {
  RefusedCallSummary summary = refused_.TakeSummary(now);
  if (summary.total == 0) return;  // another thread took it
  pipeline::CallRecord r;
  r.request_id = ids::NewUuid();
  r.time = now;
  r.operation = "RefusedCallsSummary";
  r.read_only = true;
  r.authenticated = true;  // written by berth itself: its parameters are not the caller's
  r.source_ip = "berth";
  r.user_agent = "berth";
  Document params;
  params["startTime"] = timefmt::Iso8601(summary.since);
  params["endTime"] = timefmt::Iso8601(summary.until);
  params["countedCalls"] = static_cast<int64_t>(summary.total);
  Document sources = Document::MakeList();
  for (const auto& source : summary.sources) {
    Document s;
    s["sourceIPAddress"] = source.ip;
    s["count"] = static_cast<int64_t>(source.count);
    sources.Push(std::move(s));
  }
  params["sources"] = std::move(sources);
  params["otherSourcesCount"] = static_cast<int64_t>(summary.other);
  r.request_parameters = std::move(params);
  Enqueue(r);
}

std::shared_ptr<Commitment> EventRecorder::Enqueue(const pipeline::CallRecord& record) {
  // Outside the lock, into buffers this thread keeps: no allocation per call once they grew.
  thread_local std::string json;
  thread_local JournalBatch one;
  thread_local std::string entry;
  json.clear();
  WriteRecord(record, default_region_, default_account_, json);
  one.Clear();
  one.Add(record.time, json);
  entry.clear();
  AppendIndexEntry(record, default_region_, default_account_, json.size(), entry);
  std::unique_lock lock(mu_);
  room_.wait(lock, [this] { return queued_.size() < kMaxQueued || stopping_; });
  queued_.Add(one);
  queued_entries_ += entry;
  std::shared_ptr<Commitment> commitment = batch_;
  // A busy writer finds the event when its commit is done; waking it costs a syscall.
  const bool wake = writer_idle_;
  lock.unlock();
  if (wake) work_.notify_one();
  return commitment;
}

uint64_t EventRecorder::committed() const {
  std::lock_guard lock(mu_);
  return committed_;
}

void EventRecorder::WriteLoop() {
  std::unique_lock lock(mu_);
  for (;;) {
    writer_idle_ = true;
    work_.wait(lock, [this] { return !queued_.empty() || stopping_; });
    writer_idle_ = false;
    if (queued_.empty() && stopping_) return;
    if ((last_batch_ > 1 || queued_.size() > 1) && !stopping_) {
      work_.wait_for(lock, kGatherWait, [this] { return stopping_; });
    }
    last_batch_ = queued_.size();
    writing_.swap(queued_);  // queued_ takes the buffer of the batch before
    std::string entries = std::move(queued_entries_);
    queued_entries_.clear();
    queued_entries_.reserve(entries.size());
    std::shared_ptr<BatchCommitment> batch = std::move(batch_);
    batch_ = std::make_shared<BatchCommitment>();
    lock.unlock();
    room_.notify_all();

    const auto commit_started = std::chrono::steady_clock::now();
    Status stored = store_.Append(writing_, std::move(entries));
    if (commit_listener_) {
      commit_listener_(writing_.size(), std::chrono::steady_clock::now() - commit_started,
                       stored.ok());
    }
    if (!stored.ok()) {
      std::fprintf(stderr, "berth: %zu audit events could not be committed: %s\n",
                   writing_.size(), stored.error().message.c_str());
    }
    batch->Settle(stored.ok());

    lock.lock();
    if (stored.ok()) committed_ += writing_.size();
    writing_.Clear();
  }
}

}  // namespace berth::services::cloudtrail
