#include "services/monitoring/store/journaled_metric_store.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>

#include "core/unique_fd.h"
#include "services/monitoring/store/batch_codec.h"
#include "store/file_system.h"

namespace berth::services::monitoring {
namespace {

constexpr char kSnapshotMagic[] = "BMS1";  // berth metric snapshot, format 1
constexpr size_t kSnapshotHeader = 4 + 8 + 4;

uint32_t Crc(std::string_view bytes) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

Result<std::string> ReadFile(const std::string& path, bool* missing) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      *missing = true;
      return std::string();
    }
    return store::IoError("open", path);
  }
  UniqueFd guard(fd);
  return store::ReadAll(fd, path);
}

}  // namespace

Result<std::unique_ptr<JournaledMetricStore>> JournaledMetricStore::Open(const std::string& dir,
                                                                         TimePoint now) {
  BERTH_RETURN_IF_ERROR(store::MakeDir(dir));
  std::unique_ptr<JournaledMetricStore> s(new JournaledMetricStore(dir));
  bool missing = false;
  BERTH_ASSIGN_OR_RETURN(std::string snapshot, ReadFile(dir + "/snapshot", &missing));
  uint64_t from = 0;
  if (!missing) {
    // Written whole and renamed into place: a bad one is damage, not a torn write.
    if (snapshot.size() < kSnapshotHeader || std::memcmp(snapshot.data(), kSnapshotMagic, 4) != 0)
      return Error{"InternalFailure", "metric snapshot " + dir + "/snapshot is damaged", 500};
    std::memcpy(&from, snapshot.data() + 4, 8);
    uint32_t crc;
    std::memcpy(&crc, snapshot.data() + 12, 4);
    std::string_view payload(snapshot.data() + kSnapshotHeader,
                             snapshot.size() - kSnapshotHeader);
    if (Crc(payload) != crc)
      return Error{"InternalFailure", "metric snapshot " + dir + "/snapshot is damaged", 500};
    BERTH_RETURN_IF_ERROR(s->table_.DecodeInto(payload));
  }
  BERTH_ASSIGN_OR_RETURN(s->journal_, MetricJournal::Open(dir + "/journal"));
  Status replayed = Ok();
  BERTH_RETURN_IF_ERROR(s->journal_->Replay(from, [&](std::string_view payload) {
    auto batch = DecodeJournalRecord(payload);
    if (!batch.ok()) {
      if (replayed.ok()) replayed = batch.error();
      return;
    }
    // Arrival time is not journaled; a replayed batch counts as seen at its newest timestamp.
    int64_t seen = 0;
    for (const Datum& d : batch->data) seen = std::max(seen, d.time_ms);
    s->table_.Apply(*batch, seen);
  }));
  BERTH_RETURN_IF_ERROR(replayed);
  s->table_.Rollup(Millis(now));
  return s;
}

Result<std::shared_ptr<Commitment>> JournaledMetricStore::Put(const PutMetricDataInput& batch,
                                                              TimePoint now) {
  std::string payload = EncodeJournalRecord(batch);
  std::shared_lock cut(cut_);
  std::shared_ptr<Commitment> durable = journal_->Append(std::move(payload));
  table_.Apply(batch, Millis(now));
  return durable;
}

std::vector<SeriesInfo> JournaledMetricStore::ListSeries(
    const std::function<bool(const MetricKey&)>& keep, int64_t seen_since_ms) const {
  return table_.List(keep, seen_since_ms);
}

std::vector<PeriodAggregate> JournaledMetricStore::Read(const MetricKey& key,
                                                        std::optional<UnitId> unit,
                                                        int64_t start_ms, int64_t end_ms,
                                                        int64_t period_ms) const {
  return table_.Read(key, unit, start_ms, end_ms, period_ms);
}

Status JournaledMetricStore::Maintain(TimePoint now) {
  std::lock_guard one(checkpointing_);
  table_.Rollup(Millis(now));
  return Checkpoint();
}

Status JournaledMetricStore::Checkpoint() {
  std::string snapshot(kSnapshotMagic, 4);
  snapshot.resize(kSnapshotHeader);
  uint64_t segment;
  {
    std::unique_lock cut(cut_);
    BERTH_ASSIGN_OR_RETURN(segment, journal_->Rotate());
    table_.Encode(snapshot);
  }
  std::memcpy(snapshot.data() + 4, &segment, 8);
  const uint32_t crc = Crc(std::string_view(snapshot).substr(kSnapshotHeader));
  std::memcpy(snapshot.data() + 12, &crc, 4);
  const std::string tmp = dir_ + "/snapshot.tmp", path = dir_ + "/snapshot";
  {
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return store::IoError("open", tmp);
    UniqueFd guard(fd);
    BERTH_RETURN_IF_ERROR(store::WriteAll(fd, snapshot, tmp));
    if (::fsync(fd) != 0) return store::IoError("fsync", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return store::IoError("rename", tmp);
  BERTH_RETURN_IF_ERROR(store::SyncDir(dir_));
  return journal_->DropBefore(segment);
}

}  // namespace berth::services::monitoring
