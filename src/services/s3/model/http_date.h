#pragma once
// HTTP dates (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"): S3's Last-Modified and
// the If-Modified-Since / If-Unmodified-Since conditions.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace berth::services::s3 {

std::string HttpDate(TimePoint t);
// IMF-fixdate only; nullopt for anything else (HTTP says to ignore an invalid date).
std::optional<TimePoint> ParseHttpDate(std::string_view text);

}  // namespace berth::services::s3
