#include "auth/sigv4.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "auth/auth_errors.h"
#include "core/time_format.h"
#include "core/url.h"

namespace berth::auth {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr size_t kMaxCachedKeys = 1024;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

// "AKID/20261125/us-east-1/ecr/aws4_request" into the request's scope fields.
Status ParseCredential(std::string_view credential, SigV4Request& out) {
  auto parts = Split(credential, '/');
  if (parts.size() != 5 || parts[0].empty() || parts[1].size() != 8 || parts[2].empty() ||
      parts[3].empty() || parts[4] != "aws4_request") {
    return errors::IncompleteSignature(
        "Credential should be scoped to a valid region, service and date: '" +
        std::string(credential) + "'.");
  }
  out.access_key_id = parts[0];
  out.date_stamp = parts[1];
  out.region = parts[2];
  out.service = parts[3];
  return Ok();
}

bool IsLowerHex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

Result<SigV4Request> ParseHeaderForm(const RequestHead& head, std::string_view auth) {
  SigV4Request out;
  if (auth.substr(0, kAlgorithm.size()) != kAlgorithm ||
      (auth.size() > kAlgorithm.size() && auth[kAlgorithm.size()] != ' ')) {
    return errors::IncompleteSignature(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        "Unsupported authorization type: " + std::string(auth.substr(0, auth.find(' '))));
  }
  std::string_view rest = auth.substr(kAlgorithm.size());
  bool has_credential = false, has_signed = false, has_signature = false;
  for (const auto& raw : Split(rest, ',')) {
    std::string_view part = Trim(raw);
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      return errors::IncompleteSignature("Authorization header requires each component to be "
                                         "key=value: '" + std::string(part) + "'.");
    }
    std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "Credential") {
      BERTH_RETURN_IF_ERROR(ParseCredential(value, out));
      has_credential = true;
    } else if (key == "SignedHeaders") {
      out.signed_headers = Split(value, ';');
      has_signed = true;
    } else if (key == "Signature") {
      out.signature = std::string(value);
      has_signature = true;
    }
  }
  std::string missing;
  if (!has_credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!has_signed) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!has_signature) missing += "Authorization header requires 'Signature' parameter. ";
  const std::string* date = head.Find("x-amz-date");
  if (date == nullptr) date = head.Find("date");
  if (date == nullptr) {
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
               "header. ";
  }
  if (!missing.empty()) {
    missing.pop_back();
    return errors::IncompleteSignature(missing + " Authorization=" + std::string(auth));
  }
  if (!IsLowerHex(out.signature)) return errors::InvalidSignature();
  out.amz_date = *date;
  return out;
}

Result<SigV4Request> ParsePresignedForm(const std::vector<std::pair<std::string, std::string>>& q) {
  SigV4Request out;
  out.presigned = true;
  std::string algorithm, credential, signed_headers, expires;
  for (const auto& [k, v] : q) {
    if (k == "X-Amz-Algorithm") algorithm = v;
    else if (k == "X-Amz-Credential") credential = v;
    else if (k == "X-Amz-Date") out.amz_date = v;
    else if (k == "X-Amz-Expires") expires = v;
    else if (k == "X-Amz-SignedHeaders") signed_headers = v;
    else if (k == "X-Amz-Signature") out.signature = v;
  }
  std::string missing;
  if (algorithm.empty()) missing += "X-Amz-Algorithm ";
  if (credential.empty()) missing += "X-Amz-Credential ";
  if (out.amz_date.empty()) missing += "X-Amz-Date ";
  if (signed_headers.empty()) missing += "X-Amz-SignedHeaders ";
  if (out.signature.empty()) missing += "X-Amz-Signature ";
  if (!missing.empty()) {
    return errors::IncompleteSignature("AWS query-string parameters missing: " + missing);
  }
  if (algorithm != kAlgorithm) {
    return errors::IncompleteSignature("Unsupported X-Amz-Algorithm: " + algorithm);
  }
  BERTH_RETURN_IF_ERROR(ParseCredential(credential, out));
  out.signed_headers = Split(signed_headers, ';');
  if (!expires.empty()) {
    auto [ptr, ec] = std::from_chars(expires.data(), expires.data() + expires.size(),
                                     out.expires_seconds);
    if (ec != std::errc() || ptr != expires.data() + expires.size() || out.expires_seconds < 1 ||
        out.expires_seconds > 604800) {
      return errors::IncompleteSignature("X-Amz-Expires must be between 1 and 604800 seconds");
    }
  } else {
    out.expires_seconds = 900;
  }
  if (!IsLowerHex(out.signature)) return errors::InvalidSignature();
  return out;
}

