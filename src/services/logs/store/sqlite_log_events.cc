// SqliteLogsStore: appending, reading and expiring log events.
#include <algorithm>
#include <limits>
#include <unordered_map>

#include "services/logs/model/errors.h"
#include "services/logs/store/event_block.h"
#include "services/logs/store/event_merge.h"
#include "services/logs/store/sqlite_logs_store.h"

namespace berth::services::logs {
namespace {

using store::Connection;
using store::Statement;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

int64_t SaturatingSub(int64_t a, int64_t b) { return a < kMin + b ? kMin : a - b; }
int64_t SaturatingAdd(int64_t a, int64_t b) { return a > kMax - b ? kMax : a + b; }

constexpr char kBlockColumns[] =
    "SELECT id, group_id, stream_id, first_ms, last_ms, ingestion_ms, first_index"
    " FROM logs_event_blocks ";

// One ordered cursor over block descriptions, skipping streams outside `filter` (sorted).
class SqlBlockSource final : public BlockSource {
 public:
  SqlBlockSource(Statement stmt, const std::vector<int64_t>* filter)
      : stmt_(std::move(stmt)), filter_(filter) {}

  Result<std::optional<BlockMeta>> Next() override {
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt_.Step());
      if (!row) return std::optional<BlockMeta>();
      BlockMeta m{stmt_.ColumnInt(0), stmt_.ColumnInt(1), stmt_.ColumnInt(2), stmt_.ColumnInt(3),
                  stmt_.ColumnInt(4), stmt_.ColumnInt(5),
                  static_cast<int32_t>(stmt_.ColumnInt(6))};
      if (filter_ != nullptr && !std::binary_search(filter_->begin(), filter_->end(), m.stream_id)) {
        continue;
      }
      return std::optional<BlockMeta>(m);
    }
  }

 private:
  Statement stmt_;
  const std::vector<int64_t>* filter_;
};

enum class Scope { kStream, kGroup };

// The blocks of one stream or group that may hold events in [lower, upper), in the merge's
// order. Blocks span at most kMaxBatchSpanMs, which bounds the index range to read.
Result<std::unique_ptr<BlockSource>> OpenSource(Connection& c, Scope scope, int64_t id,
                                                Direction direction, int64_t lower,
                                                int64_t upper,
                                                const std::vector<int64_t>* filter) {
  std::string sql = kBlockColumns;
  const bool stream = scope == Scope::kStream;
  const bool forward = direction == Direction::kForward;
  if (forward) {
    sql += stream ? "INDEXED BY logs_blocks_by_stream_first WHERE stream_id = ?1"
                  : "INDEXED BY logs_blocks_by_group_first WHERE group_id = ?1";
    sql += " AND first_ms >= ?2 AND first_ms < ?3 AND last_ms >= ?4 ORDER BY first_ms";
  } else {
    sql += stream ? "INDEXED BY logs_blocks_by_stream_last WHERE stream_id = ?1"
                  : "INDEXED BY logs_blocks_by_group_last WHERE group_id = ?1";
    sql += " AND last_ms < ?3 AND last_ms >= ?4 AND first_ms < ?2 ORDER BY last_ms DESC";
  }
  BERTH_ASSIGN_OR_RETURN(Statement stmt, c.Prepare(sql));
  stmt.Bind(1, id);
  if (forward) {
    stmt.Bind(2, SaturatingSub(lower, kMaxBatchSpanMs)).Bind(3, upper).Bind(4, lower);
  } else {
    stmt.Bind(2, upper).Bind(3, SaturatingAdd(upper, kMaxBatchSpanMs)).Bind(4, lower);
  }
  return std::unique_ptr<BlockSource>(new SqlBlockSource(std::move(stmt), filter));
}

EventMerger::Loader BlockLoader(Connection& c) {
  return [&c](const BlockMeta& meta) -> Result<std::string> {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT events FROM logs_event_blocks "
                                                "WHERE id = ?"));
    stmt.Bind(1, meta.id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Error{"InternalFailure", "log event block vanished during a read", 500};
    return stmt.ColumnBlob(0);
  };
}

