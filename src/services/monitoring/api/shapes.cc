#include "services/monitoring/api/shapes.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "services/monitoring/api/wire.h"
#include "services/monitoring/dashboards/metric_widget.h"
#include "services/monitoring/model/errors.h"
#include "services/monitoring/model/limits.h"

namespace berth::services::monitoring {
namespace {

std::string Join(std::string_view a, std::string_view b) {
  return std::string(a) + "." + std::string(b);
}

// A number as AWS prints it in messages: NaN, Infinity, or the shortest decimal.
std::string Show(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

Status CheckName(std::string_view param, const std::string& value, size_t max) {
  if (value.empty() || value.size() > max) return errors::InvalidValue(param, value);
  return Ok();
}

Result<std::string> RequiredString(const Document& in, std::string_view key,
                                   std::string_view param) {
  const Document* d = wire::Member(in, key);
  if (d == nullptr) return errors::MissingParameter(param);
  return wire::String(*d, param);
}

Result<std::optional<std::string>> OptionalString(const Document& in, std::string_view key,
                                                  std::string_view param) {
  const Document* d = wire::Member(in, key);
  if (d == nullptr) return std::optional<std::string>();
  BERTH_ASSIGN_OR_RETURN(std::string s, wire::String(*d, param));
  return std::optional<std::string>(std::move(s));
}

Result<std::optional<UnitId>> OptionalUnit(const Document& in, std::string_view param) {
  BERTH_ASSIGN_OR_RETURN(auto name, OptionalString(in, "Unit", param));
  if (!name) return std::optional<UnitId>();
  auto unit = ParseUnit(*name);
  if (!unit) return errors::InvalidValue(param, *name);
  return std::optional<UnitId>(*unit);
}

Status CheckNamespace(const std::string& ns, bool caller) {
  if (ns.empty() || ns.size() > kMaxNameLength || ns[0] == ':')
    return errors::InvalidValue("Namespace", ns);
  // AWS/ belongs to AWS's own services (berth's, here), never to callers.
  if (caller && ns.rfind("AWS/", 0) == 0) return errors::InvalidValue("Namespace", ns);
  return Ok();
}

Result<std::vector<Dimension>> DecodeDimensions(const Document& in, std::string_view param) {
  std::vector<Dimension> out;
  const Document* list = wire::Member(in, "Dimensions");
  if (list == nullptr) return out;
  BERTH_ASSIGN_OR_RETURN(auto items, wire::List(*list, param));
  if (items->size() > kMaxDimensions) {
    return errors::InvalidParameterValue("The collection " + std::string(param) +
                                         " must not have a size greater than " +
                                         std::to_string(kMaxDimensions) + ".");
  }
  for (size_t i = 0; i < items->size(); ++i) {
    const std::string item = wire::Item(param, i);
    BERTH_ASSIGN_OR_RETURN(const Document* d, wire::Structure((*items)[i], item));
    BERTH_ASSIGN_OR_RETURN(std::string name, RequiredString(*d, "Name", Join(item, "Name")));
    BERTH_ASSIGN_OR_RETURN(std::string value, RequiredString(*d, "Value", Join(item, "Value")));
    BERTH_RETURN_IF_ERROR(CheckName(Join(item, "Name"), name, kMaxNameLength));
    BERTH_RETURN_IF_ERROR(CheckName(Join(item, "Value"), value, kMaxDimensionValueLength));
    for (const Dimension& seen : out) {
      if (seen.name == name) {
        return errors::InvalidParameterValue("No metric may have duplicate dimension names: " +
                                             name);
      }
    }
    out.push_back({std::move(name), std::move(value)});
  }
  return out;
}

Result<MetricKey> DecodeMetric(const Document& in, std::string_view prefix) {
  auto param = [&](std::string_view member) {
    return prefix.empty() ? std::string(member) : Join(prefix, member);
  };
  MetricKey key;
  BERTH_ASSIGN_OR_RETURN(key.ns, RequiredString(in, "Namespace", param("Namespace")));
  if (key.ns.empty() || key.ns.size() > kMaxNameLength)
    return errors::InvalidValue(param("Namespace"), key.ns);
  BERTH_ASSIGN_OR_RETURN(key.name, RequiredString(in, "MetricName", param("MetricName")));
  BERTH_RETURN_IF_ERROR(CheckName(param("MetricName"), key.name, kMaxNameLength));
  BERTH_ASSIGN_OR_RETURN(key.dimensions, DecodeDimensions(in, param("Dimensions")));
  key.SortDimensions();
  return key;
}

Status CheckValue(double v, std::string_view param) {
  if (!std::isfinite(v) || std::fabs(v) > kMaxAbsValue) return errors::InvalidValue(param, Show(v));
  return Ok();
}

Result<Datum> DecodeDatum(const Document& d, const std::string& item) {
  Datum datum;
  BERTH_ASSIGN_OR_RETURN(datum.metric_name,
                         RequiredString(d, "MetricName", Join(item, "MetricName")));
  BERTH_RETURN_IF_ERROR(CheckName(Join(item, "MetricName"), datum.metric_name, kMaxNameLength));
  BERTH_ASSIGN_OR_RETURN(datum.dimensions, DecodeDimensions(d, Join(item, "Dimensions")));
  std::sort(datum.dimensions.begin(), datum.dimensions.end(),
            [](const Dimension& a, const Dimension& b) { return a.name < b.name; });
  if (const Document* t = wire::Member(d, "Timestamp")) {
    BERTH_ASSIGN_OR_RETURN(TimePoint time, wire::Timestamp(*t, Join(item, "Timestamp")));
    datum.time_ms = Millis(time);
  } else {
    datum.time_ms = kCallTime;
  }
  BERTH_ASSIGN_OR_RETURN(auto unit, OptionalUnit(d, Join(item, "Unit")));
  datum.unit = unit.value_or(kNoneUnit);
  if (const Document* r = wire::Member(d, "StorageResolution")) {
    BERTH_ASSIGN_OR_RETURN(int64_t res, wire::Integer(*r, Join(item, "StorageResolution")));
    if (res != 1 && res != 60)
      return errors::InvalidValue(Join(item, "StorageResolution"), std::to_string(res));
    datum.high_resolution = res == 1;
  }

  const Document* value = wire::Member(d, "Value");
  const Document* values = wire::Member(d, "Values");
  const Document* counts = wire::Member(d, "Counts");
  const Document* stats = wire::Member(d, "StatisticValues");
  if (value != nullptr && values != nullptr) {
    return errors::InvalidParameterCombination("The parameters " + Join(item, "Value") + " and " +
                                               Join(item, "Values") +
                                               " are mutually exclusive and you have specified both.");
  }
  if (stats != nullptr && (value != nullptr || values != nullptr)) {
    return errors::InvalidParameterCombination(
        "The parameters " + Join(item, value != nullptr ? "Value" : "Values") + " and " +
        Join(item, "StatisticValues") + " are mutually exclusive and you have specified both.");
  }
  if (value != nullptr) {
    BERTH_ASSIGN_OR_RETURN(double v, wire::Number(*value, Join(item, "Value")));
    BERTH_RETURN_IF_ERROR(CheckValue(v, Join(item, "Value")));
    datum.values.emplace_back(v, 1.0);
  } else if (values != nullptr) {
    BERTH_ASSIGN_OR_RETURN(auto list, wire::List(*values, Join(item, "Values")));
    if (list->size() > kMaxValuesPerDatum) {
      return errors::InvalidParameterValue("The collection " + Join(item, "Values") +
                                           " must not have a size greater than 150.");
    }
    const Document::List* count_list = nullptr;
    if (counts != nullptr) {
      BERTH_ASSIGN_OR_RETURN(count_list, wire::List(*counts, Join(item, "Counts")));
      if (count_list->size() != list->size()) {
        return errors::InvalidParameterValue("The parameters " + Join(item, "Values") + " and " +
                                             Join(item, "Counts") + " must be of the same size.");
      }
    }
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string vparam = wire::Item(Join(item, "Values"), i);
      BERTH_ASSIGN_OR_RETURN(double v, wire::Number((*list)[i], vparam));
      BERTH_RETURN_IF_ERROR(CheckValue(v, vparam));
      double c = 1;
      if (count_list != nullptr) {
        const std::string cparam = wire::Item(Join(item, "Counts"), i);
        BERTH_ASSIGN_OR_RETURN(c, wire::Number((*count_list)[i], cparam));
        if (!std::isfinite(c) || c < 0) return errors::InvalidValue(cparam, Show(c));
      }
      if (c > 0) datum.values.emplace_back(v, c);
    }
  } else if (stats != nullptr) {
    const std::string sparam = Join(item, "StatisticValues");
    BERTH_ASSIGN_OR_RETURN(const Document* s, wire::Structure(*stats, sparam));
    double fields[4];
    const char* names[4] = {"SampleCount", "Sum", "Minimum", "Maximum"};
    for (int i = 0; i < 4; ++i) {
      const Document* f = wire::Member(*s, names[i]);
      if (f == nullptr) return errors::MissingParameter(Join(sparam, names[i]));
      BERTH_ASSIGN_OR_RETURN(fields[i], wire::Number(*f, Join(sparam, names[i])));
      BERTH_RETURN_IF_ERROR(CheckValue(fields[i], Join(sparam, names[i])));
    }
    if (fields[0] <= 0) return errors::InvalidValue(Join(sparam, "SampleCount"), Show(fields[0]));
    if (fields[2] > fields[3]) {
      return errors::InvalidParameterValue("The value of " + Join(sparam, "Minimum") +
                                           " must not be greater than " + Join(sparam, "Maximum") +
                                           ".");
    }
    datum.statistic_values = StatSet{fields[0], fields[1], fields[2], fields[3]};
  } else {
    return errors::MissingParameterMessage("At least one of the parameters " +
                                           Join(item, "Value") + ", " + Join(item, "Values") +
                                           " or " + Join(item, "StatisticValues") +
                                           " must be specified.");
  }
  return datum;
}

Result<NamedStatistic> DecodeStatistic(const Document& d, std::string_view param, bool extended) {
  BERTH_ASSIGN_OR_RETURN(std::string name, wire::String(d, param));
  auto stat = extended ? ParseStatistic(name) : ParseBasicStatistic(name);
  if (!stat || (extended && ParseBasicStatistic(name))) return errors::InvalidValue(param, name);
  return NamedStatistic{std::move(name), *stat};
}

Status CheckPeriod(int64_t period, std::string_view param) {
  if (period <= 0) return errors::InvalidValue(param, std::to_string(period));
  if (period == 1 || period == 5 || period == 10 || period == 20 || period == 30) return Ok();
  if (period % 60 != 0)
    return errors::InvalidParameterValue("The parameter " + std::string(param) +
                                         " must be a multiple of 60.");
  return Ok();
}

Result<TimePoint> RequiredTime(const Document& in, std::string_view key) {
  const Document* d = wire::Member(in, key);
  if (d == nullptr) return errors::MissingParameter(key);
  return wire::Timestamp(*d, key);
}

}  // namespace

Result<PutMetricDataInput> DecodePutMetricData(const Document& in) {
  PutMetricDataInput out;
  BERTH_ASSIGN_OR_RETURN(out.ns, RequiredString(in, "Namespace", "Namespace"));
  BERTH_RETURN_IF_ERROR(CheckNamespace(out.ns, /*caller=*/true));
  // MetricData, and the MetricData of each EntityMetricData (entities themselves are AWS
  // service-map metadata berth has no use for).
  std::vector<std::pair<const Document*, std::string>> datums;
  auto collect = [&](const Document& list_doc, const std::string& param) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto list, wire::List(list_doc, param));
    for (size_t i = 0; i < list->size(); ++i) datums.emplace_back(&(*list)[i], wire::Item(param, i));
    return Ok();
  };
  if (const Document* md = wire::Member(in, "MetricData"))
    BERTH_RETURN_IF_ERROR(collect(*md, "MetricData"));
  if (const Document* emd = wire::Member(in, "EntityMetricData")) {
    BERTH_ASSIGN_OR_RETURN(auto list, wire::List(*emd, "EntityMetricData"));
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string item = wire::Item("EntityMetricData", i);
      BERTH_ASSIGN_OR_RETURN(const Document* e, wire::Structure((*list)[i], item));
      if (const Document* md = wire::Member(*e, "MetricData"))
        BERTH_RETURN_IF_ERROR(collect(*md, Join(item, "MetricData")));
    }
  }
  if (datums.empty() && wire::Member(in, "EntityMetricData") == nullptr)
    return errors::MissingParameter("MetricData");
  if (datums.size() > kMaxDatumsPerPut) {
    return errors::InvalidParameterValue(
        "The collection MetricData must not have a size greater than 1000.");
  }
  out.data.reserve(datums.size());
  for (const auto& [doc, item] : datums) {
    BERTH_ASSIGN_OR_RETURN(const Document* d, wire::Structure(*doc, item));
    BERTH_ASSIGN_OR_RETURN(Datum datum, DecodeDatum(*d, item));
    out.data.push_back(std::move(datum));
  }
  return out;
}

