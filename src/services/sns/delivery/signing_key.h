#pragma once
// The key SNS messages are signed with and its self-signed certificate, which berth serves at
// the messages' SigningCertURL so receivers can verify them as they verify AWS's. Created once
// in <data-dir>/keys (private key 0600) and reused across restarts, so messages signed before a
// restart still verify.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/rsa_key.h"

namespace berth::services::sns {

class SigningKey {
 public:
  // Loads <dir>/sns-signing.key and <dir>/sns-signing.crt, creating both when missing (RSA
  // 2048, a certificate for "sns.amazonaws.com" valid ten years). InternalFailure on I/O or
  // OpenSSL errors.
  static Result<std::unique_ptr<SigningKey>> LoadOrCreate(const std::string& dir);
  ~SigningKey();

  // base64 of the RSA signature of `data`: SHA1withRSA for SignatureVersion "1", SHA256withRSA
  // for "2". Thread-safe.
  Result<std::string> Sign(std::string_view signature_version, std::string_view data) const;
  // The certificate, PEM.
  const std::string& certificate_pem() const { return certificate_pem_; }
  // The path it is served at on berth's listener, AWS's form:
  // "/SimpleNotificationService-<hex>.pem".
  const std::string& certificate_path() const { return certificate_path_; }

 private:
  SigningKey(std::unique_ptr<crypto::RsaKey> key, std::string pem, std::string path);
  std::unique_ptr<crypto::RsaKey> key_;
  std::string certificate_pem_;
  std::string certificate_path_;
};

}  // namespace berth::services::sns
