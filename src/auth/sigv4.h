#pragma once
// AWS Signature Version 4 verification, for the Authorization header form and the presigned-URL
// (query) form. Two steps, so the dispatcher can learn and record who is calling before it
// knows whether the signature holds: ParseSigV4 extracts the credential scope and signature;
// SigV4Verifier::Verify recomputes the signature with the key's secret and checks the date.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/http_types.h"
#include "core/result.h"

namespace berth::auth {

// What a request claims about its signature.
struct SigV4Request {
  std::string access_key_id;
  std::string date_stamp;  // scope date, YYYYMMDD
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;  // lower-case, in the order given
  std::string signature;                    // lower-case hex
  std::string amz_date;                     // request time, YYYYMMDDTHHMMSSZ
  bool presigned = false;
  int64_t expires_seconds = 0;  // presigned only: X-Amz-Expires
};

// Finds the signature in the Authorization header or the query. Errors:
// MissingAuthenticationTokenException when there is none, IncompleteSignatureException when it
// is malformed (naming what is missing).
Result<SigV4Request> ParseSigV4(const RequestHead& head);

// The session token a request presents with temporary credentials: the X-Amz-Security-Token
// header, else the query parameter of that name (presigned URLs), decoded; nullopt when none.
std::optional<std::string> SecurityToken(const RequestHead& head);

// The canonical request of SigV4 (exposed for tests). `s3` selects S3's rules: the path is not
// normalised and is encoded once (decoded, then URI-encoded with '/' kept).
std::string CanonicalRequest(const RequestHead& head, const SigV4Request& sig,
                             std::string_view payload_hash, bool s3);

// S3's signature check, whose parts S3 reports back (SignatureDoesNotMatch carries the
// canonical request and string to sign) and reuses (aws-chunked bodies sign each chunk with
// the same key, chained from the request's signature).
struct S3Signature {
  bool matches = false;
  std::string canonical_request;
  std::string string_to_sign;
  std::string scope;  // "<date>/<region>/s3/aws4_request"
  std::shared_ptr<const crypto::HmacSha256Key> signing_key;
};

class SigV4Verifier {
 public:
  static constexpr std::chrono::minutes kMaxSkew{15};

  explicit SigV4Verifier(const Clock& clock) : clock_(clock) {}

  // Checks that `sig` was made with `secret` over this request and body, and that its time is
  // within 15 minutes of now (presigned: not past X-Amz-Expires). Errors are AWS's
  // InvalidSignatureException forms. Thread-safe.
  Status Verify(const RequestHead& head, std::string_view body, const SigV4Request& sig,
                std::string_view secret, bool s3 = false) const;

  // The signature of an S3 request over `payload_hash` as the client declared it (S3 bodies
  // stream: the caller checks the bytes against it), with S3's canonical rules. Checks no
  // time and no required headers: S3 words those failures its own way. Thread-safe.
  S3Signature SignS3(const RequestHead& head, const SigV4Request& sig, std::string_view secret,
                     std::string_view payload_hash) const;

 private:
  // Deriving the signing key takes four HMACs; it changes once a day per key and scope, so
  // it is cached (bounded; cleared when full), ready to sign.
  std::shared_ptr<const crypto::HmacSha256Key> SigningKey(std::string_view secret,
                                                          const SigV4Request& sig) const;

  const Clock& clock_;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, std::shared_ptr<const crypto::HmacSha256Key>>
      keys_;  // GUARDED_BY(mu_)
};

}  // namespace berth::auth
