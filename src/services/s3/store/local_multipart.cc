// The multipart uploads of LocalBucketStore: each part is a file of its own; completing an
// upload joins the listed parts into one new file in the kernel (copy_file_range), so neither
// the bytes nor their hashing pass through berth again.
#include <map>

#include "core/crypto.h"
#include "services/s3/model/checksum.h"
#include "services/s3/model/errors.h"
#include "services/s3/model/listing.h"
#include "services/s3/store/local_bucket_store.h"
#include "services/s3/store/rows.h"

namespace berth::services::s3 {

using store::Connection;
using store::Statement;

namespace {

constexpr size_t kUploadIdBytes = 24;

constexpr char kUploadColumns[] =
    "SELECT u.id, b.name, u.key, u.initiated, u.initiator, u.owner, u.content_type,"
    " u.metadata, u.headers, u.checksum_algorithm FROM s3_uploads u JOIN s3_buckets b ON"
    " b.id = u.bucket_id ";

MultipartUpload ReadUpload(const Statement& s) {
  MultipartUpload u;
  u.upload_id = s.ColumnText(0);
  u.bucket = s.ColumnText(1);
  u.key = s.ColumnText(2);
  u.initiated = FromMillis(s.ColumnInt(3));
  u.initiator_arn = s.ColumnText(4);
  u.owner = s.ColumnText(5);
  u.how.content_type = s.ColumnText(6);
  u.how.metadata = rows::DecodeMap(s.ColumnBlob(7));
  u.how.headers = rows::DecodeMap(s.ColumnBlob(8));
  u.checksum_algorithm = s.ColumnText(9);
  return u;
}

struct StoredPart {
  PartInfo info;
  std::string file;
};

// Every part of the upload by number; NoSuchUpload when the upload is gone.
Result<std::map<int, StoredPart>> LoadParts(Connection& c, std::string_view upload_id) {
  BERTH_ASSIGN_OR_RETURN(auto exists, c.Prepare("SELECT 1 FROM s3_uploads WHERE id = ?"));
  exists.Bind(1, upload_id);
  BERTH_ASSIGN_OR_RETURN(bool found, exists.Step());
  if (!found) return errors::NoSuchUpload();
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT number, size, etag, last_modified,"
                                              " checksum, file FROM s3_parts WHERE"
                                              " upload_id = ?"));
  stmt.Bind(1, upload_id);
  std::map<int, StoredPart> parts;
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return parts;
    StoredPart p{
        PartInfo{static_cast<int>(stmt.ColumnInt(0)), static_cast<uint64_t>(stmt.ColumnInt(1)),
                 stmt.ColumnText(2), FromMillis(stmt.ColumnInt(3)), stmt.ColumnText(4)},
        stmt.ColumnText(5)};
    parts.emplace(p.info.number, std::move(p));
  }
}

// Removes the upload's rows; returns the files of its parts.
Result<std::vector<std::string>> DropUpload(Connection& c, std::string_view upload_id) {
  std::vector<std::string> files;
  BERTH_ASSIGN_OR_RETURN(auto parts, c.Prepare("DELETE FROM s3_parts WHERE upload_id = ?"
                                               " RETURNING file"));
  parts.Bind(1, upload_id);
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, parts.Step());
    if (!row) break;
    files.push_back(parts.ColumnText(0));
  }
  BERTH_ASSIGN_OR_RETURN(auto upload, c.Prepare("DELETE FROM s3_uploads WHERE id = ?"));
  upload.Bind(1, upload_id);
  BERTH_RETURN_IF_ERROR(upload.Run());
  if (c.Changes() == 0) return errors::NoSuchUpload();
  return files;
}

std::string Unquoted(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

// AWS's composite checksum of a multipart object: the checksum of the parts' checksums,
// "-<parts>". Empty unless every part has one.
std::string CompositeChecksum(std::string_view algorithm_name,
                              const std::vector<const StoredPart*>& parts) {
  auto algorithm = ParseChecksumAlgorithm(algorithm_name);
  if (!algorithm) return "";
  Checksum sum(*algorithm);
  for (const StoredPart* part : parts) {
    auto raw = crypto::Base64Decode(part->info.checksum);
    if (part->info.checksum.empty() || !raw) return "";
    sum.Update(*raw);
  }
  return sum.Base64() + "-" + std::to_string(parts.size());
}

}  // namespace

Result<MultipartUpload> LocalBucketStore::CreateUpload(MultipartUpload upload) {
  // Hex, not base64url: an id starting with '-' reads as an option to the aws CLI
  // (`--upload-id -Cg…` fails), and AWS's ids never start with one.
  upload.upload_id = crypto::HexEncode(crypto::RandomBytes(kUploadIdBytes));
  upload.initiated = Now();
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(int64_t bucket_id, rows::BucketId(c, upload.bucket));
    BERTH_ASSIGN_OR_RETURN(auto insert,
                           c.Prepare("INSERT INTO s3_uploads(id, bucket_id, key, initiated,"
                                     " initiator, owner, content_type, metadata, headers,"
                                     " checksum_algorithm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, upload.upload_id).Bind(2, bucket_id).Bind(3, upload.key);
    insert.Bind(4, Millis(upload.initiated)).Bind(5, upload.initiator_arn).Bind(6, upload.owner);
    insert.Bind(7, upload.how.content_type).BindBlob(8, rows::EncodeMap(upload.how.metadata));
    insert.BindBlob(9, rows::EncodeMap(upload.how.headers)).Bind(10, upload.checksum_algorithm);
    return insert.Run();
  }));
  return upload;
}

