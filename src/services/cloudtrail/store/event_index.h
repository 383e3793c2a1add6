#pragma once
// The event history's index in SQLite: where each record lies in the journal, and for every
// lookup attribute the events that have each value. Records themselves stay in the journal
// (written once, sequentially); the index holds only small integers, so indexing an event costs
// a handful of short B-tree inserts instead of a row of text, its JSON and an index per column.
//
// Attribute values are dictionary-encoded: a term is (attribute, account, value) and gets an
// integer id the first time it is seen (terms are few: event names, users, keys, resources).
// A posting is (term, event time, seq); its primary key is the order LookupEvents pages in, so
// any page is one range of one B-tree, whatever the history's size. Every event also gets a
// posting under its account's "all events" term (lookups without an attribute, and EventId:
// berth's event ids carry their event's millisecond, so an id is found among the few events of
// that millisecond without an index of ids).

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "services/cloudtrail/store/event_store.h"
#include "store/database.h"

namespace berth::services::cloudtrail {

// Where an event's record lies: its seq (the journal segment follows from it) and offset.
struct RecordLocation {
  int64_t seq = 0;
  TimePoint event_time;
  int64_t offset = 0;
};

class EventIndex {
 public:
  static Result<std::unique_ptr<EventIndex>> Open(store::Database& db);

  // Indexes journaled events (seq, journal_offset and attributes set), in one transaction, and
  // records that everything up to the last one's seq is indexed.
  Status Add(const std::vector<TrailEvent>& events);
  // The locations of the events matching the query, newest first, at most query.limit. For
  // EventId, the candidates: the events of the id's millisecond (the caller compares ids).
  Result<std::vector<RecordLocation>> Find(const LookupQuery& query);
  // The locations of the events with seq > after_seq, in seq order, at most limit.
  Result<std::vector<RecordLocation>> LocateFrom(int64_t after_seq, size_t limit);
  // The highest seq indexed (or expired): the journal holds nothing older that needs indexing.
  Result<int64_t> IndexedThrough();
  // Forgets the events older than `before` that precede, in seq order, every event still inside
  // the retention period. Returns how many went and the highest seq gone (0 if none).
  Result<std::pair<size_t, int64_t>> DeleteBefore(TimePoint before);
  // Forgets the events with seq <= seq (their records are being deleted for the journal's size
  // cap). Returns how many went.
  Result<size_t> DeleteThrough(int64_t seq);

 private:
  explicit EventIndex(store::Database& db) : db_(db) {}
  // Deletes every term's posting blocks whose events are all older than before_ms.
  Status DeleteBlocksBefore(int64_t before_ms);
  // The id of a term, inserting it (within the caller's write transaction) when new; new ids go
  // to `added` and into the cache only once that transaction has committed.
  Result<int64_t> TermId(store::Connection& c, const std::string& term,
                         std::unordered_map<std::string, int64_t>& added);
  // The id of a term for a lookup; nullopt when no event ever had it.
  Result<std::optional<int64_t>> FindTerm(const std::string& term);

  store::Database& db_;
  std::mutex terms_mu_;
  std::unordered_map<std::string, int64_t> terms_;  // GUARDED_BY(terms_mu_)
};

}  // namespace berth::services::cloudtrail
