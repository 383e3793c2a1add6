#pragma once
// A metric widget's `metrics` array, shared by dashboard bodies and GetMetricWidgetImage:
//   [ ["AWS/ECR", "RepositoryPullCount", "RepositoryName", "web", {"stat": "Sum"}],
//     [".", ".", ".", "api"],                         // "." repeats the row above's value
//     [{"expression": "m1 + m2", "label": "all", "id": "e1"}] ]
// Each row is namespace, metric name, then dimension name/value pairs, and an optional
// trailing options object; a row of only an options object is a math expression.

#include <string>
#include <vector>

#include "core/document.h"
#include "services/monitoring/dashboards/validation.h"

namespace berth::services::monitoring::dashboards {

struct MetricRow {
  std::vector<std::string> fields;    // "." resolved; empty for an expression row
  const Document* options = nullptr;  // the trailing object, if any (points into the input)

  const Document* Option(std::string_view key) const {
    return options == nullptr ? nullptr : options->Find(key);
  }
  bool IsExpression() const { return Option("expression") != nullptr; }
};

// The rows of `metrics` (at JSON pointer `path`), with every problem added to `check`. Rows
// with problems are left out of the result.
std::vector<MetricRow> ResolveMetricRows(const Document& metrics, const std::string& path,
                                         Checker& check);

}  // namespace berth::services::monitoring::dashboards
