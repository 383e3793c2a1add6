#include "services/s3/auth/s3_auth.h"

#include <algorithm>

#include "auth/auth_errors.h"
#include "core/time_format.h"
#include "services/s3/auth/sigv2_query.h"
#include "services/s3/model/errors.h"

namespace berth::services::s3 {
namespace {

constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::chrono::minutes kMaxSkew{15};

bool IsSha256Hex(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The payload the request declares. Errors: InvalidRequest when a header-signed request
// declares none, InvalidArgument for a value S3 does not know.
Status ReadPayloadKind(const RequestHead& head, bool presigned, S3Caller& caller) {
  const std::string* declared = head.Find("x-amz-content-sha256");
  if (declared == nullptr) {
    if (presigned) {
      caller.payload = PayloadKind::kUnsigned;
      return Ok();
    }
    return errors::MissingContentSha256();
  }
  if (*declared == kUnsignedPayload) {
    caller.payload = PayloadKind::kUnsigned;
  } else if (*declared == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD") {
    caller.payload = PayloadKind::kStreamingSigned;
  } else if (*declared == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER") {
    caller.payload = PayloadKind::kStreamingSignedTrailer;
  } else if (*declared == "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
    caller.payload = PayloadKind::kStreamingUnsignedTrailer;
  } else if (IsSha256Hex(*declared)) {
    caller.payload = PayloadKind::kSigned;
    caller.payload_sha256 = *declared;
  } else {
    return errors::InvalidArgument(
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a "
        "valid sha256 value.");
  }
  return Ok();
}

// S3's words for a request signed too long ago or for too far ahead.
Status CheckTime(const auth::SigV4Request& sig, TimePoint signed_at, TimePoint now,
                 AuthNotes& notes) {
  if (sig.presigned) {
    const TimePoint expires = signed_at + std::chrono::seconds(sig.expires_seconds);
    if (now > expires) {
      notes.details = {{"X-Amz-Expires", std::to_string(sig.expires_seconds)},
                       {"Expires", timefmt::Iso8601(expires)},
                       {"ServerTime", timefmt::Iso8601(now)}};
      return errors::AccessDenied("Request has expired");
    }
    if (signed_at > now + kMaxSkew) return errors::AccessDenied("Request is not yet valid");
    return Ok();
  }
  if (signed_at < now - kMaxSkew || signed_at > now + kMaxSkew) {
    notes.details = {{"RequestTime", sig.amz_date},
                     {"ServerTime", timefmt::Iso8601(now)},
                     {"MaxAllowedSkewMilliseconds", "900000"}};
    return errors::RequestTimeTooSkewed();
  }
  return Ok();
}

// S3's words for a refused session token.
Error S3TokenError(const Error& error) {
  if (error.code == auth::errors::ExpiredSecurityToken().code) return errors::ExpiredToken();
  if (error.code == auth::errors::InvalidSecurityToken().code) return errors::InvalidToken();
  return error;
}

}  // namespace

Result<S3Caller> S3Authenticator::Authenticate(const RequestHead& head, AuthNotes& notes) const {
  const std::string* authorization = head.Find("authorization");
  if (authorization != nullptr && authorization->rfind("AWS ", 0) == 0) {
    return errors::InvalidRequest(
        "The authorization mechanism you have provided is not supported. Please use "
        "AWS4-HMAC-SHA256.");
  }
  if (authorization == nullptr && HasSigV2Query(head)) return AuthenticateSigV2(head, notes);
  auto parsed = auth::ParseSigV4(head);
  if (!parsed.ok()) {
    const Error& e = parsed.error();
    if (e.code == "MissingAuthenticationTokenException") return errors::AccessDenied();
    if (e.code == "IncompleteSignatureException") {
      return authorization != nullptr ? errors::AuthorizationHeaderMalformed(e.message)
                                      : errors::AuthorizationQueryParametersError(e.message);
    }
    return errors::SignatureDoesNotMatch();
  }
  const auth::SigV4Request& sig = *parsed;
  notes.region = sig.region;
  const std::optional<std::string> token = auth::SecurityToken(head);
  auto found = credentials_.FindSigningKey(sig.access_key_id, token, clock_.Now());
  if (!found.ok()) return S3TokenError(found.error());
  auto& key = *found;
  if (!key) {
    notes.details = {{"AWSAccessKeyId", sig.access_key_id}};
    return errors::InvalidAccessKeyId();
  }
  notes.principal = key->principal;
  notes.principal->access_key_id = sig.access_key_id;

  auto signed_at = timefmt::ParseAmzDate(sig.amz_date);
  if (!signed_at) {
    return errors::AccessDenied("AWS authentication requires a valid Date or x-amz-date header");
  }
  if (sig.amz_date.compare(0, 8, sig.date_stamp) != 0) {
    const std::string what = "Invalid credential date. Date is not the same as X-Amz-Date.";
    return sig.presigned ? errors::AuthorizationQueryParametersError(what)
                         : errors::AuthorizationHeaderMalformed(what);
  }
  if (std::find(sig.signed_headers.begin(), sig.signed_headers.end(), "host") ==
      sig.signed_headers.end()) {
    const std::string what = "'Host' must be a 'SignedHeader' in the AWS Authorization.";
    return sig.presigned ? errors::AuthorizationQueryParametersError(what)
                         : errors::AuthorizationHeaderMalformed(what);
  }
  BERTH_RETURN_IF_ERROR(CheckTime(sig, *signed_at, clock_.Now(), notes));

  S3Caller caller;
  caller.principal = *notes.principal;
  caller.region = sig.region;
  BERTH_RETURN_IF_ERROR(ReadPayloadKind(head, sig.presigned, caller));
  const std::string* declared = head.Find("x-amz-content-sha256");
  const std::string_view payload_hash =
      sig.presigned || declared == nullptr ? kUnsignedPayload : std::string_view(*declared);
  auth::S3Signature signature = verifier_.SignS3(head, sig, key->secret, payload_hash);
  if (!signature.matches) {
    notes.details = {{"AWSAccessKeyId", sig.access_key_id},
                     {"StringToSign", signature.string_to_sign},
                     {"SignatureProvided", sig.signature},
                     {"CanonicalRequest", signature.canonical_request}};
    return errors::SignatureDoesNotMatch();
  }
  if (caller.payload == PayloadKind::kStreamingSigned ||
      caller.payload == PayloadKind::kStreamingSignedTrailer) {
    caller.chunks = ChunkSigning{std::move(signature.signing_key), sig.amz_date,
                                 std::move(signature.scope), sig.signature};
  }
  return caller;
}

Result<S3Caller> S3Authenticator::AuthenticateSigV2(const RequestHead& head,
                                                    AuthNotes& notes) const {
  auto query = ParseSigV2Query(head);
  if (!query) {
    return errors::AccessDenied(
        "Query-string authentication requires the Signature, Expires and AWSAccessKeyId "
        "parameters");
  }
  const std::optional<std::string> token = auth::SecurityToken(head);
  auto found = credentials_.FindSigningKey(query->access_key_id, token, clock_.Now());
  if (!found.ok()) return S3TokenError(found.error());
  auto& key = *found;
  if (!key) {
    notes.details = {{"AWSAccessKeyId", query->access_key_id}};
    return errors::InvalidAccessKeyId();
  }
  notes.principal = key->principal;
  notes.principal->access_key_id = query->access_key_id;
  notes.region = "us-east-1";
  const std::string to_sign = SigV2StringToSign(head, query->expires);
  if (!crypto::ConstantTimeEquals(SigV2Signature(key->secret, to_sign), query->signature)) {
    notes.details = {{"AWSAccessKeyId", query->access_key_id},
                     {"StringToSign", to_sign},
                     {"SignatureProvided", query->signature}};
    return errors::SignatureDoesNotMatch();
  }
  const TimePoint now = clock_.Now();
  const TimePoint expires{std::chrono::seconds(query->expires)};
  if (now > expires) {
    notes.details = {{"Expires", timefmt::Iso8601(expires)}, {"ServerTime", timefmt::Iso8601(now)}};
    return errors::AccessDenied("Request has expired");
  }
  S3Caller caller;
  caller.principal = *notes.principal;
  caller.region = notes.region;
  caller.payload = PayloadKind::kUnsigned;
  return caller;
}

}  // namespace berth::services::s3
