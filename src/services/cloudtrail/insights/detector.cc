#include "services/cloudtrail/insights/detector.h"

#include <algorithm>
#include <cmath>

namespace berth::services::cloudtrail::insights {
namespace {

constexpr size_t kTopValues = 5;  // AWS lists the leading values of each attribution

// Who made calls of one API: user ARN, user agent, error code ("" for success).
using Caller = std::tuple<std::string, std::string, std::string>;
using Callers = std::map<Caller, int64_t>;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The values of one attribute (0: user, 1: agent, 2: error code) among the callers, as averages
// over `minutes`, largest first; only calls that failed with `code` when it is given.
std::vector<AttributionValue> Top(const Callers& callers, int attribute, const std::string* code,
                                  double minutes) {
  std::map<std::string, int64_t> counts;
  for (const auto& [caller, n] : callers) {
    if (code != nullptr && std::get<2>(caller) != *code) continue;
    const std::string& v = attribute == 0   ? std::get<0>(caller)
                           : attribute == 1 ? std::get<1>(caller)
                                            : std::get<2>(caller);
    counts[v.empty() ? "null" : v] += n;  // AWS writes "null" for no error code or identity
  }
  std::vector<AttributionValue> out;
  for (const auto& [v, n] : counts) out.push_back({v, minutes > 0 ? n / minutes : 0});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.average > b.average;
  });
  if (out.size() > kTopValues) out.resize(kTopValues);
  return out;
}

std::vector<Attribution> Attributions(const Callers& insight, double insight_minutes,
                                      const Callers& baseline, double baseline_minutes,
                                      const std::string* code) {
  static constexpr const char* kNames[] = {"userIdentityArn", "userAgent", "errorCode"};
  std::vector<Attribution> out;
  // An error-rate insight is about one error code: naming it again says nothing.
  const int attributes = code != nullptr ? 2 : 3;
  for (int a = 0; a < attributes; ++a) {
    out.push_back({kNames[a], Top(insight, a, code, insight_minutes),
                   Top(baseline, a, code, baseline_minutes)});
  }
  return out;
}

}  // namespace

// One minute of one API's calls.
struct Tally {
  int64_t index = 0;
  int64_t calls = 0;
  std::map<std::string, int64_t> errors;
  Callers callers;
};

// An insight in progress, with the baseline it is measured against (frozen at its start).
struct Detector::OpenInsight {
  int64_t start_index = 0;
  double expected_rate = 0;  // ApiCallRateInsight: μ; ApiErrorRateInsight: ρ
  double sigma = 0;          // ApiCallRateInsight: σ
  double baseline_average = 0;
  std::vector<Attribution> baseline_attributions;  // their baseline halves, for the End
  int64_t value_sum = 0;                           // calls (or errors) during the insight
  int64_t minutes = 0;
  Callers callers;
};

struct Detector::Api {
  std::map<int64_t, Tally> pending;  // minutes not closed yet
  std::deque<Tally> window;          // closed minutes with calls, oldest first
  int64_t calls_sum = 0;
  double calls_squares = 0;
  std::map<std::string, int64_t> errors_sum;
  Callers callers_sum;
  int64_t last_closed = 0;
  bool closed_any = false;
  bool read_only = false;  // its calls read: no call-rate insights (AWS rates write calls)
  std::optional<Detector::OpenInsight> call_rate;
  std::map<std::string, Detector::OpenInsight> error_rate;

  bool open() const { return call_rate.has_value() || !error_rate.empty(); }

  void Add(Tally&& t) {
    calls_sum += t.calls;
    calls_squares += static_cast<double>(t.calls) * static_cast<double>(t.calls);
    for (const auto& [code, n] : t.errors) errors_sum[code] += n;
    for (const auto& [caller, n] : t.callers) callers_sum[caller] += n;
    window.push_back(std::move(t));
  }

