#include "services/monitoring/dashboards/dashboard_errors.h"

#include <memory>

namespace berth::services::monitoring::dashboards {

Error InvalidDashboard(std::string message, const std::vector<ValidationMessage>& messages) {
  Error e{"DashboardInvalidInputError", std::move(message), 400};
  Document list = Document::MakeList();
  for (const ValidationMessage& m : messages) {
    Document item = Document::MakeMap(2);
    item["DataPath"] = m.data_path;
    item["Message"] = m.message;
    list.Push(std::move(item));
  }
  Document members = Document::MakeMap(1);
  members["dashboardValidationMessages"] = std::move(list);
  e.members = std::make_shared<const Document>(std::move(members));
  return e;
}

Error InvalidBody(const std::vector<ValidationMessage>& messages) {
  return InvalidDashboard(InvalidBodyMessage(messages), messages);
}

Error DashboardNotFound(const std::string& names) {
  return {"DashboardNotFoundError", "Dashboard " + names + " does not exist", 404};
}

}  // namespace berth::services::monitoring::dashboards
