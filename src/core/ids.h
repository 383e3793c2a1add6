#pragma once
// Identifiers berth hands out: request ids (x-amzn-RequestId, CloudTrail requestID/eventID).

#include <cstdint>
#include <string>

namespace berth::ids {

// A random (version 4) UUID in its canonical lower-case 8-4-4-4-12 form.
std::string NewUuid();
// A UUID version 7 (RFC 9562): the time in milliseconds first, then random bits. Ids made in
// time order sort in time order, so an index on them grows at its end instead of everywhere.
std::string NewTimeOrderedUuid(int64_t unix_ms);

}  // namespace berth::ids
