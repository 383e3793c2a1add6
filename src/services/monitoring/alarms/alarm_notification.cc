#include "services/monitoring/alarms/alarm_notification.h"

#include <array>
#include <utility>

#include "core/json_writer.h"
#include "services/monitoring/alarms/alarm_text.h"

namespace berth::services::monitoring::alarms {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void Strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& v) {
  w.Key(key);
  w.BeginArray();
  for (const std::string& s : v) w.String(s);
  w.EndArray();
}

// AWS's alarm message writes dimensions lower-case, value first: [{"value": …, "name": …}].
void Dimensions(JsonWriter& w, const std::vector<Dimension>& dimensions) {
  w.Key("Dimensions");
  w.BeginArray();
  for (const Dimension& d : dimensions) {
    w.BeginObject();
    w.Key("value");
    w.String(d.value);
    w.Key("name");
    w.String(d.name);
    w.EndObject();
  }
  w.EndArray();
}

void Trigger(JsonWriter& w, const MetricAlarmDefinition& m) {
  w.Key("Trigger");
  w.BeginObject();
  if (m.metric) {
    w.Key("MetricName");
    w.String(m.metric->name);
    w.Key("Namespace");
    w.String(m.metric->ns);
    w.Key("StatisticType");
    w.String(m.statistic ? "Statistic" : "ExtendedStatistic");
    if (m.statistic) {
      w.Key("Statistic");
      w.String(Upper(*m.statistic));
    } else {
      w.Key("ExtendedStatistic");
      w.String(m.extended_statistic.value_or(""));
    }
    w.Key("Unit");
    if (m.unit) {
      w.String(UnitName(*m.unit));
    } else {
      w.Null();
    }
    Dimensions(w, m.metric->dimensions);
  } else {
    w.Key("Metrics");
    w.BeginArray();
    for (const MetricDataQuery& q : m.metrics) {
      w.BeginObject();
      w.Key("Id");
      w.String(q.id);
      if (q.expression) {
        w.Key("Expression");
        w.String(*q.expression);
      }
      if (q.metric_stat) {
        w.Key("MetricStat");
        w.BeginObject();
        w.Key("Metric");
        w.BeginObject();
        w.Key("Namespace");
        w.String(q.metric_stat->metric.ns);
        w.Key("MetricName");
        w.String(q.metric_stat->metric.name);
        Dimensions(w, q.metric_stat->metric.dimensions);
        w.EndObject();
        w.Key("Period");
        w.Int(q.metric_stat->period);
        w.Key("Stat");
        w.String(q.metric_stat->stat.name);
        w.EndObject();
      }
      if (q.label) {
        w.Key("Label");
        w.String(*q.label);
      }
      w.Key("ReturnData");
      w.Bool(q.return_data);
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("Period");
  w.Int(m.period);
  w.Key("EvaluationPeriods");
  w.Int(m.evaluation_periods);
  if (m.datapoints_to_alarm > 0) {
    w.Key("DatapointsToAlarm");
    w.Int(m.datapoints_to_alarm);
  }
  w.Key("ComparisonOperator");
  w.String(ComparisonName(m.comparison));
  w.Key("Threshold");
  w.Double(m.threshold.value_or(0));
  w.Key("TreatMissingData");
  w.String(m.treat_missing_data ? MissingDataName(*m.treat_missing_data) : "missing");
  w.Key("EvaluateLowSampleCountPercentile");
  w.String(m.evaluate_low_sample_count_percentile.value_or(""));
  w.EndObject();
}

}  // namespace

std::string RegionLongName(std::string_view region) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kNames{{
      {"us-east-1", "US East (N. Virginia)"},
      {"us-east-2", "US East (Ohio)"},
      {"us-west-1", "US West (N. California)"},
      {"us-west-2", "US West (Oregon)"},
      {"ca-central-1", "Canada (Central)"},
      {"eu-west-1", "EU (Ireland)"},
      {"eu-west-2", "EU (London)"},
      {"eu-west-3", "EU (Paris)"},
      {"eu-central-1", "EU (Frankfurt)"},
      {"eu-north-1", "EU (Stockholm)"},
      {"ap-northeast-1", "Asia Pacific (Tokyo)"},
      {"ap-northeast-2", "Asia Pacific (Seoul)"},
      {"ap-southeast-1", "Asia Pacific (Singapore)"},
      {"ap-southeast-2", "Asia Pacific (Sydney)"},
      {"ap-south-1", "Asia Pacific (Mumbai)"},
      {"sa-east-1", "South America (Sao Paulo)"},
  }};
  for (const auto& [code, name] : kNames)
    if (code == region) return std::string(name);
  return std::string(region);
}

AlarmNotification BuildNotification(const AlarmDefinition& d, AlarmState old_state,
                                    const AlarmStatus& now, const std::string& action_arn,
                                    int64_t configuration_updated_ms) {
  AlarmNotification n;
  n.action_arn = action_arn;
  n.account_id = d.account_id;
  n.region = d.region;
  n.subject = std::string(StateName(now.value)) + ": \"" + d.name + "\" in " +
              RegionLongName(d.region);
  JsonWriter w(n.message);
  w.BeginObject();
  w.Key("AlarmName");
  w.String(d.name);
  w.Key("AlarmDescription");
  if (d.description) {
    w.String(*d.description);
  } else {
    w.Null();
  }
  w.Key("AWSAccountId");
  w.String(d.account_id);
  w.Key("AlarmConfigurationUpdatedTimestamp");
  w.String(ReasonDataTime(configuration_updated_ms));
  w.Key("NewStateValue");
  w.String(StateName(now.value));
  w.Key("NewStateReason");
  w.String(now.reason);
  w.Key("StateChangeTime");
  w.String(ReasonDataTime(now.transitioned_ms));
  w.Key("Region");
  w.String(RegionLongName(d.region));
  w.Key("AlarmArn");
  w.String(d.Arn());
  w.Key("OldStateValue");
  w.String(StateName(old_state));
  Strings(w, "OKActions", d.ok_actions);
  Strings(w, "AlarmActions", d.alarm_actions);
  Strings(w, "InsufficientDataActions", d.insufficient_data_actions);
  if (d.type == AlarmType::kComposite) {
    w.Key("AlarmRule");
    w.String(d.composite.rule);
  } else {
    Trigger(w, d.metric);
  }
  w.EndObject();
  return n;
}

}  // namespace berth::services::monitoring::alarms
