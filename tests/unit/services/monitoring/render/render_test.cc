#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <cstring>

#include "services/monitoring/render/chart.h"
#include "services/monitoring/render/line.h"
#include "services/monitoring/render/ticks.h"

namespace berth::services::monitoring::render {
namespace {

uint32_t BigEndian(const std::string& s, size_t at) {
  return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
         (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

// The PNG's decoded scanlines (filter bytes included), from its IDAT chunks.
std::string Inflate(const std::string& png, uint32_t* width, uint32_t* height) {
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  *width = BigEndian(png, 16);
  *height = BigEndian(png, 20);
  std::string idat;
  for (size_t at = 8; at + 8 <= png.size();) {
    const uint32_t len = BigEndian(png, at);
    if (png.compare(at + 4, 4, "IDAT") == 0) idat += png.substr(at + 8, len);
    at += 12 + len;
  }
  std::string out(size_t{*height} * (*width * 4 + 1) + 16, '\0');
  uLongf n = out.size();
  EXPECT_EQ(uncompress(reinterpret_cast<Bytef*>(out.data()), &n,
                       reinterpret_cast<const Bytef*>(idat.data()), idat.size()),
            Z_OK);
  out.resize(n);
  return out;
}

// Distinct bytes across the image: 1–2 for a blank one.
size_t Distinct(const std::string& raw) {
  bool seen[256] = {};
  size_t n = 0;
  for (unsigned char c : raw)
    if (!seen[c]) seen[c] = true, ++n;
  return n;
}

Chart Sample(int series, int points) {
  Chart c;
  c.width = 800;
  c.height = 400;
  c.title = "Pulls";
  c.start_ms = 0;
  c.end_ms = int64_t{points} * 60'000;
  for (int s = 0; s < series; ++s) {
    Series x;
    x.label = "series " + std::to_string(s);
    for (int i = 0; i < points; ++i) {
      x.times_ms.push_back(int64_t{i} * 60'000);
      x.values.push_back(s * 10 + (i % 17));
    }
    c.series.push_back(std::move(x));
  }
  return c;
}

TEST(Ticks, NiceSteps) {
  ValueAxis a = NiceValueAxis(0, 97, 6);
  EXPECT_EQ(a.step, 20);
  EXPECT_EQ(a.lo, 0);
  EXPECT_EQ(a.hi, 100);
  EXPECT_EQ(a.ticks.size(), 6u);
  a = NiceValueAxis(5, 5, 5);  // flat
  EXPECT_LT(a.lo, 5);
  EXPECT_GT(a.hi, 5);
  a = NiceValueAxis(-0.3, 0.7, 6);
  EXPECT_DOUBLE_EQ(a.step, 0.2);
  EXPECT_EQ(FormatValue(1500), "1.5k");
  EXPECT_EQ(FormatValue(2'000'000), "2M");
  EXPECT_EQ(FormatValue(0.25), "0.25");
  EXPECT_EQ(FormatValue(-0.0), "0");
}

TEST(Ticks, TimeTicksOnRoundTimesOfTheZone) {
  // 3 hours from 10:07 UTC: half-hour steps at :00/:30 local, labelled in +0130.
  const int64_t start = (10 * 60 + 7) * 60'000LL, end = start + 3 * 3600'000LL;
  auto ticks = TimeTicks(start, end, 90, 6);
  ASSERT_FALSE(ticks.empty());
  EXPECT_EQ(ticks[0].label, "12:00");
  EXPECT_EQ(ticks[0].ms, (10 * 60 + 30) * 60'000LL);
  EXPECT_LE(ticks.size(), 6u);
  auto days = TimeTicks(0, 10 * 86400'000LL, 0, 6);
  EXPECT_EQ(days[0].label, "01/01");
}

TEST(Render, APngOfTheRequestedSizeThatIsNotBlank) {
  auto png = RenderPng(Sample(3, 120));
  ASSERT_TRUE(png.ok());
  uint32_t w = 0, h = 0;
  std::string raw = Inflate(*png, &w, &h);
  EXPECT_EQ(w, 800u);
  EXPECT_EQ(h, 400u);
  EXPECT_GT(Distinct(raw), 20u);
}

TEST(Render, EveryViewAndOption) {
  Chart c = Sample(4, 60);
  c.y_min = 0;
  c.y_max = 100;
  c.y_label = "count";
  c.tz_offset_minutes = -300;
  c.annotations.push_back({50, "limit", 0x00ff00, HorizontalAnnotation::Fill::kAbove});
  c.series[1].color = 0x123456;
  c.vertical_annotations.push_back(
      {30 * 60'000, "deploy", std::nullopt, VerticalAnnotation::Fill::kAfter});
  for (View v : {View::kTimeSeries, View::kBar, View::kSingleValue}) {
    for (bool stacked : {false, true}) {
      for (LegendPosition l :
           {LegendPosition::kBottom, LegendPosition::kRight, LegendPosition::kHidden}) {
        c.view = v;
        c.stacked = stacked;
        c.legend = l;
        auto png = RenderPng(c);
        ASSERT_TRUE(png.ok());
        uint32_t w = 0, h = 0;
        EXPECT_GT(Distinct(Inflate(*png, &w, &h)), 10u);
      }
    }
  }
}

TEST(Render, NoDataAndTinyAndRefusedSizes) {
  Chart c;
  c.end_ms = 3600'000;
  c.series.push_back({"empty", std::nullopt, {}, {}});
  auto png = RenderPng(c);
  ASSERT_TRUE(png.ok());
  uint32_t w = 0, h = 0;
  EXPECT_GT(Distinct(Inflate(*png, &w, &h)), 2u);  // "No data available." is drawn
  c.width = c.height = 1;
  EXPECT_TRUE(RenderPng(c).ok());
  c.width = 2001;
  EXPECT_FALSE(RenderPng(c).ok());
  c.width = 0;
  EXPECT_FALSE(RenderPng(c).ok());
}

TEST(Render, HugeLabelsAreCutQuickly) {
  Chart c = Sample(3, 10);
  c.title = std::string(90'000, 'x');
  c.y_label = std::string(90'000, 'y');
  c.series[0].label = std::string(90'000, 'z');
  c.annotations.push_back(
      {5, std::string(90'000, 'a'), std::nullopt, HorizontalAnnotation::Fill::kNone});
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(RenderPng(c).ok());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST(Render, ARightAxisForTheSeriesThatAskForIt) {
  Chart c = Sample(3, 60);
  c.series[2].right_axis = true;
  for (double& v : c.series[2].values) v *= 1000;
  c.y_right_label = "bytes";
  c.y_right_min = 0;
  auto png = RenderPng(c);
  ASSERT_TRUE(png.ok());
  uint32_t w = 0, h = 0;
  EXPECT_GT(Distinct(Inflate(*png, &w, &h)), 20u);
}

TEST(Render, ExtremeAxesStillDraw) {
  Chart c = Sample(2, 30);
  c.y_min = -1e308;
  c.y_max = 1e308;
  EXPECT_TRUE(RenderPng(c).ok());
  c.y_min = 0;
  c.y_max = 1e-300;  // the data far above the axis
  EXPECT_TRUE(RenderPng(c).ok());
  c.series[0].values[3] = 1e108;
  c.y_min.reset();
  c.y_max.reset();
  EXPECT_TRUE(RenderPng(c).ok());
}

// Whether DrawLine, black on white, inked the pixel (x, y) of a 100x100 surface.
class LineTest : public ::testing::Test {
 protected:
  void Draw(const std::vector<Point>& points) {
    cairo_t* cr = cairo_create(surface_);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    DrawLine(cr, points, 1.5);
    cairo_destroy(cr);
    cairo_surface_flush(surface_);
  }
  bool Inked(int x, int y) {
    const unsigned char* row =
        cairo_image_surface_get_data(surface_) + y * cairo_image_surface_get_stride(surface_);
    return (reinterpret_cast<const uint32_t*>(row)[x] & 0xff) < 0x80;
  }
  ~LineTest() override { cairo_surface_destroy(surface_); }
  cairo_surface_t* surface_ = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 100, 100);
};

TEST_F(LineTest, DensePointsFillEachColumnFromItsMinimumToItsMaximum) {
  // Four points a column, swinging between 20 and 80: every column is inked across the swing
  // and nowhere past it.
  std::vector<Point> points;
  for (int i = 0; i < 200; ++i) points.push_back({10 + i * 0.25, i % 2 ? 20.0 : 80.0});
  Draw(points);
  for (int x = 11; x < 59; ++x) {
    EXPECT_TRUE(Inked(x, 20) && Inked(x, 50) && Inked(x, 79)) << x;
    EXPECT_FALSE(Inked(x, 17) || Inked(x, 83)) << x;
  }
  EXPECT_FALSE(Inked(70, 50));
}

TEST_F(LineTest, NeighbouringColumnsJoinWhereTheSegmentCrossesTheirBorder) {
  // One point a column, rising 4 pixels a column: a continuous line, thin (no column is inked
  // over the whole rise of its neighbours).
  std::vector<Point> points;
  for (int i = 0; i < 15; ++i) points.push_back({20.5 + i, 80.0 - 4 * i});
  Draw(points);
  for (int i = 1; i < 13; ++i) {  // the ends, half a column, are half inked
    EXPECT_TRUE(Inked(20 + i, 80 - 4 * i)) << i;
    EXPECT_TRUE(Inked(21 + i, 78 - 4 * i)) << i;  // the border's value, between the points
    EXPECT_FALSE(Inked(20 + i, 72 - 4 * i)) << i;
  }
}

TEST_F(LineTest, FarApartPointsAreStrokedAndALonePointIsADot) {
  Draw({{10, 50}, {90, 10}});
  EXPECT_TRUE(Inked(50, 30));  // the middle of the segment
  EXPECT_FALSE(Inked(50, 50));
  Draw({{40, 40}});
  EXPECT_TRUE(Inked(40, 40));
  EXPECT_TRUE(Inked(41, 41));
  Draw({});  // nothing, and no crash
  EXPECT_FALSE(Inked(40, 40));
}

TEST(Render, TenSeriesOf1440PointsIsFast) {
  Chart c = Sample(10, 1440);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(RenderPng(c).ok());
  const auto per = (std::chrono::steady_clock::now() - t0) / 5;
  // Generous (shared CI cores): the bench (bench/widget_image.py) measures it properly.
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(per).count(), 500);
}

}  // namespace
}  // namespace berth::services::monitoring::render
