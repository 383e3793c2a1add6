#include "services/cloudtrail/store/journaled_event_store.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "core/thread_name.h"

namespace berth::services::cloudtrail {
namespace {

bool Matches(const LookupQuery& q, const TrailEvent& e) {
  if (e.account_id != q.account_id || e.event_time < q.start || e.event_time > q.end) return false;
  if (q.after && (e.event_time > q.after->first ||
                  (e.event_time == q.after->first && e.seq >= q.after->second))) {
    return false;
  }
  if (!q.key) return true;
  switch (*q.key) {
    case LookupKey::kEventId: return e.event_id == q.value;
    case LookupKey::kEventName: return e.event_name == q.value;
    case LookupKey::kReadOnly: return (e.read_only ? "true" : "false") == q.value;
    case LookupKey::kUsername: return e.username == q.value;
    case LookupKey::kEventSource: return e.event_source == q.value;
    case LookupKey::kAccessKeyId: return e.access_key_id == q.value;
    case LookupKey::kResourceType:
    case LookupKey::kResourceName:
      for (const auto& r : e.resources) {
        if ((*q.key == LookupKey::kResourceType ? r.type : r.name) == q.value) return true;
      }
      return false;
  }
  return false;
}

// Newest first: time, then seq.
bool Newer(const TrailEvent& a, const TrailEvent& b) {
  return a.event_time != b.event_time ? a.event_time > b.event_time : a.seq > b.seq;
}

}  // namespace

Result<std::unique_ptr<JournaledEventStore>> JournaledEventStore::Open(
    store::Database& db, const std::string& journal_dir, EventJournal::Mode mode,
    JournalOptions options) {
  BERTH_ASSIGN_OR_RETURN(auto index, EventIndex::Open(db));
  BERTH_ASSIGN_OR_RETURN(auto journal,
                         EventJournal::Open(journal_dir, mode, store::PosixFs(), options));
  std::unique_ptr<JournaledEventStore> store(
      new JournaledEventStore(std::move(index), std::move(journal)));
  if (mode == EventJournal::Mode::kWriter) {
    BERTH_RETURN_IF_ERROR(store->Reindex());
    store->indexer_ = std::thread([s = store.get()] {
      NameThisThread("audit-indexer");
      s->IndexLoop();
    });
  }
  return store;
}

JournaledEventStore::~JournaledEventStore() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  if (indexer_.joinable()) indexer_.join();
}

// After a crash: the journal's events beyond the index go into it before anything else runs.
Status JournaledEventStore::Reindex() {
  BERTH_ASSIGN_OR_RETURN(int64_t indexed, index_->IndexedThrough());
  std::vector<TrailEvent> batch;
  Status status = journal_->ReadAfter(indexed, [&](int64_t seq, TimePoint time, int64_t offset,
                                                   std::string_view json) -> Status {
    // Without the record: the index keeps only its location.
    BERTH_ASSIGN_OR_RETURN(TrailEvent e, ParseAttributes(json, time));
    e.seq = seq;
    e.journal_offset = offset;
    batch.push_back(std::move(e));
    if (batch.size() == kIndexBatch) {
      BERTH_RETURN_IF_ERROR(index_->Add(batch));
      batch.clear();
    }
    return Ok();
  });
  BERTH_RETURN_IF_ERROR(status);
  return index_->Add(batch);
}

Status JournaledEventStore::Append(JournalBatch& batch, std::string index_entries) {
  {
    std::unique_lock lock(mu_);
    progress_.wait(lock, [this] { return pending_events_ < kMaxPending || stopping_; });
  }
  BERTH_ASSIGN_OR_RETURN(JournalRange range, journal_->Append(batch));  // durable from here on
  if (range.count() == 0) return Ok();
  bool wake;
  {
    std::lock_guard lock(mu_);
    // The indexer waits for a first event, then for a full batch (or its timeout): waking it
    // for anything in between (every commit) would only cost two context switches.
    const size_t before = pending_events_;
    // Consecutive appends make one range (up to a batch), unless the indexer has taken it.
    Pending* last = pending_.size() > indexing_ ? &pending_.back() : nullptr;
    if (last != nullptr && last->range.segment == range.segment &&
        last->range.offset + last->range.bytes == range.offset &&
        last->range.last_seq + 1 == range.first_seq &&
        last->range.count() + range.count() <= kIndexBatch &&
        last->entries.empty() == index_entries.empty()) {
      last->range.last_seq = range.last_seq;
      last->range.bytes += range.bytes;
      last->range.frames.insert(last->range.frames.end(), range.frames.begin(),
                                range.frames.end());
      last->entries += index_entries;
    } else {
      pending_.push_back({range, std::move(index_entries)});
    }
    pending_events_ += range.count();
    wake = before == 0 || (before < kIndexBatch && pending_events_ >= kIndexBatch);
  }
  if (wake) work_.notify_one();
  return Ok();
}

