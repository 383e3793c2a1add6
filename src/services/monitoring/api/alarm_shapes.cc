#include "services/monitoring/api/alarm_shapes.h"

#include <cmath>

#include "protocol/json_reader.h"
#include "services/monitoring/alarms/alarm_rule.h"
#include "services/monitoring/api/alarm_members.h"
#include "services/monitoring/api/shapes.h"
#include "services/monitoring/api/wire.h"
#include "services/monitoring/math/lexer.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring {
namespace {

using alarms::AlarmType;
using namespace alarm_members;

Result<std::vector<std::string>> Actions(const Document& in, std::string_view key) {
  BERTH_ASSIGN_OR_RETURN(auto arns, StringList(in, key, kMaxAlarmActions));
  for (size_t i = 0; i < arns.size(); ++i)
    BERTH_RETURN_IF_ERROR(CheckLength(wire::Item(key, i), arns[i], 1, 1024));
  return arns;
}

Status DecodeCommon(const Document& in, alarms::AlarmDefinition& d) {
  BERTH_ASSIGN_OR_RETURN(d.name, ReqString(in, "AlarmName"));
  BERTH_RETURN_IF_ERROR(CheckLength("AlarmName", d.name, 1, 255));
  BERTH_ASSIGN_OR_RETURN(d.description, OptString(in, "AlarmDescription"));
  if (d.description) BERTH_RETURN_IF_ERROR(CheckLength("AlarmDescription", *d.description, 0, 1024));
  if (const Document* e = wire::Member(in, "ActionsEnabled")) {
    BERTH_ASSIGN_OR_RETURN(d.actions_enabled, wire::Boolean(*e, "ActionsEnabled"));
  }
  BERTH_ASSIGN_OR_RETURN(d.ok_actions, Actions(in, "OKActions"));
  BERTH_ASSIGN_OR_RETURN(d.alarm_actions, Actions(in, "AlarmActions"));
  BERTH_ASSIGN_OR_RETURN(d.insufficient_data_actions, Actions(in, "InsufficientDataActions"));
  return Ok();
}

Status CheckAlarmPeriod(int64_t period, std::string_view param) {
  if (period == 10 || period == 20 || period == 30 || (period > 0 && period % 60 == 0)) return Ok();
  return errors::InvalidParameterValue("The value " + std::to_string(period) + " for parameter " +
                                       std::string(param) +
                                       " is invalid. Valid values are 10, 20, 30, or any multiple "
                                       "of 60.");
}

Status DecodeSingleMetric(const Document& in, alarms::MetricAlarmDefinition& m) {
  BERTH_ASSIGN_OR_RETURN(MetricKey key, DecodeMetricKey(in, ""));
  m.metric = std::move(key);
  BERTH_ASSIGN_OR_RETURN(m.statistic, OptString(in, "Statistic"));
  BERTH_ASSIGN_OR_RETURN(m.extended_statistic, OptString(in, "ExtendedStatistic"));
  if (m.statistic && m.extended_statistic) return Exclusive("Statistic", "ExtendedStatistic");
  if (!m.statistic && !m.extended_statistic) {
    return errors::MissingParameterMessage(
        "One of the parameters Statistic or ExtendedStatistic must be specified.");
  }
  if (m.statistic && !ParseBasicStatistic(*m.statistic))
    return errors::InvalidValue("Statistic", *m.statistic);
  if (m.extended_statistic &&
      (!ParseStatistic(*m.extended_statistic) || ParseBasicStatistic(*m.extended_statistic)))
    return errors::InvalidValue("ExtendedStatistic", *m.extended_statistic);
  BERTH_ASSIGN_OR_RETURN(auto period, OptInt(in, "Period"));
  if (!period) return errors::MissingParameter("Period");
  BERTH_RETURN_IF_ERROR(CheckAlarmPeriod(*period, "Period"));
  m.period = *period;
  BERTH_ASSIGN_OR_RETURN(auto unit, OptString(in, "Unit"));
  if (unit) {
    auto id = ParseUnit(*unit);
    if (!id) return errors::InvalidValue("Unit", *unit);
    m.unit = *id;
  }
  return Ok();
}

// AWS refuses SEARCH() in alarms at PutMetricAlarm (its result set changes with the metrics
// that exist, so the alarm's metric would too); Metrics Insights queries are allowed.
bool CallsSearch(const std::string& expression) {
  auto tokens = math::Lex(expression);
  if (!tokens.ok()) return false;  // the expression's own error is reported by its parser
  const std::vector<math::Token>& t = *tokens;
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i].kind == math::Token::Kind::kIdent && t[i].text == "SEARCH" &&
        t[i + 1].kind == math::Token::Kind::kLParen)
      return true;
  }
  return false;
}

