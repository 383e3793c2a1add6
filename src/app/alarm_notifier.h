#pragma once
// Alarm actions that name SNS topics: the alarm's notification is published to the topic, as
// CloudWatch does. Implements the monitoring service's AlarmActions seam on top of
// services/sns (services never include one another; the App joins them here).

#include "services/monitoring/alarms/alarm_actions.h"
#include "services/sns/sns_service.h"

namespace berth::app {

class AlarmNotifier final : public services::monitoring::AlarmActions {
 public:
  explicit AlarmNotifier(services::sns::SnsService& sns) : sns_(sns) {}

  // Publishes the notification to the topic its action ARN names (queued durably; SNS delivers
  // and retries on its own threads). Errors, whose message the alarm's history quotes: the ARN
  // is not an SNS topic's, or the topic does not exist in the alarm's account.
  Status Execute(const services::monitoring::AlarmNotification& notification) override;

 private:
  services::sns::SnsService& sns_;
};

}  // namespace berth::app
