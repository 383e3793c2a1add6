#pragma once
// The dashboard operations' modeled errors. JSON/CBOR name them by shape
// (DashboardInvalidInputError, DashboardNotFoundError); the query protocol by their codes
// InvalidParameterInput and ResourceNotFound (errors::QueryErrorCodes maps them).

#include <string>
#include <vector>

#include "core/result.h"
#include "services/monitoring/dashboards/validation.h"

namespace berth::services::monitoring::dashboards {

// 400, with `message` and `dashboardValidationMessages` [{DataPath, Message}] members.
Error InvalidDashboard(std::string message, const std::vector<ValidationMessage>& messages);
// 400: the body's validation failures, worded as AWS does.
Error InvalidBody(const std::vector<ValidationMessage>& messages);
// 404 "Dashboard <names> does not exist".
Error DashboardNotFound(const std::string& names);

}  // namespace berth::services::monitoring::dashboards
