#pragma once
// GetMetricWidgetImage: the widget's queries run through RunMetricQueries (GetMetricData's
// Label and period rules), drawn by render::RenderPng.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/monitoring/monitoring_service.h"

namespace berth::services::monitoring::dashboards {

Result<Document> GetMetricWidgetImage(MonitoringService& s, pipeline::CallContext& ctx,
                                      const Document& in);

}  // namespace berth::services::monitoring::dashboards
