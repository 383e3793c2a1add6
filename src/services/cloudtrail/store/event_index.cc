#include "services/cloudtrail/store/event_index.h"

#include <algorithm>

#include "services/cloudtrail/store/posting_block.h"

namespace berth::services::cloudtrail {
namespace {

using store::Connection;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE cloudtrail_events(seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL,"
     " event_time INTEGER NOT NULL, account_id TEXT NOT NULL, event_name TEXT NOT NULL,"
     " event_source TEXT NOT NULL, read_only INTEGER NOT NULL, username TEXT NOT NULL,"
     " access_key_id TEXT NOT NULL, region TEXT NOT NULL, error_code TEXT NOT NULL,"
     " record TEXT NOT NULL);"
     "CREATE TABLE cloudtrail_event_resources(seq INTEGER NOT NULL, account_id TEXT NOT NULL,"
     " event_time INTEGER NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL);"},
    // Records move to the journal; the index keeps integers only. (The version 1 tables held
    // the records of a pre-release build; they are not carried over.)
    {2,
     "DROP TABLE cloudtrail_event_resources;"
     "DROP TABLE cloudtrail_events;"
     "CREATE TABLE cloudtrail_records(seq INTEGER PRIMARY KEY, event_time INTEGER NOT NULL,"
     " journal_offset INTEGER NOT NULL);"
     "CREATE TABLE cloudtrail_terms(id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE);"
     // One block per term per index batch: its events' (time, seq), newest first.
     "CREATE TABLE cloudtrail_posting_blocks(id INTEGER PRIMARY KEY, term INTEGER NOT NULL,"
     " newest INTEGER NOT NULL, oldest INTEGER NOT NULL, postings BLOB NOT NULL);"
     "CREATE INDEX cloudtrail_blocks_by_term ON cloudtrail_posting_blocks(term, newest, oldest);"
     "CREATE TABLE cloudtrail_index_state(id INTEGER PRIMARY KEY CHECK (id = 1),"
     " indexed_through INTEGER NOT NULL);"
     "INSERT INTO cloudtrail_index_state VALUES (1, 0);"},
};

// A term: the attribute's letter, the account, a separator no account id contains, the value.
std::string Term(char attribute, std::string_view account, std::string_view value) {
  std::string term;
  term.reserve(2 + account.size() + value.size());
  term.push_back(attribute);
  term.append(account);
  term.push_back('\x1f');
  term.append(value);
  return term;
}

constexpr char kAllEvents = 'A';

char AttributeLetter(LookupKey key) {
  switch (key) {
    case LookupKey::kEventName: return 'N';
    case LookupKey::kEventSource: return 'S';
    case LookupKey::kReadOnly: return 'R';
    case LookupKey::kUsername: return 'U';
    case LookupKey::kAccessKeyId: return 'K';
    case LookupKey::kResourceType: return 'T';
    case LookupKey::kResourceName: return 'P';
    case LookupKey::kEventId: break;  // found through the event's millisecond
  }
  return kAllEvents;
}

// Calls visit(attribute, value) for every term an event is found by (all in its account).
template <typename Visit>
void ForEachTerm(const TrailEvent& e, Visit&& visit) {
  visit(kAllEvents, std::string_view());
  visit('N', std::string_view(e.event_name));
  visit('S', std::string_view(e.event_source));
  visit('R', std::string_view(e.read_only ? "true" : "false"));
  if (!e.username.empty()) visit('U', std::string_view(e.username));
  if (!e.access_key_id.empty()) visit('K', std::string_view(e.access_key_id));
  for (const auto& r : e.resources) {
    visit('T', std::string_view(r.type));
    visit('P', std::string_view(r.name));
  }
}

// A term of a batch being indexed, viewing the batch's strings (no copy per event).
struct TermKey {
  char attribute;
  std::string_view account;
  std::string_view value;
  bool operator==(const TermKey&) const = default;
};

struct TermKeyHash {
  size_t operator()(const TermKey& k) const {
    const size_t h = std::hash<std::string_view>()(k.value);
    return (h * 31 + std::hash<std::string_view>()(k.account)) * 31 + static_cast<size_t>(k.attribute);
  }
};

// The millisecond a berth event id carries (a version 7 UUID: the first 48 bits), if it is one.
std::optional<int64_t> IdMillis(std::string_view id) {
  if (id.size() != 36 || id[8] != '-' || id[13] != '-' || id[14] != '7') return std::nullopt;
  int64_t ms = 0;
  for (char c : id.substr(0, 13)) {
    if (c == '-') continue;
    int digit;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else return std::nullopt;
    ms = ms * 16 + digit;
  }
  return ms;
}

// The id a term has in the database, if any.
Result<std::optional<int64_t>> SelectTermId(Connection& c, const std::string& term) {
  BERTH_ASSIGN_OR_RETURN(auto select, c.Prepare("SELECT id FROM cloudtrail_terms WHERE term = ?"));
  select.Bind(1, term);
  BERTH_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return std::optional<int64_t>();
  return std::optional<int64_t>(select.ColumnInt(0));
}

}  // namespace

