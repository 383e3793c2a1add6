#include "services/s3/model/checksum.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>

#include "core/crypto.h"

namespace berth::services::s3 {
namespace {

// Byte-at-a-time tables of the reflected CRC-32C (Castagnoli) and CRC-64/NVME polynomials;
// zlib provides plain CRC-32.
template <class T, T kPolynomial>
struct CrcTable {
  std::array<T, 256> entries{};
  constexpr CrcTable() {
    for (unsigned i = 0; i < 256; ++i) {
      T crc = i;
      for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ kPolynomial : crc >> 1;
      entries[i] = crc;
    }
  }
};
constexpr CrcTable<uint32_t, 0x82F63B78u> kCrc32c;
constexpr CrcTable<uint64_t, 0x9A6C9329AC4BC9B5ull> kCrc64Nvme;

template <class T, size_t N>
T UpdateCrc(const std::array<T, N>& table, T crc, std::string_view bytes) {
  for (unsigned char b : bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return crc;
}

std::string BigEndian(uint64_t value, int bytes) {
  std::string out(static_cast<size_t>(bytes), '\0');
  for (int i = bytes - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  return out;
}

void* NewDigest(const EVP_MD* md) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, md, nullptr);
  return ctx;
}

std::string FinishDigest(void* ctx) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

}  // namespace

Md5::Md5() : ctx_(NewDigest(EVP_md5())) {}
Md5::~Md5() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Md5::Update(std::string_view bytes) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size());
}

std::array<uint8_t, 16> Md5::Finish() {
  const std::string digest = FinishDigest(ctx_);
  std::array<uint8_t, 16> out{};
  std::copy_n(digest.begin(), out.size(), out.begin());
  return out;
}

std::string Md5Hex(std::string_view bytes) {
  Md5 md5;
  md5.Update(bytes);
  const auto digest = md5.Finish();
  return crypto::HexEncode(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (auto a :
       {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c, ChecksumAlgorithm::kCrc64Nvme,
        ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256}) {
    if (upper == ChecksumName(a)) return a;
  }
  return std::nullopt;
}

std::string_view ChecksumName(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc32:
      return "CRC32";
    case ChecksumAlgorithm::kCrc32c:
      return "CRC32C";
    case ChecksumAlgorithm::kCrc64Nvme:
      return "CRC64NVME";
    case ChecksumAlgorithm::kSha1:
      return "SHA1";
    case ChecksumAlgorithm::kSha256:
      return "SHA256";
  }
  return "";
}

std::string ChecksumHeader(ChecksumAlgorithm algorithm) {
  std::string name(ChecksumName(algorithm));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return "x-amz-checksum-" + name;
}

Checksum::Checksum(ChecksumAlgorithm algorithm) : algorithm_(algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc32:
      crc_ = crc32(0L, Z_NULL, 0);
      break;
    case ChecksumAlgorithm::kCrc32c:
      crc_ = 0xFFFFFFFFu;
      break;
    case ChecksumAlgorithm::kCrc64Nvme:
      crc_ = ~uint64_t{0};
      break;
    case ChecksumAlgorithm::kSha1:
      ctx_ = NewDigest(EVP_sha1());
      break;
    case ChecksumAlgorithm::kSha256:
      ctx_ = NewDigest(EVP_sha256());
      break;
  }
}

Checksum::~Checksum() {
  if (ctx_ != nullptr) EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
}

void Checksum::Update(std::string_view bytes) {
  switch (algorithm_) {
    case ChecksumAlgorithm::kCrc32:
      // zlib takes at most a uInt per call.
      while (!bytes.empty()) {
        const size_t n = std::min<size_t>(bytes.size(), 1u << 30);
        crc_ = crc32(static_cast<uLong>(crc_), reinterpret_cast<const Bytef*>(bytes.data()),
                     static_cast<uInt>(n));
        bytes.remove_prefix(n);
      }
      break;
    case ChecksumAlgorithm::kCrc32c:
      crc_ = UpdateCrc(kCrc32c.entries, static_cast<uint32_t>(crc_), bytes);
      break;
    case ChecksumAlgorithm::kCrc64Nvme:
      crc_ = UpdateCrc(kCrc64Nvme.entries, crc_, bytes);
      break;
    case ChecksumAlgorithm::kSha1:
    case ChecksumAlgorithm::kSha256:
      EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size());
      break;
  }
}

std::string Checksum::Base64() {
  switch (algorithm_) {
    case ChecksumAlgorithm::kCrc32:
      return crypto::Base64Encode(BigEndian(crc_, 4));
    case ChecksumAlgorithm::kCrc32c:
      return crypto::Base64Encode(BigEndian(static_cast<uint32_t>(crc_) ^ 0xFFFFFFFFu, 4));
    case ChecksumAlgorithm::kCrc64Nvme:
      return crypto::Base64Encode(BigEndian(~crc_, 8));
    case ChecksumAlgorithm::kSha1:
    case ChecksumAlgorithm::kSha256:
      return crypto::Base64Encode(FinishDigest(ctx_));
  }
  return "";
}

}  // namespace berth::services::s3