Result<MultipartUpload> LocalBucketStore::GetUpload(std::string_view bucket, std::string_view key,
                                                    std::string_view upload_id) {
  std::optional<MultipartUpload> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kUploadColumns) +
                                                "WHERE u.id = ? AND b.name = ? AND u.key = ?"));
    stmt.Bind(1, upload_id).Bind(2, bucket).Bind(3, key);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) out = ReadUpload(stmt);
    return Ok();
  }));
  if (!out) return errors::NoSuchUpload();
  return std::move(*out);
}

Result<PartInfo> LocalBucketStore::CommitPart(std::unique_ptr<PendingObject> pending,
                                              const MultipartUpload& upload, int part_number,
                                              std::string_view checksum) {
  BERTH_ASSIGN_OR_RETURN(TempObject * temp, Ours(pending.get()));
  BERTH_ASSIGN_OR_RETURN(std::string md5, temp->Finish());
  PartInfo part{part_number, temp->size(), std::move(md5), rows::ToSeconds(Now()),
                std::string(checksum)};
  BERTH_RETURN_IF_ERROR(PublishAndCommit(*temp, [&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto exists, c.Prepare("SELECT 1 FROM s3_uploads WHERE id = ?"));
    exists.Bind(1, upload.upload_id);
    BERTH_ASSIGN_OR_RETURN(bool found, exists.Step());
    if (!found) return errors::NoSuchUpload();
    BERTH_ASSIGN_OR_RETURN(auto old, c.Prepare("SELECT file FROM s3_parts WHERE upload_id = ?"
                                               " AND number = ?"));
    old.Bind(1, upload.upload_id).Bind(2, static_cast<int64_t>(part_number));
    BERTH_ASSIGN_OR_RETURN(bool replaces, old.Step());
    if (replaces) BERTH_RETURN_IF_ERROR(rows::Doom(c, upload.bucket, old.ColumnText(0), Now()));
    BERTH_ASSIGN_OR_RETURN(auto upsert,
                           c.Prepare("INSERT OR REPLACE INTO s3_parts(upload_id, number, file,"
                                     " size, etag, last_modified, checksum) VALUES"
                                     " (?, ?, ?, ?, ?, ?, ?)"));
    upsert.Bind(1, upload.upload_id).Bind(2, static_cast<int64_t>(part_number));
    upsert.Bind(3, temp->id()).Bind(4, static_cast<int64_t>(part.size)).Bind(5, part.etag);
    upsert.Bind(6, Millis(part.last_modified)).Bind(7, part.checksum);
    return upsert.Run();
  }));
  return part;
}

Result<PartInfo> LocalBucketStore::CopyPart(const MultipartUpload& upload, int part_number,
                                            std::string_view from_bucket, std::string_view from_key,
                                            std::optional<ByteRange> range) {
  BERTH_ASSIGN_OR_RETURN(auto source, GetObject(from_bucket, from_key));
  if (!source) {
    BERTH_ASSIGN_OR_RETURN(auto bucket, GetBucket(from_bucket));
    return bucket ? errors::NoSuchKey() : errors::NoSuchBucket();
  }
  const ByteRange whole{0, source->info.size};
  const ByteRange r = range.value_or(whole);
  if (r.first + r.length > source->info.size || (range && r.length == 0)) {
    return errors::InvalidRange();
  }
  BERTH_ASSIGN_OR_RETURN(auto temp, files_->Create(upload.bucket, 0));
  BERTH_RETURN_IF_ERROR(CopyHashed(source->file.path, r.first, r.length, *temp));
  return CommitPart(std::move(temp), upload, part_number, "");
}