Result<std::unique_ptr<EventIndex>> EventIndex::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("cloudtrail_events", kMigrations));
  return std::unique_ptr<EventIndex>(new EventIndex(db));
}

Result<int64_t> EventIndex::TermId(Connection& c, const std::string& term,
                                   std::unordered_map<std::string, int64_t>& added) {
  if (auto it = added.find(term); it != added.end()) return it->second;
  {
    std::lock_guard lock(terms_mu_);
    if (auto it = terms_.find(term); it != terms_.end()) return it->second;
  }
  BERTH_ASSIGN_OR_RETURN(std::optional<int64_t> id, SelectTermId(c, term));
  if (!id) {
    BERTH_ASSIGN_OR_RETURN(auto insert, c.Prepare("INSERT INTO cloudtrail_terms(term) VALUES (?)"));
    BERTH_RETURN_IF_ERROR(insert.Bind(1, term).Run());
    id = c.LastInsertRowId();
  }
  added.emplace(term, *id);
  return *id;
}

namespace {

// Each event's location, kRowsPerInsert rows to a statement: one statement per row costs more in
// SQLite's statement machinery than in storing the row.
Status AddLocations(Connection& c, const std::vector<TrailEvent>& events) {
  constexpr size_t kRowsPerInsert = 100;
  auto statement = [&](size_t rows) {
    std::string sql = "INSERT INTO cloudtrail_records(seq, event_time, journal_offset) VALUES ";
    for (size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)";
    return c.Prepare(sql);
  };
  BERTH_ASSIGN_OR_RETURN(auto full, statement(kRowsPerInsert));
  for (size_t at = 0; at < events.size(); at += kRowsPerInsert) {
    const size_t rows = std::min(kRowsPerInsert, events.size() - at);
    std::optional<store::Statement> partial;
    if (rows < kRowsPerInsert) {
      BERTH_ASSIGN_OR_RETURN(auto last, statement(rows));
      partial.emplace(std::move(last));
    }
    store::Statement& insert = partial ? *partial : full;
    for (size_t i = 0; i < rows; ++i) {
      const TrailEvent& e = events[at + i];
      const int column = static_cast<int>(3 * i);
      insert.Bind(column + 1, e.seq).Bind(column + 2, Millis(e.event_time))
          .Bind(column + 3, e.journal_offset);
    }
    BERTH_RETURN_IF_ERROR(insert.Run());
  }
  return Ok();
}

}  // namespace

Status EventIndex::Add(const std::vector<TrailEvent>& events) {
  if (events.empty()) return Ok();
  // The batch's postings by term (the terms' ids come inside the transaction).
  std::unordered_map<TermKey, std::vector<Posting>, TermKeyHash> by_term;
  for (const TrailEvent& e : events) {
    const Posting posting{Millis(e.event_time), e.seq};
    ForEachTerm(e, [&](char attribute, std::string_view value) {
      std::vector<Posting>& postings = by_term[TermKey{attribute, e.account_id, value}];
      // An event naming two resources of one type has that type's posting once.
      if (postings.empty() || postings.back().seq != e.seq) postings.push_back(posting);
    });
  }
  std::unordered_map<std::string, int64_t> added;
  Status status = db_.Write([&](Connection& c) -> Status {
    added.clear();  // a retried transaction starts over
    BERTH_RETURN_IF_ERROR(AddLocations(c, events));
    BERTH_ASSIGN_OR_RETURN(auto block,
                           c.Prepare("INSERT INTO cloudtrail_posting_blocks(term, newest, oldest,"
                                     " postings) VALUES (?, ?, ?, ?)"));
    for (auto& [key, postings] : by_term) {
      BERTH_ASSIGN_OR_RETURN(int64_t id, TermId(c, Term(key.attribute, key.account, key.value),
                                                added));
      std::sort(postings.begin(), postings.end(), NewerPosting);
      block.Bind(1, id).Bind(2, postings.front().time_ms).Bind(3, postings.back().time_ms);
      BERTH_RETURN_IF_ERROR(block.BindBlob(4, EncodePostings(postings)).Run());
    }
    BERTH_ASSIGN_OR_RETURN(auto state, c.Prepare("UPDATE cloudtrail_index_state SET"
                                                 " indexed_through = max(indexed_through, ?)"));
    return state.Bind(1, events.back().seq).Run();
  });
  BERTH_RETURN_IF_ERROR(status);
  std::lock_guard lock(terms_mu_);
  terms_.insert(added.begin(), added.end());
  return Ok();
}