Result<ListMetricsInput> DecodeListMetrics(const Document& in) {
  ListMetricsInput out;
  BERTH_ASSIGN_OR_RETURN(out.ns, OptionalString(in, "Namespace", "Namespace"));
  BERTH_ASSIGN_OR_RETURN(out.metric_name, OptionalString(in, "MetricName", "MetricName"));
  BERTH_ASSIGN_OR_RETURN(out.next_token, OptionalString(in, "NextToken", "NextToken"));
  BERTH_ASSIGN_OR_RETURN(auto active, OptionalString(in, "RecentlyActive", "RecentlyActive"));
  if (active) {
    if (*active != "PT3H") return errors::InvalidValue("RecentlyActive", *active);
    out.recently_active = true;
  }
  if (const Document* dims = wire::Member(in, "Dimensions")) {
    BERTH_ASSIGN_OR_RETURN(auto list, wire::List(*dims, "Dimensions"));
    if (list->size() > kMaxDimensionFilters) {
      return errors::InvalidParameterValue(
          "The collection Dimensions must not have a size greater than 10.");
    }
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string item = wire::Item("Dimensions", i);
      BERTH_ASSIGN_OR_RETURN(const Document* d, wire::Structure((*list)[i], item));
      DimensionFilter f;
      BERTH_ASSIGN_OR_RETURN(f.name, RequiredString(*d, "Name", Join(item, "Name")));
      BERTH_ASSIGN_OR_RETURN(f.value, OptionalString(*d, "Value", Join(item, "Value")));
      out.dimensions.push_back(std::move(f));
    }
  }
  return out;
}

