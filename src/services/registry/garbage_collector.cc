#include "services/registry/garbage_collector.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace berth::services::registry {

Result<GcReport> CollectGarbage(ecr::EcrService& s, const GcOptions& options, TimePoint now) {
  GcReport report;
  const TimePoint upload_cutoff = now - options.upload_timeout;
  const TimePoint grace_cutoff = now - options.grace;

  // 1. Abandoned uploads: idle ones (started and last written to before the cutoff: an
  // upload still receiving chunks is kept however long it takes) that the database knows, and
  // bytes whose bookkeeping a crash lost.
  std::map<std::string, TimePoint> written;  // upload id → its bytes' last write
  BERTH_RETURN_IF_ERROR(s.blobs().ListUploads(
      [&](const std::string& id, TimePoint modified) { written.emplace(id, modified); }));
  BERTH_ASSIGN_OR_RETURN(auto started_before, s.store().UploadsStartedBefore(upload_cutoff));
  std::set<std::string> doomed;
  for (const auto& id : started_before) {
    auto bytes = written.find(id);
    if (bytes == written.end() || bytes->second < upload_cutoff) doomed.insert(id);
  }
  for (const auto& [id, modified] : written) {
    if (modified >= upload_cutoff || doomed.count(id)) continue;
    BERTH_ASSIGN_OR_RETURN(auto owner, s.store().UploadRepository(id));
    if (!owner) doomed.insert(id);
  }
  for (const auto& id : doomed) {
    ++report.uploads_removed;
    if (options.dry_run) continue;
    BERTH_RETURN_IF_ERROR(s.blobs().CancelUpload(id));
    BERTH_RETURN_IF_ERROR(s.store().DeleteUpload(id));
  }
  if (!options.dry_run) {
    BERTH_ASSIGN_OR_RETURN(report.temporaries_removed,
                           s.blobs().RemoveStaleTemporaries(grace_cutoff));
  }
  if (!options.blobs) return report;

  // 2. Links nothing refers to.
  if (!options.dry_run) {
    BERTH_ASSIGN_OR_RETURN(report.links_removed, s.store().UnlinkUnreferencedBlobs(grace_cutoff));
  }

  // 3. Blob files nothing needs. Listed first, then reclaimed, so the directory walk never
  // sees its own deletions.
  struct Candidate {
    store::BlobInfo info;
    TimePoint modified;
  };
  std::vector<Candidate> candidates;
  BERTH_RETURN_IF_ERROR(s.blobs().ListBlobs([&](const store::BlobInfo& info, TimePoint modified) {
    ++report.blobs_seen;
    if (modified < grace_cutoff) candidates.push_back({info, modified});
  }));
  for (const Candidate& c : candidates) {
    BERTH_ASSIGN_OR_RETURN(bool in_use, s.store().IsDigestInUse(c.info.digest));
    if (in_use) continue;
    if (options.dry_run) {
      ++report.blobs_removed;
      report.bytes_reclaimed += c.info.size;
      continue;
    }
    BERTH_ASSIGN_OR_RETURN(bool removed,
                           s.blobs().Reclaim(c.info.digest, grace_cutoff, [&]() {
                             return s.store().IsDigestInUse(c.info.digest);
                           }));
    if (removed) {
      ++report.blobs_removed;
      report.bytes_reclaimed += c.info.size;
    }
  }
  return report;
}

}  // namespace berth::services::registry