Result<std::optional<int64_t>> EventIndex::FindTerm(const std::string& term) {
  {
    std::lock_guard lock(terms_mu_);
    if (auto it = terms_.find(term); it != terms_.end()) return std::optional<int64_t>(it->second);
  }
  std::optional<int64_t> id;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(id, SelectTermId(c, term));
    return Ok();
  }));
  if (id) {
    std::lock_guard lock(terms_mu_);
    terms_.emplace(term, *id);
  }
  return id;
}

Result<std::vector<RecordLocation>> EventIndex::Find(const LookupQuery& q) {
  TimePoint start = q.start;
  TimePoint end = q.after ? std::min(q.end, q.after->first) : q.end;
  int64_t limit = static_cast<int64_t>(q.limit);
  std::string value = q.value;
  if (q.key == LookupKey::kEventId) {
    // Candidates: every event of the id's millisecond (a busy second has a few dozen).
    const std::optional<int64_t> ms = IdMillis(q.value);
    if (!ms) return std::vector<RecordLocation>{};
    start = std::max(start, FromMillis(*ms));
    end = std::min(end, FromMillis(*ms));
    limit = -1;  // no limit: the caller keeps the one whose id matches
    value.clear();
  } else if (q.key == LookupKey::kReadOnly) {
    value = q.value == "true" ? "true" : "false";
  }
  std::vector<RecordLocation> out;
  if (start > end) return out;
  const char attribute = q.key ? AttributeLetter(*q.key) : kAllEvents;
  BERTH_ASSIGN_OR_RETURN(std::optional<int64_t> term,
                         FindTerm(Term(attribute, q.account_id,
                                       attribute == kAllEvents ? std::string_view() : value)));
  if (!term) return out;
  const int64_t from = Millis(start), to = Millis(end);
  auto wanted = [&](const Posting& p) {
    if (p.time_ms < from || p.time_ms > to) return false;
    // After a page: of the events at its last event's millisecond, only older seqs remain.
    return !(q.after && p.time_ms == Millis(q.after->first) && p.seq >= q.after->second);
  };
  std::vector<Posting> found;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    // Blocks newest first. Blocks of different batches may overlap in time (an event's time is
    // its call's start), so a block is read while it may still hold one of the `limit` newest:
    // until the limit-th newest found is newer than everything the block can hold.
    BERTH_ASSIGN_OR_RETURN(auto blocks,
                           c.Prepare("SELECT newest, oldest, postings FROM"
                                     " cloudtrail_posting_blocks WHERE term = ? AND newest >= ?"
                                     " ORDER BY newest DESC"));
    blocks.Bind(1, *term).Bind(2, from);
    std::vector<Posting> decoded;
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, blocks.Step());
      if (!row) break;
      const int64_t newest = blocks.ColumnInt(0), oldest = blocks.ColumnInt(1);
      if (limit >= 0 && found.size() >= static_cast<size_t>(limit) &&
          found[static_cast<size_t>(limit) - 1].time_ms > newest) {
        break;
      }
      if (oldest > to) continue;  // all newer than the range
      decoded.clear();
      if (!DecodePostings(blocks.ColumnBlob(2), decoded)) {
        return Error{"InternalFailure", "a CloudTrail index block is damaged", 500};
      }
      for (const Posting& p : decoded) {
        if (wanted(p)) found.push_back(p);
      }
      std::sort(found.begin(), found.end(), NewerPosting);
      if (limit >= 0 && found.size() > static_cast<size_t>(limit)) {
        found.resize(static_cast<size_t>(limit));
      }
    }
    // Where each record lies; an expired one (its postings not yet gone) joins nothing.
    BERTH_ASSIGN_OR_RETURN(auto where, c.Prepare("SELECT journal_offset FROM cloudtrail_records"
                                                 " WHERE seq = ?"));
    for (const Posting& p : found) {
      where.Bind(1, p.seq);
      BERTH_ASSIGN_OR_RETURN(bool row, where.Step());
      if (row) out.push_back({p.seq, FromMillis(p.time_ms), where.ColumnInt(0)});
      where.Reset();
    }
    return Ok();
  }));
  return out;
}

