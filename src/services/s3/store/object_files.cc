// POSIX calls rather than std::filesystem: durability needs fsync of files and directories.
#include "services/s3/store/object_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/crypto.h"
#include "core/ids.h"
#include "services/s3/model/errors.h"
#include "store/file_system.h"

namespace berth::services::s3 {
namespace {

constexpr char kTempFolder[] = ".tmp";
constexpr size_t kIdChars = 36;  // a UUID

// The file-system seam's errors (InternalFailure) in S3's words (InternalError).
Status InS3Terms(Status status) {
  if (status.ok()) return status;
  return errors::InternalError(status.error().message);
}

Error IoError(std::string_view what, const std::string& path) {
  return errors::InternalError(store::IoError(what, path).message);
}

// Named apart from store::SyncDir, which argument lookup finds through store::Fs.
Status SyncDirS3(const std::string& path, store::Fs& fs) {
  return InS3Terms(store::SyncDir(path, fs));
}

// Creates `path` if missing; a new folder is made durable in its parent.
Status EnsureDir(store::Fs& fs, const std::string& parent, const std::string& path) {
  if (fs.Mkdir(path.c_str(), 0700) == 0) return SyncDirS3(parent, fs);
  if (errno != EEXIST) return IoError("cannot create", path);
  return Ok();
}

// store::ForEachEntry with its own (listing) error in S3's words; fn's errors pass through.
Status ForEachEntry(const std::string& dir, const std::function<Status(const std::string&)>& fn) {
  Status visited = Ok();
  Status listed = store::ForEachEntry(dir, [&](const std::string& name) {
    visited = fn(name);
    return visited;
  });
  return visited.ok() ? InS3Terms(std::move(listed)) : visited;
}

Status RemoveTree(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return errno == ENOENT ? Ok() : IoError("cannot stat", path);
  if (S_ISDIR(st.st_mode)) {
    BERTH_RETURN_IF_ERROR(
        ForEachEntry(path, [&](const std::string& name) { return RemoveTree(path + "/" + name); }));
    if (::rmdir(path.c_str()) != 0 && errno != ENOENT) return IoError("cannot remove", path);
  } else if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return IoError("cannot remove", path);
  }
  return Ok();
}

}  // namespace

TempObject::~TempObject() {
  if (fd_ >= 0) files_.fs_.Close(fd_);
  if (!settled_) files_.Discard(*this);
}

Status TempObject::Append(std::string_view bytes) {
  if (finished_) return errors::InternalError("append after finish");
  md5_.Update(bytes);
  size_ += bytes.size();
  return InS3Terms(store::WriteAll(fd_, bytes, files_.TempPath(bucket_, id_), files_.fs_));
}

Status TempObject::Splice(const std::string& path, uint64_t offset, uint64_t length) {
  if (finished_) return errors::InternalError("splice after finish");
  const int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return IoError("cannot open", path);
  spliced_ = true;
  auto in_offset = static_cast<off_t>(offset);
  while (length > 0) {
    const ssize_t n = ::copy_file_range(
        in, &in_offset, fd_, nullptr, static_cast<size_t>(std::min<uint64_t>(length, 1 << 30)), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const Error error =
          n < 0 ? IoError("cannot copy", path) : errors::InternalError("file shrank: " + path);
      ::close(in);
      return error;
    }
    length -= static_cast<uint64_t>(n);
    size_ += static_cast<uint64_t>(n);
  }
  ::close(in);
  return Ok();
}

