#include "services/logs/insights/value.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "services/logs/insights/time_period.h"

namespace berth::services::logs::insights {
namespace {

// The ascending order AWS documents for sort (CWL_QuerySyntax-Sort).
const std::vector<std::string> kAwsOrder = {"!:",    "#",  "*%04", "0#", "5A",        "111A",
                                            "2345_", "@",  "@_",   "A",  "A9876fghj", "a12345hfh",
                                            "0",     "01", "1",    "2",  "3"};

TEST(NaturalCompare, SortsAsAwsDocuments) {
  std::vector<std::string> shuffled = kAwsOrder;
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::stable_sort(shuffled.begin(), shuffled.end(),
                     [](const std::string& a, const std::string& b) {
                       return NaturalCompare(Value::View(a), Value::View(b)) < 0;
                     });
    EXPECT_EQ(shuffled, kAwsOrder);
  }
}

TEST(NaturalCompare, OrdersNumbersNumerically) {
  EXPECT_LT(NaturalCompare(Value::Number(9), Value::Number(10)), 0);
  EXPECT_LT(NaturalCompare(Value::View("9"), Value::View("10")), 0);
  EXPECT_LT(NaturalCompare(Value::View("-3.5"), Value::Number(-3)), 0);
  EXPECT_LT(NaturalCompare(Value::View("file9"), Value::View("file10")), 0);
  EXPECT_GT(NaturalCompare(Value::Number(1), Value::View("zzz")), 0);  // numbers come last
  EXPECT_EQ(NaturalCompare(Value::Time(5), Value::Number(5)), 0);
}

TEST(Values, CompareAcrossKinds) {
  EXPECT_EQ(ValuesEqual(Value::View("200"), Value::Number(200)), true);
  EXPECT_EQ(ValuesEqual(Value::View("2e2"), Value::Number(200)), true);
  EXPECT_EQ(ValuesEqual(Value::View("abc"), Value::View("abc")), true);
  EXPECT_EQ(ValuesEqual(Value::View("1.0"), Value::View("1")), false);  // both text: bytes
  EXPECT_EQ(ValuesEqual(Value::Bool(true), Value::View("true")), true);
  EXPECT_EQ(ValuesEqual(Value(), Value::View("x")), std::nullopt);
  EXPECT_EQ(CompareValues(Value::View("10"), Value::View("9")), 1);
  EXPECT_EQ(CompareValues(Value::View("b"), Value::View("a")), 1);
  EXPECT_EQ(CompareValues(Value::Number(1), Value()), std::nullopt);
}

TEST(Values, FormatNumbersWithoutTrailingZeros) {
  EXPECT_EQ(FormatNumber(3), "3");
  EXPECT_EQ(FormatNumber(-0.0), "0");
  EXPECT_EQ(FormatNumber(2.5), "2.5");
  EXPECT_EQ(FormatNumber(1e6), "1000000");
  EXPECT_EQ(FormatNumber(123456789012.0), "123456789012");
  EXPECT_EQ(FormatNumber(0.000125), "0.000125");
  EXPECT_EQ(FormatNumber(1.0 / 3), "0.3333333333333333");
}

TEST(Values, ParseOnlyWholeNumbers) {
  EXPECT_EQ(ParseNumber("42"), 42);
  EXPECT_EQ(ParseNumber("-4.5"), -4.5);
  EXPECT_EQ(ParseNumber("+7"), 7);
  EXPECT_EQ(ParseNumber("1e3"), 1000);
  for (const char* bad : {"", "-", "+", "4x", " 4", "4 ", "inf", "nan", "0x10", "1.2.3"})
    EXPECT_EQ(ParseNumber(bad), std::nullopt) << bad;
}

TEST(TimePeriod, FormatsAndFloorsInUtc) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01 00:00:00.000");
  EXPECT_EQ(FormatTimestamp(951'782'400'000), "2000-02-29 00:00:00.000");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31 23:59:59.999");
  EXPECT_EQ(FloorTime(-1, Period{1, PeriodUnit::kSecond}), -1000);
  EXPECT_EQ(FloorTime(951'782'400'000 + 5, Period{1, PeriodUnit::kMonth}),
            949'363'200'000);  // 2000-02-01
  EXPECT_EQ(CeilTime(951'782'400'000 + 5, Period{1, PeriodUnit::kMonth}),
            951'868'800'000);                                           // 2000-03-01
  EXPECT_EQ(FloorTime(0, Period{1, PeriodUnit::kWeek}), -259'200'000);  // Monday 1969-12-29
}

TEST(TimePeriod, NamesUnitsAsAwsDoes) {
  const std::pair<const char*, PeriodUnit> names[] = {
      {"ms", PeriodUnit::kMillisecond}, {"msecs", PeriodUnit::kMillisecond},
      {"s", PeriodUnit::kSecond},       {"secs", PeriodUnit::kSecond},
      {"seconds", PeriodUnit::kSecond}, {"m", PeriodUnit::kMinute},
      {"mins", PeriodUnit::kMinute},    {"h", PeriodUnit::kHour},
      {"hrs", PeriodUnit::kHour},       {"hours", PeriodUnit::kHour},
      {"d", PeriodUnit::kDay},          {"days", PeriodUnit::kDay},
      {"w", PeriodUnit::kWeek},         {"mo", PeriodUnit::kMonth},
      {"mon", PeriodUnit::kMonth},      {"months", PeriodUnit::kMonth},
      {"q", PeriodUnit::kQuarter},      {"qtrs", PeriodUnit::kQuarter},
      {"y", PeriodUnit::kYear},         {"yrs", PeriodUnit::kYear},
  };
  for (const auto& [name, unit] : names) EXPECT_EQ(ParsePeriodUnit(name), unit) << name;
  for (const char* bad : {"", "x", "ss", "hh", "minutesx", "M", "H"})
    EXPECT_EQ(ParsePeriodUnit(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace berth::services::logs::insights
