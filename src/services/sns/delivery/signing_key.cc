#include "services/sns/delivery/signing_key.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "core/crypto.h"

namespace berth::services::sns {
namespace {

Error KeyError(const std::string& what) {
  return Error{"InternalFailure", "SNS signing key: " + what, 500};
}

std::string ReadAll(const std::string& path) {
  std::string out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

// Writes through a temporary file, fsynced and renamed, with `mode` from the start.
Status WriteFile(const std::string& path, const std::string& bytes, mode_t mode) {
  const std::string tmp = path + ".tmp";
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  if (out == nullptr) return KeyError("cannot create " + tmp);
  ::fchmod(fileno(out), mode);
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size() &&
                       std::fflush(out) == 0 && ::fsync(fileno(out)) == 0;
  std::fclose(out);
  if (!written || std::rename(tmp.c_str(), path.c_str()) != 0) {
    return KeyError("cannot write " + path);
  }
  return Ok();
}

}  // namespace

SigningKey::SigningKey(std::unique_ptr<crypto::RsaKey> key, std::string pem, std::string path)
    : key_(std::move(key)), certificate_pem_(std::move(pem)), certificate_path_(std::move(path)) {}

SigningKey::~SigningKey() = default;

Result<std::unique_ptr<SigningKey>> SigningKey::LoadOrCreate(const std::string& dir) {
  const std::string key_path = dir + "/sns-signing.key";
  const std::string cert_path = dir + "/sns-signing.crt";
  bool created = false;
  BERTH_ASSIGN_OR_RETURN(auto key,
                         crypto::RsaKey::LoadOrCreate(key_path, "SNS signing key", &created));
  // A new key needs a new certificate.
  std::string cert_pem = created ? std::string() : ReadAll(cert_path);
  if (cert_pem.empty()) {
    BERTH_ASSIGN_OR_RETURN(cert_pem, key->SelfSignedCertificatePem("sns.amazonaws.com"));
    // Public, but the data dir is its owner's alone (berth serves it at SigningCertURL).
    BERTH_RETURN_IF_ERROR(WriteFile(cert_path, cert_pem, 0600));
  }
  // Named after the certificate, as AWS names its own: a new one gets a new URL.
  const std::string path =
      "/SimpleNotificationService-" + crypto::HexEncode(crypto::Sha256(cert_pem)).substr(0, 32) + ".pem";
  return std::unique_ptr<SigningKey>(new SigningKey(std::move(key), std::move(cert_pem), path));
}

Result<std::string> SigningKey::Sign(std::string_view signature_version,
                                     std::string_view data) const {
  BERTH_ASSIGN_OR_RETURN(std::string signature,
                         key_->Sign(signature_version == "2" ? crypto::SignatureDigest::kSha256
                                                             : crypto::SignatureDigest::kSha1,
                                    data));
  return crypto::Base64Encode(signature);
}

}  // namespace berth::services::sns
