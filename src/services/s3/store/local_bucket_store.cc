#include "services/s3/store/local_bucket_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "services/s3/api/headers.h"
#include "services/s3/model/errors.h"
#include "services/s3/model/names.h"
#include "services/s3/store/rows.h"

namespace berth::services::s3 {

using store::Connection;
using store::Statement;

namespace {

constexpr size_t kSweepBatch = 256;
constexpr size_t kCopyChunk = 1 << 20;

constexpr char kObjectColumns[] =
    "SELECT key, size, etag, last_modified, content_type, metadata, headers,"
    " checksum_algorithm, checksum, parts, file FROM s3_objects ";

ObjectInfo ReadObject(const Statement& s) {
  ObjectInfo o;
  o.key = s.ColumnText(0);
  o.size = static_cast<uint64_t>(s.ColumnInt(1));
  o.etag = s.ColumnText(2);
  o.last_modified = FromMillis(s.ColumnInt(3));
  o.how.content_type = s.ColumnText(4);
  o.how.metadata = rows::DecodeMap(s.ColumnBlob(5));
  o.how.headers = rows::DecodeMap(s.ColumnBlob(6));
  o.checksum_algorithm = s.ColumnText(7);
  o.checksum = s.ColumnText(8);
  o.parts = static_cast<int>(s.ColumnInt(9));
  return o;
}

BucketInfo ReadBucket(const Statement& s) {
  return BucketInfo{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), FromMillis(s.ColumnInt(3))};
}

}  // namespace

Result<std::unique_ptr<LocalBucketStore>> LocalBucketStore::Open(store::Database& db,
                                                                 std::string root,
                                                                 const Clock& clock,
                                                                 store::Fs& fs) {
  BERTH_RETURN_IF_ERROR(db.Migrate("s3", rows::Migrations()));
  BERTH_ASSIGN_OR_RETURN(auto files, ObjectFiles::Open(std::move(root), fs));
  std::unique_ptr<LocalBucketStore> store(new LocalBucketStore(db, std::move(files), clock));
  BERTH_RETURN_IF_ERROR(store->Recover());
  return store;
}

TimePoint LocalBucketStore::Now() const { return clock_.Now(); }

Status LocalBucketStore::Recover() {
  BERTH_RETURN_IF_ERROR(files_->Recover([&](std::string_view id) -> Result<bool> {
    bool named = false;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT 1 FROM s3_objects WHERE file = ?1"
                                                  " UNION ALL SELECT 1 FROM s3_parts WHERE"
                                                  " file = ?1"));
      stmt.Bind(1, id);
      BERTH_ASSIGN_OR_RETURN(named, stmt.Step());
      return Ok();
    }));
    return named;
  }));
  BERTH_RETURN_IF_ERROR(Sweep(/*everything=*/true));
  // Folders of buckets deleted just before a crash.
  std::set<std::string> names;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT name FROM s3_buckets"));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      names.insert(stmt.ColumnText(0));
    }
  }));
  BERTH_ASSIGN_OR_RETURN(auto folders, files_->BucketFolders());
  for (const auto& folder : folders)
    if (!names.contains(folder)) BERTH_RETURN_IF_ERROR(files_->RemoveBucket(folder));
  return Ok();
}

Status LocalBucketStore::Sweep(bool everything) {
  const int64_t before = everything ? INT64_MAX : Millis(Now() - kUnlinkGrace);
  for (;;) {
    std::vector<std::pair<std::string, std::string>> doomed;  // file, bucket
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT file, bucket FROM s3_doomed_files"
                                                  " WHERE doomed_at < ? LIMIT ?"));
      stmt.Bind(1, before).Bind(2, static_cast<int64_t>(kSweepBatch));
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) return Ok();
        doomed.emplace_back(stmt.ColumnText(0), stmt.ColumnText(1));
      }
    }));
    if (doomed.empty()) return Ok();
    for (const auto& [file, bucket] : doomed) BERTH_RETURN_IF_ERROR(files_->Remove(bucket, file));
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      for (const auto& [file, bucket] : doomed) {
        BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("DELETE FROM s3_doomed_files WHERE file = ?"));
        stmt.Bind(1, file);
        BERTH_RETURN_IF_ERROR(stmt.Run());
      }
      return Ok();
    }));
    if (doomed.size() < kSweepBatch || !everything) return Ok();
  }
}

