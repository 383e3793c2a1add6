#include "services/sns/model/names.h"

#include <cctype>

#include "services/sns/model/errors.h"

namespace berth::services::sns {
namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

bool IsAccount(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  return true;
}

bool IsRegion(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s)
    if (std::islower(static_cast<unsigned char>(c)) == 0 &&
        std::isdigit(static_cast<unsigned char>(c)) == 0 && c != '-')
      return false;
  return true;
}

}  // namespace

bool IsValidTopicName(std::string_view name) {
  if (name.empty() || name.size() > 256) return false;
  for (char c : name)
    if (!IsNameChar(c)) return false;
  return true;
}

bool IsFifoName(std::string_view name) {
  return name.size() > 5 && name.substr(name.size() - 5) == ".fifo";
}

std::string TopicArn(std::string_view region, std::string_view account, std::string_view name) {
  return "arn:aws:sns:" + std::string(region) + ":" + std::string(account) + ":" +
         std::string(name);
}

Result<TopicArnParts> ParseTopicArn(std::string_view arn, std::string_view member) {
  constexpr std::string_view kPrefix = "arn:aws:sns:";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return errors::InvalidParameter(member);
  std::string_view rest = arn.substr(kPrefix.size());
  const size_t c1 = rest.find(':');
  if (c1 == std::string_view::npos) return errors::InvalidParameter(member);
  const size_t c2 = rest.find(':', c1 + 1);
  if (c2 == std::string_view::npos) return errors::InvalidParameter(member);
  TopicArnParts parts{std::string(rest.substr(0, c1)), std::string(rest.substr(c1 + 1, c2 - c1 - 1)),
                      std::string(rest.substr(c2 + 1))};
  if (!IsRegion(parts.region) || !IsAccount(parts.account_id) ||
      !(IsValidTopicName(parts.name) ||
        (IsFifoName(parts.name) && IsValidTopicName(parts.name.substr(0, parts.name.size() - 5))))) {
    return errors::InvalidParameter(member);
  }
  return parts;
}

Result<std::string> TopicOfSubscription(std::string_view subscription_arn) {
  const size_t colon = subscription_arn.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == subscription_arn.size()) {
    return errors::InvalidParameter("SubscriptionArn");
  }
  std::string topic(subscription_arn.substr(0, colon));
  if (!ParseTopicArn(topic).ok()) return errors::InvalidParameter("SubscriptionArn");
  return topic;
}

}  // namespace berth::services::sns
