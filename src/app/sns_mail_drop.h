#pragma once
// Email-json's offline stand-in: each message lands as an event in the CloudWatch Logs log
// group /berth/sns/email-json (created when missing), in a stream named after the address.
// SNS sees the Logs service only through this seam (services/sns/delivery/mail_drop.h).

#include "services/logs/logs_service.h"
#include "services/sns/delivery/mail_drop.h"

namespace berth::app {

class SnsMailDrop final : public services::sns::MailDrop {
 public:
  explicit SnsMailDrop(services::logs::LogsService& logs) : logs_(logs) {}
  Status Deliver(std::string_view account, std::string_view address, TimePoint time,
                 std::string_view message) override;

 private:
  services::logs::LogsService& logs_;
};

}  // namespace berth::app
