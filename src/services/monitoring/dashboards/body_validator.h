#pragma once
// Checks a dashboard body against AWS's documented dashboard body structure
// (CloudWatch-Dashboard-Body-Structure): the widgets array, each widget's grid position and
// size, the properties of each widget type, the metrics array syntax, annotations, yAxis.
// Messages are AWS's (ajv's texts under JSON-pointer data paths).

#include <string_view>
#include <vector>

#include "core/document.h"
#include "services/monitoring/dashboards/validation.h"

namespace berth::services::monitoring::dashboards {

inline constexpr size_t kMaxWidgets = 500;

// Every problem of the body, in document order; empty when the body is valid.
std::vector<ValidationMessage> ValidateDashboardBody(std::string_view body);

// The checks of a metric widget's `properties` (also what GetMetricWidgetImage's JSON is,
// plus width/height/start/end/timezone): appended to `check` under `path`.
void CheckMetricProperties(const Document& props, const std::string& path, Checker& check,
                           bool in_dashboard);

}  // namespace berth::services::monitoring::dashboards
