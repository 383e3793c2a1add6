#pragma once
// A Cairo image surface to PNG bytes, tuned for charts. PNG's container is a few chunks around
// one zlib stream; that stream comes from ISA-L's igzip at level 1, four to five times faster
// than zlib's level 1 through libpng (the encoding was half of a 10-series graph's time) and as
// small on mostly flat white with thin lines (cairo_surface_write_to_png offers no level at all).

#include <cairo.h>

#include <string>

#include "core/result.h"

namespace berth::services::monitoring::render {

// `surface` is a CAIRO_FORMAT_RGB24 or ARGB32 image surface (alpha is dropped). Errors
// (InternalFailure) only if the surface has no pixels or igzip fails.
Result<std::string> EncodePng(cairo_surface_t* surface);

}  // namespace berth::services::monitoring::render