Result<std::string> TempObject::Finish() {
  if (finished_) return *finished_;
  if (files_.fs_.Fsync(fd_) != 0) return IoError("cannot sync", files_.TempPath(bucket_, id_));
  files_.fs_.Close(fd_);
  fd_ = -1;
  if (spliced_) {
    finished_ = std::string();
  } else {
    const auto digest = md5_.Finish();
    finished_ = crypto::HexEncode(
        std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
  }
  return *finished_;
}

Result<std::unique_ptr<ObjectFiles>> ObjectFiles::Open(std::string root, store::Fs& fs) {
  // Made durable in their parents: else a power cut could take the folder, and every object
  // the database names in it, away (the crash test found it).
  const size_t slash = root.find_last_of('/');
  BERTH_RETURN_IF_ERROR(EnsureDir(fs, slash == std::string::npos ? "." : root.substr(0, slash),
                                  root));
  BERTH_RETURN_IF_ERROR(EnsureDir(fs, root, root + "/" + kTempFolder));
  return std::unique_ptr<ObjectFiles>(new ObjectFiles(std::move(root), fs));
}

std::string ObjectFiles::PathOf(std::string_view bucket, std::string_view id) const {
  std::string path;
  path.reserve(root_.size() + bucket.size() + id.size() + 6);
  path.append(root_).append("/").append(bucket).append("/");
  path.append(id.substr(0, 2)).append("/").append(id);
  return path;
}

std::string ObjectFiles::TempPath(std::string_view bucket, std::string_view id) const {
  return root_ + "/" + kTempFolder + "/" + std::string(id) + "." + std::string(bucket);
}

Result<std::unique_ptr<TempObject>> ObjectFiles::Create(std::string_view bucket,
                                                        int64_t bucket_id) {
  std::string id = ids::NewUuid();
  const std::string path = TempPath(bucket, id);
  const int fd = fs_.Open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot create", path);
  return std::unique_ptr<TempObject>(
      new TempObject(*this, std::string(bucket), bucket_id, std::move(id), fd));
}

Status ObjectFiles::Publish(TempObject& temp) {
  if (!temp.finished_) BERTH_RETURN_IF_ERROR(temp.Finish());
  const std::string bucket_dir = root_ + "/" + temp.bucket_;
  const std::string fan_dir = bucket_dir + "/" + temp.id_.substr(0, 2);
  BERTH_RETURN_IF_ERROR(EnsureDir(fs_, root_, bucket_dir));
  BERTH_RETURN_IF_ERROR(EnsureDir(fs_, bucket_dir, fan_dir));
  const std::string to = PathOf(temp.bucket_, temp.id_);
  if (fs_.Link(TempPath(temp.bucket_, temp.id_).c_str(), to.c_str()) != 0) {
    return IoError("cannot link", to);
  }
  temp.published_ = true;
  return SyncDirS3(fan_dir, fs_);
}

void ObjectFiles::Settle(TempObject& temp) {
  temp.settled_ = true;
  // Left behind by a crash, Recover() finds the database names this file and only unlinks it.
  fs_.Unlink(TempPath(temp.bucket_, temp.id_).c_str());
}

void ObjectFiles::Discard(TempObject& temp) {
  fs_.Unlink(TempPath(temp.bucket_, temp.id_).c_str());
  if (temp.published_) fs_.Unlink(PathOf(temp.bucket_, temp.id_).c_str());
}

Status ObjectFiles::Remove(std::string_view bucket, std::string_view id) {
  const std::string path = PathOf(bucket, id);
  if (fs_.Unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("cannot remove", path);
  return Ok();
}

Status ObjectFiles::RemoveBucket(std::string_view bucket) {
  BERTH_RETURN_IF_ERROR(RemoveTree(root_ + "/" + std::string(bucket)));
  return SyncDirS3(root_, fs_);
}

Result<std::vector<std::string>> ObjectFiles::BucketFolders() const {
  std::vector<std::string> out;
  BERTH_RETURN_IF_ERROR(ForEachEntry(root_, [&](const std::string& name) {
    if (name != kTempFolder) out.push_back(name);
    return Ok();
  }));
  return out;
}

Status ObjectFiles::Recover(const std::function<Result<bool>(std::string_view id)>& committed) {
  const std::string tmp = root_ + "/" + kTempFolder;
  return ForEachEntry(tmp, [&](const std::string& name) -> Status {
    const std::string path = tmp + "/" + name;
    if (name.size() > kIdChars + 1 && name[kIdChars] == '.') {
      const std::string id = name.substr(0, kIdChars);
      BERTH_ASSIGN_OR_RETURN(bool kept, committed(id));
      if (!kept) BERTH_RETURN_IF_ERROR(Remove(name.substr(kIdChars + 1), id));
    }
    if (fs_.Unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("cannot remove", path);
    return Ok();
  });
}

}  // namespace berth::services::s3