Result<GetMetricStatisticsInput> DecodeGetMetricStatistics(const Document& in) {
  GetMetricStatisticsInput out;
  BERTH_ASSIGN_OR_RETURN(out.metric, DecodeMetric(in, ""));
  BERTH_ASSIGN_OR_RETURN(out.start, RequiredTime(in, "StartTime"));
  BERTH_ASSIGN_OR_RETURN(out.end, RequiredTime(in, "EndTime"));
  const Document* period = wire::Member(in, "Period");
  if (period == nullptr) return errors::MissingParameter("Period");
  BERTH_ASSIGN_OR_RETURN(out.period, wire::Integer(*period, "Period"));
  BERTH_RETURN_IF_ERROR(CheckPeriod(out.period, "Period"));
  BERTH_ASSIGN_OR_RETURN(out.unit, OptionalUnit(in, "Unit"));
  const Document* stats = wire::Member(in, "Statistics");
  const Document* ext = wire::Member(in, "ExtendedStatistics");
  if (stats != nullptr && ext != nullptr) {
    return errors::InvalidParameterCombination(
        "The parameters Statistics and ExtendedStatistics are mutually exclusive and you have "
        "specified both.");
  }
  if (stats == nullptr && ext == nullptr) {
    return errors::MissingParameterMessage("Must specify either Statistics or ExtendedStatistics.");
  }
  const bool extended = ext != nullptr;
  const std::string_view param = extended ? "ExtendedStatistics" : "Statistics";
  BERTH_ASSIGN_OR_RETURN(auto list, wire::List(extended ? *ext : *stats, param));
  const size_t max = extended ? kMaxExtendedStatistics : kMaxStatistics;
  if (list->empty() || list->size() > max) {
    return errors::InvalidParameterValue("The collection " + std::string(param) +
                                         " must have a size between 1 and " +
                                         std::to_string(max) + ".");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    BERTH_ASSIGN_OR_RETURN(NamedStatistic s,
                           DecodeStatistic((*list)[i], wire::Item(param, i), extended));
    (extended ? out.extended : out.statistics).push_back(std::move(s));
  }
  if (out.end <= out.start) {
    return errors::InvalidParameterValue("The parameter StartTime must be less than the parameter "
                                         "EndTime.");
  }
  return out;
}