void LocalBucketStore::MaybeSweep() {
  const int64_t now = Millis(Now());
  int64_t due = next_sweep_ms_.load();
  if (now < due) return;
  const int64_t next = now + std::chrono::milliseconds(kSweepEvery).count();
  if (!next_sweep_ms_.compare_exchange_strong(due, next)) return;  // another thread sweeps
  // A failed sweep leaves its rows; the next one retries them.
  IgnoreError(Sweep(/*everything=*/false));
}

// --- Buckets ---

Result<std::optional<std::string>> LocalBucketStore::BucketOwner(std::string_view bucket) {
  BERTH_ASSIGN_OR_RETURN(auto info, GetBucket(bucket));
  if (!info) return std::optional<std::string>();
  return std::optional<std::string>(info->owner);
}

Result<std::optional<BucketInfo>> LocalBucketStore::GetBucket(std::string_view bucket) {
  std::optional<BucketInfo> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT name, owner, region, created_at FROM"
                                                " s3_buckets WHERE name = ?"));
    stmt.Bind(1, bucket);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) out = ReadBucket(stmt);
    return Ok();
  }));
  return out;
}

Status LocalBucketStore::CreateBucket(const BucketInfo& bucket) {
  if (!IsValidBucketName(bucket.name)) return errors::InvalidBucketName();
  std::lock_guard lock(buckets_mu_);
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto find, c.Prepare("SELECT owner FROM s3_buckets WHERE name = ?"));
    find.Bind(1, bucket.name);
    BERTH_ASSIGN_OR_RETURN(bool exists, find.Step());
    if (exists) {
      return find.ColumnText(0) == bucket.owner ? errors::BucketAlreadyOwnedByYou()
                                                : errors::BucketAlreadyExists();
    }
    BERTH_ASSIGN_OR_RETURN(auto insert, c.Prepare("INSERT INTO s3_buckets(name, owner, region,"
                                                  " created_at) VALUES (?, ?, ?, ?)"));
    insert.Bind(1, bucket.name).Bind(2, bucket.owner).Bind(3, bucket.region);
    insert.Bind(4, Millis(bucket.created));
    return insert.Run();
  });
}

Status LocalBucketStore::DeleteBucket(std::string_view bucket) {
  // Until the folder is gone, no bucket of this name may be made (its files would go too).
  std::lock_guard lock(buckets_mu_);
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(int64_t id, rows::BucketId(c, bucket));
    BERTH_ASSIGN_OR_RETURN(auto any, c.Prepare("SELECT 1 FROM s3_objects WHERE bucket_id = ?"
                                               " LIMIT 1"));
    any.Bind(1, id);
    BERTH_ASSIGN_OR_RETURN(bool has_objects, any.Step());
    if (has_objects) return errors::BucketNotEmpty();
    // Multipart uploads in progress go with the bucket.
    for (const char* sql :
         {"DELETE FROM s3_parts WHERE upload_id IN (SELECT id FROM s3_uploads WHERE"
          " bucket_id = ?1)",
          "DELETE FROM s3_uploads WHERE bucket_id = ?1", "DELETE FROM s3_buckets WHERE id = ?1"}) {
      BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(sql));
      stmt.Bind(1, id);
      BERTH_RETURN_IF_ERROR(stmt.Run());
    }
    BERTH_ASSIGN_OR_RETURN(auto forget, c.Prepare("DELETE FROM s3_doomed_files WHERE bucket = ?"));
    forget.Bind(1, bucket);
    return forget.Run();
  }));
  // The folder goes with everything in it (parts, doomed files); a crash before this is
  // finished by Recover().
  return files_->RemoveBucket(bucket);
}

