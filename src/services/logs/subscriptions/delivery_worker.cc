#include "services/logs/subscriptions/delivery_worker.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/gzip.h"
#include "core/thread_name.h"
#include "services/logs/api/page_tokens.h"
#include "services/logs/filter/matcher.h"
#include "services/logs/model/types.h"
#include "services/logs/subscriptions/payload.h"

namespace berth::services::logs {
namespace {

// A log group destination holds control messages in a stream of their own; data messages
// land in a stream named as their source stream.
constexpr char kControlStream[] = "cwl-control-messages";

Error DeliveryFailed(std::string message) {
  return Error{"DeliveryFailed", std::move(message), 500};
}

}  // namespace

void DeliverySignal::OnAppend(int64_t group_id) {
  {
    std::lock_guard lock(mu_);
    if (!groups_.contains(group_id)) return;
    woken_ = true;
  }
  cv_.notify_one();
}

void DeliverySignal::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_one();
}

void DeliverySignal::SetGroups(std::set<int64_t> groups) {
  std::lock_guard lock(mu_);
  groups_ = std::move(groups);
}

bool DeliverySignal::Wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [this] { return woken_ || stopping_; });
  woken_ = false;
  return !stopping_;
}

bool DeliverySignal::Pause(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [this] { return stopping_; });
  return !stopping_;
}

void DeliverySignal::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
}

DeliveryWorker::DeliveryWorker(SubscriptionStore& store, LogsService& logs,
                               SubscriptionPoster* http, Options options)
    : store_(store), logs_(logs), http_(http), options_(options) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Start() {
  thread_ = std::thread([this] {
    NameThisThread("logs-subscribe");
    Run();
  });
}

void DeliveryWorker::Stop() {
  signal_->Stop();
  if (thread_.joinable()) thread_.join();
}

void DeliveryWorker::Run() {
  for (;;) {
    const auto round_start = std::chrono::steady_clock::now();
    auto more = RunOnce();
    if (!more.ok()) {
      std::fprintf(stderr, "berth: logs: subscription delivery: %s\n",
                   more.error().message.c_str());
    }
    if (more.ok() && *more) {  // owed work left: the next round at once, unless stopping
      if (!signal_->Pause(std::chrono::milliseconds(0))) return;
      continue;
    }
    std::chrono::milliseconds wait = options_.idle_poll;
    const int64_t now_ms = Millis(logs_.clock().Now());
    if (next_due_ms_ > now_ms) {
      wait = std::min(wait, std::chrono::milliseconds(next_due_ms_ - now_ms));
    }
    if (!signal_->Wait(wait)) return;
    const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - round_start);
    if (since < options_.min_round_interval &&
        !signal_->Pause(options_.min_round_interval - since)) {
      return;
    }
  }
}

Result<bool> DeliveryWorker::RunOnce() {
  BERTH_ASSIGN_OR_RETURN(std::vector<SubscriptionFilter> filters, store_.AllFilters());
  std::set<int64_t> groups;
  for (const SubscriptionFilter& f : filters) groups.insert(f.group_id);
  signal_->SetGroups(std::move(groups));
  const int64_t now_ms = Millis(logs_.clock().Now());
  next_due_ms_ = 0;
  bool more = false;
  for (SubscriptionFilter& f : filters) {
    if (f.progress.next_attempt_ms > now_ms) {
      if (next_due_ms_ == 0 || f.progress.next_attempt_ms < next_due_ms_) {
        next_due_ms_ = f.progress.next_attempt_ms;
      }
      continue;
    }
    BERTH_ASSIGN_OR_RETURN(bool filter_more, DeliverFilter(f, now_ms));
    more = more || filter_more;
  }
  return more;
}

Result<std::shared_ptr<const filter::FilterPattern>> DeliveryWorker::Pattern(
    const std::string& text) {
  auto it = patterns_.find(text);
  if (it != patterns_.end()) return it->second;
  BERTH_ASSIGN_OR_RETURN(auto compiled, filter::FilterPattern::Compile(text));
  // Patterns of deleted filters are not worth tracking: a handful of filters exist per group.
  if (patterns_.size() > 1024) patterns_.clear();
  patterns_.emplace(text, compiled);
  return compiled;
}

Result<DeliveryWorker::Resolved> DeliveryWorker::Resolve(const SubscriptionFilter& f) {
  BERTH_ASSIGN_OR_RETURN(DestinationRef ref, ParseFilterDestination(f.destination_arn));
  BERTH_ASSIGN_OR_RETURN(auto destination, store_.GetDestination(ref.account, ref.name));
  if (!destination) return DeliveryFailed("destination " + f.destination_arn + " does not exist");
  BERTH_ASSIGN_OR_RETURN(DeliveryTarget target, ParseTarget(destination->target_arn));
  if (const auto* to = std::get_if<LogGroupTarget>(&target);
      to != nullptr && to->account != destination->account_id) {
    return DeliveryFailed("destination " + f.destination_arn + " targets another account");
  }
  const bool group = std::holds_alternative<LogGroupTarget>(target);
  return Resolved{std::move(target), group ? "log group" : "HTTP endpoint"};
}