Result<std::vector<MetricDataQuery>> DecodeMetricDataQueries(const Document& queries,
                                                             std::string_view param) {
  std::vector<MetricDataQuery> out;
  BERTH_ASSIGN_OR_RETURN(auto list, wire::List(queries, param));
  if (list->size() > kMaxMetricDataQueries) {
    return errors::InvalidParameterValue("The collection " + std::string(param) +
                                         " must not have a size greater than 500.");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string item = wire::Item(param, i);
    BERTH_ASSIGN_OR_RETURN(const Document* d, wire::Structure((*list)[i], item));
    MetricDataQuery q;
    BERTH_ASSIGN_OR_RETURN(q.id, RequiredString(*d, "Id", Join(item, "Id")));
    bool id_ok = !q.id.empty() && q.id.size() <= kMaxNameLength && q.id[0] >= 'a' && q.id[0] <= 'z';
    for (char c : q.id) id_ok = id_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!id_ok) {
      return errors::InvalidParameterValue(
          "The value " + q.id + " for parameter " + Join(item, "Id") +
          " is invalid. Only lowercase letters, numbers and underscores are allowed, and the "
          "first character must be a lowercase letter.");
    }
    for (const MetricDataQuery& seen : out) {
      if (seen.id == q.id) {
        return errors::InvalidParameterValue("The value " + q.id + " for parameter " +
                                             Join(item, "Id") + " is not unique.");
      }
    }
    BERTH_ASSIGN_OR_RETURN(q.label, OptionalString(*d, "Label", Join(item, "Label")));
    BERTH_ASSIGN_OR_RETURN(q.expression, OptionalString(*d, "Expression", Join(item, "Expression")));
    if (const Document* rd = wire::Member(*d, "ReturnData")) {
      BERTH_ASSIGN_OR_RETURN(q.return_data, wire::Boolean(*rd, Join(item, "ReturnData")));
    }
    if (const Document* p = wire::Member(*d, "Period")) {
      BERTH_ASSIGN_OR_RETURN(int64_t period, wire::Integer(*p, Join(item, "Period")));
      BERTH_RETURN_IF_ERROR(CheckPeriod(period, Join(item, "Period")));
      q.period = period;
    }
    const Document* ms = wire::Member(*d, "MetricStat");
    if ((ms != nullptr) == q.expression.has_value()) {
      return errors::InvalidParameterCombination(
          "Exactly one element of the MetricStat and Expression fields must be specified for " +
          item + ".");
    }
    if (q.expression) {
      if (q.expression->empty() || q.expression->size() > kMaxExpressionLength)
        return errors::InvalidValue(Join(item, "Expression"), *q.expression);
    } else {
      const std::string sparam = Join(item, "MetricStat");
      BERTH_ASSIGN_OR_RETURN(const Document* s, wire::Structure(*ms, sparam));
      MetricStatQuery stat;
      const Document* metric = wire::Member(*s, "Metric");
      if (metric == nullptr) return errors::MissingParameter(Join(sparam, "Metric"));
      BERTH_ASSIGN_OR_RETURN(const Document* m, wire::Structure(*metric, Join(sparam, "Metric")));
      BERTH_ASSIGN_OR_RETURN(stat.metric, DecodeMetric(*m, Join(sparam, "Metric")));
      const Document* p = wire::Member(*s, "Period");
      if (p == nullptr) return errors::MissingParameter(Join(sparam, "Period"));
      BERTH_ASSIGN_OR_RETURN(stat.period, wire::Integer(*p, Join(sparam, "Period")));
      BERTH_RETURN_IF_ERROR(CheckPeriod(stat.period, Join(sparam, "Period")));
      const Document* st = wire::Member(*s, "Stat");
      if (st == nullptr) return errors::MissingParameter(Join(sparam, "Stat"));
      BERTH_ASSIGN_OR_RETURN(std::string stat_name, wire::String(*st, Join(sparam, "Stat")));
      auto parsed = ParseStatistic(stat_name);
      if (!parsed) return errors::InvalidValue(Join(sparam, "Stat"), stat_name);
      stat.stat = NamedStatistic{std::move(stat_name), *parsed};
      BERTH_ASSIGN_OR_RETURN(stat.unit, OptionalUnit(*s, Join(sparam, "Unit")));
      q.metric_stat = std::move(stat);
    }
    out.push_back(std::move(q));
  }
  if (out.empty()) {
    return errors::InvalidParameterValue("The collection " + std::string(param) +
                                         " must have a size greater than 0.");
  }
  return out;
}