Result<std::vector<BucketInfo>> LocalBucketStore::ListBuckets(std::string_view owner,
                                                              std::string_view prefix,
                                                              std::string_view after,
                                                              size_t limit) {
  std::vector<BucketInfo> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT name, owner, region, created_at FROM"
                                                " s3_buckets WHERE owner = ? AND name > ? AND"
                                                " substr(name, 1, ?) = ? ORDER BY name LIMIT ?"));
    // As std::string: an empty string_view may point nowhere, which SQLite binds as NULL.
    stmt.Bind(1, std::string(owner)).Bind(2, std::string(after));
    stmt.Bind(3, static_cast<int64_t>(prefix.size())).Bind(4, std::string(prefix));
    stmt.Bind(5, static_cast<int64_t>(limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(ReadBucket(stmt));
    }
  }));
  return out;
}

// --- Bucket configuration ---

Result<std::optional<std::string>> LocalBucketStore::ReadBucketColumn(std::string_view name,
                                                                      const char* column) {
  std::optional<std::string> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string("SELECT ") + column +
                                                " FROM s3_buckets WHERE name = ?"));
    stmt.Bind(1, name);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return errors::NoSuchBucket();
    if (!stmt.ColumnIsNull(0)) out = stmt.ColumnBlob(0);
    return Ok();
  }));
  return out;
}

Status LocalBucketStore::WriteBucketColumn(std::string_view name, const char* column,
                                           const std::optional<std::string>& value, bool blob) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(int64_t id, rows::BucketId(c, name));
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string("UPDATE s3_buckets SET ") + column +
                                                " = ? WHERE id = ?"));
    if (!value) {
      stmt.BindNull(1);
    } else if (blob) {
      stmt.BindBlob(1, *value);
    } else {
      stmt.Bind(1, *value);
    }
    stmt.Bind(2, id);
    return stmt.Run();
  });
}

Result<std::optional<std::string>> LocalBucketStore::GetBucketPolicy(std::string_view bucket) {
  return ReadBucketColumn(bucket, "policy");
}

Status LocalBucketStore::SetBucketPolicy(std::string_view bucket,
                                         std::optional<std::string> policy) {
  return WriteBucketColumn(bucket, "policy", policy, /*blob=*/false);
}

Result<std::vector<StoredBucketPolicy>> LocalBucketStore::ListBucketPolicies() {
  std::vector<StoredBucketPolicy> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT name, owner, policy FROM s3_buckets"
                                                " WHERE policy IS NOT NULL"));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back({stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnText(2)});
    }
  }));
  return out;
}

Result<std::optional<BucketTags>> LocalBucketStore::GetBucketTags(std::string_view bucket) {
  BERTH_ASSIGN_OR_RETURN(auto encoded, ReadBucketColumn(bucket, "tags"));
  if (!encoded) return std::optional<BucketTags>();
  return std::optional<BucketTags>(rows::DecodeList(*encoded));
}

Status LocalBucketStore::SetBucketTags(std::string_view bucket, std::optional<BucketTags> tags) {
  std::optional<std::string> encoded;
  if (tags) encoded = rows::EncodeList(*tags);
  return WriteBucketColumn(bucket, "tags", encoded, /*blob=*/true);
}

// --- Objects ---

Result<TempObject*> LocalBucketStore::Ours(PendingObject* pending) {
  auto* temp = dynamic_cast<TempObject*>(pending);
  if (temp == nullptr) return errors::InternalError("a pending object of another store");
  return temp;
}

Status LocalBucketStore::PublishAndCommit(TempObject& temp,
                                          const std::function<Status(Connection&)>& commit) {
  BERTH_RETURN_IF_ERROR(files_->Publish(temp));
  BERTH_RETURN_IF_ERROR(db_.Write(commit));
  files_->Settle(temp);
  MaybeSweep();
  return Ok();
}

Status LocalBucketStore::PutObject(std::string_view bucket, std::string_view key,
                                   std::string_view bytes, const ObjectWrite& how) {
  BERTH_RETURN_IF_ERROR(ValidateKey(key));
  BERTH_ASSIGN_OR_RETURN(auto pending, BeginObject(bucket));
  BERTH_RETURN_IF_ERROR(pending->Append(bytes));
  auto info = CommitObject(std::move(pending), key, how, "", "");
  if (!info.ok()) return std::move(info).error();
  return Ok();
}

