// The series table's chunks against the flat table they replaced
// (tests/unit/services/monitoring/flat_series_reference.h: every bucket held whole), in one
// process on the same data, so the ratio holds on a loaded machine: SERIES regular series
// (a random walk in tenths, one datum a minute) for MINUTES minutes put into both, then
// GetMetricData's read — the last 24 h at a 1-minute period, stats only (Average and the other
// basic statistics) and with samples (percentiles) — over every series, ROUNDS rounds
// alternating the two tables; the median round of each.
//
//   bench_metric_chunk_reads [SERIES [MINUTES [ROUNDS]]]    (defaults 100 10080 7)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "flat_series_reference.h"
#include "services/monitoring/store/series_table.h"

namespace {

using namespace berth::services::monitoring;
using Clock = std::chrono::steady_clock;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

MetricKey Key(int s) { return MetricKey{"Bench/Chunks", "Latency", {{"Host", std::to_string(s)}}}; }

}  // namespace

int main(int argc, char** argv) {
  const int series = argc > 1 ? std::atoi(argv[1]) : 100;
  const int minutes = argc > 2 ? std::atoi(argv[2]) : 10080;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 7;
  const int64_t end = 1796644800000LL;
  SeriesTable chunked;
  testing::FlatSeriesTable flat;
  std::vector<long> level(static_cast<size_t>(series), 500);
  uint64_t rng = 88172645463325252ull;
  auto next = [&] {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
  };
  double put_s[2] = {0, 0};
  for (int m = 0; m < minutes; ++m) {
    PutMetricDataInput batch;
    batch.ns = "Bench/Chunks";
    for (int s = 0; s < series; ++s) {
      Datum d;
      d.metric_name = "Latency";
      d.dimensions = {{"Host", std::to_string(s)}};
      d.time_ms = end - static_cast<int64_t>(minutes - m) * 60000;
      const uint64_t r = next();
      long& l = level[static_cast<size_t>(s)];
      if (r % 2) l += static_cast<long>((r >> 8) % 3) - 1;
      d.values = {{static_cast<double>(l) / 10, 1}};
      batch.data.push_back(std::move(d));
    }
    auto t0 = Clock::now();
    flat.Apply(batch);
    auto t1 = Clock::now();
    chunked.Apply(batch, batch.data[0].time_ms);
    auto t2 = Clock::now();
    put_s[0] += std::chrono::duration<double>(t1 - t0).count();
    put_s[1] += std::chrono::duration<double>(t2 - t1).count();
  }
  const double points = static_cast<double>(series) * minutes;
  std::printf("%d series x %d minutes: put %.3f us/point flat, %.3f chunked (x%.2f)\n", series,
              minutes, put_s[0] * 1e6 / points, put_s[1] * 1e6 / points, put_s[1] / put_s[0]);
  const int64_t start = end - std::min<int64_t>(minutes, 1440) * 60000;
  for (bool samples : {false, true}) {
    std::vector<double> times[2];
    for (int round = 0; round < rounds; ++round) {
      for (int which = 0; which < 2; ++which) {
        size_t periods = 0;
        auto t0 = Clock::now();
        for (int s = 0; s < series; ++s)
          periods += which == 0 ? flat.Read(Key(s), std::nullopt, start, end, 60000, samples).size()
                                : chunked.Read(Key(s), std::nullopt, start, end, 60000, samples).size();
        times[which].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (periods == 0) return 1;
      }
    }
    const double f = Median(times[0]), c = Median(times[1]);
    std::printf("read %d series x 24 h %s: %.2f ms flat, %.2f ms chunked (x%.2f)\n", series,
                samples ? "with samples" : "stats only", f, c, c / f);
  }
  const SeriesTable::Footprint fp = chunked.footprint();
  std::printf("chunked table: %zu buckets whole, %zu sealed in %zu chunks, %.2f B/point\n",
              fp.head_buckets, fp.sealed_buckets, fp.chunks, static_cast<double>(fp.bytes) / points);
  return 0;
}
