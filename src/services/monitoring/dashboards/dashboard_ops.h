#pragma once
// The dashboard operations (PutDashboard, GetDashboard, ListDashboards, DeleteDashboards) and
// GetMetricWidgetImage, as rows for CloudWatch's operation table (api/operations.cc).

#include <vector>

#include "pipeline/operation.h"
#include "services/monitoring/monitoring_service.h"

namespace berth::services::monitoring::dashboards {

// `s` must outlive the returned operations.
std::vector<pipeline::OperationSpec> DashboardOperations(MonitoringService& s);

}  // namespace berth::services::monitoring::dashboards
