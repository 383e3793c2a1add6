#pragma once
// Metrics Insights SQL as a GetMetricData Expression (what Grafana's code mode and the
// console's query builder send):
//
//   SELECT AVG|COUNT|MAX|MIN|SUM(metric) FROM namespace | SCHEMA(namespace[, dim…])
//   [WHERE cond] [GROUP BY dim[, …]] [ORDER BY AVG|COUNT|MAX|MIN|SUM() [ASC|DESC]] [LIMIT n]
//
// cond: `dim = 'v'`, `dim != 'v'`, `dim LIKE 'pre%'`, `dim NOT LIKE '…'`, `dim IN ('a', 'b')`,
// `dim NOT IN (…)`, joined by AND / OR, NOT and parentheses. Keywords are case-insensitive,
// names case-sensitive (double-quoted when they hold anything but letters, digits and _ or
// are keywords; \" escapes), values single-quoted. SCHEMA(ns) keeps metrics without
// dimensions, SCHEMA(ns, a, b) those whose dimensions are exactly {a, b}; a plain namespace
// keeps every metric of it. The function aggregates every matched metric's observations per
// period; GROUP BY makes one series per value combination (a missing key is the group
// `Other`), ordered by those values unless ORDER BY says otherwise; at most 500 series.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/monitoring/model/statistics.h"
#include "services/monitoring/model/types.h"

namespace berth::services::monitoring::insights {

inline constexpr size_t kMaxSeries = 500;

struct Condition {
  enum class Kind { kEq, kNe, kLike, kNotLike, kIn, kNotIn, kAnd, kOr, kNot } kind;
  std::string key;
  std::vector<std::string> values;  // one for = != LIKE, the list for IN
  std::vector<std::unique_ptr<const Condition>> children;
};

struct Query {
  std::string function;  // AVG COUNT MAX MIN SUM
  Statistic stat;        // the CloudWatch statistic it reads each metric with
  std::string metric;
  std::string ns;
  bool schema = false;                  // FROM SCHEMA(…)
  std::vector<std::string> dimensions;  // SCHEMA's keys, sorted
  std::unique_ptr<const Condition> where;
  std::vector<std::string> group_by;
  std::optional<std::string> order_by;  // AVG COUNT MAX MIN SUM
  bool descending = false;
  size_t limit = kMaxSeries;
};

// Is the expression Metrics Insights SQL rather than metric math (it starts with SELECT)?
bool IsInsightsQuery(std::string_view expression);

// Errors: InvalidParameterValue saying what is wrong or unsupported.
Result<std::shared_ptr<const Query>> Parse(std::string_view text);

// FROM and WHERE: is this metric one the query reads?
bool Matches(const Query& query, const MetricKey& key);

// The GROUP BY values of a metric (`Other` for a key it lacks).
std::vector<std::string> GroupOf(const Query& query, const MetricKey& key);

// ORDER BY's function over one series' values.
double OrderValue(std::string_view function, const std::vector<double>& values);

}  // namespace berth::services::monitoring::insights