Status DecodeMathMetrics(const Document& in, alarms::MetricAlarmDefinition& m) {
  for (const char* single : {"MetricName", "Namespace", "Statistic", "ExtendedStatistic",
                             "Dimensions", "Period", "Unit"}) {
    if (wire::Member(in, single) != nullptr) return Exclusive(single, "Metrics");
  }
  BERTH_ASSIGN_OR_RETURN(m.metrics, DecodeMetricDataQueries(*wire::Member(in, "Metrics"), "Metrics"));
  if (m.metrics.size() > kMaxAlarmMetrics) {
    return errors::InvalidParameterValue(
        "The collection Metrics must not have a size greater than 10.");
  }
  const MetricDataQuery* returned = nullptr;
  int64_t metric_period = 0;
  for (const MetricDataQuery& q : m.metrics) {
    if (q.return_data) {
      if (returned != nullptr) {
        return errors::InvalidParameterValue(
            "Exactly one element of the metrics list should return data.");
      }
      returned = &q;
    }
    if (q.expression && CallsSearch(*q.expression)) {
      return errors::InvalidParameterValue("SEARCH is not supported on Metric Alarms.");
    }
    if (q.metric_stat) {
      BERTH_RETURN_IF_ERROR(CheckAlarmPeriod(q.metric_stat->period, "Metrics.MetricStat.Period"));
      if (metric_period != 0 && metric_period != q.metric_stat->period) {
        return errors::InvalidParameterValue(
            "All metrics in an alarm's Metrics must have the same period.");
      }
      metric_period = q.metric_stat->period;
    }
  }
  if (returned == nullptr) {
    return errors::InvalidParameterValue(
        "Exactly one element of the metrics list should return data.");
  }
  m.period = returned->metric_stat ? returned->metric_stat->period
                                   : returned->period.value_or(metric_period);
  if (m.period == 0) {
    return errors::InvalidParameterValue(
        "The expression of the metrics list's returned element must have a Period.");
  }
  return CheckAlarmPeriod(m.period, "Period");
}

Document Strings(const std::vector<std::string>& v) {
  Document list = Document::MakeList();
  for (const std::string& s : v) list.Push(s);
  return list;
}

Document QueryToDocument(const MetricDataQuery& q) {
  Document d = Document::MakeMap();
  d["Id"] = q.id;
  if (q.metric_stat) {
    Document ms = Document::MakeMap();
    ms["Metric"] = MetricToDocument(q.metric_stat->metric);
    ms["Period"] = q.metric_stat->period;
    ms["Stat"] = q.metric_stat->stat.name;
    if (q.metric_stat->unit) ms["Unit"] = std::string(UnitName(*q.metric_stat->unit));
    d["MetricStat"] = std::move(ms);
  }
  if (q.expression) d["Expression"] = *q.expression;
  if (q.label) d["Label"] = *q.label;
  d["ReturnData"] = q.return_data;
  if (q.period) d["Period"] = *q.period;
  return d;
}

}  // namespace

