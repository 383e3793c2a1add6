#pragma once
// Identifiers berth hands out: request ids (x-amzn-RequestId, CloudTrail requestID/eventID).

#include <string>

namespace berth::ids {

// A random (version 4) UUID in its canonical lower-case 8-4-4-4-12 form.
std::string NewUuid();

}  // namespace berth::ids