Result<std::unique_ptr<PendingObject>> LocalBucketStore::BeginObject(std::string_view bucket) {
  if (!IsValidBucketName(bucket)) return errors::NoSuchBucket();
  int64_t id = 0;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(id, rows::BucketId(c, bucket));
    return Ok();
  }));
  BERTH_ASSIGN_OR_RETURN(auto temp, files_->Create(bucket, id));
  return std::unique_ptr<PendingObject>(std::move(temp));
}

Result<ObjectInfo> LocalBucketStore::CommitObject(std::unique_ptr<PendingObject> pending,
                                                  std::string_view key, const ObjectWrite& how,
                                                  std::string_view checksum_algorithm,
                                                  std::string_view checksum) {
  BERTH_ASSIGN_OR_RETURN(TempObject * temp, Ours(pending.get()));
  BERTH_RETURN_IF_ERROR(ValidateKey(key));
  BERTH_ASSIGN_OR_RETURN(std::string md5, temp->Finish());
  ObjectInfo info;
  info.key = std::string(key);
  info.size = temp->size();
  info.etag = std::move(md5);
  info.last_modified = rows::ToSeconds(Now());
  info.how = how;
  info.checksum_algorithm = std::string(checksum_algorithm);
  info.checksum = std::string(checksum);
  BERTH_RETURN_IF_ERROR(PublishAndCommit(*temp, [&](Connection& c) -> Status {
    return rows::WriteObject(c, temp->bucket_id(), temp->bucket(), info, temp->id(), Now());
  }));
  return info;
}

Result<std::optional<StoredObject>> LocalBucketStore::GetObject(std::string_view bucket,
                                                                std::string_view key) {
  std::optional<StoredObject> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kObjectColumns) +
                                                "WHERE bucket_id = (SELECT id FROM s3_buckets"
                                                " WHERE name = ?) AND key = ?"));
    stmt.Bind(1, bucket).Bind(2, key);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    StoredObject object{ReadObject(stmt), {}};
    object.file = FileRange{files_->PathOf(bucket, stmt.ColumnText(10)), 0, object.info.size};
    out = std::move(object);
    return Ok();
  }));
  return out;
}

Result<bool> LocalBucketStore::DeleteObject(std::string_view bucket, std::string_view key) {
  bool existed = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(int64_t id, rows::BucketId(c, bucket));
    BERTH_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM s3_objects WHERE bucket_id = ? AND"
                                               " key = ? RETURNING file"));
    del.Bind(1, id).Bind(2, key);
    BERTH_ASSIGN_OR_RETURN(existed, del.Step());
    if (!existed) return Ok();
    const std::string file = del.ColumnText(0);
    BERTH_RETURN_IF_ERROR(del.Step());  // finish the statement
    return rows::Doom(c, bucket, file, Now());
  }));
  if (existed) MaybeSweep();
  return existed;
}

Result<std::vector<bool>> LocalBucketStore::DeleteObjects(std::string_view bucket,
                                                          const std::vector<std::string>& keys) {
  std::vector<bool> existed;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    existed.assign(keys.size(), false);
    BERTH_ASSIGN_OR_RETURN(int64_t id, rows::BucketId(c, bucket));
    for (size_t i = 0; i < keys.size(); ++i) {
      BERTH_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM s3_objects WHERE bucket_id = ?"
                                                 " AND key = ? RETURNING file"));
      del.Bind(1, id).Bind(2, keys[i]);
      BERTH_ASSIGN_OR_RETURN(bool found, del.Step());
      if (!found) continue;
      existed[i] = true;
      const std::string file = del.ColumnText(0);
      BERTH_RETURN_IF_ERROR(del.Step());
      BERTH_RETURN_IF_ERROR(rows::Doom(c, bucket, file, Now()));
    }
    return Ok();
  }));
  MaybeSweep();
  return existed;
}

