#pragma once
// gzip (RFC 1952) compression with zlib, for files berth delivers (CloudTrail log and digest
// files are .json.gz).

#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::gzip {

Result<std::string> Compress(std::string_view bytes);
// The bytes of a gzip stream; an error for malformed input or output beyond max_bytes.
Result<std::string> Decompress(std::string_view gz, size_t max_bytes);

}  // namespace berth::gzip
