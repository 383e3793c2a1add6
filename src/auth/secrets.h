#pragma once
// The pieces every kind of credential is made of: random key ids and secrets, and secrets kept
// at rest sealed under the data directory's at-rest key ("v1:" + base64(AES-256-GCM nonce ||
// ciphertext || tag), with the key id as associated data so a sealed secret cannot be moved to
// another key's row).

#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::auth {

inline constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
inline constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// `n` characters of `alphabet`, each equally likely.
std::string RandomString(size_t n, std::string_view alphabet);
// A new 40-character secret access key (never containing ':').
std::string NewSecretAccessKey();

std::string SealSecret(std::string_view key, std::string_view key_id, std::string_view secret);
// Errors: InternalFailure when `stored` is not sealed under `key` for `key_id`.
Result<std::string> UnsealSecret(std::string_view key, std::string_view key_id,
                                 std::string_view stored);

}  // namespace berth::auth
