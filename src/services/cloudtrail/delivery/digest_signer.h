#pragma once
// The key CloudTrail signs digest files with (SHA256withRSA), and its public half as
// ListPublicKeys serves it: PKCS#1 DER, with a fingerprint that digest files name. Kept in <data-dir>/keys/cloudtrail-digest.pem (0600), made on first start.

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "core/rsa_key.h"

namespace berth::services::cloudtrail {

class DigestSigner {
 public:
  // Loads the key at `pem_path`, creating a 2048-bit one when the file does not exist.
  static Result<std::unique_ptr<DigestSigner>> LoadOrCreate(const std::string& pem_path,
                                                            TimePoint now);
  ~DigestSigner();
  DigestSigner(const DigestSigner&) = delete;
  DigestSigner& operator=(const DigestSigner&) = delete;

  // Hex of the SHA256withRSA (PKCS#1 v1.5) signature of `data`.
  Result<std::string> SignHex(std::string_view data) const;
  const std::string& public_key_der() const { return public_key_der_; }  // PKCS#1
  const std::string& fingerprint() const { return fingerprint_; }  // hex MD5 of the DER key
  TimePoint valid_from() const { return valid_from_; }

 private:
  DigestSigner(std::unique_ptr<crypto::RsaKey> key, std::string public_der,
               std::string fingerprint, TimePoint valid_from);
  std::unique_ptr<crypto::RsaKey> key_;
  std::string public_key_der_;
  std::string fingerprint_;
  TimePoint valid_from_;
};

}  // namespace berth::services::cloudtrail