// Stream names by id, looked up once per read.
class StreamNames {
 public:
  explicit StreamNames(Connection& c) : c_(c) {}
  Result<std::string_view> Get(int64_t stream_id) {
    auto it = names_.find(stream_id);
    if (it != names_.end()) return std::string_view(it->second);
    BERTH_ASSIGN_OR_RETURN(auto stmt, c_.Prepare("SELECT name FROM logs_streams WHERE id = ?"));
    stmt.Bind(1, stream_id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    auto [inserted, _] = names_.emplace(stream_id, row ? stmt.ColumnText(0) : std::string());
    return std::string_view(inserted->second);
  }

 private:
  Connection& c_;
  std::unordered_map<int64_t, std::string> names_;
};

// Runs the merge to its end, or until visit(event, stream name) returns false.
template <class Visit>
Status Drain(EventMerger& merger, StreamNames& names, const Visit& visit) {
  MergedEvent event;
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool more, merger.Next(&event));
    if (!more) return Ok();
    BERTH_ASSIGN_OR_RETURN(std::string_view stream, names.Get(event.stream_id));
    if (!visit(event, stream)) return Ok();
  }
}

// The oldest timestamp the group's retention keeps as of `now_ms`.
int64_t RetentionCutoff(const std::optional<int64_t>& days, int64_t now_ms) {
  return days ? SaturatingSub(now_ms, *days * kDayMs) : kMin;
}

Status ReadRetention(Connection& c, int64_t group_id, bool* found,
                     std::optional<int64_t>* days) {
  BERTH_ASSIGN_OR_RETURN(auto stmt,
                         c.Prepare("SELECT retention_days FROM logs_groups WHERE id = ?"));
  stmt.Bind(1, group_id);
  BERTH_ASSIGN_OR_RETURN(*found, stmt.Step());
  if (*found && !stmt.ColumnIsNull(0)) *days = stmt.ColumnInt(0);
  return Ok();
}

}  // namespace

