#include "app/log_subscription_poster.h"

namespace berth::app {

Result<int> LogSubscriptionPoster::Post(
    std::string_view url, const std::vector<std::pair<std::string, std::string>>& headers,
    const std::string& body) {
  BERTH_ASSIGN_OR_RETURN(services::sns::HttpUrl parsed, services::sns::ParseHttpUrl(url));
  services::sns::HttpPost post;
  post.url = std::move(parsed);
  post.headers = headers;
  post.body = body;
  std::lock_guard lock(mu_);
  return client_.Post(post, kTimeout);
}

}  // namespace berth::app
