#pragma once
// CloudWatch (metrics) as the dispatcher sees it: every operation berth serves, listed once,
// on three front-ends (JSON 1.0, query, RPC v2 CBOR). Every other CloudWatch operation is not
// in the table and answers the protocol's unknown-operation error.

#include "pipeline/operation.h"
#include "services/monitoring/monitoring_service.h"

namespace berth::services::monitoring {

// `service` must outlive the returned spec.
pipeline::ServiceSpec MakeMonitoringService(MonitoringService& service);

}  // namespace berth::services::monitoring