Result<PutAlarmInput> DecodePutMetricAlarm(const Document& in) {
  PutAlarmInput out;
  alarms::AlarmDefinition& d = out.definition;
  d.type = AlarmType::kMetric;
  BERTH_RETURN_IF_ERROR(DecodeCommon(in, d));
  alarms::MetricAlarmDefinition& m = d.metric;
  if (wire::Member(in, "EvaluationCriteria") != nullptr ||
      wire::Member(in, "EvaluationInterval") != nullptr) {
    return errors::InvalidParameterValue(
        "PromQL alarms (EvaluationCriteria, EvaluationInterval) are not supported by berth: it "
        "has no Prometheus query engine.");
  }
  BERTH_ASSIGN_OR_RETURN(auto n, OptInt(in, "EvaluationPeriods"));
  if (!n) return errors::MissingParameter("EvaluationPeriods");
  if (*n < 1) return errors::InvalidValue("EvaluationPeriods", std::to_string(*n));
  m.evaluation_periods = *n;
  BERTH_ASSIGN_OR_RETURN(auto comparison, OptString(in, "ComparisonOperator"));
  if (!comparison) return errors::MissingParameter("ComparisonOperator");
  auto cmp = alarms::ParseComparison(*comparison);
  if (!cmp) return errors::InvalidValue("ComparisonOperator", *comparison);
  m.comparison = *cmp;

  if (wire::Member(in, "Metrics") != nullptr) {
    BERTH_RETURN_IF_ERROR(DecodeMathMetrics(in, m));
  } else {
    BERTH_RETURN_IF_ERROR(DecodeSingleMetric(in, m));
  }
  // AWS's limits on how far back an alarm looks.
  const int64_t window = m.period * m.evaluation_periods;
  if (m.period < 3600 && window > 86400) {
    return errors::InvalidParameterCombination(
        "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be "
        "<= 86400).");
  }
  if (window > 604800) {
    return errors::InvalidParameterCombination(
        "Metrics cannot be checked across more than a week (EvaluationPeriods * Period must be "
        "<= 604800).");
  }
  BERTH_ASSIGN_OR_RETURN(auto m_of_n, OptInt(in, "DatapointsToAlarm"));
  if (m_of_n) {
    if (*m_of_n < 1) return errors::InvalidValue("DatapointsToAlarm", std::to_string(*m_of_n));
    if (*m_of_n > m.evaluation_periods) {
      return errors::InvalidParameterValue(
          "DatapointsToAlarm (" + std::to_string(*m_of_n) +
          ") must be less than or equal to EvaluationPeriods (" +
          std::to_string(m.evaluation_periods) + ").");
    }
    m.datapoints_to_alarm = *m_of_n;
  }

  BERTH_ASSIGN_OR_RETURN(m.threshold_metric_id, OptString(in, "ThresholdMetricId"));
  const bool band = m.comparison == alarms::Comparison::kOutsideBand ||
                    m.comparison == alarms::Comparison::kBelowBand ||
                    m.comparison == alarms::Comparison::kAboveBand;
  if (const Document* t = wire::Member(in, "Threshold")) {
    if (m.threshold_metric_id) return Exclusive("Threshold", "ThresholdMetricId");
    BERTH_ASSIGN_OR_RETURN(double v, wire::Number(*t, "Threshold"));
    if (!std::isfinite(v)) return errors::InvalidValue("Threshold", std::to_string(v));
    m.threshold = v;
  }
  if (band || m.threshold_metric_id) {
    if (!band) {
      return errors::InvalidParameterCombination(
          "ThresholdMetricId may only be used with the anomaly detection comparison operators "
          "(LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold, "
          "GreaterThanUpperThreshold).");
    }
    if (!m.threshold_metric_id) {
      return errors::MissingParameterMessage("ComparisonOperator " + *comparison +
                                             " requires ThresholdMetricId.");
    }
    return errors::InvalidParameterValue(
        "Anomaly detection alarms (ComparisonOperator " + *comparison +
        " with ThresholdMetricId) are not supported: berth has no anomaly detection models.");
  }
  if (!m.threshold) return errors::MissingParameter("Threshold");

  BERTH_ASSIGN_OR_RETURN(auto missing, OptString(in, "TreatMissingData"));
  if (missing) {
    auto parsed = alarms::ParseMissingData(*missing);
    if (!parsed) return errors::InvalidValue("TreatMissingData", *missing);
    m.treat_missing_data = *parsed;
  }
  BERTH_ASSIGN_OR_RETURN(m.evaluate_low_sample_count_percentile,
                         OptString(in, "EvaluateLowSampleCountPercentile"));
  if (m.evaluate_low_sample_count_percentile && *m.evaluate_low_sample_count_percentile != "evaluate" &&
      *m.evaluate_low_sample_count_percentile != "ignore") {
    return errors::InvalidValue("EvaluateLowSampleCountPercentile",
                                *m.evaluate_low_sample_count_percentile);
  }
  BERTH_ASSIGN_OR_RETURN(out.tags, DecodeTags(in));
  return out;
}