// RFC 3986 5.2.4 plus AWS's removal of empty segments (botocore's remove_dot_segments).
std::string NormalizePath(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t pos = path.find('/', start);
    std::string_view seg = path.substr(start, pos == std::string_view::npos ? pos : pos - start);
    if (!seg.empty() && seg != ".") {
      if (seg == "..") {
        if (!out.empty()) out.pop_back();
      } else {
        out.push_back(seg);
      }
    }
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  std::string result = path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < out.size(); ++i) {
    if (i > 0) result.push_back('/');
    result.append(out[i]);
  }
  if (path.back() == '/' && !out.empty()) result.push_back('/');
  return result;
}

std::string CanonicalQuery(std::string_view raw_query, bool drop_signature) {
  auto pairs = url::ParseQuery(raw_query, /*plus_as_space=*/false);
  if (!pairs) return std::string(raw_query);  // cannot match a signature; fail there
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(pairs->size());
  for (const auto& [k, v] : *pairs) {
    if (drop_signature && k == "X-Amz-Signature") continue;
    encoded.emplace_back(url::UriEncode(k), url::UriEncode(v));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [k, v] : encoded) {
    if (!out.empty()) out.push_back('&');
    out.append(k).append("=").append(v);
  }
  return out;
}

// Header value as SigV4 wants it: trimmed, inner whitespace runs collapsed to one space.
void AppendCanonicalValue(std::string& out, std::string_view value) {
  bool in_space = false, started = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      in_space = started;
      continue;
    }
    if (in_space) out.push_back(' ');
    in_space = false;
    started = true;
    out.push_back(c);
  }
}

std::string StringToSign(const SigV4Request& sig, std::string_view canonical) {
  std::string to_sign;
  to_sign.reserve(160);
  to_sign.append(kAlgorithm).append("\n").append(sig.amz_date).append("\n");
  to_sign.append(sig.date_stamp).append("/").append(sig.region).append("/");
  to_sign.append(sig.service).append("/aws4_request\n");
  to_sign.append(crypto::Sha256Hex(canonical));
  return to_sign;
}

}  // namespace

Result<SigV4Request> ParseSigV4(const RequestHead& head) {
  if (const std::string* auth = head.Find("authorization")) return ParseHeaderForm(head, *auth);
  if (head.query.find("X-Amz-") != std::string::npos) {
    auto pairs = url::ParseQuery(head.query, /*plus_as_space=*/false);
    if (!pairs) return errors::IncompleteSignature("The query string is malformed.");
    for (const auto& [k, v] : *pairs) {
      if (k == "X-Amz-Algorithm" || k == "X-Amz-Signature" || k == "X-Amz-Credential")
        return ParsePresignedForm(*pairs);
    }
  }
  return errors::MissingAuthenticationToken();
}

std::string CanonicalRequest(const RequestHead& head, const SigV4Request& sig,
                             std::string_view payload_hash, bool s3) {
  std::string out;
  out.reserve(512);
  out.append(head.method).push_back('\n');
  if (s3) {
    // No normalisation, one encoding: of the path as the client meant it, whichever
    // characters it happened to escape on the wire (as S3 itself canonicalises).
    auto decoded = url::PercentDecode(head.path);
    if (head.path.empty()) {
      out.push_back('/');
    } else if (decoded) {
      out.append(url::UriEncode(*decoded, /*encode_slash=*/false));
    } else {
      out.append(head.path);
    }
  } else {
    out.append(url::UriEncode(NormalizePath(head.path), /*encode_slash=*/false));
  }
  out.push_back('\n');
  out.append(CanonicalQuery(head.query, sig.presigned)).push_back('\n');
  std::vector<std::string> names = sig.signed_headers;
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    out.append(name).push_back(':');
    bool first = true;
    for (const auto& h : head.headers) {
      if (h.name != name) continue;
      if (!first) out.push_back(',');
      AppendCanonicalValue(out, h.value);
      first = false;
    }
    out.push_back('\n');
  }
  out.push_back('\n');
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out.push_back(';');
    out.append(names[i]);
  }
  out.push_back('\n');
  out.append(payload_hash);
  return out;
}