Status LocalBucketStore::CopyHashed(const std::string& path, uint64_t offset, uint64_t length,
                                    TempObject& temp) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errors::InternalError("cannot open " + path);
  std::string buffer(kCopyChunk, '\0');
  Status copied = Ok();
  while (length > 0 && copied.ok()) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(length, buffer.size()));
    const ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      copied = errors::InternalError("cannot read " + path);
      break;
    }
    copied = temp.Append(std::string_view(buffer.data(), static_cast<size_t>(n)));
    offset += static_cast<uint64_t>(n);
    length -= static_cast<uint64_t>(n);
  }
  ::close(fd);
  return copied;
}

Result<ListPage> LocalBucketStore::ListObjects(std::string_view bucket, const ListQuery& query) {
  Result<ListPage> page = errors::NoSuchBucket();
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(int64_t id, rows::BucketId(c, bucket));
    page = ListKeys(query, [&](const KeyRange& range) -> Result<std::vector<ListedObject>> {
      std::string sql =
          "SELECT key, size, etag, last_modified, headers FROM s3_objects WHERE"
          " bucket_id = ?1 AND key ";
      sql += range.inclusive ? ">= ?2" : "> ?2";
      if (range.before) sql += " AND key < ?3";
      sql += " ORDER BY key LIMIT ?4";
      BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(sql));
      stmt.Bind(1, id).Bind(2, range.from).Bind(4, static_cast<int64_t>(range.limit));
      if (range.before) stmt.Bind(3, *range.before);
      std::vector<ListedObject> out;
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) return out;
        ListedObject object{stmt.ColumnText(0), static_cast<uint64_t>(stmt.ColumnInt(1)),
                            stmt.ColumnText(2), FromMillis(stmt.ColumnInt(3))};
        // Most objects keep no headers: only those pay for decoding them.
        if (std::string headers = stmt.ColumnBlob(4); !headers.empty()) {
          object.storage_class = StorageClassOf(rows::DecodeMap(headers));
        }
        out.push_back(std::move(object));
      }
    });
    return Ok();
  }));
  return page;
}

Result<ObjectInfo> LocalBucketStore::CopyObject(std::string_view from_bucket,
                                                std::string_view from_key,
                                                std::string_view to_bucket, std::string_view to_key,
                                                const std::optional<ObjectWrite>& how,
                                                const std::optional<ChecksumValue>& checksum) {
  BERTH_ASSIGN_OR_RETURN(auto source, GetObject(from_bucket, from_key));
  if (!source) {
    BERTH_ASSIGN_OR_RETURN(auto bucket, GetBucket(from_bucket));
    return bucket ? errors::NoSuchKey() : errors::NoSuchBucket();
  }
  BERTH_ASSIGN_OR_RETURN(auto pending, BeginObject(to_bucket));
  BERTH_ASSIGN_OR_RETURN(TempObject * temp, Ours(pending.get()));
  ObjectInfo info = source->info;
  info.key = std::string(to_key);
  if (how) {
    info.how = *how;
  }
  if (source->info.parts == 0) {
    // Same bytes, same MD5: the kernel copies them without passing through here.
    BERTH_RETURN_IF_ERROR(temp->Splice(source->file.path, 0, source->file.length));
    BERTH_RETURN_IF_ERROR(temp->Finish());
  } else {
    // A multipart source: the copy is one part, whose ETag is the MD5 of the bytes.
    BERTH_RETURN_IF_ERROR(CopyHashed(source->file.path, 0, source->file.length, *temp));
    BERTH_ASSIGN_OR_RETURN(info.etag, temp->Finish());
    info.parts = 0;
    info.checksum_algorithm.clear();
    info.checksum.clear();
  }
  if (checksum) {
    info.checksum_algorithm = checksum->first;
    info.checksum = checksum->second;
  }
  if (temp->size() != source->info.size) return errors::InternalError("copy size mismatch");
  info.last_modified = rows::ToSeconds(Now());
  BERTH_RETURN_IF_ERROR(PublishAndCommit(*temp, [&](Connection& c) -> Status {
    return rows::WriteObject(c, temp->bucket_id(), to_bucket, info, temp->id(), Now());
  }));
  return info;
}

}  // namespace berth::services::s3
