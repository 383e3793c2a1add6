#pragma once
// Content-addressed blob storage shared by every repository, and resumable uploads into it.
//
// Layout under the data dir:  blobs/sha256/ab/abcdef…   (final blobs, immutable)
//                             uploads/<upload-id>         (bytes received so far)
// A blob becomes visible only by rename after its bytes were hashed and fsynced, so no partial
// or wrong blob is ever visible, whatever moment the process dies at. Upload bookkeeping (which
// repository, when started) belongs to the caller's database; this layer only owns bytes.
//
// Interfaces, so an S3-compatible back end can replace the local one.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/http_types.h"
#include "core/result.h"
#include "store/fs.h"

namespace berth::store {

struct BlobInfo {
  std::string digest;  // "sha256:<64 hex>"
  uint64_t size = 0;
};

// True for "sha256:<64 lower-case hex>" (the only algorithm berth stores).
bool IsValidDigest(std::string_view digest);

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Size of a stored blob, or nullopt when absent.
  virtual Result<std::optional<BlobInfo>> Stat(std::string_view digest) = 0;
  // Whole content of a small blob (manifests, configs); error when larger than max_bytes.
  virtual Result<std::string> ReadAll(std::string_view digest, uint64_t max_bytes) = 0;
  // A file region to stream the blob from (the local store's own file).
  virtual Result<FileRange> Locate(std::string_view digest) = 0;
  // Stores bytes known in full (manifests, API-put content); returns their digest. Idempotent.
  virtual Result<BlobInfo> Put(std::string_view bytes) = 0;
  virtual Status Delete(std::string_view digest) = 0;

  // --- Uploads: bytes arrive in order, possibly across restarts. ---
  // Starts an empty upload and returns its id (a random UUID).
  virtual Result<std::string> BeginUpload() = 0;
  // Bytes received so far; NotFound-style error (code "UploadNotFound") when unknown.
  virtual Result<uint64_t> UploadSize(std::string_view upload_id) = 0;
  // Appends bytes at `offset`, which must equal the current size (else code
  // "InvalidUploadOffset"); returns the new size. Data is hashed as it is written.
  virtual Result<uint64_t> AppendUpload(std::string_view upload_id, uint64_t offset,
                                        std::string_view bytes) = 0;
  // Verifies the content hashes to expected_digest, fsyncs and moves it into place, removing
  // the upload. On mismatch the upload is discarded and the error code is "DigestMismatch".
  virtual Result<BlobInfo> CompleteUpload(std::string_view upload_id,
                                          std::string_view expected_digest) = 0;
  virtual Status CancelUpload(std::string_view upload_id) = 0;

  // --- Garbage collection (services/registry/garbage_collector.h decides what is garbage). ---
  // Every stored blob with the time its bytes were last written or re-stored. Writes refresh
  // that time (a blob stored again while unreferenced is young again), so a collector that
  // spares young blobs never takes one a push in flight is about to reference.
  virtual Status ListBlobs(
      const std::function<void(const BlobInfo&, TimePoint modified)>& visit) = 0;
  // Deletes the blob if it is older than `modified_before` and `still_needed` (asked once the
  // blob is out of sight, so nobody can start reading it meanwhile) says false. True when it
  // was deleted; otherwise the blob is back in place.
  virtual Result<bool> Reclaim(std::string_view digest, TimePoint modified_before,
                               const std::function<Result<bool>()>& still_needed) = 0;
  // Upload ids with bytes on disk (including ones whose bookkeeping was lost in a crash).
  virtual Status ListUploads(const std::function<void(const std::string& id,
                                                       TimePoint modified)>& visit) = 0;
  // Removes temporary files of writes that died before publishing, older than `before`.
  virtual Result<size_t> RemoveStaleTemporaries(TimePoint before) = 0;
};

// The local-disk store rooted at `root` (the data dir); creates its folders. Its writes go
// through `fs` (a test's fault-injecting file system; the real one otherwise).
Result<std::unique_ptr<BlobStore>> OpenLocalBlobStore(const std::string& root,
                                                      Fs& fs = PosixFs());

}  // namespace berth::store
