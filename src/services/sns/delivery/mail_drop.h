#pragma once
// Where email-json messages go. berth sends no email: its offline stand-in writes each message
// (the same JSON an email-json subscriber would receive) to a CloudWatch Logs log group, one
// stream per address. Logs is another service, so SNS sees it only through this seam and the
// App implements it (app/sns_mail_drop).

#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace berth::services::sns {

// The log group email-json messages land in; the stream is the address.
inline constexpr char kEmailLogGroup[] = "/berth/sns/email-json";

class MailDrop {
 public:
  virtual ~MailDrop() = default;
  // Delivers `message` to `address` for `account`, durably when it returns. Called from a
  // delivery thread; an error is retried as a failed HTTP delivery is.
  virtual Status Deliver(std::string_view account, std::string_view address, TimePoint time,
                         std::string_view message) = 0;
};

}  // namespace berth::services::sns
