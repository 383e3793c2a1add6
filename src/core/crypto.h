#pragma once
// Hashing, HMAC, encodings and randomness, on OpenSSL. Pure functions; thread-safe.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::crypto {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);
Sha256Digest HmacSha256(std::string_view key, std::string_view data);

// An HMAC-SHA256 key prepared once for many signatures (the key schedule is done at
// construction). Sign is const and thread-safe: it copies the prepared state.
class HmacSha256Key {
 public:
  explicit HmacSha256Key(std::string_view key);
  ~HmacSha256Key();
  HmacSha256Key(const HmacSha256Key&) = delete;
  HmacSha256Key& operator=(const HmacSha256Key&) = delete;
  Sha256Digest Sign(std::string_view data) const;

 private:
  void* ctx_;  // EVP_MAC_CTX*, initialised with the key
};

// Incremental SHA-256 for streams (blob uploads). Not thread-safe per instance.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view data);
  // Digest of everything so far; the stream may continue to be updated.
  Sha256Digest Peek() const;
  Sha256Digest Finish();

 private:
  void* ctx_;  // EVP_MD_CTX*
};

std::string HexEncode(std::string_view bytes);
std::string HexEncode(const Sha256Digest& d);
std::optional<std::string> HexDecode(std::string_view hex);
std::string Base64Encode(std::string_view bytes);
// Strict standard base64 (with padding); nullopt on any invalid character.
std::optional<std::string> Base64Decode(std::string_view text);
std::string Base64UrlEncode(std::string_view bytes);  // no padding
std::optional<std::string> Base64UrlDecode(std::string_view text);
// Constant-time comparison, for signatures and tokens.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// Cryptographically secure random bytes.
std::string RandomBytes(size_t n);

// AES-256-GCM (OpenSSL EVP) with a 32-byte key. Seal draws a fresh random 12-byte nonce and
// returns nonce || ciphertext || 16-byte tag; `aad` is authenticated but not stored. Open
// returns nullopt when the key, the aad or any byte does not match (never a partial result).
constexpr size_t kAesGcmKeyBytes = 32;
std::string AesGcmSeal(std::string_view key, std::string_view plaintext, std::string_view aad);
std::optional<std::string> AesGcmOpen(std::string_view key, std::string_view sealed,
                                      std::string_view aad);

}  // namespace berth::crypto
