#include "services/s3/store/rows.h"

#include "services/s3/model/errors.h"

namespace berth::services::s3::rows {
namespace {

const store::Migration kMigrations[] = {
    {1,
     // AUTOINCREMENT: a bucket made anew under a deleted one's name never gets its id, so a
     // write begun for the old bucket cannot land in the new one.
     "CREATE TABLE s3_buckets(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,"
     " owner TEXT NOT NULL, region TEXT NOT NULL, created_at INTEGER NOT NULL);"
     "CREATE INDEX s3_buckets_owner ON s3_buckets(owner, name);"
     // Keys compare as bytes (BINARY collation on UTF-8), which is S3's listing order.
     "CREATE TABLE s3_objects(bucket_id INTEGER NOT NULL REFERENCES s3_buckets(id),"
     " key TEXT NOT NULL, file TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, etag TEXT NOT NULL,"
     " last_modified INTEGER NOT NULL, content_type TEXT NOT NULL, metadata BLOB NOT NULL,"
     " headers BLOB NOT NULL, checksum_algorithm TEXT NOT NULL, checksum TEXT NOT NULL,"
     " parts INTEGER NOT NULL, PRIMARY KEY(bucket_id, key)) WITHOUT ROWID;"
     "CREATE TABLE s3_uploads(id TEXT PRIMARY KEY, bucket_id INTEGER NOT NULL"
     " REFERENCES s3_buckets(id), key TEXT NOT NULL, initiated INTEGER NOT NULL,"
     " initiator TEXT NOT NULL, owner TEXT NOT NULL, content_type TEXT NOT NULL,"
     " metadata BLOB NOT NULL, headers BLOB NOT NULL, checksum_algorithm TEXT NOT NULL);"
     "CREATE INDEX s3_uploads_key ON s3_uploads(bucket_id, key, id);"
     "CREATE TABLE s3_parts(upload_id TEXT NOT NULL REFERENCES s3_uploads(id),"
     " number INTEGER NOT NULL, file TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,"
     " etag TEXT NOT NULL, last_modified INTEGER NOT NULL, checksum TEXT NOT NULL,"
     " PRIMARY KEY(upload_id, number)) WITHOUT ROWID;"
     // Files let go of, unlinked after a grace period (local_bucket_store.h).
     "CREATE TABLE s3_doomed_files(file TEXT PRIMARY KEY, bucket TEXT NOT NULL,"
     " doomed_at INTEGER NOT NULL);"
     "CREATE INDEX s3_doomed_files_at ON s3_doomed_files(doomed_at);"},
    // A bucket's policy (JSON as its owner sent it) and tags (EncodeList); NULL when none.
    {2,
     "ALTER TABLE s3_buckets ADD COLUMN policy TEXT;"
     "ALTER TABLE s3_buckets ADD COLUMN tags BLOB;"},
};

}  // namespace

std::span<const store::Migration> Migrations() { return kMigrations; }

TimePoint ToSeconds(TimePoint t) { return std::chrono::time_point_cast<std::chrono::seconds>(t); }

namespace {

// "name\0value\0…" of any sequence of pairs.
template <typename Pairs>
std::string EncodePairs(const Pairs& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    out.append(name).push_back('\0');
    out.append(value).push_back('\0');
  }
  return out;
}

// Calls `add(name, value)` for each pair of an encoding, in order.
template <typename Add>
void DecodePairs(std::string_view encoded, Add add) {
  while (!encoded.empty()) {
    const size_t name_end = encoded.find('\0');
    if (name_end == std::string_view::npos) break;
    const size_t value_end = encoded.find('\0', name_end + 1);
    if (value_end == std::string_view::npos) break;
    add(encoded.substr(0, name_end), encoded.substr(name_end + 1, value_end - name_end - 1));
    encoded.remove_prefix(value_end + 1);
  }
}

}  // namespace

std::string EncodeMap(const std::map<std::string, std::string>& map) { return EncodePairs(map); }

std::map<std::string, std::string> DecodeMap(std::string_view encoded) {
  std::map<std::string, std::string> out;
  DecodePairs(encoded, [&](std::string_view n, std::string_view v) { out.emplace(n, v); });
  return out;
}

std::string EncodeList(const std::vector<std::pair<std::string, std::string>>& list) {
  return EncodePairs(list);
}

std::vector<std::pair<std::string, std::string>> DecodeList(std::string_view encoded) {
  std::vector<std::pair<std::string, std::string>> out;
  DecodePairs(encoded, [&](std::string_view n, std::string_view v) { out.emplace_back(n, v); });
  return out;
}

Result<int64_t> BucketId(store::Connection& c, std::string_view name) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT id FROM s3_buckets WHERE name = ?"));
  stmt.Bind(1, name);
  BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return errors::NoSuchBucket();
  return stmt.ColumnInt(0);
}

Status Doom(store::Connection& c, std::string_view bucket, std::string_view file, TimePoint now) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("INSERT OR IGNORE INTO s3_doomed_files(file, "
                                              "bucket, doomed_at) VALUES (?, ?, ?)"));
  stmt.Bind(1, file).Bind(2, bucket).Bind(3, Millis(now));
  return stmt.Run();
}

Status WriteObject(store::Connection& c, int64_t id, std::string_view bucket,
                   const ObjectInfo& info, std::string_view file, TimePoint now) {
  BERTH_ASSIGN_OR_RETURN(auto exists, c.Prepare("SELECT 1 FROM s3_buckets WHERE id = ?"));
  exists.Bind(1, id);
  BERTH_ASSIGN_OR_RETURN(bool found, exists.Step());
  if (!found) return errors::NoSuchBucket();
  BERTH_ASSIGN_OR_RETURN(auto old, c.Prepare("SELECT file FROM s3_objects WHERE bucket_id = ?"
                                             " AND key = ?"));
  old.Bind(1, id).Bind(2, info.key);
  BERTH_ASSIGN_OR_RETURN(bool replaces, old.Step());
  if (replaces) BERTH_RETURN_IF_ERROR(Doom(c, bucket, old.ColumnText(0), now));
  BERTH_ASSIGN_OR_RETURN(
      auto upsert,
      c.Prepare("INSERT OR REPLACE INTO s3_objects(bucket_id, key, file, size, etag,"
                " last_modified, content_type, metadata, headers, checksum_algorithm, checksum,"
                " parts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  upsert.Bind(1, id).Bind(2, info.key).Bind(3, file).Bind(4, static_cast<int64_t>(info.size));
  upsert.Bind(5, info.etag).Bind(6, Millis(info.last_modified)).Bind(7, info.how.content_type);
  upsert.BindBlob(8, EncodeMap(info.how.metadata)).BindBlob(9, EncodeMap(info.how.headers));
  upsert.Bind(10, info.checksum_algorithm).Bind(11, info.checksum);
  upsert.Bind(12, static_cast<int64_t>(info.parts));
  return upsert.Run();
}

}  // namespace berth::services::s3::rows
