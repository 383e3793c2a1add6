#pragma once
// A CloudWatch metric graph as data, and its rendering to PNG with Cairo. Knows nothing of
// metrics, queries or wires: GetMetricWidgetImage and the console's "download as PNG" fill in a
// Chart and call RenderPng.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace berth::services::monitoring::render {

struct Series {
  std::string label;
  std::optional<uint32_t> color;  // 0xRRGGBB; the palette's next colour when absent
  std::vector<int64_t> times_ms;  // ascending
  std::vector<double> values;     // parallel to times_ms
  bool right_axis = false;        // on the right y axis (time series view, not stacked)
};

struct HorizontalAnnotation {
  double value = 0;
  std::string label;
  std::optional<uint32_t> color;
  enum class Fill { kNone, kAbove, kBelow } fill = Fill::kNone;
};

struct VerticalAnnotation {
  int64_t time_ms = 0;
  std::string label;
  std::optional<uint32_t> color;
  enum class Fill { kNone, kBefore, kAfter } fill = Fill::kNone;
};

enum class View { kTimeSeries, kBar, kSingleValue };
enum class LegendPosition { kBottom, kRight, kHidden };

inline constexpr int kMaxImageSide = 2000;  // AWS's limit on width and height

struct Chart {
  int width = 600, height = 400;  // pixels, 1..kMaxImageSide
  std::string title;
  View view = View::kTimeSeries;
  bool stacked = false;
  int64_t start_ms = 0, end_ms = 0;  // the x axis
  int tz_offset_minutes = 0;         // time labels' zone (UTC by default, as AWS)
  std::optional<double> y_min, y_max;
  std::string y_label;
  std::optional<double> y_right_min, y_right_max;  // the right axis, drawn when a series uses it
  std::string y_right_label;
  std::vector<HorizontalAnnotation> annotations;
  std::vector<VerticalAnnotation> vertical_annotations;  // time series views only
  LegendPosition legend = LegendPosition::kBottom;
  std::vector<Series> series;
};

// The series colours CloudWatch's graphs use, in order.
uint32_t PaletteColor(size_t index);

// The chart as PNG bytes. Errors only for sizes outside 1..kMaxImageSide or a Cairo failure.
Result<std::string> RenderPng(const Chart& chart);

}  // namespace berth::services::monitoring::render