Result<AppendOutcome> SqliteLogsStore::Append(const AppendRequest& request) {
  const auto& events = request.events;
  if (!std::is_sorted(events.begin(), events.end(), [](const EventInput& a, const EventInput& b) {
        return a.timestamp_ms < b.timestamp_ms;
      })) {
    return errors::InvalidParameter(
        "Log events in a single PutLogEvents request must be in chronological order.");
  }
  if (events.empty()) return AppendOutcome::kAppended;
  // Encoded before taking the writer: the commit group waits for nobody's encoding.
  const std::vector<EncodedBlock> blocks = EncodeBlocks(events);
  int64_t bytes = 0;
  for (const EncodedBlock& b : blocks) bytes += static_cast<int64_t>(b.bytes.size());
  const int64_t ingestion_ms = Millis(request.ingestion_time);
  AppendOutcome outcome = AppendOutcome::kAppended;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    int64_t stream_id = 0;
    {
      BERTH_ASSIGN_OR_RETURN(
          auto find, c.Prepare("SELECT id FROM logs_streams WHERE group_id = ? AND name = ?"));
      find.Bind(1, request.group_id).Bind(2, request.stream_name);
      BERTH_ASSIGN_OR_RETURN(bool row, find.Step());
      if (row) stream_id = find.ColumnInt(0);
    }
    if (stream_id == 0) {
      if (!request.create_stream) {
        outcome = AppendOutcome::kStreamNotFound;
        return Ok();
      }
      {
        BERTH_ASSIGN_OR_RETURN(auto group, c.Prepare("SELECT 1 FROM logs_groups WHERE id = ?"));
        group.Bind(1, request.group_id);
        BERTH_ASSIGN_OR_RETURN(bool exists, group.Step());
        if (!exists) {
          outcome = AppendOutcome::kGroupNotFound;
          return Ok();
        }
      }
      BERTH_ASSIGN_OR_RETURN(
          auto create,
          c.Prepare("INSERT INTO logs_streams(group_id, name, created_ms) VALUES (?, ?, ?)"));
      create.Bind(1, request.group_id).Bind(2, request.stream_name).Bind(3, ingestion_ms);
      BERTH_RETURN_IF_ERROR(create.Run());
      stream_id = c.LastInsertRowId();
    }
    for (const EncodedBlock& block : blocks) {
      BERTH_ASSIGN_OR_RETURN(
          auto insert,
          c.Prepare("INSERT INTO logs_event_blocks(group_id, stream_id, first_ms, last_ms,"
                    " ingestion_ms, event_count, bytes, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
      insert.Bind(1, request.group_id)
          .Bind(2, stream_id)
          .Bind(3, block.first_ms)
          .Bind(4, block.last_ms)
          .Bind(5, ingestion_ms)
          .Bind(6, static_cast<int64_t>(block.count))
          .Bind(7, static_cast<int64_t>(block.bytes.size()))
          .BindBlob(8, block.bytes);
      BERTH_RETURN_IF_ERROR(insert.Run());
    }
    BERTH_ASSIGN_OR_RETURN(
        auto stream,
        c.Prepare("UPDATE logs_streams SET first_event_ms = CASE WHEN first_event_ms IS NULL OR"
                  " first_event_ms > ?1 THEN ?1 ELSE first_event_ms END,"
                  " last_event_ms = MAX(last_event_ms, ?2), last_ingestion_ms = ?3,"
                  " stored_bytes = stored_bytes + ?4 WHERE id = ?5"));
    stream.Bind(1, events.front().timestamp_ms)
        .Bind(2, events.back().timestamp_ms)
        .Bind(3, ingestion_ms)
        .Bind(4, bytes)
        .Bind(5, stream_id);
    BERTH_RETURN_IF_ERROR(stream.Run());
    BERTH_ASSIGN_OR_RETURN(
        auto group,
        c.Prepare("UPDATE logs_groups SET stored_bytes = stored_bytes + ? WHERE id = ?"));
    group.Bind(1, bytes).Bind(2, request.group_id);
    return group.Run();
  }));
  return outcome;
}

Status SqliteLogsStore::ReadEvents(const EventSelection& sel, Direction direction,
                                   const std::function<bool(const EventView&)>& visit) {
  return db_.Read([&](Connection& c) -> Status {
    bool found = false;
    std::optional<int64_t> days;
    BERTH_RETURN_IF_ERROR(ReadRetention(c, sel.group_id, &found, &days));
    if (!found) return Ok();
    int64_t lower = std::max(sel.start_ms, RetentionCutoff(days, Millis(sel.now)));
    int64_t upper = sel.end_ms;
    MergeBounds bounds;
    if (direction == Direction::kForward && sel.after) {
      lower = std::max(lower, sel.after->timestamp_ms);
      bounds.after = sel.after;
    }
    if (direction == Direction::kBackward && sel.before) {
      upper = std::min(upper, SaturatingAdd(sel.before->timestamp_ms, 1));
      bounds.before = sel.before;
    }
    if (lower >= upper) return Ok();
    bounds.default_start_ms = lower;
    bounds.end_ms = upper;
    std::vector<std::unique_ptr<BlockSource>> sources;
    if (!sel.stream_ids.empty()) {
      for (int64_t stream_id : sel.stream_ids) {
        BERTH_ASSIGN_OR_RETURN(auto source, OpenSource(c, Scope::kStream, stream_id, direction,
                                                       lower, upper, nullptr));
        sources.push_back(std::move(source));
      }
    } else {
      const std::vector<int64_t>* filter = sel.stream_filter ? &*sel.stream_filter : nullptr;
      if (filter != nullptr && filter->empty()) return Ok();
      BERTH_ASSIGN_OR_RETURN(auto source, OpenSource(c, Scope::kGroup, sel.group_id, direction,
                                                     lower, upper, filter));
      sources.push_back(std::move(source));
    }
    EventMerger merger(direction, std::move(sources), BlockLoader(c), std::move(bounds));
    StreamNames names(c);
    EventView view;
    return Drain(merger, names, [&](const MergedEvent& event, std::string_view stream) {
      view.key = event.key;
      view.ingestion_ms = event.ingestion_ms;
      view.stream_id = event.stream_id;
      view.stream_name = stream;
      view.message = event.message;
      return visit(view);
    });
  });
}

