#include "services/cloudtrail/insights/detector.h"

#include <gtest/gtest.h>

namespace berth::services::cloudtrail::insights {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// A whole minute (so that the first minute observed is whole).
const TimePoint kStart = FromMillis(1795583940000);

DetectorOptions Options() {
  DetectorOptions o;
  o.minute = minutes(1);
  o.baseline = minutes(10);  // ten minutes of baseline, as the tests' "seven days"
  o.grace = seconds(2);
  return o;
}

// Feeds a detector calls minute by minute as a fake clock moves, collecting what it reports.
class Feed {
 public:
  explicit Feed(DetectorOptions options = Options())
      : clock_(kStart), detector_(options, clock_.Now()) {}

  // `calls` calls of the API in minute `m` (counted from kStart), `errors` of them failing.
  void Calls(int m, int calls, int errors = 0, const std::string& name = "CreateRepository",
             const std::string& user = "arn:aws:iam::123456789012:user/admin") {
    for (int i = 0; i < calls; ++i) {
      ObservedCall c;
      c.read_only = name.rfind("Describe", 0) == 0;
      c.account = "123456789012";
      c.region = "us-east-1";
      c.event_source = "ecr.amazonaws.com";
      c.event_name = name;
      c.error_code = i < errors ? "AccessDenied" : "";
      c.user_arn = user;
      c.user_agent = "aws-cli/2.9";
      c.time = kStart + minutes(m) + std::chrono::milliseconds(100 + i);
      detector_.Observe(c);
    }
  }
  // Moves the clock past the end of minute `m` (and its grace), closing it.
  std::vector<InsightTransition> CloseThrough(int m) {
    clock_.Set(kStart + minutes(m + 1) + seconds(2));
    return detector_.Advance(clock_.Now());
  }
  // `per_minute` calls in each of minutes [from, to), closing each.
  std::vector<InsightTransition> Steady(int from, int to, int per_minute, int errors = 0) {
    std::vector<InsightTransition> all;
    for (int m = from; m < to; ++m) {
      Calls(m, per_minute, errors);
      auto got = CloseThrough(m);
      all.insert(all.end(), got.begin(), got.end());
    }
    return all;
  }
  Detector& detector() { return detector_; }

 private:
  FakeClock clock_;
  Detector detector_;
};

TEST(InsightsDetector, StartsNothingBeforeAWholeBaselineWindowWasObserved) {
  Feed feed;
  feed.Calls(3, 500);
  EXPECT_TRUE(feed.CloseThrough(3).empty());
}

TEST(InsightsDetector, ABurstAfterAQuietBaselineStartsThenEndsWhenCallsStop) {
  Feed feed;
  EXPECT_TRUE(feed.Steady(0, 10, 1).empty());
  feed.Calls(10, 40);
  auto got = feed.CloseThrough(10);
  ASSERT_EQ(got.size(), 1u);
  const InsightTransition& start = got[0];
  EXPECT_TRUE(start.start);
  EXPECT_EQ(start.subject.type, InsightType::kApiCallRate);
  EXPECT_EQ(start.subject.event_name, "CreateRepository");
  EXPECT_EQ(start.time, kStart + minutes(10));
  EXPECT_DOUBLE_EQ(start.baseline_average, 1.0);
  EXPECT_DOUBLE_EQ(start.insight_average, 40.0);
  EXPECT_EQ(start.insight_duration, 1);
  EXPECT_EQ(start.baseline_duration, 10);

  got = feed.CloseThrough(11);  // a quiet minute: the insight is over
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].start);
  EXPECT_EQ(got[0].time, kStart + minutes(11));
  EXPECT_EQ(got[0].insight_duration, 1);
  EXPECT_DOUBLE_EQ(got[0].insight_average, 40.0);
  EXPECT_DOUBLE_EQ(got[0].baseline_average, 1.0);
}

TEST(InsightsDetector, AnInsightLastsWhileMinutesStayUnusualAgainstTheBaselineOfItsStart) {
  Feed feed;
  feed.Steady(0, 10, 2);
  feed.Calls(10, 30);
  ASSERT_EQ(feed.CloseThrough(10).size(), 1u);
  feed.Calls(11, 50);
  EXPECT_TRUE(feed.CloseThrough(11).empty());
  feed.Calls(12, 40);
  EXPECT_TRUE(feed.CloseThrough(12).empty());
  feed.Calls(13, 2);
  auto got = feed.CloseThrough(13);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].start);
  EXPECT_EQ(got[0].time, kStart + minutes(13));
  EXPECT_EQ(got[0].insight_duration, 3);
  EXPECT_DOUBLE_EQ(got[0].insight_average, 40.0);  // (30 + 50 + 40) / 3
  EXPECT_DOUBLE_EQ(got[0].baseline_average, 2.0);
}

TEST(InsightsDetector, ABusySteadyApiDoesNotFireOnASmallRise) {
  Feed feed;
  feed.Steady(0, 10, 100);
  feed.Calls(10, 130);  // +30%: far past 3σ of a constant rate, but not twice the baseline
  EXPECT_TRUE(feed.CloseThrough(10).empty());
}

