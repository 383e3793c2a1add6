#include "services/logs/metric_filters/metric_filter_set.h"

#include <algorithm>

namespace berth::services::logs {
namespace {

constexpr int64_t kMinuteMs = 60000;

int64_t MinuteOf(int64_t ms) { return ms / kMinuteMs * kMinuteMs; }

}  // namespace

void MetricFilterSet::Put(std::shared_ptr<const CompiledMetricFilter> filter) {
  std::lock_guard lock(mu_);
  const MetricFilter& f = filter->filter();
  auto next = std::make_shared<Filters>();
  if (auto it = by_group_.find(f.group_id); it != by_group_.end()) *next = *it->second;
  auto same = std::find_if(next->begin(), next->end(),
                           [&](const auto& other) { return other->filter().name == f.name; });
  if (same != next->end()) {
    *same = std::move(filter);
  } else {
    next->push_back(std::move(filter));
  }
  by_group_[f.group_id] = std::move(next);
}

void MetricFilterSet::Remove(int64_t group_id, std::string_view name) {
  std::lock_guard lock(mu_);
  auto it = by_group_.find(group_id);
  if (it == by_group_.end()) return;
  auto next = std::make_shared<Filters>(*it->second);
  std::erase_if(*next, [&](const auto& f) { return f->filter().name == name; });
  if (next->empty()) {
    by_group_.erase(it);
  } else {
    it->second = std::move(next);
  }
}

void MetricFilterSet::RemoveGroup(int64_t group_id) {
  std::lock_guard lock(mu_);
  by_group_.erase(group_id);
}

void MetricFilterSet::Add(FilterMetricPoint p) {
  points_[Key{std::move(p.account_id), std::move(p.ns), std::move(p.name), std::move(p.dimensions),
              std::move(p.unit), MinuteOf(p.time_ms), p.value}] += p.count;
}

void MetricFilterSet::OnEvents(std::string_view account_id, int64_t group_id,
                               std::string_view group_name, std::span<const EventInput> events,
                               TimePoint now) {
  if (events.empty()) return;
  std::shared_ptr<const Filters> filters;
  {
    std::lock_guard lock(mu_);
    if (auto it = by_group_.find(group_id); it != by_group_.end()) filters = it->second;
  }
  std::vector<FilterMetricPoint> found;
  std::vector<std::pair<std::string, int64_t>> matched;  // (filter, minute)
  if (filters) {
    for (const auto& f : *filters) {
      filter::FilterMatcher matcher(f->pattern());
      for (const EventInput& e : events) {
        auto point = f->Extract(matcher, e.message, e.timestamp_ms);
        if (!point) continue;
        matched.emplace_back(f->filter().name, MinuteOf(e.timestamp_ms));
        found.push_back(std::move(*point));
      }
    }
  }
  int64_t bytes = 0;
  for (const EventInput& e : events) {
    bytes += static_cast<int64_t>(e.message.size()) + kEventOverheadBytes;
  }
  // AWS/Logs counts what arrived when it arrived.
  const int64_t now_ms = Millis(now);
  std::vector<std::pair<std::string, std::string>> dims = {
      {"LogGroupName", std::string(group_name)}};
  std::lock_guard lock(mu_);
  for (auto& p : found) Add(std::move(p));
  for (auto& [name, minute] : matched) matched_.emplace(group_id, std::move(name), minute);
  Add({std::string(account_id), "AWS/Logs", "IncomingLogEvents", dims, 1.0, std::nullopt, now_ms,
       static_cast<int64_t>(events.size())});
  Add({std::string(account_id), "AWS/Logs", "IncomingBytes", dims, static_cast<double>(bytes),
       "Bytes", now_ms, 1});
}

std::vector<FilterMetricPoint> MetricFilterSet::TakePoints(TimePoint now) {
  std::lock_guard lock(mu_);
  std::vector<FilterMetricPoint> out;
  out.reserve(points_.size());
  for (auto& [key, count] : points_) {
    auto& [account, ns, name, dims, unit, minute, value] = key;
    out.push_back({account, ns, name, dims, value, unit, minute, count});
  }
  points_.clear();
  // Defaults: once per finished minute, for each filter that matched nothing in it. The
  // first call only marks where counting starts (minutes before berth ran saw no events).
  const int64_t previous = MinuteOf(Millis(now)) - kMinuteMs;
  if (previous > defaults_done_minute_) {
    if (defaults_done_minute_ != 0) {
      for (const auto& [group_id, filters] : by_group_) {
        for (const auto& f : *filters) {
          const MetricFilter& mf = f->filter();
          if (mf.transformations.empty()) continue;
          const MetricTransformation& t = mf.transformations.front();
          if (!t.default_value || matched_.contains({group_id, mf.name, previous})) continue;
          // Dimensions come from events; AWS publishes no default for a filter with them.
          if (!t.dimensions.empty()) continue;
          out.push_back({mf.account_id,
                         t.metric_namespace,
                         t.metric_name,
                         {},
                         *t.default_value,
                         t.unit,
                         previous,
                         1});
        }
      }
    }
    std::erase_if(matched_, [&](const auto& m) { return std::get<2>(m) <= previous; });
    defaults_done_minute_ = previous;
  }
  return out;
}

}  // namespace berth::services::logs
