#include "services/monitoring/alarms/alarm_evaluator.h"

#include <algorithm>
#include <charconv>

#include "core/json_writer.h"
#include "services/monitoring/alarms/alarm_text.h"

namespace berth::services::monitoring::alarms {
namespace {

struct Slot {
  int64_t start_ms = 0;
  std::optional<Datapoint> point;
};

// The datapoints a verdict rests on, newest first, and how missing ones were filled.
struct Verdict {
  AlarmState state;
  std::vector<const Datapoint*> evaluated;  // real points, newest first
  int64_t filled = 0;
  std::optional<MissingData> filled_as;
};

std::string PointList(const std::vector<const Datapoint*>& points) {
  std::string out = "[";
  for (size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out += ", ";
    out += JavaDouble(points[i]->value) + " (" + ReasonTime(points[i]->time_ms) + ")";
  }
  return out + "]";
}

std::string Reason(const MetricAlarmDefinition& def, const Verdict& v, AlarmState old,
                   int64_t breaching) {
  const int64_t n = def.evaluation_periods;
  const std::string fill_label =
      v.filled_as == MissingData::kBreaching ? "[Breaching]" : "[NonBreaching]";
  if (v.state == AlarmState::kInsufficientData) {
    return "Insufficient Data: " + std::to_string(n) + " datapoint" + Plural(n) + " " +
           (n == 1 ? "was" : "were") + " unknown.";
  }
  if (v.evaluated.empty()) {
    return "Threshold Crossed: no datapoints were received for " + std::to_string(v.filled) +
           " period" + Plural(v.filled) + " and " + std::to_string(v.filled) +
           " missing datapoint" + Plural(v.filled) + " " + (v.filled == 1 ? "was" : "were") +
           " treated as " + fill_label + ".";
  }
  const bool alarm = v.state == AlarmState::kAlarm;
  const int64_t shown = static_cast<int64_t>(v.evaluated.size());
  const int64_t count = alarm ? breaching : shown - breaching;
  std::string out = "Threshold Crossed: " + std::to_string(count) + " out of the last " +
                    std::to_string(shown) + " datapoints " + PointList(v.evaluated) + " " +
                    (count == 1 ? "was " : "were ") + (alarm ? "" : "not ") +
                    std::string(ComparisonPhrase(def.comparison)) + " the threshold (" +
                    JavaDouble(def.threshold.value_or(0)) + ")";
  if (v.filled > 0 && v.filled_as) {
    out += " and " + std::to_string(v.filled) + " missing datapoint" + Plural(v.filled) + " " +
           (v.filled == 1 ? "was" : "were") + " treated as " + fill_label;
  }
  const int64_t minimum = alarm ? def.M() : n - def.M() + 1;
  out += " (minimum " + std::to_string(minimum) + " datapoint" + Plural(minimum) + " for " +
         std::string(StateName(old)) + " -> " + std::string(StateName(v.state)) +
         " transition).";
  return out;
}

std::string ReasonData(const MetricAlarmDefinition& def, const Verdict& v,
                       const std::vector<Slot>& slots, int64_t query_ms) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("version");
  w.String("1.0");
  w.Key("queryDate");
  w.String(ReasonDataTime(query_ms));
  w.Key("startDate");
  w.String(ReasonDataTime(v.evaluated.empty() ? slots.front().start_ms
                                              : v.evaluated.back()->time_ms));
  if (!def.math()) {
    w.Key("statistic");
    w.String(def.statistic ? *def.statistic : def.extended_statistic.value_or(""));
    if (def.unit) {
      w.Key("unit");
      w.String(UnitName(*def.unit));
    }
  }
  w.Key("period");
  w.Int(def.period);
  w.Key("recentDatapoints");
  w.BeginArray();
  for (auto it = v.evaluated.rbegin(); it != v.evaluated.rend(); ++it) w.Double((*it)->value);
  w.EndArray();
  w.Key("threshold");
  w.Double(def.threshold.value_or(0));
  w.Key("evaluatedDatapoints");
  w.BeginArray();
  // Every period of the last N, newest first; the missing ones carry only their timestamp.
  const int64_t n = std::min<int64_t>(def.evaluation_periods, static_cast<int64_t>(slots.size()));
  for (int64_t i = static_cast<int64_t>(slots.size()) - 1;
       i >= static_cast<int64_t>(slots.size()) - n; --i) {
    const Slot& s = slots[static_cast<size_t>(i)];
    w.BeginObject();
    w.Key("timestamp");
    w.String(ReasonDataTime(s.start_ms));
    if (s.point) {
      if (s.point->sample_count) {
        w.Key("sampleCount");
        w.Double(*s.point->sample_count);
      }
      w.Key("value");
      w.Double(s.point->value);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

}  // namespace

int64_t EvaluationRangePeriods(const MetricAlarmDefinition& definition) {
  return definition.evaluation_periods + 2;
}

std::optional<double> LowSampleThreshold(const std::string& stat) {
  if (stat.size() < 2 || stat[0] != 'p') return std::nullopt;
  double p = 0;
  auto [end, ec] = std::from_chars(stat.data() + 1, stat.data() + stat.size(), p);
  if (ec != std::errc() || end != stat.data() + stat.size()) return std::nullopt;
  // In percent, so that p99 needs exactly 1000.
  if (p <= 0 || p >= 100) return std::nullopt;
  return p >= 50 ? 1000 / (100 - p) : 1000 / p;
}

std::optional<Evaluation> EvaluateMetricAlarm(const EvaluationInput& in) {
  const MetricAlarmDefinition& def = *in.definition;
  const int64_t n = def.evaluation_periods, m = def.M();
  const int64_t period_ms = def.period * 1000;
  const int64_t r = std::max(in.range_periods, n);

  std::vector<Slot> slots(static_cast<size_t>(r));
  for (int64_t i = 0; i < r; ++i) slots[static_cast<size_t>(i)].start_ms = in.range_end_ms - (r - i) * period_ms;
  for (const Datapoint& p : in.datapoints) {
    const int64_t offset = p.time_ms - slots.front().start_ms;
    if (offset < 0 || p.time_ms >= in.range_end_ms) continue;
    slots[static_cast<size_t>(offset / period_ms)].point = p;
  }
  std::vector<const Datapoint*> real;  // newest first
  for (auto it = slots.rbegin(); it != slots.rend(); ++it)
    if (it->point) real.push_back(&*it->point);
  const int64_t k = static_cast<int64_t>(real.size());
  const double threshold = def.threshold.value_or(0);
  auto breaches = [&](const Datapoint* p) { return Breaches(def.comparison, p->value, threshold); };

  Verdict v{AlarmState::kInsufficientData, {}, 0, std::nullopt};
  v.evaluated.assign(real.begin(), real.begin() + std::min(k, n));
  const int64_t b = std::count_if(v.evaluated.begin(), v.evaluated.end(), breaches);

  // Too few samples behind a percentile: AWS leaves the state as it is.
  if (def.evaluate_low_sample_count_percentile == "ignore" && def.extended_statistic) {
    if (auto need = LowSampleThreshold(*def.extended_statistic)) {
      for (const Datapoint* p : v.evaluated)
        if (p->sample_count && *p->sample_count < *need) return std::nullopt;
    }
  }

  const MissingData missing = def.missing();
  if (k >= n) {
    v.state = b >= m ? AlarmState::kAlarm : AlarmState::kOk;
  } else if (k == 0) {
    switch (missing) {
      case MissingData::kIgnore: return std::nullopt;
      case MissingData::kMissing: v.state = AlarmState::kInsufficientData; break;
      case MissingData::kBreaching: v.state = AlarmState::kAlarm; break;
      case MissingData::kNotBreaching: v.state = AlarmState::kOk; break;
    }
    if (missing != MissingData::kMissing) {
      v.filled = n;
      v.filled_as = missing;
    }
  } else {
    const int64_t fill = n - k;
    switch (missing) {
      case MissingData::kBreaching:
        v.state = b + fill >= m ? AlarmState::kAlarm : AlarmState::kOk;
        v.filled = fill;
        v.filled_as = missing;
        break;
      case MissingData::kNotBreaching:
        v.state = b >= m ? AlarmState::kAlarm : AlarmState::kOk;
        v.filled = fill;
        v.filled_as = missing;
        break;
      case MissingData::kMissing:
      case MissingData::kIgnore: {
        if (b >= m) {
          v.state = AlarmState::kAlarm;
        } else if (b < k) {
          v.state = AlarmState::kOk;  // a real non-breaching point: no reason to alarm
        } else {
          // Every real point breaches but fewer than M: the premature-alarm rule. ALARM only
          // when the oldest breaching point of the last N periods is at least M periods old
          // and nothing newer contradicts it.
          int64_t oldest_age = 0;
          bool contradicted = false;
          for (int64_t age = 1; age <= n; ++age) {
            const Slot& s = slots[static_cast<size_t>(r - age)];
            if (!s.point) continue;
            if (breaches(&*s.point)) {
              oldest_age = age;
            } else {
              contradicted = true;
            }
          }
          if (oldest_age < m || contradicted || missing == MissingData::kIgnore)
            return std::nullopt;
          v.state = AlarmState::kAlarm;
        }
        break;
      }
    }
  }
  Evaluation out;
  out.state = v.state;
  if (!in.describe) return out;
  out.reason = Reason(def, v, in.current, b);
  out.reason_data = ReasonData(def, v, slots, in.query_ms);
  return out;
}

}  // namespace berth::services::monitoring::alarms