TEST(InsightsDetector, AQuietApiDoesNotFireOnAHandfulOfCalls) {
  Feed feed;
  feed.Steady(0, 10, 0);
  feed.Calls(10, 9);  // fewer than min_excess above a baseline of nothing
  EXPECT_TRUE(feed.CloseThrough(10).empty());
  // Those 9 are baseline now (μ = 0.9): 10 more than that is unusual.
  feed.Calls(11, 11);
  EXPECT_EQ(feed.CloseThrough(11).size(), 1u);
}

TEST(InsightsDetector, ANoisyBaselineRaisesTheBar) {
  // μ = 20, σ = 20 (0 and 40 calls a minute by turns): the bar is μ + 3σ = 80.
  for (const auto& [calls, fires] : {std::pair{75, false}, std::pair{85, true}}) {
    Feed feed;
    for (int m = 0; m < 10; ++m) {
      feed.Calls(m, m % 2 == 0 ? 0 : 40);
      feed.CloseThrough(m);
    }
    feed.Calls(10, calls);
    EXPECT_EQ(feed.CloseThrough(10).size(), fires ? 1u : 0u) << calls << " calls";
  }
}

TEST(InsightsDetector, ErrorRateInsightsArePerErrorCodeAndIgnoreTheCallRate) {
  Feed feed;
  feed.Steady(0, 10, 20, /*errors=*/1);  // ρ = 5% AccessDenied
  feed.Calls(10, 20, /*errors=*/15);      // the same calls, three quarters failing
  auto got = feed.CloseThrough(10);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].start);
  EXPECT_EQ(got[0].subject.type, InsightType::kApiErrorRate);
  EXPECT_EQ(got[0].subject.error_code, "AccessDenied");
  EXPECT_DOUBLE_EQ(got[0].baseline_average, 1.0);  // AccessDenied errors a minute
  EXPECT_DOUBLE_EQ(got[0].insight_average, 15.0);
  // Its attributions are about the failing calls: no errorCode attribution.
  ASSERT_EQ(got[0].attributions.size(), 2u);
  EXPECT_EQ(got[0].attributions[0].attribute, "userIdentityArn");

  feed.Calls(11, 20, 1);
  got = feed.CloseThrough(11);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].start);
  EXPECT_EQ(got[0].subject.type, InsightType::kApiErrorRate);
}

TEST(InsightsDetector, ReadApisHaveErrorRateInsightsButNoCallRateOnes) {
  Feed feed;
  feed.Steady(0, 10, 0);
  feed.Calls(10, 100, 0, "DescribeRepositories");
  EXPECT_TRUE(feed.CloseThrough(10).empty());
  feed.Calls(11, 40, 30, "DescribeRepositories");
  auto got = feed.CloseThrough(11);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].subject.type, InsightType::kApiErrorRate);
}

TEST(InsightsDetector, AttributionsNameTheCallersBehindTheInsightAndTheBaseline) {
  Feed feed;
  for (int m = 0; m < 10; ++m) {
    feed.Calls(m, 1, 0, "CreateRepository", "arn:aws:iam::123456789012:user/ci");
    feed.CloseThrough(m);
  }
  feed.Calls(10, 30, 0, "CreateRepository", "arn:aws:iam::123456789012:user/intruder");
  feed.Calls(10, 10, 0, "CreateRepository", "arn:aws:iam::123456789012:user/ci");
  auto got = feed.CloseThrough(10);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got[0].attributions.size(), 3u);
  const Attribution& users = got[0].attributions[0];
  EXPECT_EQ(users.attribute, "userIdentityArn");
  ASSERT_EQ(users.insight.size(), 2u);
  EXPECT_EQ(users.insight[0].value, "arn:aws:iam::123456789012:user/intruder");
  EXPECT_DOUBLE_EQ(users.insight[0].average, 30.0);
  ASSERT_EQ(users.baseline.size(), 1u);
  EXPECT_EQ(users.baseline[0].value, "arn:aws:iam::123456789012:user/ci");
  EXPECT_DOUBLE_EQ(users.baseline[0].average, 1.0);
  const Attribution& codes = got[0].attributions[2];
  EXPECT_EQ(codes.attribute, "errorCode");
  ASSERT_EQ(codes.insight.size(), 1u);
  EXPECT_EQ(codes.insight[0].value, "null");
}

TEST(InsightsDetector, AMinuteIsClosedOnlyAfterItsGrace) {
  Feed feed;
  feed.Steady(0, 10, 0);
  feed.Calls(10, 40);
  // One second after the minute: still open (a call made in it may not be recorded yet).
  FakeClock clock(kStart + minutes(11) + seconds(1));
  EXPECT_TRUE(feed.detector().Advance(clock.Now()).empty());
  EXPECT_EQ(feed.CloseThrough(10).size(), 1u);
}

TEST(InsightsDetector, ACallOfAClosedMinuteCountsInTheOldestOpenOne) {
  Feed feed;
  feed.Steady(0, 10, 0);
  feed.Calls(9, 40);  // recorded late: minute 9 is closed already
  auto got = feed.CloseThrough(10);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].time, kStart + minutes(10));
}

TEST(InsightsDetector, ForgetsApisWhoseCallsLeftTheWindow) {
  Feed feed;
  feed.Steady(0, 1, 5);
  EXPECT_EQ(feed.detector().tracked_apis(), 1u);
  feed.CloseThrough(12);
  EXPECT_EQ(feed.detector().tracked_apis(), 0u);
}

}  // namespace
}  // namespace berth::services::cloudtrail::insights
