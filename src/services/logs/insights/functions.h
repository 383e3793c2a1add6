#pragma once
// The function table: every function a query may call, with its arity and implementation.
// Names are matched case-insensitively (isPresent and ispresent are the same function).
//
// Scalar functions take evaluated arguments and never fail: an argument of the wrong kind
// gives null (for example abs("x")), as a missing field would. Functions that return part of
// an argument return a view when the argument was a view, so no string is copied.
//
// Covered, from AWS's list: abs ceil floor greatest least log sqrt; ispresent coalesce;
// isempty isblank concat ltrim rtrim trim strlen toupper tolower substr replace strcontains;
// bin datefloor dateceil fromMillis toMillis; isValidIp isValidIpV4 isValidIpV6 isIpInSubnet
// isIpv4InSubnet isIpv6InSubnet; and the stats functions count count_distinct sum avg min max
// pct stddev earliest latest sortsFirst sortsLast.

#include <span>
#include <string_view>

#include "services/logs/insights/aggregates.h"
#include "services/logs/insights/time_period.h"
#include "services/logs/insights/value.h"

namespace berth::services::logs::insights {

using ScalarFunction = Value (*)(std::span<const Value> args, const Period& period);

enum class FunctionForm {
  kValues,          // f(expr, …)
  kPeriodOnly,      // bin(5m): reads @timestamp
  kValueAndPeriod,  // datefloor(expr, 1h)
};

struct FunctionSpec {
  std::string_view name;  // as AWS spells it
  int min_args = 0;
  int max_args = 0;  // -1: any number
  bool aggregate = false;
  ScalarFunction scalar = nullptr;                          // scalar functions
  AggregateKind aggregate_kind = AggregateKind::kCountAll;  // stats functions
  FunctionForm form = FunctionForm::kValues;
};

// nullptr when no function has that name.
const FunctionSpec* FindFunction(std::string_view name);

}  // namespace berth::services::logs::insights
