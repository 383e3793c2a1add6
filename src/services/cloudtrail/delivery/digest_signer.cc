#include "services/cloudtrail/delivery/digest_signer.h"

#include <openssl/evp.h>
#include <sys/stat.h>

#include "core/crypto.h"

namespace berth::services::cloudtrail {

DigestSigner::DigestSigner(std::unique_ptr<crypto::RsaKey> key, std::string public_der,
                           std::string fingerprint, TimePoint valid_from)
    : key_(std::move(key)),
      public_key_der_(std::move(public_der)),
      fingerprint_(std::move(fingerprint)),
      valid_from_(valid_from) {}

DigestSigner::~DigestSigner() = default;

Result<std::unique_ptr<DigestSigner>> DigestSigner::LoadOrCreate(const std::string& pem_path,
                                                                 TimePoint now) {
  bool created = false;
  BERTH_ASSIGN_OR_RETURN(auto key,
                         crypto::RsaKey::LoadOrCreate(pem_path, "digest signing key", &created));
  // A kept key has been valid since its file was written.
  TimePoint valid_from = now;
  struct stat st {};
  if (!created && ::stat(pem_path.c_str(), &st) == 0) {
    valid_from = TimePoint(std::chrono::seconds(st.st_mtim.tv_sec));
  }
  // PKCS#1 RSAPublicKey DER: what `aws cloudtrail validate-logs` loads (SPKI is refused).
  BERTH_ASSIGN_OR_RETURN(std::string der, key->PublicKeyPkcs1Der());
  unsigned char md5[EVP_MAX_MD_SIZE];
  unsigned int md5_len = 0;
  if (EVP_Digest(der.data(), der.size(), md5, &md5_len, EVP_md5(), nullptr) != 1) {
    return Error{"InternalFailure", "digest signing key: cannot fingerprint the public key", 500};
  }
  return std::unique_ptr<DigestSigner>(new DigestSigner(
      std::move(key), der,
      crypto::HexEncode(std::string_view(reinterpret_cast<const char*>(md5), md5_len)),
      valid_from));
}

Result<std::string> DigestSigner::SignHex(std::string_view data) const {
  BERTH_ASSIGN_OR_RETURN(std::string signature,
                         key_->Sign(crypto::SignatureDigest::kSha256, data));
  return crypto::HexEncode(signature);
}

}  // namespace berth::services::cloudtrail
