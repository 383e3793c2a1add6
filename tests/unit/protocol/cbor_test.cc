#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/time_format.h"
#include "protocol/cbor.h"
#include "protocol/rpc_v2_cbor.h"

namespace berth::protocol {
namespace {

std::string Hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    if (hex[i] == ' ') {
      --i;
      continue;
    }
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

TEST(Cbor, DecodesDefiniteMapsListsAndScalars) {
  // {"a": [1, -2, 2.5, true, null], "b": h'0102', "c": "x"}
  auto d = DecodeCbor(Hex("a3 6161 85 01 21 fb4004000000000000 f5 f6 6162 420102 6163 6178"));
  ASSERT_TRUE(d.ok()) << d.error().message;
  const auto& a = d->Find("a")->as_list();
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a[0].as_int(), 1);
  EXPECT_EQ(a[1].as_int(), -2);
  EXPECT_EQ(a[2].as_double(), 2.5);
  EXPECT_TRUE(a[3].as_bool());
  EXPECT_TRUE(a[4].is_null());
  EXPECT_EQ(d->Find("b")->as_blob(), std::string("\x01\x02", 2));
  EXPECT_EQ(d->Find("c")->as_string(), "x");
}

TEST(Cbor, DecodesIndefiniteLengthsAsAwsSendsThem) {
  // {_ "k": [_ 1, 2], "s": (_ "ab", "c"), "b": (_ h'01', h'02')}
  auto d = DecodeCbor(Hex("bf 616b 9f 01 02 ff 6173 7f 626162 6163 ff 6162 5f 4101 4102 ff ff"));
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->Find("k")->as_list().size(), 2u);
  EXPECT_EQ(d->Find("s")->as_string(), "abc");
  EXPECT_EQ(d->Find("b")->as_blob(), std::string("\x01\x02", 2));
}

TEST(Cbor, Tag1IsATimestampInIntegerOrFloatSeconds) {
  auto i = DecodeCbor(Hex("c1 1a6b169fc0"));  // 1(1796644800), botocore's form
  ASSERT_TRUE(i.ok());
  ASSERT_EQ(i->kind(), Document::Kind::kTimestamp);
  EXPECT_EQ(timefmt::EpochSeconds(i->as_timestamp()), 1796644800.0);
  auto f = DecodeCbor(Hex("c1 fb41d4480077000000"));  // 1(1361052124.0)
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(timefmt::EpochSeconds(f->as_timestamp()), 1361052124.0);
  EXPECT_FALSE(DecodeCbor(Hex("c1 6161")).ok());  // a tagged string is no timestamp
}

TEST(Cbor, HalfAndSingleFloats) {
  auto h = DecodeCbor(Hex("f93e00"));  // 1.5 as half
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->as_double(), 1.5);
  auto s = DecodeCbor(Hex("fa47c35000"));  // 100000.0 as single
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->as_double(), 100000.0);
}

TEST(Cbor, RoundTripsEveryKind) {
  Document doc = Document::MakeMap();
  doc["n"] = Document();
  doc["t"] = true;
  doc["i"] = int64_t{-1234567890123};
  doc["u"] = int64_t{4000000000};
  doc["d"] = 0.1;
  doc["s"] = std::string(300, 'x');
  doc["b"] = Document::Blob("\x00\xff");
  doc["ts"] = Document::Timestamp(FromMillis(1796644800500));
  doc["l"] = Document::List{1, "two", Document::MakeMap()};
  auto back = DecodeCbor(EncodeCbor(doc));
  ASSERT_TRUE(back.ok()) << back.error().message;
  // Decoding sorts map members (FromMembers); compare member by member.
  for (const auto& [key, value] : doc.as_map()) {
    ASSERT_NE(back->Find(key), nullptr) << key;
    EXPECT_EQ(*back->Find(key), value) << key;
  }
}

TEST(Cbor, TimestampsAreEncodedAsTag1Doubles) {
  EXPECT_EQ(EncodeCbor(Document::Timestamp(FromMillis(1796644800000))),
            Hex("c1 fb41dac5a7f0000000"));
}

