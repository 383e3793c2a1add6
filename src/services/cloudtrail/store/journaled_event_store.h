#pragma once
// The event history as the server keeps it: appends go to the journal (durable, cheap: what a
// call's response waits for) and are indexed into the SQLite store by a background thread in
// large batches (far cheaper per event than one index update per call). Lookups see everything
// appended: the store's answer merged with the events not indexed yet. Delivery reads the store
// (it lags by at most a batch). After a crash, what the journal holds beyond the store is
// indexed again before the history opens.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "services/cloudtrail/store/event_journal.h"
#include "services/cloudtrail/store/event_store.h"

namespace berth::services::cloudtrail {

class JournaledEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<JournaledEventStore>> Open(std::unique_ptr<EventStore> index,
                                                           const std::string& journal_dir);
  ~JournaledEventStore() override;  // indexes what is pending, then stops

  Status Append(std::vector<TrailEvent>& events) override;  // one writer at a time
  Result<std::vector<TrailEvent>> Lookup(const LookupQuery& query) override;
  Result<std::vector<TrailEvent>> ReadFrom(int64_t after_seq, size_t limit) override;
  Result<int64_t> LastSeq() override;
  Result<size_t> DeleteBefore(TimePoint before) override;

  // Blocks until everything appended so far is in the index (tests, benchmarks).
  void WaitIndexed();

 private:
  // Large enough to make indexing cheap per event, small enough that other writers (the
  // database has one) wait only briefly behind it.
  static constexpr size_t kIndexBatch = 5000;
  static constexpr size_t kMaxPending = 200000;  // appends wait beyond this (backpressure)

  JournaledEventStore(std::unique_ptr<EventStore> index, std::unique_ptr<EventJournal> journal)
      : index_(std::move(index)), journal_(std::move(journal)) {}
  Status Reindex();
  void IndexLoop();

  std::unique_ptr<EventStore> index_;
  std::unique_ptr<EventJournal> journal_;
  std::mutex mu_;
  std::condition_variable work_;      // the indexer waits for events
  std::condition_variable progress_;  // appenders and WaitIndexed wait for the indexer
  std::deque<TrailEvent> pending_;    // appended, not yet indexed (oldest first); GUARDED_BY(mu_)
  size_t indexing_ = 0;  // how many of pending_'s first events the indexer is storing now
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread indexer_;
};

}  // namespace berth::services::cloudtrail
