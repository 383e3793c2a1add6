#include "services/cloudtrail/store/sqlite_trail_store.h"

#include "core/json_writer.h"
#include "protocol/json_reader.h"
#include "services/cloudtrail/model/insight_selector_codec.h"
#include "services/cloudtrail/model/selector_codec.h"

namespace berth::services::cloudtrail {
namespace {

using store::Connection;
using store::Statement;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE cloudtrail_trails(id INTEGER PRIMARY KEY, account_id TEXT NOT NULL,"
     " name TEXT NOT NULL, home_region TEXT NOT NULL, s3_bucket TEXT NOT NULL, s3_prefix TEXT,"
     " sns_topic TEXT, include_global INTEGER NOT NULL, multi_region INTEGER NOT NULL,"
     " log_file_validation INTEGER NOT NULL, log_group_arn TEXT, logs_role_arn TEXT,"
     " kms_key TEXT, logging INTEGER NOT NULL, selectors TEXT NOT NULL,"
     " advanced_selectors TEXT NOT NULL, custom_selectors INTEGER NOT NULL, tags TEXT NOT NULL,"
     " created_at INTEGER NOT NULL, start_logging_time INTEGER, stop_logging_time INTEGER,"
     " delivery TEXT NOT NULL DEFAULT '{}', UNIQUE(account_id, name));"
     "CREATE TABLE cloudtrail_log_files(id INTEGER PRIMARY KEY, trail_id INTEGER NOT NULL"
     " REFERENCES cloudtrail_trails(id) ON DELETE CASCADE, bucket TEXT NOT NULL,"
     " key TEXT NOT NULL, hash TEXT NOT NULL, oldest INTEGER NOT NULL, newest INTEGER NOT NULL);"
     "CREATE INDEX cloudtrail_log_files_by_trail ON cloudtrail_log_files(trail_id, id);"},
    {2,
     "ALTER TABLE cloudtrail_trails ADD COLUMN insight_selectors TEXT NOT NULL DEFAULT '[]';"},
};

constexpr char kColumns[] =
    "SELECT id, account_id, name, home_region, s3_bucket, s3_prefix, sns_topic, include_global,"
    " multi_region, log_file_validation, log_group_arn, logs_role_arn, kms_key, logging,"
    " selectors, advanced_selectors, custom_selectors, tags, created_at, start_logging_time,"
    " stop_logging_time, insight_selectors FROM cloudtrail_trails ";

std::optional<TimePoint> OptionalTime(const Statement& s, int col) {
  if (s.ColumnIsNull(col)) return std::nullopt;
  return FromMillis(s.ColumnInt(col));
}

std::string TagsJson(const std::map<std::string, std::string>& tags) {
  Document d = Document::MakeMap();
  for (const auto& [k, v] : tags) d[k] = v;
  return ToJson(d);
}

Trail ReadTrail(const Statement& s) {
  Trail t;
  t.id = s.ColumnInt(0);
  t.account_id = s.ColumnText(1);
  t.name = s.ColumnText(2);
  t.home_region = s.ColumnText(3);
  t.s3_bucket = s.ColumnText(4);
  t.s3_prefix = s.ColumnOptionalText(5);
  t.sns_topic = s.ColumnOptionalText(6);
  t.include_global_events = s.ColumnInt(7) != 0;
  t.multi_region = s.ColumnInt(8) != 0;
  t.log_file_validation = s.ColumnInt(9) != 0;
  t.log_group_arn = s.ColumnOptionalText(10);
  t.logs_role_arn = s.ColumnOptionalText(11);
  t.kms_key = s.ColumnOptionalText(12);
  t.logging = s.ColumnInt(13) != 0;
  // What was stored was validated when it was put: decoding it again cannot fail.
  if (auto doc = protocol::ParseJson(s.ColumnText(14)); doc.ok()) {
    if (auto sel = DecodeEventSelectors(*doc); sel.ok()) t.selectors = std::move(*sel);
  }
  if (auto doc = protocol::ParseJson(s.ColumnText(15)); doc.ok() && !doc->as_list().empty()) {
    if (auto sel = DecodeAdvancedEventSelectors(*doc); sel.ok()) {
      t.advanced_selectors = std::move(*sel);
    }
  }
  t.custom_selectors = s.ColumnInt(16) != 0;
  if (auto doc = protocol::ParseJson(s.ColumnText(17)); doc.ok() && doc->is_map()) {
    for (const auto& [k, v] : doc->as_map())
      if (v.is_string()) t.tags[k] = v.as_string();
  }
  t.created_at = FromMillis(s.ColumnInt(18));
  t.start_logging_time = OptionalTime(s, 19);
  t.stop_logging_time = OptionalTime(s, 20);
  if (auto doc = protocol::ParseJson(s.ColumnText(21)); doc.ok()) {
    if (auto sel = DecodeInsightSelectors(*doc); sel.ok()) t.insight_selectors = std::move(*sel);
  }
  return t;
}

// Binds every settable column of a trail, in the order of kSettable.
constexpr char kSettable[] =
    "account_id, name, home_region, s3_bucket, s3_prefix, sns_topic, include_global,"
    " multi_region, log_file_validation, log_group_arn, logs_role_arn, kms_key, logging,"
    " selectors, advanced_selectors, custom_selectors, tags, created_at, start_logging_time,"
    " stop_logging_time, insight_selectors";

void BindTrail(Statement& s, const Trail& t) {
  s.Bind(1, t.account_id).Bind(2, t.name).Bind(3, t.home_region).Bind(4, t.s3_bucket);
  s.BindOptional(5, t.s3_prefix).BindOptional(6, t.sns_topic);
  s.Bind(7, int64_t{t.include_global_events}).Bind(8, int64_t{t.multi_region});
  s.Bind(9, int64_t{t.log_file_validation}).BindOptional(10, t.log_group_arn);
  s.BindOptional(11, t.logs_role_arn).BindOptional(12, t.kms_key);
  s.Bind(13, int64_t{t.logging});
  s.Bind(14, ToJson(EncodeEventSelectors(t.selectors)));
  s.Bind(15, ToJson(EncodeAdvancedEventSelectors(t.advanced_selectors)));
  s.Bind(16, int64_t{t.custom_selectors}).Bind(17, TagsJson(t.tags));
  s.Bind(18, Millis(t.created_at));
  if (t.start_logging_time) s.Bind(19, Millis(*t.start_logging_time)); else s.BindNull(19);
  if (t.stop_logging_time) s.Bind(20, Millis(*t.stop_logging_time)); else s.BindNull(20);
  s.Bind(21, ToJson(EncodeInsightSelectors(t.insight_selectors)));
}

// The delivery state as JSON (a handful of fields, read and written whole).
void PutTime(Document& d, std::string_view key, const std::optional<TimePoint>& t) {
  if (t) d[key] = Millis(*t);
}
std::optional<TimePoint> GetTime(const Document& d, std::string_view key) {
  const Document* v = d.Find(key);
  if (v == nullptr || v->kind() != Document::Kind::kInt) return std::nullopt;
  return FromMillis(v->as_int());
}
void PutText(Document& d, std::string_view key, const std::optional<std::string>& s) {
  if (s) d[key] = *s;
}
std::optional<std::string> GetText(const Document& d, std::string_view key) {
  const Document* v = d.Find(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->as_string();
}

std::string DeliveryJson(const DeliveryState& st) {
  Document d = Document::MakeMap();
  d["delivered_seq"] = st.delivered_seq;
  PutTime(d, "delivery_time", st.latest_delivery_time);
  PutTime(d, "delivery_attempt", st.latest_delivery_attempt);
  PutText(d, "delivery_error", st.latest_delivery_error);
  PutTime(d, "logs_time", st.latest_logs_delivery_time);
  PutText(d, "logs_error", st.latest_logs_delivery_error);
  PutTime(d, "digest_time", st.latest_digest_time);
  PutText(d, "digest_error", st.latest_digest_error);
  PutTime(d, "digest_end", st.last_digest_end);
  d["digest_bucket"] = st.last_digest_bucket;
  d["digest_key"] = st.last_digest_key;
  d["digest_signature"] = st.last_digest_signature;
  d["digest_hash"] = st.last_digest_hash;
  d["digested_file"] = st.last_digested_file;
  return ToJson(d);
}

DeliveryState ParseDelivery(std::string_view json) {
  DeliveryState st;
  auto parsed = protocol::ParseJson(json);
  if (!parsed.ok() || !parsed->is_map()) return st;
  const Document& d = *parsed;
  if (const Document* v = d.Find("delivered_seq"); v && v->kind() == Document::Kind::kInt)
    st.delivered_seq = v->as_int();
  st.latest_delivery_time = GetTime(d, "delivery_time");
  st.latest_delivery_attempt = GetTime(d, "delivery_attempt");
  st.latest_delivery_error = GetText(d, "delivery_error");
  st.latest_logs_delivery_time = GetTime(d, "logs_time");
  st.latest_logs_delivery_error = GetText(d, "logs_error");
  st.latest_digest_time = GetTime(d, "digest_time");
  st.latest_digest_error = GetText(d, "digest_error");
  st.last_digest_end = GetTime(d, "digest_end");
  st.last_digest_bucket = GetText(d, "digest_bucket").value_or("");
  st.last_digest_key = GetText(d, "digest_key").value_or("");
  st.last_digest_signature = GetText(d, "digest_signature").value_or("");
  st.last_digest_hash = GetText(d, "digest_hash").value_or("");
  if (const Document* v = d.Find("digested_file"); v && v->kind() == Document::Kind::kInt)
    st.last_digested_file = v->as_int();
  return st;
}

}  // namespace

Result<std::unique_ptr<SqliteTrailStore>> SqliteTrailStore::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("cloudtrail_trails", kMigrations));
  return std::unique_ptr<SqliteTrailStore>(new SqliteTrailStore(db));
}

