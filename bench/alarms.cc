// Benchmark of alarm evaluation on schedule, without the HTTP server: ALARMS metric alarms (one
// in ten on a 10-second high-resolution metric, evaluated every 10 s; the rest on 60-second
// periods, evaluated every minute), each on its own metric, fed one datum per metric every
// 10 s, evaluated by the real AlarmEngine + AlarmScheduler thread on the system clock for
// SECONDS. The first evaluation moves every alarm out of INSUFFICIENT_DATA at once (10,000
// transitions, durable, with history), then a few per cent cross their threshold each minute.
//
//   bench_alarms ALARMS SECONDS DIR
//
// Prints: evaluations, CPU of the evaluation (% of one core, the publisher's own CPU left out),
// the latest any evaluation ran after its scheduled time. bench/alarms.sh writes RESULTS.md.

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "services/monitoring/alarms/alarm_engine.h"
#include "services/monitoring/alarms/alarm_scheduler.h"
#include "services/monitoring/store/journaled_metric_store.h"
#include "store/database.h"

namespace {

using namespace berth;
using namespace berth::services::monitoring;

double CpuSeconds(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: bench_alarms ALARMS SECONDS DIR\n");
    return 2;
  }
  const int n = std::atoi(argv[1]);
  const int seconds = std::atoi(argv[2]);
  const std::string dir = argv[3];
  SystemClock clock;
  store::Database::Options options;
  options.path = dir + "/berth.db";
  auto db = store::Database::Open(options);
  if (!db.ok()) return 1;
  auto metrics = JournaledMetricStore::Open(dir + "/metrics", clock.Now());
  if (!metrics.ok()) return 1;
  auto engine = alarms::AlarmEngine::Open(**db, **metrics, clock);
  if (!engine.ok()) return 1;

  // Running while the alarms are put, as in a server: each is evaluated from its first boundary.
  alarms::AlarmScheduler scheduler(**engine, clock);
  scheduler.Start();
  for (int i = 0; i < n; ++i) {
    alarms::AlarmDefinition d;
    d.account_id = "123456789012";
    d.region = "us-east-1";
    d.name = "alarm-" + std::to_string(i);
    d.alarm_actions = {"arn:aws:sns:us-east-1:123456789012:ops"};
    d.metric.metric = MetricKey{"Bench", "M" + std::to_string(i), {{"Host", "h"}}};
    d.metric.statistic = "Average";
    d.metric.period = i % 10 == 0 ? 10 : 60;
    d.metric.evaluation_periods = 3;
    d.metric.datapoints_to_alarm = 2;
    d.metric.threshold = 100;
    d.metric.comparison = alarms::Comparison::kGreaterOrEqual;
    if (!(*engine)->Put(std::move(d), std::nullopt, clock.Now()).ok()) return 1;
  }

  const double cpu0 = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  double publisher_cpu = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int tick = 0;; ++tick) {
    const auto next = start + std::chrono::seconds(10 * tick);
    std::this_thread::sleep_until(next);
    if (std::chrono::steady_clock::now() - start >= std::chrono::seconds(seconds)) break;
    const double t0 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    PutMetricDataInput batch;
    batch.ns = "Bench";
    const int64_t now_ms = Millis(clock.Now());
    for (int i = 0; i < n; ++i) {
      Datum datum;
      datum.metric_name = "M" + std::to_string(i);
      datum.dimensions = {{"Host", "h"}};
      datum.time_ms = now_ms;
      datum.high_resolution = i % 10 == 0;
      // About 3% of the alarms breach in any minute, a different 3% each time.
      const bool breach = (i + tick) % 33 == 0;
      datum.values = {{breach ? 150.0 : 50.0, 1}};
      batch.data.push_back(std::move(datum));
      if (batch.data.size() == 1000) {
        if (!(*metrics)->Put(batch, clock.Now()).ok()) return 1;
        batch.data.clear();
      }
    }
    if (!batch.data.empty() && !(*metrics)->Put(batch, clock.Now()).ok()) return 1;
    publisher_cpu += CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - t0;
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0 - publisher_cpu;
  scheduler.Stop();
  const auto stats = (*engine)->stats();
  std::printf("alarms %d\nseconds %.1f\nevaluations %llu\ncpu_percent %.2f\nmax_lateness_ms %lld\n",
              n, wall, static_cast<unsigned long long>(stats.evaluations), 100.0 * cpu / wall,
              static_cast<long long>(stats.max_lateness_ms));
  return 0;
}
