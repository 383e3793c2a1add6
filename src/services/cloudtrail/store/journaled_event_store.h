#pragma once
// The event history: records in the journal (durable, cheap: what a call's response waits for),
// and an index (SQLite) filled from it by a background thread in large batches, far cheaper per
// event than one index update per call. Lookups see everything appended: the index's answer
// merged with the events not indexed yet, read back from the journal. Delivery reads what is
// indexed (it lags by at most a batch). After a crash, what the journal holds beyond the index
// is indexed again before the history opens.
//
// A process that does not serve (a command run beside the server) opens the journal for reading
// only: it can look events up but neither records nor indexes.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "services/cloudtrail/store/event_index.h"
#include "services/cloudtrail/store/event_journal.h"
#include "services/cloudtrail/store/event_store.h"

namespace berth::services::cloudtrail {

class JournaledEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<JournaledEventStore>> Open(
      store::Database& db, const std::string& journal_dir,
      EventJournal::Mode mode = EventJournal::Mode::kWriter, JournalOptions options = {});
  ~JournaledEventStore() override;  // indexes what is pending, then stops

  Status Append(JournalBatch& batch, std::string index_entries) override;  // one writer at a time
  Result<std::vector<TrailEvent>> Lookup(const LookupQuery& query) override;
  Result<std::vector<TrailEvent>> ReadFrom(int64_t after_seq, size_t limit) override;
  Result<int64_t> LastSeq() override;
  Result<size_t> DeleteBefore(TimePoint before) override;
  Result<size_t> DeleteOverSize(uint64_t max_bytes) override;

  // Blocks until everything appended so far is in the index (tests, benchmarks).
  void WaitIndexed();

 private:
  // Large enough to make indexing cheap per event, small enough that other writers (the
  // database has one) wait only briefly behind it.
  static constexpr size_t kIndexBatch = 5000;
  static constexpr size_t kMaxPending = 200000;  // appends wait beyond this (backpressure)

  // Records appended but not yet indexed (oldest first): where they are, and their index entries
  // (when the appender gave them; else the indexer reads the records back from the journal).
  struct Pending {
    JournalRange range;
    std::string entries;
  };

  JournaledEventStore(std::unique_ptr<EventIndex> index, std::unique_ptr<EventJournal> journal)
      : index_(std::move(index)), journal_(std::move(journal)) {}
  Status Reindex();
  void IndexLoop();
  // The events (attributes, locations) of a pending range, from its entries or its records.
  Result<std::vector<TrailEvent>> ToIndex(const Pending& pending);
  // The events (attributes, locations) of the records in `ranges`, read back from the journal;
  // with `only`, just those matching it, with their records.
  Result<std::vector<TrailEvent>> ReadBack(const std::vector<JournalRange>& ranges,
                                           const LookupQuery* only);
  // The events at these locations, read back from the journal (those expired meanwhile left out).
  Result<std::vector<TrailEvent>> Load(const std::vector<RecordLocation>& locations);

  std::unique_ptr<EventIndex> index_;
  std::unique_ptr<EventJournal> journal_;
  std::mutex mu_;
  std::condition_variable work_;      // the indexer waits for events
  std::condition_variable progress_;  // appenders and WaitIndexed wait for the indexer
  std::deque<Pending> pending_;       // oldest first; GUARDED_BY(mu_)
  size_t pending_events_ = 0;         // GUARDED_BY(mu_)
  size_t indexing_ = 0;  // how many of pending_'s first ranges the indexer is storing now
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread indexer_;    // only with a writer journal
};

}  // namespace berth::services::cloudtrail
