// The local-disk BlobStore. POSIX file calls rather than std::filesystem because durability
// needs fsync of files and directories, which std::filesystem cannot do.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <memory>
#include <mutex>

#include "core/crypto.h"
#include "core/ids.h"
#include "store/blob_store.h"
#include "store/file_system.h"

namespace berth::store {
namespace {

constexpr std::string_view kSha256Prefix = "sha256:";
constexpr size_t kIoChunk = 1 << 20;

bool IsUploadId(std::string_view id) {
  // A canonical UUID: 36 characters of hex and dashes (no '/', no '..').
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string DigestOf(crypto::Sha256Digest d) {
  return std::string(kSha256Prefix) + crypto::HexEncode(d);
}

class LocalBlobStore final : public BlobStore {
 public:
  LocalBlobStore(std::string root, Fs& fs) : root_(std::move(root)), fs_(fs) {}

  Status Init() {
    BERTH_RETURN_IF_ERROR(MakeDir(root_, fs_));
    for (const char* sub : {"/blobs", "/blobs/sha256", "/blobs/tmp", "/uploads"})
      BERTH_RETURN_IF_ERROR(MakeDir(root_ + sub, fs_));
    // The folders' entries are durable only once their parents are synced: else a power cut
    // could take blobs/sha256, and every blob in it, away (the crash test found it).
    BERTH_RETURN_IF_ERROR(SyncDir(root_, fs_));
    return SyncDir(root_ + "/blobs", fs_);
  }

  Result<std::optional<BlobInfo>> Stat(std::string_view digest) override {
    if (!IsValidDigest(digest)) return std::optional<BlobInfo>();
    struct stat st {};
    if (::stat(PathOf(digest).c_str(), &st) != 0) {
      if (errno == ENOENT) return std::optional<BlobInfo>();
      return IoError("cannot stat", PathOf(digest));
    }
    return std::optional<BlobInfo>(
        BlobInfo{std::string(digest), static_cast<uint64_t>(st.st_size)});
  }

  Result<std::string> ReadAll(std::string_view digest, uint64_t max_bytes) override {
    if (!IsValidDigest(digest)) return NotFound(digest);
    const std::string path = PathOf(digest);
    int fd = fs_.Open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? NotFound(digest) : IoError("cannot open", path);
    std::string out;
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        fs_.Close(fd);
        return IoError("cannot read", path);
      }
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
      if (out.size() > max_bytes) {
        fs_.Close(fd);
        return Error{"BlobTooLarge", "blob " + std::string(digest) + " exceeds " +
                                         std::to_string(max_bytes) + " bytes",
                     400};
      }
    }
    fs_.Close(fd);
    return out;
  }

  Result<FileRange> Locate(std::string_view digest) override {
    BERTH_ASSIGN_OR_RETURN(auto info, Stat(digest));
    if (!info) return NotFound(digest);
    return FileRange{PathOf(digest), 0, info->size};
  }

  Result<BlobInfo> Put(std::string_view bytes) override {
    const std::string digest = DigestOf(crypto::Sha256(bytes));
    // Already stored: refresh its time (see ListBlobs) instead of writing it again. A blob
    // a collector has just taken out of sight is written anew.
    if (::utimensat(AT_FDCWD, PathOf(digest).c_str(), nullptr, 0) == 0) {
      return BlobInfo{digest, bytes.size()};
    }
    const std::string tmp = root_ + "/blobs/tmp/" + ids::NewUuid();
    int fd = fs_.Open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return IoError("cannot create", tmp);
    Status written = WriteAll(fd, bytes, tmp, fs_);
    if (written.ok() && fs_.Fsync(fd) != 0) written = IoError("cannot sync", tmp);
    fs_.Close(fd);
    if (!written.ok()) {
      fs_.Unlink(tmp.c_str());
      return written.error();
    }
    BERTH_RETURN_IF_ERROR(Publish(tmp, digest));
    return BlobInfo{digest, bytes.size()};
  }

  Status Delete(std::string_view digest) override {
    if (!IsValidDigest(digest)) return Ok();
    if (fs_.Unlink(PathOf(digest).c_str()) != 0 && errno != ENOENT)
      return IoError("cannot delete", PathOf(digest));
    return Ok();
  }

  Result<std::string> BeginUpload() override {
    std::string id = ids::NewUuid();
    const std::string path = UploadPath(id);
    int fd = fs_.Open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return IoError("cannot create", path);
    fs_.Close(fd);
    BERTH_RETURN_IF_ERROR(SyncDir(root_ + "/uploads", fs_));
    std::lock_guard lock(mu_);
    hashes_[id] = std::make_shared<UploadState>();
    return id;
  }

  Result<uint64_t> UploadSize(std::string_view upload_id) override {
    if (!IsUploadId(upload_id)) return UploadNotFound(upload_id);
    struct stat st {};
    if (::stat(UploadPath(upload_id).c_str(), &st) != 0) return UploadNotFound(upload_id);
    return static_cast<uint64_t>(st.st_size);
  }

