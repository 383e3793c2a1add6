#include "services/monitoring/render/chart.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "services/monitoring/render/line.h"
#include "services/monitoring/render/png_writer.h"
#include "services/monitoring/render/ticks.h"

namespace berth::services::monitoring::render {
namespace {

constexpr const char* kFont = "DejaVu Sans";  // fonts-dejavu-core, through fontconfig
constexpr double kPad = 8;
constexpr uint32_t kAnnotationColor = 0xd62728;

struct Rect {
  double x, y, w, h;
};

void SetColor(cairo_t* cr, uint32_t rgb, double alpha = 1.0) {
  cairo_set_source_rgba(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0, alpha);
}

void Font(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double TextWidth(cairo_t* cr, const std::string& s) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  return e.x_advance;
}

// Text with its left end (align 0), middle (0.5) or right end (1) at x, baseline at y.
void Text(cairo_t* cr, const std::string& s, double x, double y, double align = 0) {
  cairo_move_to(cr, x - TextWidth(cr, s) * align, y);
  cairo_show_text(cr, s.c_str());
}

// Labels too long for their space end in "...". A binary search over the length: a label may
// be tens of kilobytes (a hostile title), and measuring it once per dropped character would be
// quadratic.
std::string Fit(cairo_t* cr, const std::string& s, double width) {
  if (s.size() <= 512 && TextWidth(cr, s) <= width) return s;
  // No glyph is narrower than a pixel: more than `width` bytes never fit.
  size_t lo = 0, hi = std::min(s.size(), static_cast<size_t>(std::max(width, 0.0)) + 1);
  auto cut = [&](size_t n) {
    while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;
    return s.substr(0, n);
  };
  while (lo < hi) {  // the longest prefix that fits with the ellipsis
    const size_t mid = (lo + hi + 1) / 2;
    if (TextWidth(cr, cut(mid) + "...") <= width)
      lo = mid;
    else
      hi = mid - 1;
  }
  return cut(lo) + "...";
}

uint32_t ColorOf(const Chart& c, size_t i) {
  return c.series[i].color ? *c.series[i].color : PaletteColor(i);
}

// The legend's height (bottom) or width (right) once laid out, and drawing it.
double LegendSize(cairo_t* cr, const Chart& c, double avail_w) {
  // A single-value view labels each number itself.
  if (c.legend == LegendPosition::kHidden || c.series.empty() || c.view == View::kSingleValue)
    return 0;
  Font(cr, 11);
  if (c.legend == LegendPosition::kRight) return std::min(avail_w / 3, 180.0);
  double x = 0, rows = 1;
  for (const Series& s : c.series) {
    const double w = std::min(16 + TextWidth(cr, Fit(cr, s.label, avail_w - 30)) + 14, avail_w);
    if (x > 0 && x + w > avail_w) x = 0, rows += 1;
    x += w;
  }
  return std::min(rows, 6.0) * 16 + 4;
}

void DrawLegend(cairo_t* cr, const Chart& c, Rect r) {
  Font(cr, 11);
  double x = r.x, y = r.y + 12;
  for (size_t i = 0; i < c.series.size(); ++i) {
    std::string label = Fit(cr, c.series[i].label, r.w - 30);
    const double w = 16 + TextWidth(cr, label) + 14;
    if (c.legend == LegendPosition::kBottom && x > r.x && x + w > r.x + r.w) x = r.x, y += 16;
    if (y > r.y + r.h) break;
    SetColor(cr, ColorOf(c, i));
    cairo_rectangle(cr, x, y - 9, 10, 10);
    cairo_fill(cr);
    SetColor(cr, 0x333333);
    Text(cr, label, x + 14, y);
    if (c.legend == LegendPosition::kRight)
      y += 16;
    else
      x += w;
  }
}

bool HasData(const Chart& c) {
  for (const Series& s : c.series)
    if (!s.values.empty()) return true;
  return false;
}

double Latest(const Series& s) { return s.values.empty() ? NAN : s.values.back(); }

// Series values summed in order at each timestamp (stacked area), one vector per series.
std::vector<std::vector<std::pair<int64_t, double>>> Stack(const Chart& c) {
  std::map<int64_t, double> running;
  std::vector<std::vector<std::pair<int64_t, double>>> tops;
  for (const Series& s : c.series)
    for (int64_t t : s.times_ms) running.emplace(t, 0.0);
  for (const Series& s : c.series) {
    std::map<int64_t, double> mine;
    for (size_t k = 0; k < s.times_ms.size(); ++k)
      if (std::isfinite(s.values[k])) mine[s.times_ms[k]] = s.values[k];
    std::vector<std::pair<int64_t, double>> top;
    top.reserve(running.size());
    for (auto& [t, sum] : running) {
      auto it = mine.find(t);
      if (it != mine.end()) sum += it->second;
      top.emplace_back(t, sum);
    }
    tops.push_back(std::move(top));
  }
  return tops;
}

void DrawSingleValue(cairo_t* cr, const Chart& c, Rect r) {
  const size_t n = c.series.size();
  const size_t cols = std::min<size_t>(n, 4);
  const size_t rows = (n + cols - 1) / cols;
  const double cw = r.w / cols, ch = r.h / rows;
  for (size_t i = 0; i < n; ++i) {
    const double x = r.x + (i % cols) * cw, y = r.y + (i / cols) * ch;
    const double v = Latest(c.series[i]);
    Font(cr, std::min(ch * 0.4, cw / 5), false);
    SetColor(cr, ColorOf(c, i));
    Text(cr, std::isfinite(v) ? FormatValue(v) : "--", x + 8, y + ch * 0.55);
    Font(cr, 11);
    SetColor(cr, 0x555555);
    Text(cr, Fit(cr, c.series[i].label, cw - 16), x + 8, y + ch * 0.55 + 16);
  }
}

void DrawPlot(cairo_t* cr, const Chart& c, Rect area) {
  // The value range: data (stacked sums when stacked), annotations, zero for bars.
  double lo = INFINITY, hi = -INFINITY;
  auto widen = [&](double v) {
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  std::vector<std::vector<std::pair<int64_t, double>>> stacked;
  if (c.view == View::kBar) {
    widen(0);
    for (const Series& s : c.series) widen(Latest(s));
  } else if (c.stacked) {
    widen(0);
    stacked = Stack(c);
    for (const auto& top : stacked)
      for (const auto& [t, v] : top) widen(v);
  } else {
    for (const Series& s : c.series)
      if (!s.right_axis)
        for (double v : s.values) widen(v);
  }
  // The right axis: only unstacked time series put series on it.
  const bool dual =
      c.view == View::kTimeSeries && !c.stacked &&
      std::any_of(c.series.begin(), c.series.end(), [](const Series& s) { return s.right_axis; });
  double rlo = INFINITY, rhi = -INFINITY;
  if (dual) {
    for (const Series& s : c.series)
      if (s.right_axis)
        for (double v : s.values)
          if (std::isfinite(v)) rlo = std::min(rlo, v), rhi = std::max(rhi, v);
    if (c.y_right_min) rlo = *c.y_right_min;
    if (c.y_right_max) rhi = *c.y_right_max;
    if (rlo > rhi) std::swap(rlo, rhi);
  }
  for (const HorizontalAnnotation& a : c.annotations) widen(a.value);
  if (c.y_min) lo = *c.y_min;
  if (c.y_max) hi = *c.y_max;
  if (lo > hi) std::swap(lo, hi);
  const int max_ticks = std::max(2, static_cast<int>(area.h / 40));
  ValueAxis axis = NiceValueAxis(lo, hi, max_ticks);
  if (c.y_min) axis.lo = *c.y_min;
  if (c.y_max) axis.hi = *c.y_max;
  if (axis.hi <= axis.lo) axis.hi = axis.lo + 1;
  ValueAxis raxis = NiceValueAxis(rlo, rhi, max_ticks);
  if (c.y_right_min) raxis.lo = *c.y_right_min;
  if (c.y_right_max) raxis.hi = *c.y_right_max;
  if (raxis.hi <= raxis.lo) raxis.hi = raxis.lo + 1;

  // Room for the y tick labels and the axis labels at the sides, time labels below.
  Font(cr, 11);
  auto labels_width = [&](const ValueAxis& a) {
    double w = 0;
    for (double t : a.ticks)
      if (t >= a.lo && t <= a.hi) w = std::max(w, TextWidth(cr, FormatValue(t)));
    return w;
  };
  const double left = (c.y_label.empty() ? 0 : 16) + labels_width(axis) + 6;
  const double right = dual ? (c.y_right_label.empty() ? 0 : 16) + labels_width(raxis) + 6 : 4;
  Rect p{area.x + left, area.y + 6, area.w - left - right, area.h - 6 - 18};
  if (p.w < 10 || p.h < 10) return;
  // Values far off the axis (a y max below the data) stay within Cairo's fixed-point range.
  auto YOn = [&](const ValueAxis& a, double v) {
    const double y = p.y + p.h - (v - a.lo) / (a.hi - a.lo) * p.h;
    return std::clamp(y, p.y - 1e5, p.y + p.h + 1e5);
  };
  auto Y = [&](double v) { return YOn(axis, v); };
  const double span = static_cast<double>(std::max<int64_t>(1, c.end_ms - c.start_ms));
  auto X = [&](int64_t t) { return p.x + (t - c.start_ms) / span * p.w; };

  // Grid and y ticks.
  cairo_set_line_width(cr, 1);
  for (double t : axis.ticks) {
    if (t < axis.lo || t > axis.hi) continue;
    const double y = std::round(Y(t)) + 0.5;
    SetColor(cr, 0xe5e5e5);
    cairo_move_to(cr, p.x, y);
    cairo_line_to(cr, p.x + p.w, y);
    cairo_stroke(cr);
    SetColor(cr, 0x555555);
    Text(cr, FormatValue(t), p.x - 6, y + 4, 1);
  }
  if (!c.y_label.empty()) {
    cairo_save(cr);
    cairo_translate(cr, area.x + 12, p.y + p.h / 2);
    cairo_rotate(cr, -M_PI / 2);
    SetColor(cr, 0x333333);
    Text(cr, Fit(cr, c.y_label, p.h), 0, 0, 0.5);
    cairo_restore(cr);
  }
  if (dual) {
    for (double t : raxis.ticks) {
      if (t < raxis.lo || t > raxis.hi) continue;
      SetColor(cr, 0x555555);
      Text(cr, FormatValue(t), p.x + p.w + 6, std::round(YOn(raxis, t)) + 4.5);
    }
    if (!c.y_right_label.empty()) {
      cairo_save(cr);
      cairo_translate(cr, area.x + area.w - 4, p.y + p.h / 2);
      cairo_rotate(cr, M_PI / 2);
      SetColor(cr, 0x333333);
      Text(cr, Fit(cr, c.y_right_label, p.h), 0, 0, 0.5);
      cairo_restore(cr);
    }
  }
  // Time axis (bars have none: one bar per series).
  SetColor(cr, 0x999999);
  cairo_move_to(cr, p.x, p.y + p.h + 0.5);
  cairo_line_to(cr, p.x + p.w, p.y + p.h + 0.5);
  cairo_stroke(cr);
  if (c.view != View::kBar) {
    const int max_ticks = std::max(1, static_cast<int>(p.w / 70));
    for (const TimeTick& t : TimeTicks(c.start_ms, c.end_ms, c.tz_offset_minutes, max_ticks)) {
      SetColor(cr, 0x555555);
      Text(cr, t.label, X(t.ms), p.y + p.h + 14, 0.5);
    }
  }

  cairo_save(cr);
  // A clip on whole pixels: Cairo then clips by region; a fractional one makes every later
  // operation go through a clip mask.
  cairo_rectangle(cr, std::floor(p.x), std::floor(p.y) - 1, std::ceil(p.w) + 1, std::ceil(p.h) + 3);
  cairo_clip(cr);
  // Annotation fills first, so series draw over them.
  for (const HorizontalAnnotation& a : c.annotations) {
    if (a.fill == HorizontalAnnotation::Fill::kNone) continue;
    SetColor(cr, a.color.value_or(kAnnotationColor), 0.12);
    const double y = Y(a.value);
    if (a.fill == HorizontalAnnotation::Fill::kAbove)
      cairo_rectangle(cr, p.x, p.y, p.w, y - p.y);
    else
      cairo_rectangle(cr, p.x, y, p.w, p.y + p.h - y);
    cairo_fill(cr);
  }
  if (c.view != View::kBar) {
    for (const VerticalAnnotation& a : c.vertical_annotations) {
      if (a.fill == VerticalAnnotation::Fill::kNone) continue;
      SetColor(cr, a.color.value_or(kAnnotationColor), 0.12);
      const double x = X(a.time_ms);
      if (a.fill == VerticalAnnotation::Fill::kBefore)
        cairo_rectangle(cr, p.x, p.y, x - p.x, p.h);
      else
        cairo_rectangle(cr, x, p.y, p.x + p.w - x, p.h);
      cairo_fill(cr);
    }
  }
  // Series lines: bevel joins and Cairo's fast antialiasing. Round joins and the default
  // (best) antialiasing cost 5x the time on 1,440-point lines with no visible difference
  // at 1.5 px (bench/widget_render.cc); dense lines are drawn per pixel column (line.h), a
  // fifth of their stroke's cost. Text and axes keep the default.
  cairo_save(cr);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
  if (c.view == View::kBar) {
    const size_t n = c.series.size();
    const double slot = p.w / std::max<size_t>(n, 1);
    for (size_t i = 0; i < n; ++i) {
      const double v = Latest(c.series[i]);
      if (!std::isfinite(v)) continue;
      const double y0 = Y(std::clamp(0.0, axis.lo, axis.hi)), y1 = Y(v);
      SetColor(cr, ColorOf(c, i));
      cairo_rectangle(cr, p.x + i * slot + slot * 0.15, std::min(y0, y1), slot * 0.7,
                      std::fabs(y1 - y0));
      cairo_fill(cr);
    }
  } else if (c.stacked) {
    for (size_t i = stacked.size(); i-- > 0;) {
      const auto& top = stacked[i];
      if (top.empty() || c.series[i].values.empty()) continue;
      cairo_move_to(cr, X(top.front().first), Y(top.front().second));
      for (const auto& [t, v] : top) cairo_line_to(cr, X(t), Y(v));
      if (i == 0) {
        cairo_line_to(cr, X(top.back().first), Y(std::max(axis.lo, 0.0)));
        cairo_line_to(cr, X(top.front().first), Y(std::max(axis.lo, 0.0)));
      } else {
        const auto& below = stacked[i - 1];
        for (size_t k = below.size(); k-- > 0;)
          cairo_line_to(cr, X(below[k].first), Y(below[k].second));
      }
      cairo_close_path(cr);
      SetColor(cr, ColorOf(c, i), 0.5);
      cairo_fill(cr);
      std::vector<Point> points;
      points.reserve(top.size());
      for (const auto& [t, v] : top) points.push_back({X(t), Y(v)});
      SetColor(cr, ColorOf(c, i));
      DrawLine(cr, points, 1.5);
    }
  } else {
    std::vector<Point> points;
    for (size_t i = 0; i < c.series.size(); ++i) {
      const Series& s = c.series[i];
      const bool right = dual && s.right_axis;
      points.clear();
      for (size_t k = 0; k < s.values.size(); ++k) {
        if (!std::isfinite(s.values[k])) continue;  // gaps in math results: connect over them
        points.push_back({X(s.times_ms[k]), right ? YOn(raxis, s.values[k]) : Y(s.values[k])});
      }
      SetColor(cr, ColorOf(c, i));
      DrawLine(cr, points, 1.5);
    }
  }
  cairo_restore(cr);
  // Annotation lines and labels on top.
  static const double kDash[] = {5, 3};
  for (const HorizontalAnnotation& a : c.annotations) {
    const double y = std::round(Y(a.value)) + 0.5;
    SetColor(cr, a.color.value_or(kAnnotationColor));
    cairo_set_line_width(cr, 1);
    cairo_set_dash(cr, kDash, 2, 0);
    cairo_move_to(cr, p.x, y);
    cairo_line_to(cr, p.x + p.w, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    if (!a.label.empty()) {
      Font(cr, 10);
      Text(cr, Fit(cr, a.label, p.w - 8), p.x + p.w - 4, y - 3, 1);
    }
  }
  if (c.view != View::kBar) {
    for (const VerticalAnnotation& a : c.vertical_annotations) {
      const double x = std::round(X(a.time_ms)) + 0.5;
      SetColor(cr, a.color.value_or(kAnnotationColor));
      cairo_set_line_width(cr, 1);
      cairo_set_dash(cr, kDash, 2, 0);
      cairo_move_to(cr, x, p.y);
      cairo_line_to(cr, x, p.y + p.h);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
      if (!a.label.empty()) {
        Font(cr, 10);
        Text(cr, Fit(cr, a.label, std::max(p.x + p.w - x - 6, 20.0)), x + 3, p.y + 10);
      }
    }
  }
  cairo_restore(cr);
}

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

}  // namespace

uint32_t PaletteColor(size_t index) {
  static constexpr uint32_t kPalette[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                          0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
  return kPalette[index % (sizeof kPalette / sizeof kPalette[0])];
}

Result<std::string> RenderPng(const Chart& c) {
  if (c.width < 1 || c.width > kMaxImageSide || c.height < 1 || c.height > kMaxImageSide)
    // Callers check sizes with their own messages first (GetMetricWidgetImage's validation);
    // this is the backstop, in CloudWatch's error shape.
    return Error{"InvalidParameterValueException", "The image size is out of range.", 400};
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, c.width, c.height));
  std::unique_ptr<cairo_t, ContextDeleter> ctx(cairo_create(surface.get()));
  cairo_t* cr = ctx.get();
  SetColor(cr, 0xffffff);
  cairo_paint(cr);

  Rect area{kPad, kPad, c.width - 2 * kPad, c.height - 2 * kPad};
  if (!c.title.empty()) {
    Font(cr, 14, true);
    SetColor(cr, 0x16191f);
    Text(cr, Fit(cr, c.title, area.w), area.x, area.y + 13);
    area.y += 22;
    area.h -= 22;
  }
  if (!HasData(c)) {
    Font(cr, 13);
    SetColor(cr, 0x687078);
    Text(cr, "No data available.", c.width / 2.0, area.y + area.h / 2, 0.5);
  } else {
    const double legend = LegendSize(cr, c, area.w);
    Rect legend_rect{};
    if (c.legend == LegendPosition::kRight) {
      legend_rect = {area.x + area.w - legend, area.y, legend, area.h};
      area.w -= legend + 6;
    } else if (legend > 0) {
      legend_rect = {area.x, area.y + area.h - legend, area.w, legend};
      area.h -= legend + 4;
    }
    if (c.view == View::kSingleValue)
      DrawSingleValue(cr, c, area);
    else
      DrawPlot(cr, c, area);
    if (legend > 0) DrawLegend(cr, c, legend_rect);
  }
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    return Error{"InternalFailure", "The graph could not be rendered.", 500};
  return EncodePng(surface.get());
}

}  // namespace berth::services::monitoring::render
