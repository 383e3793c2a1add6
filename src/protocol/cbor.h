#pragma once
// CBOR (RFC 8949) ↔ Document, for Smithy RPC v2 CBOR (the third CloudWatch front-end).
//
// Decoding reads every form AWS and its SDKs send: definite and indefinite lengths (AWS itself
// answers with indefinite maps), text and byte strings in chunks, half/single/double floats,
// tag 1 (epoch seconds, integer or float) as a timestamp; other tags are read through (their
// item is kept, the tag dropped). It never throws and never trusts a declared length: items
// are built as they arrive (libcbor's streaming decoder), so a header claiming 2^60 members
// allocates nothing; nesting deeper than kMaxCborDepth, non-text map keys, unknown simple
// values, trailing bytes and truncation are errors.
//
// Encoding writes definite lengths; doubles as 64-bit floats, timestamps as tag 1 with a
// 64-bit float of epoch seconds, blobs as byte strings.

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/result.h"

namespace berth::protocol {

inline constexpr int kMaxCborDepth = 64;

// One CBOR data item. Errors: SerializationException (400).
Result<Document> DecodeCbor(std::string_view bytes);
// Appends the encoding of `doc` to `out`.
void EncodeCbor(const Document& doc, std::string& out);
std::string EncodeCbor(const Document& doc);

}  // namespace berth::protocol
