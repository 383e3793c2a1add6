#pragma once
// Where the body of a PutObject or UploadPart goes as it arrives: decoded when aws-chunked
// (each chunk's signature checked), hashed for every digest the request declares
// (x-amz-content-sha256, Content-MD5, x-amz-checksum-*), and written to a PendingObject of
// the bucket store, 64 KiB at a time, so a body of any size passes through constant memory.
// Finish() then checks the length and every digest; only a body that passes may be
// committed. The checks that must precede a written byte (signature, bucket, key, upload)
// are made before the sink is opened; a refused sink fails its first Write, which stops the
// read, and the endpoint answers with the refusal.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/crypto.h"
#include "core/http_types.h"
#include "core/result.h"
#include "services/s3/auth/aws_chunked.h"
#include "services/s3/auth/s3_auth.h"
#include "services/s3/bucket_store.h"
#include "services/s3/model/checksum.h"

namespace berth::services::s3 {

// What the request says its body will be.
struct BodyExpectations {
  uint64_t length = 0;      // of the payload (x-amz-decoded-content-length when aws-chunked)
  std::string content_md5;  // Content-MD5 as sent (base64), or empty
  std::optional<ChecksumAlgorithm> checksum;  // to compute
  // Its expected value (base64): from the header, or empty when a trailer brings it.
  std::string checksum_value;
};

class ObjectSink final : public BodySink {
 public:
  // A sink that refuses the body with `refusal`; `notes` say who the caller was, and
  // `caller` is set when the refusal came after authentication succeeded.
  ObjectSink(Error refusal, AuthNotes notes, std::optional<S3Caller> caller = std::nullopt)
      : opened_(std::move(refusal)), notes_(std::move(notes)) {
    if (caller) {
      caller_ = std::move(*caller);
      authenticated_ = true;
    }
  }
  ObjectSink(S3Caller caller, AuthNotes notes, BodyExpectations expect,
             std::unique_ptr<PendingObject> pending);

  Status Write(std::string_view chunk) override;
  // After the whole body: IncompleteBody (length), XAmzContentSHA256Mismatch, BadDigest
  // (Content-MD5 or checksum), SignatureDoesNotMatch (a chunk); then the bytes are durable.
  Status Finish();

  const Status& opened() const { return opened_; }
  const AuthNotes& notes() const { return notes_; }
  // Whether the caller was authenticated (the sink may still refuse the body).
  bool authenticated() const { return authenticated_; }
  const S3Caller& caller() const { return caller_; }
  uint64_t received() const { return received_; }  // body bytes as sent
  // After Finish(): the payload's MD5 (hex), and its verified flexible checksum if any.
  const std::string& md5() const { return md5_; }
  std::string checksum_algorithm() const;
  const std::string& checksum_value() const { return checksum_value_; }
  std::unique_ptr<PendingObject> TakePending() { return std::move(pending_); }

 private:
  Status Consume(std::string_view payload);

  Status opened_ = Ok();
  AuthNotes notes_;
  S3Caller caller_;
  bool authenticated_ = false;
  BodyExpectations expect_;
  std::unique_ptr<PendingObject> pending_;
  std::optional<AwsChunkedDecoder> decoder_;
  std::unique_ptr<crypto::Sha256Stream> sha256_;  // when the payload hash is declared
  std::unique_ptr<Checksum> checksum_;
  uint64_t received_ = 0;
  uint64_t payload_bytes_ = 0;
  Status failed_ = Ok();
  std::string md5_;
  std::string checksum_value_;
};

}  // namespace berth::services::s3
