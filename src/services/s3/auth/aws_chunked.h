#pragma once
// The aws-chunked body encoding (Content-Encoding: aws-chunked), decoded as it streams:
//
//   <hex size>;chunk-signature=<sig>\r\n<data>\r\n … 0;chunk-signature=<sig>\r\n\r\n
//
// Each chunk's signature chains from the previous one (the first from the request's own):
//   HMAC(signing key, "AWS4-HMAC-SHA256-PAYLOAD\n<amz date>\n<scope>\n<previous>\n"
//                     "<sha256 of nothing>\n<sha256 of the chunk>")
// and is checked as the chunk ends, before its bytes count. The trailer forms end with
// headers after the last chunk (x-amz-checksum-crc32:…), signed as a whole by
// x-amz-trailer-signature when the chunks are signed. Unsigned chunks carry no extension.
//
// Bounded: a chunk header or trailer line is at most 4 KiB, sizes at most 16 hex digits, at
// most 16 trailer lines; the data passes through without being copied.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/http_types.h"
#include "core/result.h"
#include "services/s3/auth/s3_auth.h"

namespace berth::services::s3 {

class AwsChunkedDecoder {
 public:
  // `signing` checks each chunk's signature (nullopt: unsigned chunks); `trailer` says the
  // body ends with trailing headers.
  AwsChunkedDecoder(std::optional<ChunkSigning> signing, bool trailer);

  // Decodes the next bytes of the body, handing the payload to `out` in order. Errors:
  // SignatureDoesNotMatch (a chunk or trailer signature), IncompleteBody (bad framing), or
  // the first error of `out`.
  Status Feed(std::string_view bytes, const std::function<Status(std::string_view)>& out);
  // Once the body has ended: IncompleteBody unless the final chunk (and trailer) arrived.
  Status Finish() const;

  // The trailing headers (lower-case names), once Finish() succeeded.
  const std::vector<Header>& trailers() const { return trailers_; }
  uint64_t decoded_bytes() const { return decoded_; }

 private:
  enum class State { kHeader, kData, kDataEnd, kTrailer, kDone };

  Status ChunkHeader(std::string_view line);
  Status ChunkEnd();
  Status TrailerLine(std::string_view line);
  std::string ChunkStringToSign(std::string_view data_hash) const;

  std::optional<ChunkSigning> signing_;
  bool trailer_;
  State state_ = State::kHeader;
  std::string line_;         // a header or trailer line so far
  uint64_t remaining_ = 0;   // data bytes left in this chunk
  bool last_chunk_ = false;  // this chunk is the zero-size one
  std::string chunk_signature_;
  std::string previous_signature_;
  std::unique_ptr<crypto::Sha256Stream> chunk_hash_ = std::make_unique<crypto::Sha256Stream>();
  std::vector<Header> trailers_;
  std::string trailer_text_;  // "name:value\n" per trailer, what its signature covers
  bool trailer_signed_ = false;
  uint64_t decoded_ = 0;
};

}  // namespace berth::services::s3