Result<std::vector<RecordLocation>> EventIndex::LocateFrom(int64_t after_seq, size_t limit) {
  std::vector<RecordLocation> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT seq, event_time, journal_offset FROM"
                                                " cloudtrail_records WHERE seq > ? ORDER BY seq"
                                                " LIMIT ?"));
    stmt.Bind(1, after_seq).Bind(2, static_cast<int64_t>(limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      out.push_back({stmt.ColumnInt(0), FromMillis(stmt.ColumnInt(1)), stmt.ColumnInt(2)});
    }
    return Ok();
  }));
  return out;
}

Result<int64_t> EventIndex::IndexedThrough() {
  int64_t seq = 0;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("SELECT indexed_through FROM cloudtrail_index_state"));
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) seq = stmt.ColumnInt(0);
    return Ok();
  }));
  return seq;
}

Result<std::pair<size_t, int64_t>> EventIndex::DeleteBefore(TimePoint before) {
  size_t deleted = 0;
  int64_t cutoff = 0;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    // Events are appended in time order (give or take a call's duration), so the expired ones
    // are the lowest seqs: walk the seqs from the oldest to the first event inside the
    // retention period, instead of scanning by time.
    BERTH_ASSIGN_OR_RETURN(auto walk, c.Prepare("SELECT seq FROM cloudtrail_records"
                                                " WHERE event_time >= ? ORDER BY seq LIMIT 1"));
    walk.Bind(1, Millis(before));
    BERTH_ASSIGN_OR_RETURN(bool kept, walk.Step());
    if (kept) {
      cutoff = walk.ColumnInt(0) - 1;
    } else {
      BERTH_ASSIGN_OR_RETURN(auto last, c.Prepare("SELECT COALESCE(MAX(seq), 0) FROM"
                                                  " cloudtrail_records"));
      BERTH_ASSIGN_OR_RETURN(bool row, last.Step());
      cutoff = row ? last.ColumnInt(0) : 0;
    }
    BERTH_ASSIGN_OR_RETURN(auto records,
                           c.Prepare("DELETE FROM cloudtrail_records WHERE seq <= ?"));
    BERTH_RETURN_IF_ERROR(records.Bind(1, cutoff).Run());
    deleted = static_cast<size_t>(c.Changes());
    return Ok();
  }));
  if (deleted == 0) return std::make_pair(deleted, cutoff);
  BERTH_RETURN_IF_ERROR(DeleteBlocksBefore(Millis(before)));
  return std::make_pair(deleted, cutoff);
}

Result<size_t> EventIndex::DeleteThrough(int64_t seq) {
  size_t deleted = 0;
  std::optional<int64_t> first_kept_ms;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto records,
                           c.Prepare("DELETE FROM cloudtrail_records WHERE seq <= ?"));
    BERTH_RETURN_IF_ERROR(records.Bind(1, seq).Run());
    deleted = static_cast<size_t>(c.Changes());
    BERTH_ASSIGN_OR_RETURN(auto kept, c.Prepare("SELECT event_time FROM cloudtrail_records"
                                                " WHERE seq > ? ORDER BY seq LIMIT 1"));
    kept.Bind(1, seq);
    BERTH_ASSIGN_OR_RETURN(bool row, kept.Step());
    first_kept_ms.reset();
    if (row) first_kept_ms = kept.ColumnInt(0);
    return Ok();
  }));
  // The blocks older than the oldest record kept, give or take the longest call: an event's
  // time is its call's start, so a record after the cutoff may be older than the one at it by
  // a call's duration (postings of records gone join nothing meanwhile).
  constexpr int64_t kLongestCallMs = 3600 * 1000;
  if (deleted > 0 && first_kept_ms) {
    BERTH_RETURN_IF_ERROR(DeleteBlocksBefore(*first_kept_ms - kLongestCallMs));
  }
  return deleted;
}

Status EventIndex::DeleteBlocksBefore(int64_t before_ms) {
  // The postings of the records gone, one term per transaction so other writers never wait
  // long. A block left by a crash in between joins no record (lookups skip it) and goes with
  // the next run.
  std::vector<int64_t> terms;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT id FROM cloudtrail_terms"));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      terms.push_back(stmt.ColumnInt(0));
    }
    return Ok();
  }));
  for (int64_t term : terms) {
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      // Whole blocks only: a block straddling the cutoff stays until all of it has expired
      // (its expired postings join no record meanwhile).
      BERTH_ASSIGN_OR_RETURN(auto stmt,
                             c.Prepare("DELETE FROM cloudtrail_posting_blocks WHERE term = ? AND"
                                       " newest < ?"));
      return stmt.Bind(1, term).Bind(2, before_ms).Run();
    }));
  }
  return Ok();
}

}  // namespace berth::services::cloudtrail
