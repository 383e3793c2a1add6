#include "services/sns/model/delivery_policy.h"

#include <algorithm>
#include <cmath>

#include "core/document.h"
#include "core/json_writer.h"
#include "protocol/json_reader.h"
#include "services/sns/model/errors.h"

namespace berth::services::sns {
namespace {

constexpr int kMaxRetries = 100;
constexpr int kMaxDelay = 3600;

std::optional<int64_t> Number(const Document& map, std::string_view key) {
  const Document* v = map.Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind() == Document::Kind::kInt) return v->as_int();
  if (v->kind() == Document::Kind::kDouble) return static_cast<int64_t>(v->as_double());
  return std::nullopt;
}

Error Bad(std::string_view why) {
  return errors::InvalidParameter("DeliveryPolicy: " + std::string(why));
}

// Reads a healthyRetryPolicy object into `p`, checking AWS's bounds; `where` names it in errors.
Status ReadRetryPolicy(const Document& doc, std::string_view where, RetryPolicy& p) {
  if (!doc.is_map()) return Bad(std::string(where) + " must be an object");
  struct Field {
    const char* name;
    int* into;
  } fields[] = {{"minDelayTarget", &p.min_delay},
                {"maxDelayTarget", &p.max_delay},
                {"numRetries", &p.num_retries},
                {"numNoDelayRetries", &p.num_no_delay_retries},
                {"numMinDelayRetries", &p.num_min_delay_retries},
                {"numMaxDelayRetries", &p.num_max_delay_retries}};
  for (const Field& f : fields) {
    const Document* v = doc.Find(f.name);
    if (v == nullptr) continue;
    auto n = Number(doc, f.name);
    if (!n || *n < 0 || *n > kMaxDelay) {
      return Bad(std::string(where) + "." + f.name + " must be a number between 0 and 3600");
    }
    *f.into = static_cast<int>(*n);
  }
  if (const Document* b = doc.Find("backoffFunction")) {
    if (!b->is_string() || (b->as_string() != "linear" && b->as_string() != "arithmetic" &&
                            b->as_string() != "geometric" && b->as_string() != "exponential")) {
      return Bad(std::string(where) +
                 ".backoffFunction must be one of linear, arithmetic, geometric, exponential");
    }
    p.backoff = b->as_string();
  }
  if (p.num_retries > kMaxRetries) {
    return Bad(std::string(where) + ".numRetries must be less than or equal to 100");
  }
  if (p.min_delay < 1) return Bad(std::string(where) + ".minDelayTarget must be at least 1");
  if (p.min_delay > p.max_delay) {
    return Bad(std::string(where) + ".minDelayTarget must be less than or equal to maxDelayTarget");
  }
  if (p.num_no_delay_retries + p.num_min_delay_retries + p.num_max_delay_retries >
      p.num_retries) {
    return Bad(std::string(where) +
               ": numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not exceed "
               "numRetries");
  }
  return Ok();
}

Status ReadContentType(const Document* request_policy, RetryPolicy& p) {
  if (request_policy == nullptr) return Ok();
  if (!request_policy->is_map()) return Bad("requestPolicy must be an object");
  if (const Document* t = request_policy->Find("headerContentType")) {
    if (!t->is_string() || t->as_string().empty() || t->as_string().size() > 256) {
      return Bad("headerContentType must be a content type");
    }
    p.content_type = t->as_string();
  }
  return Ok();
}

Result<Document> ParseObject(std::string_view json) {
  auto doc = protocol::ParseJson(json);
  if (!doc.ok() || !doc->is_map()) return Bad("the policy must be a JSON object");
  return std::move(*doc);
}

struct TopicPolicy {
  RetryPolicy retry;
  bool has_retry = false;
  bool disable_overrides = false;
};

Result<TopicPolicy> ReadTopicPolicy(std::string_view json) {
  TopicPolicy out;
  if (json.empty()) return out;
  BERTH_ASSIGN_OR_RETURN(Document doc, ParseObject(json));
  const Document* http = doc.Find("http");
  if (http == nullptr) return out;
  if (!http->is_map()) return Bad("http must be an object");
  if (const Document* r = http->Find("defaultHealthyRetryPolicy")) {
    BERTH_RETURN_IF_ERROR(ReadRetryPolicy(*r, "http.defaultHealthyRetryPolicy", out.retry));
    out.has_retry = true;
  }
  if (const Document* d = http->Find("disableSubscriptionOverrides")) {
    if (d->kind() != Document::Kind::kBool) {
      return Bad("http.disableSubscriptionOverrides must be a boolean");
    }
    out.disable_overrides = d->as_bool();
  }
  BERTH_RETURN_IF_ERROR(ReadContentType(http->Find("defaultRequestPolicy"), out.retry));
  return out;
}

Result<std::optional<RetryPolicy>> ReadSubscriptionPolicy(std::string_view json,
                                                          const RetryPolicy& base) {
  if (json.empty()) return std::optional<RetryPolicy>();
  BERTH_ASSIGN_OR_RETURN(Document doc, ParseObject(json));
  RetryPolicy p = base;
  bool any = false;
  if (const Document* r = doc.Find("healthyRetryPolicy")) {
    p = RetryPolicy{};
    p.content_type = base.content_type;
    BERTH_RETURN_IF_ERROR(ReadRetryPolicy(*r, "healthyRetryPolicy", p));
    any = true;
  }
  if (const Document* rp = doc.Find("requestPolicy")) {
    BERTH_RETURN_IF_ERROR(ReadContentType(rp, p));
    any = true;
  }
  if (!any) return std::optional<RetryPolicy>();
  return std::optional<RetryPolicy>(p);
}

void WriteRetry(JsonWriter& w, const RetryPolicy& p) {
  w.BeginObject();
  w.Key("minDelayTarget");
  w.Int(p.min_delay);
  w.Key("maxDelayTarget");
  w.Int(p.max_delay);
  w.Key("numRetries");
  w.Int(p.num_retries);
  w.Key("numMaxDelayRetries");
  w.Int(p.num_max_delay_retries);
  w.Key("numNoDelayRetries");
  w.Int(p.num_no_delay_retries);
  w.Key("numMinDelayRetries");
  w.Int(p.num_min_delay_retries);
  w.Key("backoffFunction");
  w.String(p.backoff);
  w.EndObject();
}

}  // namespace