Result<GetMetricDataInput> DecodeGetMetricData(const Document& in) {
  GetMetricDataInput out;
  const Document* queries = wire::Member(in, "MetricDataQueries");
  if (queries == nullptr) return errors::MissingParameter("MetricDataQueries");
  BERTH_ASSIGN_OR_RETURN(out.queries, DecodeMetricDataQueries(*queries, "MetricDataQueries"));
  BERTH_ASSIGN_OR_RETURN(out.start, RequiredTime(in, "StartTime"));
  BERTH_ASSIGN_OR_RETURN(out.end, RequiredTime(in, "EndTime"));
  if (out.end <= out.start) {
    return errors::InvalidParameterValue(
        "The parameter StartTime must be less than the parameter EndTime.");
  }
  BERTH_ASSIGN_OR_RETURN(out.next_token, OptionalString(in, "NextToken", "NextToken"));
  BERTH_ASSIGN_OR_RETURN(auto scan, OptionalString(in, "ScanBy", "ScanBy"));
  if (scan) {
    if (*scan == "TimestampAscending") {
      out.ascending = true;
    } else if (*scan != "TimestampDescending") {
      return errors::InvalidValue("ScanBy", *scan);
    }
  }
  out.max_datapoints = kDefaultMaxDatapoints;
  if (const Document* m = wire::Member(in, "MaxDatapoints")) {
    BERTH_ASSIGN_OR_RETURN(out.max_datapoints, wire::Integer(*m, "MaxDatapoints"));
    if (out.max_datapoints <= 0)
      return errors::InvalidValue("MaxDatapoints", std::to_string(out.max_datapoints));
  }
  if (const Document* options = wire::Member(in, "LabelOptions")) {
    BERTH_ASSIGN_OR_RETURN(auto tz, OptionalString(*options, "Timezone", "LabelOptions.Timezone"));
    if (tz) {
      auto minutes = dashboards::ParseTimezone(*tz);
      if (!minutes) return errors::InvalidValue("LabelOptions.Timezone", *tz);
      out.tz_offset_minutes = *minutes;
    }
  }
  return out;
}

Result<MetricKey> DecodeMetricKey(const Document& in, std::string_view prefix) {
  return DecodeMetric(in, prefix);
}

Status CheckMetricPeriod(int64_t period, std::string_view param) {
  return CheckPeriod(period, param);
}

Document MetricToDocument(const MetricKey& key) {
  Document m = Document::MakeMap(3);
  m["Namespace"] = key.ns;
  m["MetricName"] = key.name;
  Document dims = Document::MakeList();
  for (const Dimension& d : key.dimensions) {
    Document dim = Document::MakeMap(2);
    dim["Name"] = d.name;
    dim["Value"] = d.value;
    dims.Push(std::move(dim));
  }
  m["Dimensions"] = std::move(dims);
  return m;
}

}  // namespace berth::services::monitoring