TEST(Cbor, RefusesTruncatedAndMalformedInputWithoutThrowing) {
  const std::vector<std::string> inputs = {
      "",
      Hex("a1 6161"),                // map value missing
      Hex("82 01"),                  // array short of a member
      Hex("9f 01"),                  // indefinite array without break
      Hex("7f 6161"),                // indefinite string without break
      Hex("7f 4161 ff"),             // a byte chunk inside a text string
      Hex("7f 9f ff ff"),            // an array inside a string
      Hex("a1 01 02"),               // a non-text key
      Hex("ff"),                     // a stray break
      Hex("01 02"),                  // trailing bytes
      Hex("1b ffff"),                // truncated integer
      Hex("7a ffffffff 61"),         // a string longer than the input
      Hex("9b ffffffffffffffff 01"), // 2^64-1 members claimed, one present
      Hex("bb ffffffffffffffff"),    // a map claiming 2^64-1 pairs
      Hex("c1 c1 01"),               // tag 1 on tag 1
      Hex("bf 6161 ff"),             // indefinite map: key without value
      Hex("1c"),                     // reserved additional information
  };
  for (const std::string& bad : inputs) {
    auto d = DecodeCbor(bad);
    EXPECT_FALSE(d.ok()) << testing::PrintToString(bad);
    if (!d.ok()) {
      EXPECT_EQ(d.error().code, "SerializationException");
    }
  }
}

TEST(Cbor, RefusesDeepNesting) {
  std::string deep(10000, '\x81');
  deep.push_back('\x01');
  EXPECT_FALSE(DecodeCbor(deep).ok());
  std::string indefinite(10000, '\x9f');
  EXPECT_FALSE(DecodeCbor(indefinite).ok());
  std::string ok(kMaxCborDepth, '\x81');
  ok.push_back('\x01');
  EXPECT_TRUE(DecodeCbor(ok).ok());
}

TEST(Cbor, SurvivesRandomGarbage) {
  std::mt19937 rng(42);
  const std::string seed = Hex("bf 616b 9f 01 02 ff 6173 7f 626162 6163 ff a1 6161 c1 1a6b169fc0 ff");
  for (int round = 0; round < 20000; ++round) {
    std::string input = seed;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < flips; ++i) input[rng() % input.size()] = static_cast<char>(rng());
    input.resize(rng() % (input.size() + 1));
    auto d = DecodeCbor(input);  // must not crash, leak or hang
    (void)d.ok();
  }
  for (int round = 0; round < 5000; ++round) {
    std::string input(rng() % 64, '\0');
    for (char& c : input) c = static_cast<char>(rng());
    (void)DecodeCbor(input).ok();
  }
}

TEST(RpcV2Cbor, ParsesPathsAndRefusesOthers) {
  std::string_view service, op;
  ASSERT_TRUE(ParseRpcV2Path("/service/GraniteServiceVersion20100801/operation/PutMetricData",
                             &service, &op));
  EXPECT_EQ(service, "GraniteServiceVersion20100801");
  EXPECT_EQ(op, "PutMetricData");
  EXPECT_FALSE(ParseRpcV2Path("/service//operation/X", &service, &op));
  EXPECT_FALSE(ParseRpcV2Path("/service/S/operation/", &service, &op));
  EXPECT_FALSE(ParseRpcV2Path("/service/S/operation/X/Y", &service, &op));
  EXPECT_FALSE(ParseRpcV2Path("/v2/service/S/operation/X", &service, &op));
}

TEST(RpcV2Cbor, ErrorsCarryTheNamespacedType) {
  Response r = EncodeCborError(Error{"InvalidParameterValueException", "bad", 400},
                               "com.amazonaws.cloudwatch");
  EXPECT_EQ(r.status, 400);
  auto body = DecodeCbor(r.body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->Find("__type")->as_string(),
            "com.amazonaws.cloudwatch#InvalidParameterValueException");
  EXPECT_EQ(body->Find("message")->as_string(), "bad");
  EXPECT_FALSE(DecodeCborRequest(Hex("81 01")).ok());
  EXPECT_TRUE(DecodeCborRequest("").ok());
}

}  // namespace
}  // namespace berth::protocol
