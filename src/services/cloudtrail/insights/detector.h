#pragma once
// CloudTrail Insights' detector: per management API of an account and region (eventSource +
// eventName), calls are counted per "minute" (DetectorOptions::minute, 60 s unless configured),
// and each closed minute is compared with the baseline — the per-minute figures of the prior
// window (DetectorOptions::baseline, AWS's seven days unless configured). AWS documents the method
// but not its threshold; berth's rule, chosen to be explainable and to stay quiet on noise:
//
// ApiCallRateInsight (write APIs only, as AWS's) — with c the minute's calls and μ, σ the mean
//   and (population) standard deviation of the calls per minute over the baseline window (quiet
//   minutes count as 0), the minute is unusual when all three hold:
//     c > μ + 3σ           the three-sigma rule of control charts: rarely crossed by chance;
//     c ≥ 2μ               a steady busy API (σ ≈ 0) does not fire on a small rise;
//     c − μ ≥ min_excess   a quiet API (μ = σ = 0) does not fire on a handful of calls
//                          (10 calls a minute unless configured).
// ApiErrorRateInsight (read and write APIs, as AWS's) — per error code e of the API, with n
//   the minute's calls, k its calls that failed with e, and ρ the share of the API's calls over
//   the window that failed with e, the minute is unusual when k exceeds its expectation ρn the
//   same way, σ being the binomial
//   √(nρ(1−ρ)): k > ρn + 3σ, k ≥ 2ρn and k − ρn ≥ min_excess.
//
// An Insights event starts at the first unusual minute and ends at the first minute that is not
// unusual when measured against the baseline frozen at the start (a gap in the calls ends it
// too). Nothing starts before a whole window has been observed: without a baseline there is
// nothing to depart from. Statistics are per minute: baseline.average is the API's calls (or
// errors e) per minute over the window, insight.average those of the first minute (Start) or the
// mean over the insight (End), durations in minutes; attributions name the callers, user agents
// and error codes behind each average, the top five of each.
//
// Pure and single-threaded: the engine feeds it calls and the clock's time.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/clock.h"
#include "services/cloudtrail/model/trail.h"

namespace berth::services::cloudtrail::insights {

struct DetectorOptions {
  std::chrono::milliseconds minute{std::chrono::minutes(1)};
  std::chrono::milliseconds baseline{std::chrono::hours(24 * 7)};
  int64_t min_excess = 10;  // calls (or errors) a minute above the baseline, at least
  double sigmas = 3;
  double min_ratio = 2;
  // A minute is closed this long after it ends: calls are recorded with the time they were
  // made, and reach the history a moment later.
  std::chrono::milliseconds grace{std::chrono::seconds(2)};
};

// A management API call as the detector sees it.
struct ObservedCall {
  std::string account, region, event_source, event_name;
  bool read_only = false;
  std::string error_code;      // empty for success
  std::string user_arn;        // userIdentity.arn, empty when unknown
  std::string user_agent;
  TimePoint time;
};

// The API an Insights event is about.
struct InsightSubject {
  std::string account, region, event_source, event_name;
  InsightType type = InsightType::kApiCallRate;
  std::string error_code;  // ApiErrorRateInsight only
  auto operator<=>(const InsightSubject&) const = default;
};

struct AttributionValue {
  std::string value;
  double average = 0;
};
struct Attribution {
  std::string attribute;  // userIdentityArn | userAgent | errorCode
  std::vector<AttributionValue> insight, baseline;
};

// An Insights event's Start or End.
struct InsightTransition {
  bool start = true;
  InsightSubject subject;
  TimePoint time;              // Start: when the unusual minute began; End: when it stopped
  double baseline_average = 0;
  double insight_average = 0;
  int64_t insight_duration = 0;   // minutes
  int64_t baseline_duration = 0;  // minutes
  std::vector<Attribution> attributions;
};

class Detector {
 public:
  // Observation starts at `observing_since`: starts are possible one baseline window later.
  Detector(DetectorOptions options, TimePoint observing_since);
  ~Detector();

  // Counts a call in its minute; a call of a minute already closed counts in the oldest open one.
  void Observe(const ObservedCall& call);
  // Closes every minute that ended at least `grace` before `now`, in order, and returns the
  // Starts and Ends they caused (oldest first).
  std::vector<InsightTransition> Advance(TimePoint now);

  // APIs with history in the window or an insight open (for tests and metrics).
  size_t tracked_apis() const { return apis_.size(); }

 private:
  struct Api;
  struct OpenInsight;
  using ApiKey = std::tuple<std::string, std::string, std::string, std::string>;

  void CloseMinute(const ApiKey& key, Api& api, int64_t index,
                   std::vector<InsightTransition>& out);
  InsightTransition MakeEnd(const ApiKey& key, const OpenInsight& open, InsightType type,
                            const std::string& code, int64_t end_index) const;
  void EndOpen(const ApiKey& key, Api& api, int64_t end_index,
               std::vector<InsightTransition>& out);

  DetectorOptions options_;
  int64_t window_;         // minutes in the baseline window
  int64_t first_index_;    // the first minute observed
  int64_t next_close_;     // the oldest minute not yet closed
  std::map<ApiKey, std::unique_ptr<Api>> apis_;
};

}  // namespace berth::services::cloudtrail::insights
