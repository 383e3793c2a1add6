// Benchmark: render::RenderPng alone (no server): 10 series x 1,440 points at 800x400, the
// GetMetricWidgetImage bench's chart. Prints p50/p99 over the runs given (default 200).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "services/monitoring/render/chart.h"

using namespace berth::services::monitoring::render;

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  Chart c;
  c.width = 800;
  c.height = 400;
  c.title = "Pulls per repository (1 day, 1-minute points)";
  c.y_label = "pulls";
  c.y_min = 0;
  c.end_ms = 1440 * 60'000LL;
  c.annotations.push_back({150, "busy", std::nullopt, HorizontalAnnotation::Fill::kNone});
  for (int s = 0; s < 10; ++s) {
    Series x;
    x.label = "repo" + std::to_string(s);
    for (int i = 0; i < 1440; ++i) {
      x.times_ms.push_back(i * 60'000LL);
      x.values.push_back(s * 20 + (i * 7 + s) % 15);
    }
    c.series.push_back(std::move(x));
  }
  std::vector<double> ms;
  std::timespec c0{}, c1{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  size_t bytes = 0;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto png = RenderPng(c);
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!png.ok()) return 1;
    bytes = png->size();
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  const double cpu_ms = ((c1.tv_sec - c0.tv_sec) * 1e3 + (c1.tv_nsec - c0.tv_nsec) / 1e6) / runs;
  std::sort(ms.begin(), ms.end());
  std::printf("%d renders: p50 %.1f ms, p99 %.1f ms wall; %.1f ms CPU each; PNG %zu bytes\n", runs,
              ms[ms.size() / 2], ms[ms.size() * 99 / 100], cpu_ms, bytes);
  return 0;
}
