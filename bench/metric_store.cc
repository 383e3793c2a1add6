// Benchmark of the metric store's footprint, without the HTTP server: SERIES regular series
// (one datum a minute, 2 dimensions), MINUTES minutes of
// them ending now, put in batches of 1,000 through JournaledMetricStore::Put (journal, fsync,
// series table) as PutMetricData would, then checkpointed with Maintain (roll-up + snapshot,
// journal dropped before the snapshot's segment).
//
//   bench_metric_store SERIES MINUTES DIR [walk|noise]
//
// walk (the default): each series a random walk in tenths (half the minutes unchanged, else a
// step of 0.1 to 0.3 up or down), as a gauge like CPUUtilization moves. noise: each value drawn
// uniformly from 0.0 to 100.0 in tenths, independent of the last (a worst case for a regular
// series).
//
// Prints datapoints, journal bytes before the checkpoint, snapshot + journal bytes after it (the
// steady state on disk: the store checkpoints every 10 minutes), each per datapoint, the
// process's RSS growth (what the series table holds in memory) in total and per series, the
// table's own count of its memory (buckets held whole, sealed in chunks, bytes), the CPU the puts
// took a datapoint (journal encoding and the table; the journal's fdatasync is the writer
// thread's and mostly waiting), and reads: 100 series' whole span at a 1-minute period, with
// and without samples (GetMetricData's MetricStat read), microseconds a series.

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "services/monitoring/store/journaled_metric_store.h"

namespace {

using namespace berth;
using namespace berth::services::monitoring;

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) total += entry.file_size();
  return total;
}

long RssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

double CpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: bench_metric_store SERIES MINUTES DIR [walk|noise]\n");
    return 2;
  }
  const bool noise = argc == 5 && std::string(argv[4]) == "noise";
  const long series = std::atol(argv[1]);
  const long minutes = std::atol(argv[2]);
  const std::string dir = argv[3];
  const TimePoint now = std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now());
  const long rss0 = RssKb();
  const double cpu0 = CpuSeconds();
  auto store = JournaledMetricStore::Open(dir, now);
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.error().message.c_str());
    return 1;
  }
  const int64_t end_ms = Millis(now) / 60000 * 60000;
  PutMetricDataInput batch;
  batch.ns = "Bench/Store";
  uint64_t points = 0;
  auto flush = [&] {
    if (batch.data.empty()) return;
    auto durable = (*store)->Put(batch, now);
    if (!durable.ok()) {
      std::fprintf(stderr, "put: %s\n", durable.error().message.c_str());
      std::exit(1);
    }
    points += batch.data.size();
    batch.data.clear();
  };
  uint64_t rng = 88172645463325252ull;  // xorshift64: the same data every run
  auto next = [&rng] {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
  };
  std::vector<long> level(static_cast<size_t>(series));  // tenths
  for (long& l : level) l = static_cast<long>(next() % 1001);
  // Minute by minute, every series, as agents report.
  for (long m = 0; m < minutes; ++m) {
    for (long s = 0; s < series; ++s) {
      Datum d;
      d.metric_name = "CPUUtilization";
      d.dimensions = {{"InstanceId", "i-" + std::to_string(1000000 + s)}, {"Service", "web"}};
      d.time_ms = end_ms - (minutes - m) * 60000;
      d.unit = *ParseUnit("Percent");
      long& l = level[static_cast<size_t>(s)];
      const uint64_t r = next();
      if (noise) {
        l = static_cast<long>(r % 1001);
      } else if (r % 2) {
        l = std::clamp(l + static_cast<long>((r >> 8) % 3 + 1) * ((r >> 16) % 2 ? 1 : -1), 0L,
                       1000L);
      }
      d.values.emplace_back(static_cast<double>(l) / 10, 1.0);
      batch.data.push_back(std::move(d));
      if (batch.data.size() == 1000) flush();
    }
  }
  flush();
  const double put_cpu = CpuSeconds() - cpu0;
  const uint64_t journal = DirBytes(dir);
  const long rss_loaded = RssKb();
  // Reads of 100 series spread over the table, the whole span at a minute's period.
  double read_us[2] = {0, 0};
  size_t read_periods = 0;
  for (int with_samples = 0; with_samples < 2; ++with_samples) {
    const auto t0 = std::chrono::steady_clock::now();
    for (long q = 0; q < 100; ++q) {
      const long s = q * std::max(1L, series / 100) % series;
      MetricKey key{"Bench/Store", "CPUUtilization",
                    {{"InstanceId", "i-" + std::to_string(1000000 + s)}, {"Service", "web"}}};
      read_periods += (*store)->Read(key, std::nullopt, end_ms - minutes * 60000, end_ms, 60000,
                                     with_samples == 1).size();
    }
    read_us[with_samples] = std::chrono::duration<double, std::micro>(
                                std::chrono::steady_clock::now() - t0).count() / 100;
  }
  if (Status maintained = (*store)->Maintain(now); !maintained.ok()) {
    std::fprintf(stderr, "maintain: %s\n", maintained.error().message.c_str());
    return 1;
  }
  const uint64_t after = DirBytes(dir);
  std::printf("datapoints %llu\n", static_cast<unsigned long long>(points));
  std::printf("journal_bytes %llu (%.2f B/point)\n", static_cast<unsigned long long>(journal),
              static_cast<double>(journal) / points);
  std::printf("checkpointed_bytes %llu (%.2f B/point)\n", static_cast<unsigned long long>(after),
              static_cast<double>(after) / points);
  std::printf("rss_growth_kb %ld (%.0f B/series, %.1f B/point)\n", rss_loaded - rss0,
              (rss_loaded - rss0) * 1024.0 / series, (rss_loaded - rss0) * 1024.0 / points);
  const SeriesTable::Footprint f = (*store)->footprint();
  std::printf("table buckets held whole %zu, sealed %zu in %zu chunks; %zu bytes (%.1f B/point)\n",
              f.head_buckets, f.sealed_buckets, f.chunks, f.bytes,
              static_cast<double>(f.bytes) / points);
  std::printf("put_cpu %.2f s (%.2f us/point)\n", put_cpu, put_cpu * 1e6 / points);
  std::printf("read us/series %.1f stats-only, %.1f with samples (%zu periods)\n", read_us[0],
              read_us[1], read_periods / 2);
  return 0;
}
