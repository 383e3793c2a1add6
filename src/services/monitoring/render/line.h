#pragma once
// One series' line drawn with Cairo, at a cost that does not grow with its vertical travel.

#include <cairo.h>

#include <vector>

namespace berth::services::monitoring::render {

struct Point {
  double x, y;  // device pixels
};

// Draws the line through `points` (ascending x) in the current source, `width` pixels wide; a
// lone point is a dot. Stroked segments join points more than a pixel column apart. Where points
// are in the same or neighbouring columns (a day of minutes on an 800-pixel graph), each column
// is one box covering every value the line passes through there (min/max per pixel column, as
// graphing tools draw dense series): the pixels a stroke would set, without the stroke's scan
// conversion, whose cost is every segment's height several times over. Leaves no path behind.
void DrawLine(cairo_t* cr, const std::vector<Point>& points, double width);

}  // namespace berth::services::monitoring::render