  Result<uint64_t> AppendUpload(std::string_view upload_id, uint64_t offset,
                                std::string_view bytes) override {
    BERTH_ASSIGN_OR_RETURN(auto state, StateOf(upload_id));
    std::lock_guard upload_lock(state->mu);
    BERTH_ASSIGN_OR_RETURN(uint64_t size, UploadSize(upload_id));
    if (offset != size) {
      return Error{"InvalidUploadOffset",
                   "upload " + std::string(upload_id) + " has " + std::to_string(size) +
                       " bytes; a write at " + std::to_string(offset) + " is out of order",
                   416};
    }
    const std::string path = UploadPath(upload_id);
    int fd = fs_.Open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) return UploadNotFound(upload_id);
    Status written = WriteAll(fd, bytes, path, fs_);
    fs_.Close(fd);
    if (!written.ok()) {
      // A short write leaves bytes the hash has not seen: forget the hash, so completion
      // re-reads the file, and cut the file back to what was acknowledged.
      if (::truncate(path.c_str(), static_cast<off_t>(size)) != 0) state->hash.reset();
      return written.error();
    }
    if (state->hash && state->hashed == size) {
      state->hash->Update(bytes);
      state->hashed += bytes.size();
    }
    return size + bytes.size();
  }

  Result<BlobInfo> CompleteUpload(std::string_view upload_id,
                                  std::string_view expected_digest) override {
    BERTH_ASSIGN_OR_RETURN(auto state, StateOf(upload_id));
    std::lock_guard upload_lock(state->mu);
    BERTH_ASSIGN_OR_RETURN(uint64_t size, UploadSize(upload_id));
    const std::string path = UploadPath(upload_id);
    std::string actual;
    if (state->hash && state->hashed == size) {
      actual = DigestOf(state->hash->Finish());
    } else {
      // After a restart the running hash is gone: read the bytes again.
      BERTH_ASSIGN_OR_RETURN(actual, HashFile(path));
    }
    if (actual != expected_digest) {
      BERTH_RETURN_IF_ERROR(CancelUpload(upload_id));
      return Error{"DigestMismatch",
                   "content digest " + actual + " does not match " + std::string(expected_digest),
                   400};
    }
    int fd = fs_.Open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return UploadNotFound(upload_id);
    const int rc = fs_.Fsync(fd);
    fs_.Close(fd);
    if (rc != 0) return IoError("cannot sync", path);
    // Published even when the blob exists: the rename replaces it with the same bytes and a
    // fresh time, so a collector that is about to take the old copy spares it.
    BERTH_RETURN_IF_ERROR(Publish(path, actual));
    Forget(upload_id);
    return BlobInfo{actual, size};
  }

  Status CancelUpload(std::string_view upload_id) override {
    if (!IsUploadId(upload_id)) return Ok();
    if (fs_.Unlink(UploadPath(upload_id).c_str()) != 0 && errno != ENOENT)
      return IoError("cannot delete", UploadPath(upload_id));
    Forget(upload_id);
    return Ok();
  }

  Status ListBlobs(
      const std::function<void(const BlobInfo&, TimePoint modified)>& visit) override {
    const std::string base = root_ + "/blobs/sha256";
    return ForEachEntry(base, [&](const std::string& prefix_dir) {
      return ForEachEntry(base + "/" + prefix_dir, [&](const std::string& hex) {
        const std::string digest = std::string(kSha256Prefix) + hex;
        if (!IsValidDigest(digest)) return Ok();
        struct stat st {};
        if (::stat(PathOf(digest).c_str(), &st) != 0) return Ok();  // gone meanwhile
        visit(BlobInfo{digest, static_cast<uint64_t>(st.st_size)}, ModifiedAt(st));
        return Ok();
      });
    });
  }

  Result<bool> Reclaim(std::string_view digest, TimePoint modified_before,
                       const std::function<Result<bool>()>& still_needed) override {
    if (!IsValidDigest(digest)) return false;
    const std::string path = PathOf(digest);
    const std::string aside = root_ + "/blobs/tmp/gc-" + ids::NewUuid();
    if (fs_.Rename(path.c_str(), aside.c_str()) != 0) {
      if (errno == ENOENT) return false;
      return IoError("cannot move aside", path);
    }
    struct stat st {};
    bool remove = ::stat(aside.c_str(), &st) == 0 && ModifiedAt(st) < modified_before;
    if (remove) {
      auto needed = still_needed();
      remove = needed.ok() && !*needed;
    }
    if (!remove) {
      // Put back. If the blob was stored anew meanwhile, that copy holds the same bytes and
      // is kept; ours goes.
      if (fs_.Link(aside.c_str(), path.c_str()) != 0 && errno != EEXIST) {
        return IoError("cannot put back", path);
      }
      fs_.Unlink(aside.c_str());
      return false;
    }
    if (fs_.Unlink(aside.c_str()) != 0) return IoError("cannot delete", aside);
    return true;
  }