Status DeliveryWorker::Send(const Resolved& to, std::string_view stream,
                            const std::string& message) {
  if (const auto* group = std::get_if<LogGroupTarget>(&to.target)) {
    const EventInput event{Millis(logs_.clock().Now()), message};
    return logs_.AppendEvents(group->account, group->name, stream.empty() ? kControlStream : stream,
                              std::span<const EventInput>(&event, 1));
  }
  const auto& http = std::get<HttpTarget>(to.target);
  if (http_ == nullptr) return DeliveryFailed("this berth does not deliver over HTTP");
  BERTH_ASSIGN_OR_RETURN(std::string body, gzip::Compress(message));
  BERTH_ASSIGN_OR_RETURN(int status,
                         http_->Post(http.url,
                                     {{"Content-Type", "application/json"},
                                      {"Content-Encoding", "gzip"},
                                      {"User-Agent", "berth CloudWatch Logs subscription"}},
                                     body));
  if (status < 200 || status > 299) {
    return DeliveryFailed(http.url + " answered HTTP " + std::to_string(status));
  }
  return Ok();
}

Result<bool> DeliveryWorker::DeliverFilter(SubscriptionFilter& f, int64_t now_ms) {
  const DeliveryProgress before = f.progress;
  DeliveryProgress& p = f.progress;
  std::vector<OwedBlock> blocks;
  Status sent = [&]() -> Status {
    BERTH_ASSIGN_OR_RETURN(Resolved to, Resolve(f));
    if (!p.control_sent) {
      BERTH_RETURN_IF_ERROR(Send(to, "", EncodeControlMessage(now_ms, to.kind)));
      p.control_sent = true;
    }
    BERTH_ASSIGN_OR_RETURN(blocks, store_.BlocksAfter(f.group_id, p.delivered_block,
                                                      options_.blocks_per_round));
    if (blocks.empty()) return Ok();
    BERTH_ASSIGN_OR_RETURN(auto pattern, Pattern(f.pattern));
    filter::FilterMatcher matcher(*pattern);
    // The matching events of each stream, streams in the order they first appear.
    std::vector<std::pair<std::string, std::vector<PayloadEvent>>> by_stream;
    for (const OwedBlock& block : blocks) {
      for (const OwedEvent& e : block.events) {
        if (!matcher.Matches(e.message)) continue;
        auto it = std::find_if(by_stream.begin(), by_stream.end(),
                               [&](const auto& s) { return s.first == block.stream_name; });
        if (it == by_stream.end()) {
          by_stream.emplace_back(block.stream_name, std::vector<PayloadEvent>());
          it = std::prev(by_stream.end());
        }
        it->second.push_back({EventId(e.key), e.key.timestamp_ms, e.message});
      }
    }
    for (const auto& [stream, events] : by_stream) {
      const PayloadSource source{f.account_id, f.group_name, stream, {f.name}};
      for (const std::string& message : EncodeDataMessages(source, events)) {
        if (message.size() > kMaxSubscriptionMessageBytes &&
            std::holds_alternative<LogGroupTarget>(to.target)) {
          // One event whose message JSON escaping grew past what a log group can hold: it
          // can never be delivered there, and must not hold back the events after it.
          std::fprintf(stderr,
                       "berth: logs: subscription %s of %s: an event of %zu bytes does not fit "
                       "a log group; skipped\n",
                       f.name.c_str(), f.group_name.c_str(), message.size());
          continue;
        }
        BERTH_RETURN_IF_ERROR(Send(to, stream, message));
      }
    }
    p.delivered_block = blocks.back().id;
    return Ok();
  }();
  const std::pair<int64_t, std::string> key(f.group_id, f.name);
  if (sent.ok()) {
    p.attempts = 0;
    p.next_attempt_ms = 0;
    if (failing_.erase(key) > 0) {
      std::fprintf(stderr, "berth: logs: subscription %s of %s delivers again\n", f.name.c_str(),
                   f.group_name.c_str());
    }
  } else {
    if (failing_.insert(key).second) {
      std::fprintf(stderr, "berth: logs: subscription %s of %s: %s (retrying)\n", f.name.c_str(),
                   f.group_name.c_str(), sent.error().message.c_str());
    }
    ++p.attempts;
    const int shift = std::min(p.attempts - 1, 20);
    const int64_t backoff =
        std::min<int64_t>(int64_t{1000} << shift, options_.max_backoff.count());
    p.next_attempt_ms = now_ms + backoff;
    if (next_due_ms_ == 0 || p.next_attempt_ms < next_due_ms_) next_due_ms_ = p.next_attempt_ms;
  }
  if (p.delivered_block != before.delivered_block || p.control_sent != before.control_sent ||
      p.attempts != before.attempts || p.next_attempt_ms != before.next_attempt_ms) {
    BERTH_RETURN_IF_ERROR(store_.SaveProgress(f.group_id, f.name, f.revision, p));
  }
  return sent.ok() && blocks.size() == options_.blocks_per_round;
}

}  // namespace berth::services::logs