std::shared_ptr<const crypto::HmacSha256Key> SigV4Verifier::SigningKey(
    std::string_view secret, const SigV4Request& sig) const {
  std::string cache_key;
  cache_key.reserve(secret.size() + 64);
  cache_key.append(secret).append("\n").append(sig.date_stamp).append("\n").append(sig.region);
  cache_key.append("\n").append(sig.service);
  {
    std::lock_guard lock(mu_);
    if (auto it = keys_.find(cache_key); it != keys_.end()) return it->second;
  }
  auto as_view = [](const crypto::Sha256Digest& d) {
    return std::string_view(reinterpret_cast<const char*>(d.data()), d.size());
  };
  auto k_date = crypto::HmacSha256("AWS4" + std::string(secret), sig.date_stamp);
  auto k_region = crypto::HmacSha256(as_view(k_date), sig.region);
  auto k_service = crypto::HmacSha256(as_view(k_region), sig.service);
  auto k_signing = std::make_shared<const crypto::HmacSha256Key>(
      as_view(crypto::HmacSha256(as_view(k_service), "aws4_request")));
  std::lock_guard lock(mu_);
  if (keys_.size() >= kMaxCachedKeys) keys_.clear();
  keys_.emplace(std::move(cache_key), k_signing);
  return k_signing;
}

Status SigV4Verifier::Verify(const RequestHead& head, std::string_view body,
                             const SigV4Request& sig, std::string_view secret, bool s3) const {
  auto signed_at = timefmt::ParseAmzDate(sig.amz_date);
  if (!signed_at) {
    return errors::IncompleteSignature("Date must be in ISO-8601 'basic format'. Got '" +
                                       sig.amz_date + "'.");
  }
  if (sig.amz_date.compare(0, 8, sig.date_stamp) != 0) return errors::InvalidSignature();
  if (std::find(sig.signed_headers.begin(), sig.signed_headers.end(), "host") ==
      sig.signed_headers.end()) {
    return errors::IncompleteSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const TimePoint now = clock_.Now();
  if (sig.presigned) {
    if (now > *signed_at + std::chrono::seconds(sig.expires_seconds)) {
      return errors::PresignedUrlExpired();
    }
    if (*signed_at > now + kMaxSkew) {
      return errors::SignatureNotYetCurrent(sig.amz_date, timefmt::AmzDate(now + kMaxSkew),
                                            timefmt::AmzDate(now));
    }
  } else if (*signed_at < now - kMaxSkew) {
    return errors::SignatureExpired(sig.amz_date, timefmt::AmzDate(now - kMaxSkew),
                                    timefmt::AmzDate(now));
  } else if (*signed_at > now + kMaxSkew) {
    return errors::SignatureNotYetCurrent(sig.amz_date, timefmt::AmzDate(now + kMaxSkew),
                                          timefmt::AmzDate(now));
  }

  std::string payload_hash;
  const std::string* declared = head.Find("x-amz-content-sha256");
  if (sig.presigned && s3) {
    payload_hash = kUnsignedPayload;
  } else if (declared != nullptr && (*declared == kUnsignedPayload ||
                                     declared->rfind("STREAMING-", 0) == 0)) {
    if (!s3) return errors::InvalidSignature();
    payload_hash = *declared;
  } else {
    payload_hash = crypto::Sha256Hex(body);
    if (declared != nullptr && *declared != payload_hash) return errors::InvalidSignature();
  }

  const std::string canonical = CanonicalRequest(head, sig, payload_hash, s3);
  const std::string to_sign = StringToSign(sig, canonical);
  const std::string expected = crypto::HexEncode(SigningKey(secret, sig)->Sign(to_sign));
  if (!crypto::ConstantTimeEquals(expected, sig.signature)) return errors::InvalidSignature();
  return Ok();
}

S3Signature SigV4Verifier::SignS3(const RequestHead& head, const SigV4Request& sig,
                                  std::string_view secret, std::string_view payload_hash) const {
  S3Signature out;
  out.canonical_request = CanonicalRequest(head, sig, payload_hash, /*s3=*/true);
  out.string_to_sign = StringToSign(sig, out.canonical_request);
  out.scope = sig.date_stamp + "/" + sig.region + "/" + sig.service + "/aws4_request";
  out.signing_key = SigningKey(secret, sig);
  const std::string expected = crypto::HexEncode(out.signing_key->Sign(out.string_to_sign));
  out.matches = crypto::ConstantTimeEquals(expected, sig.signature);
  return out;
}

std::optional<std::string> SecurityToken(const RequestHead& head) {
  if (const std::string* header = head.Find("x-amz-security-token")) return *header;
  // SigV4 URLs name it X-Amz-Security-Token, S3's SigV2 URLs x-amz-security-token.
  if (head.query.find("-Security-Token=") == std::string::npos &&
      head.query.find("-security-token=") == std::string::npos) {
    return std::nullopt;
  }
  auto params = url::ParseQuery(head.query, false);
  if (!params) return std::nullopt;
  for (const auto& [name, value] : *params)
    if (name == "X-Amz-Security-Token" || name == "x-amz-security-token") return value;
  return std::nullopt;
}

}  // namespace berth::auth
