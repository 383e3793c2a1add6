#pragma once
// Dynamic labels: a GetMetricData Label's `${…}` placeholders filled from the series it names
// (AWS's graph-dynamic-labels list): ${AVG} ${MIN} ${MAX} ${SUM} ${FIRST} ${LAST}
// ${DATAPOINT_COUNT} ${FIRST_LAST_RANGE} ${MIN_MAX_RANGE}, the times ${FIRST_TIME} ${LAST_TIME}
// ${MIN_TIME} ${MAX_TIME} (ISO 8601 in LabelOptions.Timezone), the spans ${FIRST_LAST_TIME_RANGE}
// ${MIN_MAX_TIME_RANGE} and ${FIRST_TIME_RELATIVE} ${LAST_TIME_RELATIVE} ${MIN_TIME_RELATIVE}
// ${MAX_TIME_RELATIVE} (to now), ${LABEL} (the default label) and ${PROP('MetricName')},
// ${PROP('Namespace')}, ${PROP('Period')}, ${PROP('Stat')}, ${PROP('Dim.<name>')},
// ${PROP('AccountId')}, ${PROP('Region')}. Statistics of a series without points are empty;
// an unknown placeholder stays as written.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/monitoring/math/evaluator.h"

namespace berth::services::monitoring::labels {

struct LabelContext {
  std::string default_label;   // ${LABEL}
  int tz_offset_minutes = 0;   // LabelOptions.Timezone
  int64_t now_ms = 0;          // for the *_RELATIVE values
  std::string account_id, region;
};

bool IsDynamic(std::string_view label);

std::string Expand(std::string_view label, const math::Series& series, const LabelContext& ctx);

}  // namespace berth::services::monitoring::labels
