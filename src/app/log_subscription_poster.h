#pragma once
// How CloudWatch Logs subscriptions reach an http(s) destination: through SNS's HTTP client
// (the logs service sees only its SubscriptionPoster seam). One client, used by the one
// delivery thread; a mutex keeps that true should another caller appear.

#include <chrono>
#include <mutex>

#include "services/logs/subscriptions/http_poster.h"
#include "services/sns/delivery/http_client.h"

namespace berth::app {

class LogSubscriptionPoster final : public services::logs::SubscriptionPoster {
 public:
  Result<int> Post(std::string_view url,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& body) override;

 private:
  // A subscriber that does not answer within this long is retried later.
  static constexpr std::chrono::milliseconds kTimeout{10000};
  std::mutex mu_;
  services::sns::HttpClient client_;  // GUARDED_BY(mu_)
};

}  // namespace berth::app
