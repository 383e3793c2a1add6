#pragma once
// An RSA private key kept as a PEM file (0600), made on first use: what CloudTrail's digest
// signer and SNS's message signer share. The OpenSSL handle stays inside rsa_key.cc.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::crypto {

enum class SignatureDigest { kSha1, kSha256 };

class RsaKey {
 public:
  // Loads the PEM private key at `path`, or creates a 2048-bit key there (written to a
  // temporary file, fsynced, renamed; 0600 from the start) when the file does not exist.
  // `created` (optional) tells which happened. Errors: InternalFailure naming `what`.
  static Result<std::unique_ptr<RsaKey>> LoadOrCreate(const std::string& path,
                                                      const std::string& what,
                                                      bool* created = nullptr);
  ~RsaKey();
  RsaKey(const RsaKey&) = delete;
  RsaKey& operator=(const RsaKey&) = delete;

  // The PKCS#1 v1.5 signature (SHA1withRSA or SHA256withRSA) of `data`, raw bytes.
  // Thread-safe.
  Result<std::string> Sign(SignatureDigest digest, std::string_view data) const;
  // The public half as PKCS#1 RSAPublicKey DER.
  Result<std::string> PublicKeyPkcs1Der() const;
  // A self-signed X.509 certificate of the key, PEM: subject O=berth, CN=`common_name`, valid
  // from a day ago for ten years.
  Result<std::string> SelfSignedCertificatePem(const std::string& common_name) const;

 private:
  struct Handle;
  RsaKey(std::unique_ptr<Handle> handle, std::string what);
  std::unique_ptr<Handle> handle_;
  std::string what_;
};

}  // namespace berth::crypto
