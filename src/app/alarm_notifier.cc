#include "app/alarm_notifier.h"

#include "services/sns/model/names.h"

namespace berth::app {
namespace {

// SNS subjects are at most 100 printable ASCII characters; CloudWatch's subject names the
// alarm, which may be longer or not ASCII.
std::string SubjectOf(const std::string& subject) {
  std::string out;
  for (char c : subject) {
    if (out.size() == 100) break;
    out.push_back(c >= 0x20 && c <= 0x7e ? c : '?');
  }
  return out;
}

}  // namespace

Status AlarmNotifier::Execute(const services::monitoring::AlarmNotification& notification) {
  const std::string& arn = notification.action_arn;
  if (arn.rfind("arn:aws:sns:", 0) != 0) {
    return Error{"InvalidAction", "Invalid action " + arn + ": berth executes SNS topic actions only", 400};
  }
  auto parts = services::sns::ParseTopicArn(arn);
  if (!parts.ok()) return Error{"InvalidParameter", "Invalid parameter: TopicArn", 400};
  auto topic = sns_.RequireTopic(arn, notification.account_id);
  if (!topic.ok()) return Error{"NotFound", "Topic does not exist", 404};
  services::sns::PublishInput in;
  in.message = notification.message;
  if (!notification.subject.empty()) in.subject = SubjectOf(notification.subject);
  return StatusOf(sns_.Publish(*topic, in, sns_.clock().Now()));
}

}  // namespace berth::app
