#include "services/monitoring/render/line.h"

#include <algorithm>
#include <cmath>

namespace berth::services::monitoring::render {
namespace {

// The values the line passes through in one pixel column, and where the band's outline takes
// them (the column's middle; the first and last point's own x at a run's ends).
struct Column {
  double x, lo, hi;
};

// Whether two points' columns (floor of x, computed once a point: without SSE4.1 a floor is a
// dozen instructions, a tenth of a dense graph's time) are more than one apart.
bool Far(double column_a, double column_b) { return column_b - column_a > 1; }

// A run of columns as one filled band: the top outline left to right, the bottom one back.
// The outlines join the columns' middles, so slopes keep Cairo's antialiasing.
void FillBand(cairo_t* cr, const std::vector<Column>& run, double half) {
  cairo_move_to(cr, run.front().x, run.front().lo - half);
  for (const Column& c : run) cairo_line_to(cr, c.x, c.lo - half);
  for (size_t k = run.size(); k-- > 0;) cairo_line_to(cr, run[k].x, run[k].hi + half);
  cairo_close_path(cr);
}

}  // namespace

void DrawLine(cairo_t* cr, const std::vector<Point>& pts, double width) {
  cairo_new_path(cr);
  if (pts.empty()) return;
  if (pts.size() == 1) {  // a lone datapoint is a dot, not an invisible zero-length line
    cairo_arc(cr, pts[0].x, pts[0].y, 2.5, 0, 2 * M_PI);
    cairo_fill(cr);
    return;
  }
  // Points more than a column apart: stroked segments, consecutive ones one sub-path (joins).
  bool pen = false;
  double previous = std::floor(pts[0].x);
  for (size_t k = 1; k < pts.size(); ++k) {
    const double column = std::floor(pts[k].x);
    if (Far(previous, column)) {
      if (!pen) cairo_move_to(cr, pts[k - 1].x, pts[k - 1].y), pen = true;
      cairo_line_to(cr, pts[k].x, pts[k].y);
    } else {
      pen = false;
    }
    previous = column;
  }
  cairo_set_line_width(cr, width);
  cairo_stroke(cr);

  // Runs of points in the same or neighbouring columns: bands. A segment into the next column
  // is split where it crosses the border, each column taking its part, as a rasterizer would.
  const double half = width / 2;
  std::vector<Column> run;
  size_t run_points = 0;
  previous = std::floor(pts[0].x);
  auto end_run = [&](const Point& last) {
    if (run_points > 1) {  // a point alone is the strokes' (or nothing's)
      run.push_back({std::max(last.x, run.back().x), run.back().lo, run.back().hi});
      FillBand(cr, run, half);
    }
    run.clear();
    run_points = 0;
  };
  for (size_t k = 0; k < pts.size(); ++k) {
    const Point& b = pts[k];
    const double column = std::floor(b.x);
    const double a_column = previous;
    previous = column;
    ++run_points;
    if (k == 0 || Far(a_column, column)) {
      if (k > 0) end_run(pts[k - 1]), run_points = 1;
      run.push_back({b.x, b.y, b.y});  // the run starts at its first point
      run.push_back({std::max(column + 0.5, b.x), b.y, b.y});
      continue;
    }
    const Point& a = pts[k - 1];
    Column& current = run.back();
    if (column == a_column) {
      current.lo = std::min(current.lo, b.y), current.hi = std::max(current.hi, b.y);
      continue;
    }
    const double border = a.y + (b.y - a.y) * (column - a.x) / (b.x - a.x);
    current.lo = std::min(current.lo, border), current.hi = std::max(current.hi, border);
    run.push_back({column + 0.5, std::min(border, b.y), std::max(border, b.y)});
  }
  end_run(pts.back());
  cairo_fill(cr);
}

}  // namespace berth::services::monitoring::render
