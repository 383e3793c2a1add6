#include <algorithm>

#include "services/monitoring/handlers/handlers.h"
#include "services/monitoring/model/errors.h"
#include "services/monitoring/model/limits.h"

namespace berth::services::monitoring {
namespace {

std::string WithCommas(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

Result<Document> GetMetricStatistics(MonitoringService& s, pipeline::CallContext&,
                                     const GetMetricStatisticsInput& in) {
  const int64_t start = RoundedStartMs(in.start, in.period);
  const int64_t end = Millis(in.end);
  const int64_t period_ms = in.period * 1000;
  const int64_t datapoints = (end - start + period_ms - 1) / period_ms;
  if (datapoints > kMaxStatisticsDatapoints) {
    return errors::InvalidParameterCombination(
        "You have requested up to " + WithCommas(datapoints) +
        " datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested "
        "by increasing Period, or decreasing the time range.");
  }
  std::vector<PeriodAggregate> periods = s.store().Read(in.metric, in.unit, start, end, period_ms);
  Document list = Document::MakeList();
  for (const PeriodAggregate& p : periods) {
    Document point = Document::MakeMap(8);
    point["Timestamp"] = Document::Timestamp(FromMillis(p.start_ms));
    for (const NamedStatistic& st : in.statistics) {
      if (auto v = Compute(st.stat, p.agg)) point[st.name] = *v;
    }
    if (!in.extended.empty()) {
      Document ext = Document::MakeMap();
      for (const NamedStatistic& st : in.extended) {
        if (auto v = Compute(st.stat, p.agg)) ext[st.name] = *v;
      }
      point["ExtendedStatistics"] = std::move(ext);
    }
    point["Unit"] = std::string(UnitName(p.unit));
    list.Push(std::move(point));
  }
  Document out = Document::MakeMap(2);
  out["Label"] = in.metric.name;
  out["Datapoints"] = std::move(list);
  return out;
}

}  // namespace berth::services::monitoring