Result<std::vector<TrailEvent>> JournaledEventStore::ToIndex(const Pending& pending) {
  const JournalRange& range = pending.range;
  if (pending.entries.empty()) return ReadBack({range}, nullptr);
  auto entries_error = [&](const char* what) {
    return Error{"InternalFailure", "the index entries of events " +
                 std::to_string(range.first_seq) + "-" + std::to_string(range.last_seq) + " " +
                 what, 500};
  };
  std::vector<TrailEvent> out(range.count());
  size_t at = 0;
  int64_t offset = range.offset;
  for (size_t i = 0; i < out.size(); ++i) {
    size_t record_length = 0;
    if (!ReadIndexEntry(pending.entries, at, out[i], record_length)) {
      return entries_error("are malformed");
    }
    out[i].seq = range.first_seq + static_cast<int64_t>(i);
    // A plain record's location is its own; a compressed one's, its frame's.
    out[i].journal_offset = range.frames.empty() ? offset : range.OffsetOf(out[i].seq);
    offset += static_cast<int64_t>(EventJournal::kHeaderBytes + record_length);
  }
  if (at != pending.entries.size() ||
      (range.frames.empty() && offset != range.offset + range.bytes)) {
    return entries_error("do not match their records");
  }
  return out;
}

Result<std::vector<TrailEvent>> JournaledEventStore::ReadBack(
    const std::vector<JournalRange>& ranges, const LookupQuery* only) {
  std::vector<TrailEvent> out;
  if (only == nullptr) {
    size_t events = 0;
    for (const JournalRange& range : ranges) events += range.count();
    out.reserve(events);
  }
  for (const JournalRange& range : ranges) {
    BERTH_RETURN_IF_ERROR(journal_->Scan(range, [&](int64_t seq, TimePoint time, int64_t offset,
                                                    std::string_view json) -> Status {
      BERTH_ASSIGN_OR_RETURN(TrailEvent e, ParseAttributes(json, time));
      e.seq = seq;
      e.journal_offset = offset;
      if (only != nullptr) {
        if (!Matches(*only, e)) return Ok();
        e.json = std::string(json);
      }
      out.push_back(std::move(e));
      return Ok();
    }));
  }
  return out;
}

void JournaledEventStore::IndexLoop() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [this] { return !pending_.empty() || stopping_; });
    if (pending_.empty()) return;  // stopping, and all indexed
    // Let a batch gather (a busy server fills one quickly; a quiet one waits a moment).
    if (!stopping_ && pending_events_ < kIndexBatch) {
      work_.wait_for(lock, std::chrono::milliseconds(200),
                     [this] { return pending_events_ >= kIndexBatch || stopping_; });
    }
    // The entries move out (lookups need only the ranges); a failed batch is read back instead.
    std::vector<Pending> taken;
    size_t events = 0;
    while (indexing_ < pending_.size() && events < kIndexBatch) {
      Pending& p = pending_[indexing_++];
      taken.push_back({p.range, std::move(p.entries)});
      events += p.range.count();
    }
    lock.unlock();
    std::vector<TrailEvent> batch;
    batch.reserve(events);
    Status stored = Ok();
    for (const Pending& p : taken) {
      Result<std::vector<TrailEvent>> some = ToIndex(p);
      if (!some.ok()) {
        stored = some.error();
        break;
      }
      std::move(some->begin(), some->end(), std::back_inserter(batch));
    }
    if (stored.ok()) stored = index_->Add(batch);
    lock.lock();
    if (!stored.ok()) {
      // The journal still has them: try again shortly, and at the next start at the latest
      // (on shutdown they are left to it rather than retried forever).
      std::fprintf(stderr, "berth: indexing %zu events failed: %s\n", events,
                   stored.error().message.c_str());
      indexing_ = 0;
      if (stopping_) return;
      work_.wait_for(lock, std::chrono::seconds(1));
      continue;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(indexing_));
    pending_events_ -= events;
    indexing_ = 0;
    progress_.notify_all();
  }
}