  Status ListUploads(const std::function<void(const std::string& id, TimePoint modified)>& visit)
      override {
    return ForEachEntry(root_ + "/uploads", [&](const std::string& id) {
      struct stat st {};
      if (IsUploadId(id) && ::stat(UploadPath(id).c_str(), &st) == 0) visit(id, ModifiedAt(st));
      return Ok();
    });
  }

  Result<size_t> RemoveStaleTemporaries(TimePoint before) override {
    size_t removed = 0;
    const std::string dir = root_ + "/blobs/tmp";
    BERTH_RETURN_IF_ERROR(ForEachEntry(dir, [&](const std::string& file) {
      struct stat st {};
      const std::string path = dir + "/" + file;
      if (::stat(path.c_str(), &st) == 0 && ModifiedAt(st) < before &&
          fs_.Unlink(path.c_str()) == 0) {
        ++removed;
      }
      return Ok();
    }));
    return removed;
  }

 private:
  static TimePoint ModifiedAt(const struct stat& st) {
    return TimePoint(std::chrono::duration_cast<TimePoint::duration>(
        std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
  }

  struct UploadState {
    std::mutex mu;  // one append or completion at a time per upload
    std::unique_ptr<crypto::Sha256Stream> hash = std::make_unique<crypto::Sha256Stream>();
    uint64_t hashed = 0;  // bytes the hash has seen
  };

  std::string PathOf(std::string_view digest) const {
    const std::string_view hex = digest.substr(kSha256Prefix.size());
    return root_ + "/blobs/sha256/" + std::string(hex.substr(0, 2)) + "/" + std::string(hex);
  }
  std::string UploadPath(std::string_view id) const {
    return root_ + "/uploads/" + std::string(id);
  }

  static Error NotFound(std::string_view digest) {
    return Error{"BlobNotFound", "blob " + std::string(digest) + " is not stored", 404};
  }
  static Error UploadNotFound(std::string_view id) {
    return Error{"UploadNotFound", "upload " + std::string(id) + " does not exist", 404};
  }

  // The in-memory state of an upload; made afresh (without a hash) for one begun before a
  // restart.
  Result<std::shared_ptr<UploadState>> StateOf(std::string_view upload_id) {
    if (!IsUploadId(upload_id)) return UploadNotFound(upload_id);
    std::lock_guard lock(mu_);
    auto it = hashes_.find(std::string(upload_id));
    if (it != hashes_.end()) return it->second;
    struct stat st {};
    if (::stat(UploadPath(upload_id).c_str(), &st) != 0) return UploadNotFound(upload_id);
    auto state = std::make_shared<UploadState>();
    state->hash.reset();
    hashes_.emplace(std::string(upload_id), state);
    return state;
  }

  void Forget(std::string_view upload_id) {
    std::lock_guard lock(mu_);
    hashes_.erase(std::string(upload_id));
  }

  Result<std::string> HashFile(const std::string& path) {
    int fd = fs_.Open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return IoError("cannot open", path);
    crypto::Sha256Stream hash;
    std::string buf(kIoChunk, '\0');
    for (;;) {
      ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        fs_.Close(fd);
        return IoError("cannot read", path);
      }
      if (n == 0) break;
      hash.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
    }
    fs_.Close(fd);
    return DigestOf(hash.Finish());
  }

  // Moves a complete, fsynced file into its content address and makes the rename durable.
  Status Publish(const std::string& from, const std::string& digest) {
    const std::string dir =
        root_ + "/blobs/sha256/" + digest.substr(kSha256Prefix.size(), 2);
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      // A new fan-out folder: its entry in blobs/sha256 must be durable before a blob in it
      // is acknowledged (at most 256 times in a store's life).
      BERTH_RETURN_IF_ERROR(MakeDir(dir, fs_));
      BERTH_RETURN_IF_ERROR(SyncDir(root_ + "/blobs/sha256", fs_));
    }
    const std::string to = PathOf(digest);
    const bool existed = ::stat(to.c_str(), &st) == 0;
    if (fs_.Rename(from.c_str(), to.c_str()) != 0) return IoError("cannot rename to", to);
    Status synced = SyncDir(dir, fs_);
    if (!synced.ok() && !existed) {
      // Not durable: out of sight again, so that a later Put of the same bytes writes and
      // syncs them anew instead of trusting (and acknowledging) a copy a power cut can take.
      fs_.Unlink(to.c_str());
    }
    return synced;
  }

  const std::string root_;
  Fs& fs_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<UploadState>, std::less<>> hashes_;  // GUARDED_BY(mu_)
};

}  // namespace

bool IsValidDigest(std::string_view digest) {
  if (digest.size() != kSha256Prefix.size() + 64 || digest.substr(0, 7) != kSha256Prefix)
    return false;
  for (char c : digest.substr(kSha256Prefix.size()))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

Result<std::unique_ptr<BlobStore>> OpenLocalBlobStore(const std::string& root, Fs& fs) {
  auto store = std::make_unique<LocalBlobStore>(root, fs);
  BERTH_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<BlobStore>(std::move(store));
}

}  // namespace berth::store
