#include "services/s3/auth/sigv2_query.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <vector>

#include "core/crypto.h"
#include "core/url.h"

namespace berth::services::s3 {
namespace {

// The query parameters that belong to the signed resource (as botocore's HmacV1Auth lists
// them, after S3's documentation).
constexpr std::string_view kSubResources[] = {"accelerate",
                                              "acl",
                                              "cors",
                                              "defaultObjectAcl",
                                              "location",
                                              "logging",
                                              "partNumber",
                                              "policy",
                                              "requestPayment",
                                              "torrent",
                                              "versioning",
                                              "versionId",
                                              "versions",
                                              "website",
                                              "uploads",
                                              "uploadId",
                                              "response-content-type",
                                              "response-content-language",
                                              "response-expires",
                                              "response-cache-control",
                                              "response-content-disposition",
                                              "response-content-encoding",
                                              "delete",
                                              "lifecycle",
                                              "tagging",
                                              "restore",
                                              "storageClass",
                                              "notification",
                                              "replication",
                                              "analytics",
                                              "metrics",
                                              "inventory",
                                              "select",
                                              "select-type",
                                              "object-lock"};

bool IsSubResource(std::string_view name) {
  return std::find(std::begin(kSubResources), std::end(kSubResources), name) !=
         std::end(kSubResources);
}

std::string Trimmed(const std::string* value) {
  if (value == nullptr) return "";
  std::string_view v = *value;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return std::string(v);
}

}  // namespace

bool HasSigV2Query(const RequestHead& head) {
  auto params = url::ParseQuery(head.query, false);
  if (!params) return false;
  bool key = false, signature = false;
  for (const auto& [name, value] : *params) {
    key = key || name == "AWSAccessKeyId";
    signature = signature || name == "Signature";
  }
  return key && signature;
}

std::optional<SigV2Query> ParseSigV2Query(const RequestHead& head) {
  auto params = url::ParseQuery(head.query, false);
  if (!params) return std::nullopt;
  SigV2Query out;
  std::string expires;
  for (const auto& [name, value] : *params) {
    if (name == "AWSAccessKeyId") out.access_key_id = value;
    if (name == "Signature") out.signature = value;
    if (name == "Expires") expires = value;
  }
  auto [ptr, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), out.expires);
  if (out.access_key_id.empty() || out.signature.empty() || expires.empty() || ec != std::errc() ||
      ptr != expires.data() + expires.size()) {
    return std::nullopt;
  }
  return out;
}

std::string SigV2StringToSign(const RequestHead& head, int64_t expires) {
  std::string s = head.method + "\n";
  s += Trimmed(head.Find("content-md5")) + "\n";
  s += Trimmed(head.Find("content-type")) + "\n";
  s += std::to_string(expires) + "\n";
  std::map<std::string, std::string> amz;
  for (const auto& h : head.headers) {
    if (h.name.rfind("x-amz-", 0) != 0) continue;
    auto [it, fresh] = amz.emplace(h.name, Trimmed(&h.value));
    if (!fresh) it->second += "," + Trimmed(&h.value);
  }
  // A presigned URL carries its x-amz-* headers as parameters (botocore moves them there,
  // x-amz-security-token among them), signed as headers.
  if (auto params = url::ParseQuery(head.query, false)) {
    for (const auto& [name, value] : *params) {
      if (name.rfind("x-amz-", 0) == 0) amz.emplace(name, value);
    }
  }
  for (const auto& [name, value] : amz) s += name + ":" + value + "\n";
  s += head.path;
  std::vector<std::string> subresources;
  size_t start = 0;
  const std::string_view query = head.query;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view pair = query.substr(start, amp - start);
    const size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    if (IsSubResource(name)) {
      std::string item(name);
      if (eq != std::string_view::npos) {
        item += "=" + url::PercentDecode(pair.substr(eq + 1)).value_or(std::string());
      }
      subresources.push_back(std::move(item));
    }
    start = amp + 1;
  }
  std::stable_sort(subresources.begin(), subresources.end(), [](const auto& a, const auto& b) {
    return a.substr(0, a.find('=')) < b.substr(0, b.find('='));
  });
  for (size_t i = 0; i < subresources.size(); ++i) s += (i == 0 ? "?" : "&") + subresources[i];
  return s;
}

std::string SigV2Signature(std::string_view secret, std::string_view string_to_sign) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(string_to_sign.data()), string_to_sign.size(), out,
       &len);
  return crypto::Base64Encode(std::string_view(reinterpret_cast<const char*>(out), len));
}

}  // namespace berth::services::s3
