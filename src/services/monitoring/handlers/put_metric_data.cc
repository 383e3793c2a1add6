#include "services/monitoring/handlers/handlers.h"
#include "services/monitoring/model/errors.h"
#include "services/monitoring/model/limits.h"

namespace berth::services::monitoring {

Result<Document> PutMetricData(MonitoringService& s, pipeline::CallContext& ctx,
                               PutMetricDataInput&& batch) {
  const int64_t now = Millis(ctx.now);
  const int64_t oldest = now - std::chrono::milliseconds(kMaxPastTimestamp).count();
  const int64_t newest = now + std::chrono::milliseconds(kMaxFutureTimestamp).count();
  for (size_t i = 0; i < batch.data.size(); ++i) {
    Datum& d = batch.data[i];
    if (d.time_ms == kCallTime) {
      d.time_ms = now;
      continue;
    }
    const std::string param = "MetricData.member." + std::to_string(i + 1) + ".Timestamp";
    if (d.time_ms < oldest) {
      return errors::InvalidParameterValue("The parameter " + param +
                                           " must specify a time within the past two weeks.");
    }
    if (d.time_ms > newest) {
      return errors::InvalidParameterValue(
          "The parameter " + param + " must specify a time no more than two hours in the future.");
    }
  }
  BERTH_ASSIGN_OR_RETURN(ctx.durable, s.store().Put(batch, ctx.now));
  return Document::MakeMap();
}

}  // namespace berth::services::monitoring
