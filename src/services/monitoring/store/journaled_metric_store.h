#pragma once
// The MetricStore berth runs: every metric in memory (SeriesTable), made durable by the metric
// journal, compacted by checkpoints.
//
// Put appends the batch to the journal (its commitment is the caller's) and applies it to the
// table. Maintain rolls the table up to AWS's retention schedule and then checkpoints: the
// whole table, rolled up, is written to `snapshot` (temporary file, fsync, rename) and the
// journal segments it covers are deleted — so the disk holds one rolled-up copy of the data
// plus the batches since the last checkpoint, and a restart reads the snapshot and replays the
// journal after it. A shared lock keeps Put out of a checkpoint's cut (journal rotation and
// table copy happen together), so no batch is both in the snapshot and replayed.
//
// Thread-safe.

#include <memory>
#include <shared_mutex>
#include <string>

#include "services/monitoring/store/metric_journal.h"
#include "services/monitoring/store/metric_store.h"
#include "services/monitoring/store/series_table.h"

namespace berth::services::monitoring {

class JournaledMetricStore final : public MetricStore {
 public:
  // Opens `dir` (creating it), loads the snapshot, replays the journal.
  static Result<std::unique_ptr<JournaledMetricStore>> Open(const std::string& dir, TimePoint now);

  Result<std::shared_ptr<Commitment>> Put(const PutMetricDataInput& batch, TimePoint now) override;
  std::vector<SeriesInfo> ListSeries(const std::function<bool(const MetricKey&)>& keep,
                                     int64_t seen_since_ms) const override;
  std::vector<PeriodAggregate> Read(const MetricKey& key, std::optional<UnitId> unit,
                                    int64_t start_ms, int64_t end_ms, int64_t period_ms,
                                    bool with_samples = true) const override;
  Status Maintain(TimePoint now) override;

  size_t series_count() const { return table_.series_count(); }
  SeriesTable::Footprint footprint() const { return table_.footprint(); }

 private:
  explicit JournaledMetricStore(std::string dir) : dir_(std::move(dir)) {}
  Status Checkpoint();

  const std::string dir_;
  std::unique_ptr<MetricJournal> journal_;
  SeriesTable table_;
  std::shared_mutex cut_;  // shared: Put; exclusive: a checkpoint's rotation and copy
  std::mutex checkpointing_;
};

}  // namespace berth::services::monitoring
