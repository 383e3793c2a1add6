#pragma once
// A Cairo image surface to PNG bytes with libpng, tuned for charts: mostly flat white with thin
// lines compress as well at zlib level 1 with the Up filter as at cairo_surface_write_to_png's
// defaults, several times faster (cairo offers no way to choose the level).

#include <cairo.h>

#include <string>

#include "core/result.h"

namespace berth::services::monitoring::render {

// `surface` is a CAIRO_FORMAT_RGB24 or ARGB32 image surface (alpha is dropped).
Result<std::string> EncodePng(cairo_surface_t* surface);

}  // namespace berth::services::monitoring::render
