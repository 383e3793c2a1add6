#include <gtest/gtest.h>

#include "services/monitoring/query/labels.h"

namespace berth::services::monitoring::labels {
namespace {

math::Series Sample() {
  math::Series s;
  s.timestamps = {1796644800000, 1796644860000, 1796644920000};
  s.values = {3, 1.5, 7.25};
  auto props = std::make_shared<math::SeriesProps>();
  props->metric = MetricKey{"AWS/ECR", "RepositoryPullCount", {{"RepositoryName", "app"}}};
  props->period_s = 60;
  props->stat = "Sum";
  s.props = props;
  return s;
}

TEST(DynamicLabels, StatisticsOfTheSeries) {
  LabelContext ctx;
  ctx.default_label = "app";
  const math::Series s = Sample();
  EXPECT_EQ(Expand("${AVG} ${MIN} ${MAX} ${SUM}", s, ctx), "3.92 1.5 7.25 11.75");
  EXPECT_EQ(Expand("${FIRST}/${LAST}/${DATAPOINT_COUNT}", s, ctx), "3/7.25/3");
  EXPECT_EQ(Expand("${FIRST_LAST_RANGE} ${MIN_MAX_RANGE}", s, ctx), "4.25 5.75");
  EXPECT_EQ(Expand("[max: ${MAX}] ${LABEL}", s, ctx), "[max: 7.25] app");
}

TEST(DynamicLabels, TimesInTheLabelTimezone) {
  LabelContext ctx;
  const math::Series s = Sample();
  EXPECT_EQ(Expand("${FIRST_TIME}", s, ctx), "2026-12-07T12:00:00Z");
  EXPECT_EQ(Expand("${MIN_TIME} ${MAX_TIME}", s, ctx),
            "2026-12-07T12:01:00Z 2026-12-07T12:02:00Z");
  ctx.tz_offset_minutes = -90;
  EXPECT_EQ(Expand("${LAST_TIME}", s, ctx), "2026-12-07T10:32:00-01:30");
  EXPECT_EQ(Expand("${FIRST_LAST_TIME_RANGE}", s, ctx), "2m");
  ctx.now_ms = 1796644800000 + 3600000 + 5000;
  EXPECT_EQ(Expand("${LAST_TIME_RELATIVE}", s, ctx), "58m 5s");
}

TEST(DynamicLabels, Properties) {
  LabelContext ctx;
  ctx.account_id = "123456789012";
  ctx.region = "us-east-1";
  const math::Series s = Sample();
  EXPECT_EQ(Expand("${PROP('Dim.RepositoryName')} ${PROP('MetricName')} ${PROP('Namespace')}",
                   s, ctx),
            "app RepositoryPullCount AWS/ECR");
  EXPECT_EQ(Expand("${PROP('Period')} ${PROP('Stat')} ${PROP('AccountId')} ${PROP('Region')}", s,
                   ctx),
            "60 Sum 123456789012 us-east-1");
  EXPECT_EQ(Expand("${PROP('Dim.Missing')}|", s, ctx), "|");
}

TEST(DynamicLabels, UnknownOrUnclosedPlaceholdersStayAndEmptySeriesGiveNothing) {
  LabelContext ctx;
  EXPECT_EQ(Expand("${NOPE} ${AVG", Sample(), ctx), "${NOPE} ${AVG");
  EXPECT_EQ(Expand("a${AVG}b", math::Series{}, ctx), "ab");
  EXPECT_TRUE(IsDynamic("x ${MAX}"));
  EXPECT_FALSE(IsDynamic("x $MAX"));
}

}  // namespace
}  // namespace berth::services::monitoring::labels
