#pragma once
// The seam through which subscription delivery POSTs to an http(s) destination. The App
// implements it (services do not include one another; SNS owns berth's HTTP client).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace berth::services::logs {

class SubscriptionPoster {
 public:
  virtual ~SubscriptionPoster() = default;
  // POSTs `body` to `url`: the endpoint's HTTP status, or an error when it could not be
  // reached or did not answer in time. Called from the delivery thread only.
  virtual Result<int> Post(std::string_view url,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& body) = 0;
};

}  // namespace berth::services::logs
