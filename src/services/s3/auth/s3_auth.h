#pragma once
// SigV4 as S3 does it: the header form and presigned URLs (and SigV2 presigned URLs, which
// aws-cli 1.x and boto3 still make for us-east-1; sigv2_query.h), the payload hash the client
// declares in x-amz-content-sha256 (checked against the body as it streams), and S3's own
// errors (AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed, …,
// all 403 but the malformed-request ones). Signature arithmetic is auth::SigV4Verifier's.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/credential_store.h"
#include "auth/principal.h"
#include "auth/sigv4.h"
#include "core/clock.h"
#include "core/http_types.h"
#include "core/result.h"

namespace berth::services::s3 {

// Extra elements of an S3 error body (<BucketName>, <StringToSign>, …), in order.
using ErrorDetails = std::vector<std::pair<std::string, std::string>>;

// What the signature covers of the body.
enum class PayloadKind {
  kSigned,                    // x-amz-content-sha256: <hex>; the body must hash to it
  kUnsigned,                  // UNSIGNED-PAYLOAD, and every presigned URL
  kStreamingSigned,           // STREAMING-AWS4-HMAC-SHA256-PAYLOAD: aws-chunked, chunks signed
  kStreamingSignedTrailer,    // … -PAYLOAD-TRAILER: the same with a signed trailer
  kStreamingUnsignedTrailer,  // STREAMING-UNSIGNED-PAYLOAD-TRAILER: aws-chunked, a trailer
};

inline bool IsStreaming(PayloadKind kind) {
  return kind == PayloadKind::kStreamingSigned || kind == PayloadKind::kStreamingSignedTrailer ||
         kind == PayloadKind::kStreamingUnsignedTrailer;
}

// What signs each chunk of an aws-chunked body: the request's signing key and scope, chained
// from the request's own (seed) signature.
struct ChunkSigning {
  std::shared_ptr<const crypto::HmacSha256Key> key;
  std::string amz_date;
  std::string scope;
  std::string seed_signature;
};

// An authenticated S3 caller.
struct S3Caller {
  auth::Principal principal;
  std::string region;  // of the credential scope
  PayloadKind payload = PayloadKind::kUnsigned;
  std::string payload_sha256;          // kSigned: lower-case hex
  std::optional<ChunkSigning> chunks;  // the signed streaming kinds
};

// What is learnt about a caller even when authentication then fails.
struct AuthNotes {
  std::optional<auth::Principal> principal;  // set once the access key is known
  std::string region;
  ErrorDetails details;  // for the error body
};

class S3Authenticator {
 public:
  // Both borrowed; they outlive the authenticator.
  S3Authenticator(auth::CredentialStore& credentials, const Clock& clock)
      : credentials_(credentials), clock_(clock), verifier_(clock) {}

  // Checks the request's signature (its head only: the body is checked against
  // S3Caller::payload as it is read). Errors: AccessDenied (anonymous, expired URL),
  // InvalidAccessKeyId, SignatureDoesNotMatch, RequestTimeTooSkewed,
  // AuthorizationHeaderMalformed, AuthorizationQueryParametersError, InvalidRequest (no
  // x-amz-content-sha256), InvalidArgument (a bad one). Thread-safe.
  Result<S3Caller> Authenticate(const RequestHead& head, AuthNotes& notes) const;

 private:
  Result<S3Caller> AuthenticateSigV2(const RequestHead& head, AuthNotes& notes) const;

  auth::CredentialStore& credentials_;
  const Clock& clock_;
  auth::SigV4Verifier verifier_;
};

}  // namespace berth::services::s3