Result<bool> SqliteTrailStore::Create(Trail& trail) {
  Status status = db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare(std::string("INSERT INTO cloudtrail_trails(") + kSettable +
                                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                     " ?, ?, ?, ?)"));
    BindTrail(stmt, trail);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    trail.id = c.LastInsertRowId();
    return Ok();
  });
  if (!status.ok() && store::IsConstraintViolation(status.error())) return false;
  BERTH_RETURN_IF_ERROR(status);
  return true;
}

Result<std::optional<Trail>> SqliteTrailStore::Get(std::string_view account,
                                                   std::string_view name) {
  std::optional<Trail> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare(std::string(kColumns) + "WHERE account_id = ? AND name = ?"));
    stmt.Bind(1, account).Bind(2, name);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) out = ReadTrail(stmt);
    return Ok();
  }));
  return out;
}

Result<std::vector<Trail>> SqliteTrailStore::List(std::string_view account) {
  std::vector<Trail> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare(std::string(kColumns) +
                             "WHERE (? = '' OR account_id = ?) ORDER BY account_id, name"));
    stmt.Bind(1, account).Bind(2, account);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(ReadTrail(stmt));
    }
  }));
  return out;
}

Status SqliteTrailStore::Update(const Trail& trail) {
  return db_.Write([&](Connection& c) -> Status {
    std::string sql = "UPDATE cloudtrail_trails SET ";
    std::string_view cols = kSettable;
    int i = 0;
    while (!cols.empty()) {
      const auto comma = cols.find(',');
      std::string_view col = cols.substr(0, comma);
      while (!col.empty() && col.front() == ' ') col.remove_prefix(1);
      sql += (i++ ? ", " : "") + std::string(col) + " = ?";
      cols = comma == std::string_view::npos ? std::string_view() : cols.substr(comma + 1);
    }
    sql += " WHERE id = ?";
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(sql));
    BindTrail(stmt, trail);
    stmt.Bind(22, trail.id);
    return stmt.Run();
  });
}

