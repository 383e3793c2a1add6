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

// berth metric snapshot: magic, the journal segment it covers up to, the CRC of the rest. Format
// 2's rest is the table's size (8 bytes) then the table deflated (its columns compress to about a
// byte a datapoint); format 1's rest, still read, is the table as is.
constexpr char kSnapshotMagic1[] = "BMS1";
constexpr char kSnapshotMagic[] = "BMS2";
constexpr size_t kSnapshotHeader = 4 + 8 + 4;
constexpr uint64_t kMaxSnapshotTable = uint64_t{1} << 36;

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
    const Error damaged{"InternalFailure", "metric snapshot " + dir + "/snapshot is damaged", 500};
    if (snapshot.size() < kSnapshotHeader) return damaged;
    const bool format1 = std::memcmp(snapshot.data(), kSnapshotMagic1, 4) == 0;
    if (!format1 && std::memcmp(snapshot.data(), kSnapshotMagic, 4) != 0) return damaged;
    std::memcpy(&from, snapshot.data() + 4, 8);
    uint32_t crc;
    std::memcpy(&crc, snapshot.data() + 12, 4);
    std::string_view payload(snapshot.data() + kSnapshotHeader,
                             snapshot.size() - kSnapshotHeader);
    if (Crc(payload) != crc) return damaged;
    if (format1) {
      BERTH_RETURN_IF_ERROR(s->table_.DecodeInto(payload, 1));
    } else {
      uint64_t size = 0;
      if (payload.size() < 8) return damaged;
      std::memcpy(&size, payload.data(), 8);
      if (size > kMaxSnapshotTable) return damaged;
      std::string table(size, '\0');
      uLongf got = static_cast<uLongf>(size);
      if (uncompress(reinterpret_cast<Bytef*>(table.data()), &got,
                     reinterpret_cast<const Bytef*>(payload.data() + 8),
                     static_cast<uLong>(payload.size() - 8)) != Z_OK ||
          got != size)
        return damaged;
      BERTH_RETURN_IF_ERROR(s->table_.DecodeInto(table, 2));
    }
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
                                                        int64_t period_ms,
                                                        bool with_samples) const {
  return table_.Read(key, unit, start_ms, end_ms, period_ms, with_samples);
}

Status JournaledMetricStore::Maintain(TimePoint now) {
  std::lock_guard one(checkpointing_);
  table_.Rollup(Millis(now));
  return Checkpoint();
}

Status JournaledMetricStore::Checkpoint() {
  std::string table;
  uint64_t segment;
  {
    std::unique_lock cut(cut_);
    BERTH_ASSIGN_OR_RETURN(segment, journal_->Rotate());
    table_.Encode(table);
  }
  // Deflated outside the lock: ingest goes on meanwhile.
  std::string snapshot(kSnapshotMagic, 4);
  snapshot.resize(kSnapshotHeader + 8);
  const uint64_t size = table.size();
  std::memcpy(snapshot.data() + kSnapshotHeader, &size, 8);
  uLongf packed = compressBound(static_cast<uLong>(table.size()));
  snapshot.resize(kSnapshotHeader + 8 + packed);
  if (compress2(reinterpret_cast<Bytef*>(snapshot.data() + kSnapshotHeader + 8), &packed,
                reinterpret_cast<const Bytef*>(table.data()), static_cast<uLong>(table.size()),
                Z_DEFAULT_COMPRESSION) != Z_OK)
    return Error{"InternalFailure", "compressing the metric snapshot failed", 500};
  snapshot.resize(kSnapshotHeader + 8 + packed);
  table = std::string();
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