void JournaledEventStore::WaitIndexed() {
  std::unique_lock lock(mu_);
  work_.notify_one();
  progress_.wait(lock, [this] { return pending_.empty(); });
}

Result<std::vector<TrailEvent>> JournaledEventStore::Load(
    const std::vector<RecordLocation>& locations) {
  std::vector<std::pair<int64_t, int64_t>> where;
  where.reserve(locations.size());
  for (const auto& l : locations) where.emplace_back(l.seq, l.offset);
  BERTH_ASSIGN_OR_RETURN(auto records, journal_->ReadRecords(where));
  std::vector<TrailEvent> out;
  out.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    if (records[i].empty()) continue;  // expired meanwhile
    BERTH_ASSIGN_OR_RETURN(TrailEvent e, ParseEvent(records[i], locations[i].event_time));
    e.seq = locations[i].seq;
    e.journal_offset = locations[i].offset;
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<TrailEvent>> JournaledEventStore::Lookup(const LookupQuery& q) {
  // Not yet indexed first (they are the newest), then the index. An event the indexer stores
  // meanwhile may come from both: keep one of each seq.
  std::vector<Pending> unindexed;
  {
    std::lock_guard lock(mu_);
    unindexed.assign(pending_.begin(), pending_.end());
  }
  std::vector<TrailEvent> out;
  for (const Pending& p : unindexed) {
    // Entries say which records match without parsing them all; they carry no event id, though.
    std::vector<TrailEvent> found;
    if (p.entries.empty() || q.key == LookupKey::kEventId) {
      BERTH_ASSIGN_OR_RETURN(found, ReadBack({p.range}, &q));
    } else {
      BERTH_ASSIGN_OR_RETURN(std::vector<TrailEvent> events, ToIndex(p));
      std::vector<RecordLocation> matched;
      for (const TrailEvent& e : events) {
        if (Matches(q, e)) matched.push_back({e.seq, e.event_time, e.journal_offset});
      }
      BERTH_ASSIGN_OR_RETURN(found, Load(matched));
    }
    std::move(found.begin(), found.end(), std::back_inserter(out));
  }
  BERTH_ASSIGN_OR_RETURN(auto locations, index_->Find(q));
  BERTH_ASSIGN_OR_RETURN(auto indexed, Load(locations));
  for (auto& e : indexed) {
    // The index answers an EventId with the events of the id's millisecond.
    if (q.key == LookupKey::kEventId && e.event_id != q.value) continue;
    if (std::none_of(out.begin(), out.end(), [&](const TrailEvent& p) { return p.seq == e.seq; }))
      out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), Newer);
  if (out.size() > q.limit) out.resize(q.limit);
  return out;
}

Result<std::vector<TrailEvent>> JournaledEventStore::ReadFrom(int64_t after_seq, size_t limit) {
  BERTH_ASSIGN_OR_RETURN(auto locations, index_->LocateFrom(after_seq, limit));
  return Load(locations);
}

Result<int64_t> JournaledEventStore::LastSeq() { return journal_->last_seq(); }

Result<size_t> JournaledEventStore::DeleteBefore(TimePoint before) {
  BERTH_ASSIGN_OR_RETURN(auto deleted, index_->DeleteBefore(before));
  // The journal's segments whose every record has expired go too.
  if (deleted.second > 0) BERTH_RETURN_IF_ERROR(journal_->TrimThrough(deleted.second));
  return deleted.first;
}

Result<size_t> JournaledEventStore::DeleteOverSize(uint64_t max_bytes) {
  BERTH_ASSIGN_OR_RETURN(int64_t cutoff, journal_->SeqToTrimForSize(max_bytes));
  if (cutoff == 0) return size_t{0};
  // The index first: a crash in between leaves records the index no longer knows (deleted at
  // the next run), never index entries whose records are gone.
  BERTH_ASSIGN_OR_RETURN(size_t deleted, index_->DeleteThrough(cutoff));
  BERTH_RETURN_IF_ERROR(journal_->TrimThrough(cutoff));
  return deleted;
}

}  // namespace berth::services::cloudtrail
