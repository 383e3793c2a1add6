#pragma once
// IAM's paging of List* answers: MaxItems (1–1000, default 100) items from Marker on, with
// IsTruncated and, when more remain, the Marker of the next page. A marker is opaque to the
// caller: the position of the next item, base64url-encoded.

#include <string_view>

#include "core/document.h"
#include "core/result.h"

namespace berth::services::iam::handlers {

// Puts the page of `list` that `in` asks for into out[key], with IsTruncated and Marker.
// Errors: ValidationError (MaxItems out of range, a marker berth did not give).
Status PageInto(Document& out, std::string_view key, Document list, const Document& in);

}  // namespace berth::services::iam::handlers
