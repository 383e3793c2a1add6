#include <gtest/gtest.h>

#include "core/crypto.h"

namespace berth::crypto {
namespace {

const std::string kKey(32, 'k');

TEST(AesGcm, OpensWhatItSealed) {
  const std::string sealed = AesGcmSeal(kKey, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIA1");
  EXPECT_EQ(sealed.size(), 12 + 40 + 16u);
  EXPECT_EQ(sealed.find("wJalr"), std::string::npos);
  EXPECT_EQ(AesGcmOpen(kKey, sealed, "AKIA1"), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
}

TEST(AesGcm, DrawsAFreshNonceForEverySeal) {
  EXPECT_NE(AesGcmSeal(kKey, "same", "id"), AesGcmSeal(kKey, "same", "id"));
}

TEST(AesGcm, RefusesAnotherKeyAnotherAadOrAChangedByte) {
  std::string sealed = AesGcmSeal(kKey, "secret", "AKIA1");
  EXPECT_FALSE(AesGcmOpen(std::string(32, 'x'), sealed, "AKIA1"));
  EXPECT_FALSE(AesGcmOpen(kKey, sealed, "AKIA2"));
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string changed = sealed;
    changed[i] ^= 1;
    EXPECT_FALSE(AesGcmOpen(kKey, changed, "AKIA1")) << "byte " << i;
  }
  EXPECT_FALSE(AesGcmOpen(kKey, sealed.substr(0, 27), "AKIA1"));
  EXPECT_FALSE(AesGcmOpen(kKey, "", "AKIA1"));
}

}  // namespace
}  // namespace berth::crypto