  void EvictBefore(int64_t index) {
    while (!window.empty() && window.front().index < index) {
      const Tally& t = window.front();
      calls_sum -= t.calls;
      calls_squares -= static_cast<double>(t.calls) * static_cast<double>(t.calls);
      for (const auto& [code, n] : t.errors) {
        if ((errors_sum[code] -= n) == 0) errors_sum.erase(code);
      }
      for (const auto& [caller, n] : t.callers) {
        if ((callers_sum[caller] -= n) == 0) callers_sum.erase(caller);
      }
      window.pop_front();
    }
  }
};

Detector::Detector(DetectorOptions options, TimePoint observing_since)
    : options_(options),
      window_(std::max<int64_t>(1, options.baseline / options.minute)),
      first_index_(FloorDiv(Millis(observing_since), options.minute.count())),
      next_close_(first_index_) {
  // A minute observed only in part would read as quieter than it was: the baseline starts
  // with the first whole one.
  if (first_index_ * options_.minute.count() < Millis(observing_since)) ++first_index_;
}

Detector::~Detector() = default;

void Detector::Observe(const ObservedCall& call) {
  const int64_t index =
      std::max(next_close_, FloorDiv(Millis(call.time), options_.minute.count()));
  auto& api = apis_[{call.account, call.region, call.event_source, call.event_name}];
  if (!api) api = std::make_unique<Api>();
  api->read_only = call.read_only;
  Tally& t = api->pending[index];
  t.index = index;
  ++t.calls;
  if (!call.error_code.empty()) ++t.errors[call.error_code];
  ++t.callers[{call.user_arn, call.user_agent, call.error_code}];
}

std::vector<InsightTransition> Detector::Advance(TimePoint now) {
  std::vector<InsightTransition> out;
  const int64_t closable_end =
      FloorDiv(Millis(now) - options_.grace.count(), options_.minute.count());
  if (closable_end <= next_close_) return out;
  for (auto it = apis_.begin(); it != apis_.end();) {
    Api& api = *it->second;
    while (!api.pending.empty() && api.pending.begin()->first < closable_end) {
      const int64_t index = api.pending.begin()->first;
      // The quiet minutes in between are not unusual: an open insight ended at the first.
      if (api.open() && api.closed_any && index > api.last_closed + 1) {
        EndOpen(it->first, api, api.last_closed + 1, out);
      }
      CloseMinute(it->first, api, index, out);
    }
    if (api.open() && api.last_closed + 1 < closable_end) {
      EndOpen(it->first, api, api.last_closed + 1, out);
    }
    api.EvictBefore(closable_end - window_);
    if (api.window.empty() && api.pending.empty() && !api.open()) {
      it = apis_.erase(it);
    } else {
      ++it;
    }
  }
  next_close_ = closable_end;
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.time < b.time; });
  return out;
}