Result<ObjectInfo> LocalBucketStore::CompleteUpload(const MultipartUpload& upload,
                                                    const std::vector<CompletedPart>& listed) {
  std::map<int, StoredPart> stored;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(stored, LoadParts(c, upload.upload_id));
    return Ok();
  }));
  if (listed.empty()) return errors::MalformedXML();
  std::vector<const StoredPart*> parts;
  std::string md5s;
  for (size_t i = 0; i < listed.size(); ++i) {
    if (i > 0 && listed[i].number <= listed[i - 1].number) return errors::InvalidPartOrder();
    auto it = stored.find(listed[i].number);
    if (it == stored.end() || Unquoted(listed[i].etag) != it->second.info.etag) {
      return errors::InvalidPart("part " + std::to_string(listed[i].number));
    }
    if (!listed[i].checksum.empty() && listed[i].checksum != it->second.info.checksum) {
      return errors::InvalidPart("the checksum of part " + std::to_string(listed[i].number) +
                                 " does not match");
    }
    parts.push_back(&it->second);
    auto md5 = crypto::HexDecode(it->second.info.etag);
    if (!md5) return errors::InternalError("stored part ETag is not hex");
    md5s += *md5;
  }
  for (size_t i = 0; i + 1 < parts.size(); ++i)
    if (parts[i]->info.size < kMinPartBytes) return errors::EntityTooSmall();

  BERTH_ASSIGN_OR_RETURN(auto temp, files_->Create(upload.bucket, 0));
  for (const StoredPart* part : parts) {
    BERTH_RETURN_IF_ERROR(
        temp->Splice(files_->PathOf(upload.bucket, part->file), 0, part->info.size));
  }
  BERTH_RETURN_IF_ERROR(temp->Finish());
  ObjectInfo info;
  info.key = upload.key;
  info.size = temp->size();
  info.etag = Md5Hex(md5s) + "-" + std::to_string(parts.size());
  info.last_modified = rows::ToSeconds(Now());
  info.how = upload.how;
  info.parts = static_cast<int>(parts.size());
  info.checksum = CompositeChecksum(upload.checksum_algorithm, parts);
  if (!info.checksum.empty()) info.checksum_algorithm = upload.checksum_algorithm;

  std::vector<std::string> part_files;
  BERTH_RETURN_IF_ERROR(PublishAndCommit(*temp, [&](Connection& c) -> Status {
    // The parts joined must still be the upload's (a part may have been uploaded again, or
    // the upload completed or aborted, meanwhile).
    BERTH_ASSIGN_OR_RETURN(auto now_stored, LoadParts(c, upload.upload_id));
    for (const StoredPart* part : parts) {
      auto it = now_stored.find(part->info.number);
      if (it == now_stored.end() || it->second.file != part->file) {
        return errors::InvalidPart("part " + std::to_string(part->info.number) +
                                   " changed while the upload completed");
      }
    }
    BERTH_ASSIGN_OR_RETURN(auto bucket, c.Prepare("SELECT bucket_id FROM s3_uploads WHERE id = ?"));
    bucket.Bind(1, upload.upload_id);
    BERTH_ASSIGN_OR_RETURN(bool found, bucket.Step());
    if (!found) return errors::NoSuchUpload();
    BERTH_RETURN_IF_ERROR(
        rows::WriteObject(c, bucket.ColumnInt(0), upload.bucket, info, temp->id(), Now()));
    BERTH_ASSIGN_OR_RETURN(part_files, DropUpload(c, upload.upload_id));
    return Ok();
  }));
  // Nobody reads parts: they go at once.
  for (const auto& file : part_files) IgnoreError(files_->Remove(upload.bucket, file));
  return info;
}

Status LocalBucketStore::AbortUpload(const MultipartUpload& upload) {
  std::vector<std::string> part_files;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(part_files, DropUpload(c, upload.upload_id));
    return Ok();
  }));
  for (const auto& file : part_files) IgnoreError(files_->Remove(upload.bucket, file));
  return Ok();
}

Result<UploadListPage> LocalBucketStore::ListUploads(std::string_view bucket,
                                                     const UploadListQuery& query) {
  UploadListPage page;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(int64_t bucket_id, rows::BucketId(c, bucket));
    std::string sql = std::string(kUploadColumns) + "WHERE u.bucket_id = ?1 AND ";
    sql += query.upload_id_marker.empty() ? "u.key > ?2"
                                          : "(u.key > ?2 OR (u.key = ?2 AND u.id > ?3))";
    const auto before = query.prefix.empty() ? std::nullopt : PrefixSuccessor(query.prefix);
    sql += " AND u.key >= ?4";
    if (before) sql += " AND u.key < ?5";
    sql += " ORDER BY u.key, u.id LIMIT ?6";
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(sql));
    stmt.Bind(1, bucket_id).Bind(2, query.key_marker).Bind(3, query.upload_id_marker);
    stmt.Bind(4, query.prefix).Bind(6, static_cast<int64_t>(query.max_uploads + 1));
    if (before) stmt.Bind(5, *before);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      if (page.uploads.size() == query.max_uploads) {
        page.truncated = true;
        return Ok();
      }
      page.uploads.push_back(ReadUpload(stmt));
    }
  }));
  return page;
}

Result<PartListPage> LocalBucketStore::ListParts(const MultipartUpload& upload, int after_part,
                                                 size_t max_parts) {
  PartListPage page;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT number, size, etag, last_modified,"
                                                " checksum FROM s3_parts WHERE upload_id = ? AND"
                                                " number > ? ORDER BY number LIMIT ?"));
    stmt.Bind(1, upload.upload_id).Bind(2, static_cast<int64_t>(after_part));
    stmt.Bind(3, static_cast<int64_t>(max_parts + 1));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      if (page.parts.size() == max_parts) {
        page.truncated = true;
        return Ok();
      }
      page.parts.push_back(PartInfo{static_cast<int>(stmt.ColumnInt(0)),
                                    static_cast<uint64_t>(stmt.ColumnInt(1)), stmt.ColumnText(2),
                                    FromMillis(stmt.ColumnInt(3)), stmt.ColumnText(4)});
    }
  }));
  return page;
}

}  // namespace berth::services::s3
