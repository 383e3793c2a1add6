#include "services/s3/object_sink.h"

#include "services/s3/model/errors.h"

namespace berth::services::s3 {

ObjectSink::ObjectSink(S3Caller caller, AuthNotes notes, BodyExpectations expect,
                       std::unique_ptr<PendingObject> pending)
    : notes_(std::move(notes)),
      caller_(std::move(caller)),
      authenticated_(true),
      expect_(std::move(expect)),
      pending_(std::move(pending)) {
  if (IsStreaming(caller_.payload)) {
    decoder_.emplace(caller_.chunks, caller_.payload != PayloadKind::kStreamingSigned);
  }
  if (caller_.payload == PayloadKind::kSigned) {
    sha256_ = std::make_unique<crypto::Sha256Stream>();
  }
  if (expect_.checksum) checksum_ = std::make_unique<Checksum>(*expect_.checksum);
}

Status ObjectSink::Write(std::string_view chunk) {
  BERTH_RETURN_IF_ERROR(opened_);
  BERTH_RETURN_IF_ERROR(failed_);
  received_ += chunk.size();
  Status status = decoder_ ? decoder_->Feed(chunk, [&](std::string_view p) { return Consume(p); })
                           : Consume(chunk);
  if (!status.ok()) failed_ = status;
  return status;
}

Status ObjectSink::Consume(std::string_view payload) {
  payload_bytes_ += payload.size();
  if (payload_bytes_ > expect_.length) {
    return errors::IncompleteBody("The request body is longer than its declared length.");
  }
  if (sha256_) sha256_->Update(payload);
  if (checksum_) checksum_->Update(payload);
  return pending_->Append(payload);
}

Status ObjectSink::Finish() {
  BERTH_RETURN_IF_ERROR(opened_);
  BERTH_RETURN_IF_ERROR(failed_);
  if (decoder_) BERTH_RETURN_IF_ERROR(decoder_->Finish());
  if (payload_bytes_ != expect_.length) {
    return errors::IncompleteBody(
        "You did not provide the number of bytes specified by the "
        "Content-Length HTTP header.");
  }
  if (sha256_ && crypto::HexEncode(sha256_->Finish()) != caller_.payload_sha256) {
    return errors::XAmzContentSHA256Mismatch();
  }
  BERTH_ASSIGN_OR_RETURN(md5_, pending_->Finish());
  if (!expect_.content_md5.empty()) {
    auto hex = crypto::HexDecode(md5_);
    if (!hex || crypto::Base64Encode(*hex) != expect_.content_md5) {
      return errors::BadDigest("The Content-MD5 you specified did not match what we received.");
    }
  }
  if (checksum_) {
    std::string expected = expect_.checksum_value;
    if (expected.empty() && decoder_) {
      const std::string header = ChecksumHeader(checksum_->algorithm());
      for (const auto& trailer : decoder_->trailers())
        if (trailer.name == header) expected = trailer.value;
    }
    checksum_value_ = checksum_->Base64();
    if (expected.empty()) {
      return errors::InvalidRequest("The " + ChecksumHeader(checksum_->algorithm()) +
                                    " trailer was declared but not sent.");
    }
    if (checksum_value_ != expected) {
      return errors::BadDigest("The " + std::string(ChecksumName(checksum_->algorithm())) +
                               " you specified did not match the calculated checksum.");
    }
  }
  return Ok();
}

std::string ObjectSink::checksum_algorithm() const {
  return checksum_ ? std::string(ChecksumName(checksum_->algorithm())) : std::string();
}

}  // namespace berth::services::s3
