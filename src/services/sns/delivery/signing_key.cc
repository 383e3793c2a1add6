#include "services/sns/delivery/signing_key.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
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

std::string PemOfKey(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

Result<std::string> SelfSignedCertificate(EVP_PKEY* key) {
  X509* cert = X509_new();
  if (cert == nullptr) return KeyError("cannot make a certificate");
  X509_set_version(cert, 2);
  const std::string serial = crypto::RandomBytes(8);
  BIGNUM* bn = BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()), 8, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert), -24 * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("berth"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("sns.amazonaws.com"), -1, -1,
                             0);
  X509_set_issuer_name(cert, name);
  if (X509_sign(cert, key, EVP_sha256()) == 0) {
    X509_free(cert);
    return KeyError("cannot sign the certificate");
  }
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  X509_free(cert);
  return pem;
}

}  // namespace

struct SigningKey::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

SigningKey::SigningKey(std::unique_ptr<Key> key, std::string pem, std::string path)
    : key_(std::move(key)), certificate_pem_(std::move(pem)), certificate_path_(std::move(path)) {}

SigningKey::~SigningKey() = default;

Result<std::unique_ptr<SigningKey>> SigningKey::LoadOrCreate(const std::string& dir) {
  const std::string key_path = dir + "/sns-signing.key";
  const std::string cert_path = dir + "/sns-signing.crt";
  auto key = std::make_unique<Key>();
  std::string key_pem = ReadAll(key_path);
  std::string cert_pem = ReadAll(cert_path);
  if (!key_pem.empty()) {
    BIO* bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
    key->pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (key->pkey == nullptr) return KeyError("cannot read " + key_path);
  } else {
    key->pkey = EVP_RSA_gen(2048);
    if (key->pkey == nullptr) return KeyError("cannot generate an RSA key");
    BERTH_RETURN_IF_ERROR(WriteFile(key_path, PemOfKey(key->pkey), 0600));
    cert_pem.clear();  // a new key needs a new certificate
  }
  if (cert_pem.empty()) {
    BERTH_ASSIGN_OR_RETURN(cert_pem, SelfSignedCertificate(key->pkey));
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
  const EVP_MD* md = signature_version == "2" ? EVP_sha256() : EVP_sha1();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return KeyError("out of memory");
  size_t len = 0;
  std::string signature;
  bool ok = EVP_DigestSignInit(ctx, nullptr, md, nullptr, key_->pkey) == 1 &&
            EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()),
                           data.size()) == 1;
  if (ok) {
    signature.resize(len);
    ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &len,
                        reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    signature.resize(len);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) return KeyError("cannot sign");
  return crypto::Base64Encode(signature);
}

}  // namespace berth::services::sns
