#include "services/monitoring/alarms/metric_reader.h"

#include <map>

#include "services/monitoring/query/metric_query.h"

namespace berth::services::monitoring::alarms {

Result<std::vector<Datapoint>> ReadAlarmDatapoints(const MetricStore& store,
                                                   const MetricAlarmDefinition& d,
                                                   int64_t start_ms, int64_t end_ms) {
  std::vector<MetricDataQuery> queries;
  bool counts = false;
  if (d.math()) {
    queries = d.metrics;
  } else {
    MetricDataQuery q;
    q.id = "m";
    MetricStatQuery ms;
    ms.metric = *d.metric;
    ms.period = d.period;
    const std::string stat = d.statistic ? *d.statistic : d.extended_statistic.value_or("");
    auto parsed = ParseStatistic(stat);
    if (!parsed) return std::vector<Datapoint>();
    ms.stat = NamedStatistic{stat, *parsed};
    ms.unit = d.unit;
    q.metric_stat = ms;
    queries.push_back(q);
    if (d.extended_statistic && d.evaluate_low_sample_count_percentile == "ignore") {
      counts = true;
      MetricDataQuery n = q;
      n.id = "n";
      n.metric_stat->stat = NamedStatistic{"SampleCount", *ParseStatistic("SampleCount")};
      queries.push_back(n);
    }
  }
  BERTH_ASSIGN_OR_RETURN(auto series,
                         RunMetricQueries(store, queries, FromMillis(start_ms), FromMillis(end_ms)));
  std::vector<Datapoint> out;
  if (series.empty()) return out;
  std::map<int64_t, double> samples;
  if (counts && series.size() > 1) {
    for (size_t i = 0; i < series[1].timestamps.size(); ++i)
      samples[series[1].timestamps[i]] = series[1].values[i];
  }
  const QuerySeries& s = series[0];
  out.reserve(s.timestamps.size());
  for (size_t i = 0; i < s.timestamps.size(); ++i) {
    Datapoint p{s.timestamps[i], s.values[i], std::nullopt};
    if (counts) {
      auto it = samples.find(p.time_ms);
      p.sample_count = it == samples.end() ? 0.0 : it->second;
    }
    out.push_back(p);
  }
  return out;
}

}  // namespace berth::services::monitoring::alarms
