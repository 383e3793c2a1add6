#include "core/time_format.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(TimeFormat, Iso8601RoundTripsWithOffsetsAndFractions) {
  auto t = timefmt::ParseIso8601("2026-11-25T04:44:18.5Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(timefmt::Iso8601Millis(*t), "2026-11-25T04:44:18.500Z");
  EXPECT_EQ(timefmt::ParseIso8601("2026-11-25T06:44:18+02:00"),
            timefmt::ParseIso8601("2026-11-25T04:44:18Z"));
  EXPECT_FALSE(timefmt::ParseIso8601("2026-13-25T04:44:18Z").has_value());
  EXPECT_FALSE(timefmt::ParseIso8601("2026-11-25 04:44:18Z").has_value());
  EXPECT_FALSE(timefmt::ParseIso8601("2026-11-25T04:44:18").has_value());
  EXPECT_FALSE(timefmt::ParseIso8601("").has_value());
}

TEST(TimeFormat, AmzDateIsStrict) {
  auto t = timefmt::ParseAmzDate("20261125T044418Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(timefmt::AmzDate(*t), "20261125T044418Z");
  EXPECT_EQ(timefmt::DateStamp(*t), "20261125");
  EXPECT_FALSE(timefmt::ParseAmzDate("20261125T044418").has_value());
  EXPECT_FALSE(timefmt::ParseAmzDate("2026112XT044418Z").has_value());
}

TEST(TimeFormat, AmzDateMinutesDropsTheSeconds) {
  auto t = timefmt::ParseIso8601("2026-11-25T04:44:18.999Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(timefmt::AmzDateMinutes(*t), "20261125T0444Z");
  EXPECT_EQ(timefmt::AmzDateMinutes(TimePoint{}), "19700101T0000Z");
}

TEST(TimeFormat, DatePathSeparatesYearMonthAndDayWithSlashes) {
  auto t = timefmt::ParseIso8601("2026-01-05T23:59:59Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(timefmt::DatePath(*t), "2026/01/05");
  EXPECT_EQ(timefmt::DatePath(TimePoint{}), "1970/01/01");
}

}  // namespace
}  // namespace berth
