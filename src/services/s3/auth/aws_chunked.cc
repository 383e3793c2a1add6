#include "services/s3/auth/aws_chunked.h"

#include <algorithm>
#include <cctype>

#include "services/s3/model/errors.h"

namespace berth::services::s3 {
namespace {

constexpr size_t kMaxLine = 4096;
constexpr size_t kMaxTrailers = 16;
constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr std::string_view kSignatureExtension = "chunk-signature=";

Error Malformed(std::string_view what) {
  return errors::IncompleteBody("The aws-chunked body is malformed: " + std::string(what));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

AwsChunkedDecoder::AwsChunkedDecoder(std::optional<ChunkSigning> signing, bool trailer)
    : signing_(std::move(signing)), trailer_(trailer) {
  if (signing_) previous_signature_ = signing_->seed_signature;
}

std::string AwsChunkedDecoder::ChunkStringToSign(std::string_view data_hash) const {
  std::string s;
  s.reserve(256);
  s.append("AWS4-HMAC-SHA256-PAYLOAD\n").append(signing_->amz_date).append("\n");
  s.append(signing_->scope).append("\n").append(previous_signature_).append("\n");
  s.append(kEmptySha256).append("\n").append(data_hash);
  return s;
}

Status AwsChunkedDecoder::Feed(std::string_view bytes,
                               const std::function<Status(std::string_view)>& out) {
  while (!bytes.empty()) {
    switch (state_) {
      case State::kHeader:
      case State::kTrailer:
      case State::kDataEnd: {
        const size_t nl = bytes.find('\n');
        const size_t take = nl == std::string_view::npos ? bytes.size() : nl + 1;
        if (line_.size() + take > kMaxLine) return Malformed("a line is too long");
        line_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (nl == std::string_view::npos) break;
        if (line_.size() < 2 || line_[line_.size() - 2] != '\r') {
          return Malformed("lines must end with CRLF");
        }
        const std::string line = line_.substr(0, line_.size() - 2);
        line_.clear();
        if (state_ == State::kHeader) {
          BERTH_RETURN_IF_ERROR(ChunkHeader(line));
        } else if (state_ == State::kDataEnd) {
          if (!line.empty()) return Malformed("chunk data is longer than its size");
          state_ = State::kHeader;
        } else {
          BERTH_RETURN_IF_ERROR(TrailerLine(line));
        }
        break;
      }
      case State::kData: {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, bytes.size()));
        const std::string_view data = bytes.substr(0, n);
        if (signing_) chunk_hash_->Update(data);
        BERTH_RETURN_IF_ERROR(out(data));
        decoded_ += n;
        remaining_ -= n;
        bytes.remove_prefix(n);
        if (remaining_ == 0) BERTH_RETURN_IF_ERROR(ChunkEnd());
        break;
      }
      case State::kDone:
        return Malformed("bytes after the final chunk");
    }
  }
  return Ok();
}

Status AwsChunkedDecoder::ChunkHeader(std::string_view line) {
  const size_t semi = line.find(';');
  const std::string_view size_text = line.substr(0, semi);
  if (size_text.empty() || size_text.size() > 16) return Malformed("bad chunk size");
  uint64_t size = 0;
  for (char c : size_text) {
    const int d = HexDigit(c);
    if (d < 0) return Malformed("bad chunk size");
    size = size * 16 + static_cast<uint64_t>(d);
  }
  chunk_signature_.clear();
  if (semi != std::string_view::npos) {
    const std::string_view extension = line.substr(semi + 1);
    if (extension.substr(0, kSignatureExtension.size()) != kSignatureExtension) {
      return Malformed("unknown chunk extension");
    }
    chunk_signature_ = std::string(extension.substr(kSignatureExtension.size()));
  }
  if (signing_.has_value() != !chunk_signature_.empty()) {
    return signing_ ? Malformed("a chunk has no signature") : Malformed("unexpected signature");
  }
  remaining_ = size;
  last_chunk_ = size == 0;
  state_ = State::kData;
  if (size == 0) return ChunkEnd();
  return Ok();
}

// The chunk's data is complete: check its signature, then expect CRLF (or, after the final
// chunk, the trailer or the closing CRLF).
Status AwsChunkedDecoder::ChunkEnd() {
  if (signing_) {
    const std::string data_hash =
        last_chunk_ ? std::string(kEmptySha256) : crypto::HexEncode(chunk_hash_->Finish());
    chunk_hash_ = std::make_unique<crypto::Sha256Stream>();
    const std::string expected =
        crypto::HexEncode(signing_->key->Sign(ChunkStringToSign(data_hash)));
    if (!crypto::ConstantTimeEquals(expected, chunk_signature_)) {
      return errors::SignatureDoesNotMatch();
    }
    previous_signature_ = std::move(expected);
  }
  if (!last_chunk_) {
    state_ = State::kDataEnd;
    return Ok();
  }
  state_ = State::kTrailer;
  return Ok();
}

Status AwsChunkedDecoder::TrailerLine(std::string_view line) {
  if (line.empty()) {  // the end of the body
    if (trailer_ && signing_ && !trailer_signed_) return Malformed("the trailer is not signed");
    state_ = State::kDone;
    return Ok();
  }
  if (!trailer_) return Malformed("a trailer where none was declared");
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return Malformed("bad trailer");
  std::string name(Trim(line.substr(0, colon)));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string_view value = Trim(line.substr(colon + 1));
  if (name == "x-amz-trailer-signature") {
    if (!signing_ || trailer_signed_) return Malformed("unexpected trailer signature");
    std::string to_sign;
    to_sign.append("AWS4-HMAC-SHA256-TRAILER\n").append(signing_->amz_date).append("\n");
    to_sign.append(signing_->scope).append("\n").append(previous_signature_).append("\n");
    to_sign.append(crypto::Sha256Hex(trailer_text_));
    const std::string expected = crypto::HexEncode(signing_->key->Sign(to_sign));
    if (!crypto::ConstantTimeEquals(expected, value)) return errors::SignatureDoesNotMatch();
    trailer_signed_ = true;
    return Ok();
  }
  if (trailer_signed_) return Malformed("a trailer after its signature");
  if (trailers_.size() >= kMaxTrailers) return Malformed("too many trailers");
  trailer_text_.append(name).append(":").append(value).append("\n");
  trailers_.push_back({std::move(name), std::string(value)});
  return Ok();
}

Status AwsChunkedDecoder::Finish() const {
  if (state_ != State::kDone) {
    return errors::IncompleteBody("The request body ended before its final aws-chunked chunk.");
  }
  return Ok();
}

}  // namespace berth::services::s3