Result<bool> SqliteTrailStore::Delete(int64_t trail_id) {
  bool deleted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("DELETE FROM cloudtrail_trails WHERE id = ?"));
    stmt.Bind(1, trail_id);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    deleted = c.Changes() > 0;
    return Ok();
  }));
  return deleted;
}

Result<DeliveryState> SqliteTrailStore::GetDelivery(int64_t trail_id) {
  DeliveryState out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("SELECT delivery FROM cloudtrail_trails WHERE id = ?"));
    stmt.Bind(1, trail_id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) out = ParseDelivery(stmt.ColumnText(0));
    return Ok();
  }));
  return out;
}

Status SqliteTrailStore::CommitDelivery(int64_t trail_id, const DeliveryState& state,
                                        const std::vector<DeliveredLogFile>& files) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto update,
                           c.Prepare("UPDATE cloudtrail_trails SET delivery = ? WHERE id = ?"));
    update.Bind(1, DeliveryJson(state)).Bind(2, trail_id);
    BERTH_RETURN_IF_ERROR(update.Run());
    BERTH_ASSIGN_OR_RETURN(auto insert,
                           c.Prepare("INSERT INTO cloudtrail_log_files(trail_id, bucket, key,"
                                     " hash, oldest, newest) VALUES (?, ?, ?, ?, ?, ?)"));
    for (const auto& f : files) {
      insert.Bind(1, trail_id).Bind(2, f.bucket).Bind(3, f.key).Bind(4, f.hash);
      insert.Bind(5, Millis(f.oldest_event)).Bind(6, Millis(f.newest_event));
      BERTH_RETURN_IF_ERROR(insert.Run());
    }
    return Ok();
  });
}

Result<std::vector<DeliveredLogFile>> SqliteTrailStore::FilesAfter(int64_t trail_id,
                                                                   int64_t after_id) {
  std::vector<DeliveredLogFile> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("SELECT id, bucket, key, hash, oldest, newest FROM"
                                     " cloudtrail_log_files WHERE trail_id = ? AND id > ?"
                                     " ORDER BY id"));
    stmt.Bind(1, trail_id).Bind(2, after_id);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back({stmt.ColumnInt(0), stmt.ColumnText(1), stmt.ColumnText(2),
                     stmt.ColumnText(3), FromMillis(stmt.ColumnInt(4)),
                     FromMillis(stmt.ColumnInt(5))});
    }
  }));
  return out;
}

}  // namespace berth::services::cloudtrail
