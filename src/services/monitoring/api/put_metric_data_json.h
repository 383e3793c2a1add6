#pragma once
// PutMetricData's JSON body decoded straight from simdjson into datums, without the generic
// Document in between: at a million datums a second, building and tearing down a Document
// (a map, strings and variants per member) was most of ingest's time.
//
// It takes only what it is sure of: a well-formed body whose every member is one it knows, of
// the type botocore and the SDKs send, and whose values DecodePutMetricData would accept. For
// anything else (bad syntax, a null, a repeated name, a string number, EntityMetricData,
// StatisticValues, a value AWS refuses) it answers nullopt, and the caller decodes the body the
// generic way, so that errors, and the rare forms, stay exactly those of DecodePutMetricData.
// What it does decode equals DecodePutMetricData's result for the same body (unit-tested).

#include <optional>
#include <string_view>

#include "services/monitoring/model/types.h"

namespace berth::services::monitoring {

std::optional<PutMetricDataInput> DecodePutMetricDataJson(std::string_view json);

}  // namespace berth::services::monitoring
