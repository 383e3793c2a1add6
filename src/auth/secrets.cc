#include "auth/secrets.h"

#include "core/crypto.h"

namespace berth::auth {
namespace {

constexpr std::string_view kSealedPrefix = "v1:";

}  // namespace

std::string RandomString(size_t n, std::string_view alphabet) {
  // Rejection sampling, so that every character is equally likely.
  std::string out;
  out.reserve(n);
  const size_t limit = 256 - (256 % alphabet.size());
  while (out.size() < n) {
    for (unsigned char b : crypto::RandomBytes(n * 2)) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % alphabet.size()]);
      if (out.size() == n) break;
    }
  }
  return out;
}

std::string NewSecretAccessKey() { return RandomString(40, kSecretAlphabet); }

std::string SealSecret(std::string_view key, std::string_view key_id, std::string_view secret) {
  return std::string(kSealedPrefix) + crypto::Base64Encode(crypto::AesGcmSeal(key, secret, key_id));
}

// Secrets are of an alphabet without ':', so a stored value starting "v1:" is never a
// plain-text secret.
Result<std::string> UnsealSecret(std::string_view key, std::string_view key_id,
                                 std::string_view stored) {
  if (stored.substr(0, kSealedPrefix.size()) == kSealedPrefix) {
    auto sealed = crypto::Base64Decode(stored.substr(kSealedPrefix.size()));
    if (sealed) {
      if (auto secret = crypto::AesGcmOpen(key, *sealed, key_id)) return *secret;
    }
  }
  // Names no path: the message may reach a caller through the dispatcher.
  return Error{"InternalFailure",
               "a stored access key could not be decrypted with the at-rest key", 500};
}

}  // namespace berth::auth