Result<PutAlarmInput> DecodePutCompositeAlarm(const Document& in) {
  PutAlarmInput out;
  alarms::AlarmDefinition& d = out.definition;
  d.type = AlarmType::kComposite;
  BERTH_RETURN_IF_ERROR(DecodeCommon(in, d));
  BERTH_ASSIGN_OR_RETURN(d.composite.rule, ReqString(in, "AlarmRule"));
  BERTH_RETURN_IF_ERROR(StatusOf(alarms::AlarmRule::Parse(d.composite.rule)));
  BERTH_ASSIGN_OR_RETURN(d.composite.actions_suppressor, OptString(in, "ActionsSuppressor"));
  BERTH_ASSIGN_OR_RETURN(auto wait, OptInt(in, "ActionsSuppressorWaitPeriod"));
  BERTH_ASSIGN_OR_RETURN(auto extension, OptInt(in, "ActionsSuppressorExtensionPeriod"));
  if (d.composite.actions_suppressor) {
    BERTH_RETURN_IF_ERROR(CheckLength("ActionsSuppressor", *d.composite.actions_suppressor, 1, 1600));
    if (!wait || !extension) {
      return errors::MissingParameterMessage(
          "ActionsSuppressorWaitPeriod and ActionsSuppressorExtensionPeriod are required when "
          "ActionsSuppressor is specified.");
    }
  } else if (wait || extension) {
    return errors::InvalidParameterCombination(
        "ActionsSuppressorWaitPeriod and ActionsSuppressorExtensionPeriod require "
        "ActionsSuppressor.");
  }
  if (wait) {
    if (*wait < 0) return errors::InvalidValue("ActionsSuppressorWaitPeriod", std::to_string(*wait));
    d.composite.suppressor_wait_period = *wait;
  }
  if (extension) {
    if (*extension < 0)
      return errors::InvalidValue("ActionsSuppressorExtensionPeriod", std::to_string(*extension));
    d.composite.suppressor_extension_period = *extension;
  }
  BERTH_ASSIGN_OR_RETURN(out.tags, DecodeTags(in));
  return out;
}

Document DefinitionToDocument(const alarms::AlarmDefinition& d) {
  Document out = Document::MakeMap();
  out["AlarmName"] = d.name;
  if (d.description) out["AlarmDescription"] = *d.description;
  out["ActionsEnabled"] = d.actions_enabled;
  out["OKActions"] = Strings(d.ok_actions);
  out["AlarmActions"] = Strings(d.alarm_actions);
  out["InsufficientDataActions"] = Strings(d.insufficient_data_actions);
  if (d.type == AlarmType::kComposite) {
    out["AlarmRule"] = d.composite.rule;
    if (d.composite.actions_suppressor) {
      out["ActionsSuppressor"] = *d.composite.actions_suppressor;
      out["ActionsSuppressorWaitPeriod"] = d.composite.suppressor_wait_period;
      out["ActionsSuppressorExtensionPeriod"] = d.composite.suppressor_extension_period;
    }
    return out;
  }
  const alarms::MetricAlarmDefinition& m = d.metric;
  if (m.metric) {
    out["MetricName"] = m.metric->name;
    out["Namespace"] = m.metric->ns;
    if (m.statistic) out["Statistic"] = *m.statistic;
    if (m.extended_statistic) out["ExtendedStatistic"] = *m.extended_statistic;
    out["Dimensions"] = MetricToDocument(*m.metric)["Dimensions"];
    out["Period"] = m.period;
    if (m.unit) out["Unit"] = std::string(UnitName(*m.unit));
  } else {
    Document metrics = Document::MakeList();
    for (const MetricDataQuery& q : m.metrics) metrics.Push(QueryToDocument(q));
    out["Metrics"] = std::move(metrics);
  }
  out["EvaluationPeriods"] = m.evaluation_periods;
  if (m.datapoints_to_alarm > 0) out["DatapointsToAlarm"] = m.datapoints_to_alarm;
  if (m.threshold) out["Threshold"] = *m.threshold;
  if (m.threshold_metric_id) out["ThresholdMetricId"] = *m.threshold_metric_id;
  out["ComparisonOperator"] = std::string(alarms::ComparisonName(m.comparison));
  if (m.treat_missing_data)
    out["TreatMissingData"] = std::string(alarms::MissingDataName(*m.treat_missing_data));
  if (m.evaluate_low_sample_count_percentile)
    out["EvaluateLowSampleCountPercentile"] = *m.evaluate_low_sample_count_percentile;
  return out;
}

}  // namespace berth::services::monitoring
