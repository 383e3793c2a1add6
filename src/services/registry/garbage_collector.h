#pragma once
// Garbage collection of the blob store (`berth gc`; the server runs the upload part itself):
//   1. uploads idle for longer than the upload timeout (started, and last written to, before
//      it) are abandoned: their bytes and bookkeeping go;
//   2. blob links older than the grace period that no manifest of their repository refers to
//      (layers of deleted images, pushes abandoned before their manifest) are forgotten;
//   3. blob files no link, image or manifest reference needs, and not written within the grace
//      period, are deleted.
// Safe while the server runs and pushes go on: a push's blobs are young (every write refreshes
// a blob's time) and linked, each deletion re-checks the database with the blob out of sight
// (BlobStore::Reclaim), and a manifest naming a blob whose bytes are gone is refused.

#include <chrono>
#include <cstdint>

#include "core/clock.h"
#include "core/result.h"
#include "services/ecr/ecr_service.h"

namespace berth::services::registry {

struct GcOptions {
  std::chrono::seconds grace{std::chrono::hours(1)};
  std::chrono::seconds upload_timeout{std::chrono::hours(24)};
  bool blobs = true;     // false: only abandoned uploads and temporaries (the server's sweep)
  bool dry_run = false;  // report what would go, change nothing
};

struct GcReport {
  size_t uploads_removed = 0;
  size_t links_removed = 0;
  size_t blobs_seen = 0;
  size_t blobs_removed = 0;
  uint64_t bytes_reclaimed = 0;
  size_t temporaries_removed = 0;
};

Result<GcReport> CollectGarbage(ecr::EcrService& s, const GcOptions& options, TimePoint now);

}  // namespace berth::services::registry