std::optional<std::chrono::seconds> RetryPolicy::DelayBefore(int retry) const {
  if (retry < 1 || retry > num_retries) return std::nullopt;
  if (retry <= num_no_delay_retries) return std::chrono::seconds(0);
  retry -= num_no_delay_retries;
  if (retry <= num_min_delay_retries) return std::chrono::seconds(min_delay);
  retry -= num_min_delay_retries;
  const int backoff_retries =
      num_retries - num_no_delay_retries - num_min_delay_retries - num_max_delay_retries;
  if (retry > backoff_retries) return std::chrono::seconds(max_delay);
  // Backoff: from the minimum (first) to the maximum (last), shaped by the function.
  const double f = backoff_retries <= 1 ? 1.0 : static_cast<double>(retry - 1) / (backoff_retries - 1);
  double shaped = f;
  if (backoff == "arithmetic") shaped = f * f;
  if (backoff == "geometric") shaped = f * f * f;
  double delay = min_delay + (max_delay - min_delay) * shaped;
  if (backoff == "exponential") delay = min_delay * std::pow(double(max_delay) / min_delay, f);
  return std::chrono::seconds(static_cast<int64_t>(std::lround(delay)));
}

Status CheckTopicDeliveryPolicy(std::string_view json) { return StatusOf(ReadTopicPolicy(json)); }

Status CheckSubscriptionDeliveryPolicy(std::string_view json) {
  return StatusOf(ReadSubscriptionPolicy(json, RetryPolicy{}));
}

RetryPolicy ResolvePolicy(std::string_view topic_policy, std::string_view subscription_policy) {
  auto topic = ReadTopicPolicy(topic_policy);
  TopicPolicy t = topic.ok() ? *topic : TopicPolicy{};
  if (t.disable_overrides) return t.retry;
  auto sub = ReadSubscriptionPolicy(subscription_policy, t.retry);
  if (sub.ok() && sub->has_value()) return **sub;
  return t.retry;
}

std::string EffectiveTopicPolicyJson(std::string_view topic_policy) {
  auto topic = ReadTopicPolicy(topic_policy);
  TopicPolicy t = topic.ok() ? *topic : TopicPolicy{};
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("http");
  w.BeginObject();
  w.Key("defaultHealthyRetryPolicy");
  WriteRetry(w, t.retry);
  w.Key("disableSubscriptionOverrides");
  w.Bool(t.disable_overrides);
  w.Key("defaultRequestPolicy");
  w.BeginObject();
  w.Key("headerContentType");
  w.String(t.retry.content_type);
  w.EndObject();
  w.EndObject();
  w.EndObject();
  return out;
}

std::string EffectiveSubscriptionPolicyJson(const RetryPolicy& policy) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("healthyRetryPolicy");
  WriteRetry(w, policy);
  w.Key("sicklyRetryPolicy");
  w.Null();
  w.Key("throttlePolicy");
  w.Null();
  w.Key("requestPolicy");
  w.BeginObject();
  w.Key("headerContentType");
  w.String(policy.content_type);
  w.EndObject();
  w.Key("guaranteed");
  w.Bool(false);
  w.EndObject();
  return out;
}

std::string EncodePolicy(const RetryPolicy& policy) {
  return EffectiveSubscriptionPolicyJson(policy);
}

RetryPolicy DecodePolicy(std::string_view json) {
  auto p = ReadSubscriptionPolicy(json, RetryPolicy{});
  return p.ok() && p->has_value() ? **p : RetryPolicy{};
}

}  // namespace berth::services::sns