Status SqliteLogsStore::ScanEvents(std::string_view account,
                                   const std::vector<std::string>& groups, TimePoint start,
                                   TimePoint end, Direction direction,
                                   const std::function<bool(const StoredEvent&)>& visit) {
  const int64_t now_ms = Millis(clock_.Now());
  return db_.Read([&](Connection& c) -> Status {
    MergeBounds bounds;
    bounds.end_ms = Millis(end);
    std::unordered_map<int64_t, size_t> group_index;  // id → place in `groups`
    std::vector<std::unique_ptr<BlockSource>> sources;
    for (size_t i = 0; i < groups.size(); ++i) {
      const std::string& name = groups[i];
      int64_t group_id = 0;
      std::optional<int64_t> days;
      {
        BERTH_ASSIGN_OR_RETURN(auto stmt,
                               c.Prepare("SELECT id, retention_days FROM logs_groups"
                                         " WHERE account = ? AND name = ?"));
        stmt.Bind(1, account).Bind(2, name);
        BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) return errors::LogGroupNotFound();
        group_id = stmt.ColumnInt(0);
        if (!stmt.ColumnIsNull(1)) days = stmt.ColumnInt(1);
      }
      if (!group_index.emplace(group_id, i).second) continue;  // named twice
      const int64_t lower = std::max(Millis(start), RetentionCutoff(days, now_ms));
      bounds.start_ms[group_id] = lower;
      if (lower >= bounds.end_ms) continue;
      BERTH_ASSIGN_OR_RETURN(auto source, OpenSource(c, Scope::kGroup, group_id, direction,
                                                     lower, bounds.end_ms, nullptr));
      sources.push_back(std::move(source));
    }
    EventMerger merger(direction, std::move(sources), BlockLoader(c), std::move(bounds));
    StreamNames names(c);
    StoredEvent stored;
    return Drain(merger, names, [&](const MergedEvent& event, std::string_view stream) {
      stored.timestamp_ms = event.key.timestamp_ms;
      stored.ingestion_time_ms = event.ingestion_ms;
      stored.message = event.message;
      stored.stream_name = stream;
      stored.group_index = group_index[event.group_id];
      stored.group_name = groups[stored.group_index];
      stored.group_id = event.group_id;
      stored.key = event.key;
      return visit(stored);
    });
  });
}