void Detector::CloseMinute(const ApiKey& key, Api& api, int64_t index,
                           std::vector<InsightTransition>& out) {
  api.EvictBefore(index - window_);
  Tally t = std::move(api.pending.begin()->second);
  api.pending.erase(api.pending.begin());
  const double w = static_cast<double>(window_);
  const bool has_baseline = index - first_index_ >= window_;
  auto unusual = [&](double x, double expected, double sigma) {
    return x > expected + options_.sigmas * sigma && x >= options_.min_ratio * expected &&
           x - expected >= static_cast<double>(options_.min_excess);
  };
  auto subject = [&](InsightType type, const std::string& code) {
    return InsightSubject{std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key),
                          type, code};
  };
  auto start = [&](OpenInsight open, InsightType type, const std::string& code, int64_t value,
                   const std::string* filter) {
    InsightTransition s;
    s.start = true;
    s.subject = subject(type, code);
    s.time = FromMillis(index * options_.minute.count());
    s.baseline_average = open.baseline_average;
    s.insight_average = static_cast<double>(value);
    s.insight_duration = 1;
    s.baseline_duration = window_;
    s.attributions = Attributions(t.callers, 1, api.callers_sum, w, filter);
    open.start_index = index;
    open.baseline_attributions = s.attributions;
    open.value_sum = value;
    open.minutes = 1;
    open.callers = t.callers;
    out.push_back(std::move(s));
    return open;
  };
  auto extend = [&](OpenInsight& open, int64_t value) {
    open.value_sum += value;
    ++open.minutes;
    for (const auto& [caller, n] : t.callers) open.callers[caller] += n;
  };

  const double calls = static_cast<double>(t.calls);
  if (api.call_rate) {
    if (unusual(calls, api.call_rate->expected_rate, api.call_rate->sigma)) {
      extend(*api.call_rate, t.calls);
    } else {
      out.push_back(MakeEnd(key, *api.call_rate, InsightType::kApiCallRate, "", index));
      api.call_rate.reset();
    }
  } else if (has_baseline && !api.read_only) {
    const double mu = static_cast<double>(api.calls_sum) / w;
    const double sigma = std::sqrt(std::max(0.0, api.calls_squares / w - mu * mu));
    if (unusual(calls, mu, sigma)) {
      OpenInsight open;
      open.expected_rate = mu;
      open.sigma = sigma;
      open.baseline_average = mu;
      api.call_rate = start(std::move(open), InsightType::kApiCallRate, "", t.calls, nullptr);
    }
  }

  std::vector<std::string> codes;
  for (const auto& [code, n] : t.errors) codes.push_back(code);
  for (const auto& [code, open] : api.error_rate) {
    if (!t.errors.count(code)) codes.push_back(code);
  }
  for (const std::string& code : codes) {
    const auto found = t.errors.find(code);
    const int64_t k = found == t.errors.end() ? 0 : found->second;
    auto binomial = [&](double rho) {
      return std::sqrt(std::max(0.0, calls * rho * (1 - rho)));
    };
    auto open = api.error_rate.find(code);
    if (open != api.error_rate.end()) {
      const double rho = open->second.expected_rate;
      if (unusual(static_cast<double>(k), rho * calls, binomial(rho))) {
        extend(open->second, k);
      } else {
        out.push_back(MakeEnd(key, open->second, InsightType::kApiErrorRate, code, index));
        api.error_rate.erase(open);
      }
    } else if (has_baseline && k > 0) {
      const double rho = api.calls_sum > 0 ? static_cast<double>(api.errors_sum[code]) /
                                                 static_cast<double>(api.calls_sum)
                                           : 0.0;
      if (unusual(static_cast<double>(k), rho * calls, binomial(rho))) {
        OpenInsight o;
        o.expected_rate = rho;
        o.baseline_average = static_cast<double>(api.errors_sum[code]) / w;
        api.error_rate[code] = start(std::move(o), InsightType::kApiErrorRate, code, k, &code);
      }
    }
  }
  api.last_closed = index;
  api.closed_any = true;
  api.Add(std::move(t));
}

InsightTransition Detector::MakeEnd(const ApiKey& key, const OpenInsight& open, InsightType type,
                                   const std::string& code, int64_t end_index) const {
  InsightTransition e;
  e.start = false;
  e.subject = InsightSubject{std::get<0>(key), std::get<1>(key), std::get<2>(key),
                             std::get<3>(key), type, code};
  e.time = FromMillis(end_index * options_.minute.count());
  e.baseline_average = open.baseline_average;
  e.insight_average = static_cast<double>(open.value_sum) / static_cast<double>(open.minutes);
  e.insight_duration = open.minutes;
  e.baseline_duration = window_;
  e.attributions = Attributions(open.callers, static_cast<double>(open.minutes), {}, 1,
                                type == InsightType::kApiErrorRate ? &code : nullptr);
  for (size_t a = 0; a < e.attributions.size(); ++a) {
    e.attributions[a].baseline = open.baseline_attributions[a].baseline;
  }
  return e;
}

void Detector::EndOpen(const ApiKey& key, Api& api, int64_t end_index,
                       std::vector<InsightTransition>& out) {
  if (api.call_rate) {
    out.push_back(MakeEnd(key, *api.call_rate, InsightType::kApiCallRate, "", end_index));
  }
  for (const auto& [code, open] : api.error_rate) {
    out.push_back(MakeEnd(key, open, InsightType::kApiErrorRate, code, end_index));
  }
  api.call_rate.reset();
  api.error_rate.clear();
}

}  // namespace berth::services::cloudtrail::insights
