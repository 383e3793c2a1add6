#include "services/cloudtrail/delivery/digest_signer.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "core/crypto.h"

namespace berth::services::cloudtrail {
namespace {

Error KeyError(const std::string& what) {
  return Error{"InternalFailure", "digest signing key: " + what, 500};
}

}  // namespace

struct DigestSigner::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

DigestSigner::DigestSigner(std::unique_ptr<Key> key, std::string public_der,
                           std::string fingerprint, TimePoint valid_from)
    : key_(std::move(key)),
      public_key_der_(std::move(public_der)),
      fingerprint_(std::move(fingerprint)),
      valid_from_(valid_from) {}

DigestSigner::~DigestSigner() = default;

Result<std::unique_ptr<DigestSigner>> DigestSigner::LoadOrCreate(const std::string& pem_path,
                                                                 TimePoint now) {
  auto key = std::make_unique<Key>();
  TimePoint valid_from = now;
  if (std::FILE* f = std::fopen(pem_path.c_str(), "rb")) {
    key->pkey = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    struct stat st {};
    if (::fstat(fileno(f), &st) == 0) {
      valid_from = TimePoint(std::chrono::seconds(st.st_mtim.tv_sec));
    }
    std::fclose(f);
    if (key->pkey == nullptr) return KeyError("cannot read " + pem_path);
  } else {
    key->pkey = EVP_RSA_gen(2048);
    if (key->pkey == nullptr) return KeyError("cannot generate an RSA key");
    const std::string tmp = pem_path + ".tmp";
    std::FILE* out = std::fopen(tmp.c_str(), "wb");
    if (out == nullptr) return KeyError("cannot create " + tmp);
    ::fchmod(fileno(out), 0600);
    const bool written =
        PEM_write_PrivateKey(out, key->pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
        std::fflush(out) == 0 && ::fsync(fileno(out)) == 0;
    std::fclose(out);
    if (!written || std::rename(tmp.c_str(), pem_path.c_str()) != 0) {
      return KeyError("cannot write " + pem_path);
    }
  }
  // PKCS#1 RSAPublicKey DER: what `aws cloudtrail validate-logs` loads (SPKI is refused).
  unsigned char* der = nullptr;
  const int der_len = i2d_PublicKey(key->pkey, &der);
  if (der_len <= 0) return KeyError("cannot encode the public key");
  const std::string der_bytes(reinterpret_cast<const char*>(der), static_cast<size_t>(der_len));
  OPENSSL_free(der);
  unsigned char md5[EVP_MAX_MD_SIZE];
  unsigned int md5_len = 0;
  if (EVP_Digest(der_bytes.data(), der_bytes.size(), md5, &md5_len, EVP_md5(), nullptr) != 1) {
    return KeyError("cannot fingerprint the public key");
  }
  return std::unique_ptr<DigestSigner>(new DigestSigner(
      std::move(key), der_bytes,
      crypto::HexEncode(std::string_view(reinterpret_cast<const char*>(md5), md5_len)),
      valid_from));
}

Result<std::string> DigestSigner::SignHex(std::string_view data) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return KeyError("out of memory");
  std::string signature;
  size_t len = 0;
  bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_->pkey) == 1 &&
            EVP_DigestSign(ctx, nullptr, &len,
                           reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  if (ok) {
    signature.resize(len);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &len,
                        reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    signature.resize(len);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return KeyError("signing failed");
  return crypto::HexEncode(signature);
}

}  // namespace berth::services::cloudtrail
