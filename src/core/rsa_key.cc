#include "core/rsa_key.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "core/crypto.h"

namespace berth::crypto {

struct RsaKey::Handle {
  EVP_PKEY* pkey = nullptr;
  ~Handle() { EVP_PKEY_free(pkey); }
};

namespace {

Error KeyError(const std::string& what, const std::string& detail) {
  return Error{"InternalFailure", what + ": " + detail, 500};
}

std::string PemOf(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace

RsaKey::RsaKey(std::unique_ptr<Handle> handle, std::string what)
    : handle_(std::move(handle)), what_(std::move(what)) {}

RsaKey::~RsaKey() = default;

Result<std::unique_ptr<RsaKey>> RsaKey::LoadOrCreate(const std::string& path,
                                                     const std::string& what, bool* created) {
  auto handle = std::make_unique<Handle>();
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    handle->pkey = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (handle->pkey == nullptr) return KeyError(what, "cannot read " + path);
    if (created != nullptr) *created = false;
  } else {
    handle->pkey = EVP_RSA_gen(2048);
    if (handle->pkey == nullptr) return KeyError(what, "cannot generate an RSA key");
    const std::string tmp = path + ".tmp";
    std::FILE* out = std::fopen(tmp.c_str(), "wb");
    if (out == nullptr) return KeyError(what, "cannot create " + tmp);
    ::fchmod(fileno(out), 0600);
    const bool written =
        PEM_write_PrivateKey(out, handle->pkey, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
        std::fflush(out) == 0 && ::fsync(fileno(out)) == 0;
    std::fclose(out);
    if (!written || std::rename(tmp.c_str(), path.c_str()) != 0) {
      return KeyError(what, "cannot write " + path);
    }
    if (created != nullptr) *created = true;
  }
  return std::unique_ptr<RsaKey>(new RsaKey(std::move(handle), what));
}

Result<std::string> RsaKey::Sign(SignatureDigest digest, std::string_view data) const {
  const EVP_MD* md = digest == SignatureDigest::kSha256 ? EVP_sha256() : EVP_sha1();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return KeyError(what_, "out of memory");
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  size_t len = 0;
  std::string signature;
  bool ok = EVP_DigestSignInit(ctx, nullptr, md, nullptr, handle_->pkey) == 1 &&
            EVP_DigestSign(ctx, nullptr, &len, bytes, data.size()) == 1;
  if (ok) {
    signature.resize(len);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &len, bytes,
                        data.size()) == 1;
    signature.resize(len);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return KeyError(what_, "signing failed");
  return signature;
}

Result<std::string> RsaKey::PublicKeyPkcs1Der() const {
  unsigned char* der = nullptr;
  const int len = i2d_PublicKey(handle_->pkey, &der);
  if (len <= 0) return KeyError(what_, "cannot encode the public key");
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

Result<std::string> RsaKey::SelfSignedCertificatePem(const std::string& common_name) const {
  X509* cert = X509_new();
  if (cert == nullptr) return KeyError(what_, "cannot make a certificate");
  X509_set_version(cert, 2);
  const std::string serial = RandomBytes(8);
  BIGNUM* bn = BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()), 8, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert), -24 * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert, handle_->pkey);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("berth"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert, name);
  if (X509_sign(cert, handle_->pkey, EVP_sha256()) == 0) {
    X509_free(cert);
    return KeyError(what_, "cannot sign the certificate");
  }
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  std::string pem = PemOf(bio);
  BIO_free(bio);
  X509_free(cert);
  return pem;
}

}  // namespace berth::crypto
