#include "app/sns_mail_drop.h"

namespace berth::app {

Status SnsMailDrop::Deliver(std::string_view account, std::string_view address, TimePoint time,
                            std::string_view message) {
  BERTH_ASSIGN_OR_RETURN(bool exists, logs_.LogGroupExists(account, services::sns::kEmailLogGroup));
  if (!exists) {
    services::logs::LogGroup group;
    group.account_id = std::string(account);
    group.name = services::sns::kEmailLogGroup;
    group.created_at = time;
    // False when another delivery created it meanwhile: either way it exists now.
    BERTH_RETURN_IF_ERROR(StatusOf(logs_.store().CreateGroup(group)));
  }
  const services::logs::EventInput event{Millis(time), message};
  return logs_.AppendEvents(account, services::sns::kEmailLogGroup, address, {&event, 1});
}

}  // namespace berth::app
