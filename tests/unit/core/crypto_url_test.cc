#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/url.h"

namespace berth {
namespace {

TEST(Crypto, Sha256OfAbcMatchesFips180) {
  EXPECT_EQ(crypto::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(crypto::Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Crypto, HmacMatchesRfc4231Case2) {
  EXPECT_EQ(crypto::HexEncode(crypto::HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, StreamingHashEqualsOneShot) {
  crypto::Sha256Stream s;
  s.Update("ab");
  EXPECT_EQ(crypto::HexEncode(s.Peek()), crypto::Sha256Hex("ab"));
  s.Update("c");
  EXPECT_EQ(crypto::HexEncode(s.Finish()), crypto::Sha256Hex("abc"));
}

TEST(Crypto, Base64RoundTripsAndIsStrict) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\x00\x01"}) {
    auto encoded = crypto::Base64Encode(s);
    EXPECT_EQ(crypto::Base64Decode(encoded), s);
    EXPECT_EQ(crypto::Base64UrlDecode(crypto::Base64UrlEncode(s)), s);
  }
  EXPECT_EQ(crypto::Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(crypto::Base64Encode("fo"), "Zm8=");
  EXPECT_FALSE(crypto::Base64Decode("Zm8").has_value());     // missing padding
  EXPECT_FALSE(crypto::Base64Decode("Zm9=").has_value());    // non-zero trailing bits
  EXPECT_FALSE(crypto::Base64Decode("Zm 8=").has_value());   // not in the alphabet
  EXPECT_FALSE(crypto::Base64UrlDecode("Zm8+").has_value());  // standard alphabet in url form
}

TEST(Crypto, HexDecodeRefusesOddAndNonHex) {
  EXPECT_EQ(crypto::HexDecode("00ff"), std::string("\x00\xff", 2));
  EXPECT_FALSE(crypto::HexDecode("abc").has_value());
  EXPECT_FALSE(crypto::HexDecode("zz").has_value());
}

TEST(Crypto, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(crypto::ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(crypto::ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(crypto::ConstantTimeEquals("abc", "ab"));
}

TEST(Url, UriEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(url::UriEncode("a b/c~d*é"), "a%20b%2Fc~d%2A%C3%A9");
  EXPECT_EQ(url::UriEncode("a b/c", /*encode_slash=*/false), "a%20b/c");
}

TEST(Url, PercentDecodeRefusesBrokenEscapes) {
  EXPECT_EQ(url::PercentDecode("a%20b+c"), "a b+c");
  EXPECT_EQ(url::PercentDecode("a%20b+c", true), "a b c");
  EXPECT_FALSE(url::PercentDecode("%2").has_value());
  EXPECT_FALSE(url::PercentDecode("%zz").has_value());
}

TEST(Url, ParseQueryKeepsRepeatsAndEmptyValues) {
  auto q = url::ParseQuery("a=1&b&a=2&&c=", false);
  ASSERT_TRUE(q.has_value());
  std::vector<std::pair<std::string, std::string>> want = {
      {"a", "1"}, {"b", ""}, {"a", "2"}, {"c", ""}};
  EXPECT_EQ(*q, want);
}

}  // namespace
}  // namespace berth
