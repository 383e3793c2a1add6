#pragma once
// The digests S3 keeps of an object's bytes: MD5 (its ETag and Content-MD5), and the flexible
// checksums clients may send as x-amz-checksum-<algorithm> (botocore sends CRC32 with every
// PutObject and UploadPart), verified as the body arrives.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace berth::services::s3 {

class Md5 {
 public:
  Md5();
  ~Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;
  void Update(std::string_view bytes);
  std::array<uint8_t, 16> Finish();

 private:
  void* ctx_;  // EVP_MD_CTX*
};

std::string Md5Hex(std::string_view bytes);

enum class ChecksumAlgorithm { kCrc32, kCrc32c, kCrc64Nvme, kSha1, kSha256 };

// "CRC32", "crc32c", … (either case); nullopt for an algorithm berth does not compute.
std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name);
std::string_view ChecksumName(ChecksumAlgorithm algorithm);  // "CRC32"
std::string ChecksumHeader(ChecksumAlgorithm algorithm);     // "x-amz-checksum-crc32"

// A running checksum; Base64() is its value as S3 writes it (big-endian bytes, base64).
class Checksum {
 public:
  explicit Checksum(ChecksumAlgorithm algorithm);
  ~Checksum();
  Checksum(const Checksum&) = delete;
  Checksum& operator=(const Checksum&) = delete;
  ChecksumAlgorithm algorithm() const { return algorithm_; }
  void Update(std::string_view bytes);
  // The value of everything so far; call once, at the end.
  std::string Base64();

 private:
  ChecksumAlgorithm algorithm_;
  uint64_t crc_;
  void* ctx_ = nullptr;  // EVP_MD_CTX* for the SHA algorithms
};

}  // namespace berth::services::s3
