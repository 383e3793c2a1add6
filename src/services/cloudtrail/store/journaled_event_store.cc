#include "services/cloudtrail/store/journaled_event_store.h"

#include <algorithm>
#include <cstdio>

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
    store::Database& db, const std::string& journal_dir, EventJournal::Mode mode) {
  BERTH_ASSIGN_OR_RETURN(auto index, EventIndex::Open(db));
  BERTH_ASSIGN_OR_RETURN(auto journal, EventJournal::Open(journal_dir, mode));
  std::unique_ptr<JournaledEventStore> store(
      new JournaledEventStore(std::move(index), std::move(journal)));
  if (mode == EventJournal::Mode::kWriter) {
    BERTH_RETURN_IF_ERROR(store->Reindex());
    store->indexer_ = std::thread([s = store.get()] { s->IndexLoop(); });
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
    BERTH_ASSIGN_OR_RETURN(TrailEvent e, ParseEvent(json, time));
    e.seq = seq;
    e.journal_offset = offset;
    e.json.clear();  // the index keeps only the location
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

Status JournaledEventStore::Append(std::vector<TrailEvent>& events) {
  {
    std::unique_lock lock(mu_);
    progress_.wait(lock, [this] { return pending_.size() < kMaxPending || stopping_; });
  }
  BERTH_RETURN_IF_ERROR(journal_->Append(events));  // durable from here on
  bool wake;
  {
    std::lock_guard lock(mu_);
    // The indexer waits for a first event, then for a full batch (or its timeout): waking it
    // for anything in between (every commit) would only cost two context switches.
    const size_t before = pending_.size();
    for (auto& e : events) pending_.push_back(std::move(e));
    wake = before == 0 || (before < kIndexBatch && pending_.size() >= kIndexBatch);
  }
  if (wake) work_.notify_one();
  return Ok();
}

void JournaledEventStore::IndexLoop() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [this] { return !pending_.empty() || stopping_; });
    if (pending_.empty()) return;  // stopping, and all indexed
    // Let a batch gather (a busy server fills one quickly; a quiet one waits a moment).
    if (!stopping_ && pending_.size() < kIndexBatch) {
      work_.wait_for(lock, std::chrono::milliseconds(200),
                     [this] { return pending_.size() >= kIndexBatch || stopping_; });
    }
    indexing_ = std::min(pending_.size(), kIndexBatch);
    // The index keeps attributes and locations: copy the events without their records.
    std::vector<TrailEvent> batch;
    batch.reserve(indexing_);
    for (size_t i = 0; i < indexing_; ++i) {
      const TrailEvent& e = pending_[i];
      TrailEvent& copy = batch.emplace_back();
      copy.seq = e.seq;
      copy.journal_offset = e.journal_offset;
      copy.event_time = e.event_time;
      copy.event_name = e.event_name;
      copy.event_source = e.event_source;
      copy.read_only = e.read_only;
      copy.username = e.username;
      copy.access_key_id = e.access_key_id;
      copy.account_id = e.account_id;
      copy.resources = e.resources;
    }
    lock.unlock();
    Status stored = index_->Add(batch);
    lock.lock();
    if (!stored.ok()) {
      // The journal still has them: try again shortly, and at the next start at the latest
      // (on shutdown they are left to it rather than retried forever).
      std::fprintf(stderr, "berth: indexing %zu events failed: %s\n", batch.size(),
                   stored.error().message.c_str());
      indexing_ = 0;
      if (stopping_) return;
      work_.wait_for(lock, std::chrono::seconds(1));
      continue;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(indexing_));
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
  std::vector<TrailEvent> out;
  {
    std::lock_guard lock(mu_);
    for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
      if (Matches(q, *it)) out.push_back(*it);
    }
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

}  // namespace berth::services::cloudtrail