Result<RetentionSweep> SqliteLogsStore::DeleteExpiredEvents(TimePoint now, size_t max_blocks) {
  std::vector<std::pair<int64_t, int64_t>> groups;  // (id, retention days)
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT id, retention_days FROM logs_groups"
                                                " WHERE retention_days IS NOT NULL"));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      groups.emplace_back(stmt.ColumnInt(0), stmt.ColumnInt(1));
    }
  }));
  RetentionSweep sweep;
  size_t budget = max_blocks;
  for (const auto& [group_id, days] : groups) {
    if (budget == 0) break;
    const int64_t cutoff = RetentionCutoff(days, Millis(now));
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      struct Expired {
        int64_t id, stream_id, last_ms, bytes;
      };
      std::vector<Expired> expired;
      {
        BERTH_ASSIGN_OR_RETURN(
            auto find, c.Prepare("SELECT id, stream_id, last_ms, bytes FROM logs_event_blocks"
                                 " INDEXED BY logs_blocks_by_group_first"
                                 " WHERE group_id = ? AND first_ms < ? LIMIT ?"));
        find.Bind(1, group_id).Bind(2, cutoff).Bind(3, static_cast<int64_t>(budget));
        for (;;) {
          BERTH_ASSIGN_OR_RETURN(bool row, find.Step());
          if (!row) break;
          expired.push_back(
              {find.ColumnInt(0), find.ColumnInt(1), find.ColumnInt(2), find.ColumnInt(3)});
        }
      }
      std::unordered_map<int64_t, int64_t> freed_by_stream;
      int64_t freed = 0;
      for (const Expired& e : expired) {
        int64_t freed_here = e.bytes;
        if (e.last_ms < cutoff) {
          BERTH_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM logs_event_blocks WHERE id = ?"));
          del.Bind(1, e.id);
          BERTH_RETURN_IF_ERROR(del.Run());
          ++sweep.blocks_deleted;
        } else {
          // The block straddles the cutoff: keep its events from the cutoff on.
          std::string bytes;
          int64_t first_ms = 0, first_index = 0;
          {
            BERTH_ASSIGN_OR_RETURN(auto load,
                                   c.Prepare("SELECT events, first_ms, first_index"
                                             " FROM logs_event_blocks WHERE id = ?"));
            load.Bind(1, e.id);
            BERTH_ASSIGN_OR_RETURN(bool row, load.Step());
            if (!row) continue;
            bytes = load.ColumnBlob(0);
            first_ms = load.ColumnInt(1);
            first_index = load.ColumnInt(2);
          }
          std::vector<BlockEntry> entries;
          std::string payload;
          BERTH_RETURN_IF_ERROR(DecodeBlock(bytes, first_ms, payload, entries));
          std::vector<EventInput> kept;
          size_t dropped = 0;
          for (const BlockEntry& entry : entries) {
            if (entry.timestamp_ms < cutoff) {
              ++dropped;
            } else {
              kept.push_back({entry.timestamp_ms,
                              std::string_view(payload).substr(entry.offset, entry.length)});
            }
          }
          std::vector<EncodedBlock> rewritten = EncodeBlocks(kept);
          if (rewritten.size() != 1) continue;  // cannot happen: a subset of one block
          const EncodedBlock& block = rewritten.front();
          BERTH_ASSIGN_OR_RETURN(
              auto update,
              c.Prepare("UPDATE logs_event_blocks SET first_ms = ?, event_count = ?,"
                        " first_index = ?, bytes = ?, events = ? WHERE id = ?"));
          update.Bind(1, block.first_ms)
              .Bind(2, static_cast<int64_t>(block.count))
              .Bind(3, first_index + static_cast<int64_t>(dropped))
              .Bind(4, static_cast<int64_t>(block.bytes.size()))
              .BindBlob(5, block.bytes)
              .Bind(6, e.id);
          BERTH_RETURN_IF_ERROR(update.Run());
          freed_here = e.bytes - static_cast<int64_t>(block.bytes.size());
          ++sweep.blocks_rewritten;
        }
        freed_by_stream[e.stream_id] += freed_here;
        freed += freed_here;
      }
      for (const auto& [stream_id, stream_freed] : freed_by_stream) {
        BERTH_ASSIGN_OR_RETURN(
            auto stream,
            c.Prepare("UPDATE logs_streams SET stored_bytes = stored_bytes - ?1,"
                      " first_event_ms = COALESCE((SELECT MIN(first_ms) FROM logs_event_blocks"
                      " WHERE stream_id = ?2), first_event_ms) WHERE id = ?2"));
        stream.Bind(1, stream_freed).Bind(2, stream_id);
        BERTH_RETURN_IF_ERROR(stream.Run());
      }
      if (freed != 0) {
        BERTH_ASSIGN_OR_RETURN(
            auto group,
            c.Prepare("UPDATE logs_groups SET stored_bytes = stored_bytes - ? WHERE id = ?"));
        group.Bind(1, freed).Bind(2, group_id);
        BERTH_RETURN_IF_ERROR(group.Run());
      }
      sweep.bytes_freed += freed;
      budget -= std::min(budget, expired.size());
      return Ok();
    }));
  }
  return sweep;
}

}  // namespace berth::services::logs
