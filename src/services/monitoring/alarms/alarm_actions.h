#pragma once
// The seam an alarm's actions go out through. CloudWatch does not validate action ARNs when an
// alarm is put; it tries them when the alarm changes state and writes the outcome into the
// alarm's history ("Successfully executed action …" / "Failed to execute action …"). The
// monitoring service knows no other service: the App implements this seam (SNS topics are
// services/sns'), so services never include one another.

#include <string>

#include "core/result.h"

namespace berth::services::monitoring {

// One action of one state transition: AWS's alarm notification, ready to publish.
struct AlarmNotification {
  std::string action_arn;   // as the alarm lists it, e.g. arn:aws:sns:us-east-1:123456789012:ops
  std::string account_id;   // the alarm's account
  std::string region;       // the alarm's region
  std::string subject;      // ALARM: "name" in US East (N. Virginia)
  std::string message;      // the alarm message JSON (AlarmName, NewStateValue, Trigger, …)
};

class AlarmActions {
 public:
  virtual ~AlarmActions() = default;
  // Accepts the notification for delivery, durably, or says why it cannot: the error's
  // message becomes the history item's reason ("Failed to execute action <arn>. Received
  // error: '<message>'"). Called from the alarm evaluator's thread, never on a request path;
  // must not block on delivery itself (SNS queues and retries on its own).
  virtual Status Execute(const AlarmNotification& notification) = 0;
};

}  // namespace berth::services::monitoring
