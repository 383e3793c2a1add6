#pragma once
// CloudWatch's metric operations: typed input in, output Document (or an AWS error) out.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/monitoring/api/shapes.h"
#include "services/monitoring/monitoring_service.h"
#include "services/monitoring/query/metric_query.h"

namespace berth::services::monitoring {

// Sets ctx.durable: the response waits for the journal's commit. Takes the batch (it fills in
// omitted timestamps) rather than copying a thousand datums.
Result<Document> PutMetricData(MonitoringService& s, pipeline::CallContext& ctx,
                               PutMetricDataInput&& batch);
Result<Document> ListMetrics(MonitoringService& s, pipeline::CallContext& ctx,
                             const ListMetricsInput& in);
Result<Document> GetMetricStatistics(MonitoringService& s, pipeline::CallContext& ctx,
                                     const GetMetricStatisticsInput& in);
Result<Document> GetMetricData(MonitoringService& s, pipeline::CallContext& ctx,
                               const GetMetricDataInput& in);

}  // namespace berth::services::monitoring
