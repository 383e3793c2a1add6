// S3's signatures: AWS's documented SigV4 examples for S3 (a GET with Range, and the
// aws-chunked upload whose every chunk is signed), chunk decoding across any split of the
// body, trailers with checksums, and SigV2 query strings as botocore makes them.
#include <gtest/gtest.h>

#include "auth/sigv4.h"
#include "core/crypto.h"
#include "core/time_format.h"
#include "services/s3/auth/aws_chunked.h"
#include "services/s3/auth/sigv2_query.h"
#include "services/s3/model/checksum.h"

namespace berth::services::s3 {
namespace {

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr char kEmptySha[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

class S3SigningTest : public ::testing::Test {
 protected:
  FakeClock clock_{*timefmt::ParseAmzDate("20130524T000000Z")};
  auth::SigV4Verifier verifier_{clock_};
};

// "Example: GET Object" of AWS's S3 SigV4 documentation.
TEST_F(S3SigningTest, VerifiesAwsDocumentedGetObject) {
  RequestHead head;
  head.method = "GET";
  head.path = "/test.txt";
  head.headers = {
      {"host", "examplebucket.s3.amazonaws.com"},
      {"range", "bytes=0-9"},
      {"x-amz-content-sha256", kEmptySha},
      {"x-amz-date", "20130524T000000Z"},
      {"authorization",
       "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
       "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature="
       "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"}};
  auto sig = auth::ParseSigV4(head);
  ASSERT_TRUE(sig.ok());
  auth::S3Signature signed_ = verifier_.SignS3(head, *sig, kSecret, kEmptySha);
  EXPECT_TRUE(signed_.matches) << signed_.canonical_request;
  EXPECT_EQ(signed_.scope, "20130524/us-east-1/s3/aws4_request");
  EXPECT_FALSE(verifier_.SignS3(head, *sig, "wrong", kEmptySha).matches);
}

// "Example: PUT Object" of AWS's "Transferring Payload in Multiple Chunks": 66560 bytes of
// 'a' in chunks of 65536 and 1024, then the empty final chunk.
class ChunkedUploadTest : public S3SigningTest {
 protected:
  void SetUp() override {
    head_.method = "PUT";
    head_.path = "/examplebucket/chunkObject.txt";
    head_.headers = {
        {"host", "s3.amazonaws.com"},
        {"x-amz-date", "20130524T000000Z"},
        {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
        {"authorization",
         "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
         "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
         "x-amz-decoded-content-length;x-amz-storage-class,Signature="
         "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"},
        {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
        {"content-encoding", "aws-chunked"},
        {"x-amz-decoded-content-length", "66560"},
        {"content-length", "66824"}};
    body_ =
        "10000;chunk-signature="
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n" +
        std::string(65536, 'a') +
        "\r\n400;chunk-signature="
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n" +
        std::string(1024, 'a') +
        "\r\n0;chunk-signature="
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n";
  }

  ChunkSigning Signing() {
    auto sig = auth::ParseSigV4(head_);
    auth::S3Signature seed =
        verifier_.SignS3(head_, *sig, kSecret, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    EXPECT_TRUE(seed.matches) << seed.canonical_request;
    return ChunkSigning{seed.signing_key, sig->amz_date, seed.scope, sig->signature};
  }

  // Feeds the body in pieces of `piece` bytes; returns the decoded payload or the error.
  Result<std::string> Decode(const std::string& body, size_t piece) {
    AwsChunkedDecoder decoder(Signing(), /*trailer=*/false);
    std::string out;
    for (size_t i = 0; i < body.size(); i += piece) {
      BERTH_RETURN_IF_ERROR(
          decoder.Feed(std::string_view(body).substr(i, piece), [&](std::string_view data) {
            out.append(data);
            return Ok();
          }));
    }
    BERTH_RETURN_IF_ERROR(decoder.Finish());
    return out;
  }

  RequestHead head_;
  std::string body_;
};

TEST_F(ChunkedUploadTest, VerifiesEveryChunkOfAwsDocumentedUpload) {
  EXPECT_EQ(body_.size(), 66824u);
  for (size_t piece : {size_t{1}, size_t{7}, size_t{8192}, size_t{65536}, body_.size()}) {
    auto payload = Decode(body_, piece);
    ASSERT_TRUE(payload.ok()) << piece << ": " << payload.error().message;
    EXPECT_EQ(*payload, std::string(66560, 'a'));
  }
}

TEST_F(ChunkedUploadTest, RefusesATamperedChunk) {
  std::string body = body_;
  body[body.find("\r\n") + 2 + 100] = 'b';
  auto payload = Decode(body, 4096);
  ASSERT_FALSE(payload.ok());
  EXPECT_EQ(payload.error().code, "SignatureDoesNotMatch");
}

TEST_F(ChunkedUploadTest, RefusesChunksReorderedOrDropped) {
  const size_t second = body_.find("400;");
  const size_t last = body_.find("0;chunk", second + 1000);
  // Without the second chunk the final chunk's signature no longer chains.
  std::string body = body_.substr(0, second) + body_.substr(last);
  auto payload = Decode(body, 65536);
  ASSERT_FALSE(payload.ok());
  EXPECT_EQ(payload.error().code, "SignatureDoesNotMatch");
}

TEST_F(ChunkedUploadTest, RefusesATruncatedBodyAndBadFraming) {
  EXPECT_EQ(Decode(body_.substr(0, body_.size() - 4), 1000).error().code, "IncompleteBody");
  std::string bad = body_;
  bad.replace(0, 5, "1000g");
  EXPECT_EQ(Decode(bad, 1000).error().code, "IncompleteBody");
  std::string no_crlf = body_;
  no_crlf.erase(no_crlf.find("\r\n"), 1);
  EXPECT_EQ(Decode(no_crlf, 1000).error().code, "IncompleteBody");
  EXPECT_EQ(Decode(body_ + "extra", 1000).error().code, "IncompleteBody");
  EXPECT_EQ(Decode(std::string(5000, '1') + "\r\n", 1000).error().code, "IncompleteBody");
}

TEST(AwsChunked, DecodesUnsignedChunksWithAChecksumTrailer) {
  const std::string body =
      "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
  for (size_t piece = 1; piece <= body.size(); ++piece) {
    AwsChunkedDecoder decoder(std::nullopt, /*trailer=*/true);
    std::string out;
    for (size_t i = 0; i < body.size(); i += piece) {
      ASSERT_TRUE(decoder
                      .Feed(std::string_view(body).substr(i, piece),
                            [&](std::string_view d) {
                              out.append(d);
                              return Ok();
                            })
                      .ok());
    }
    ASSERT_TRUE(decoder.Finish().ok());
    EXPECT_EQ(out, "hello world");
    ASSERT_EQ(decoder.trailers().size(), 1u);
    EXPECT_EQ(decoder.trailers()[0].name, "x-amz-checksum-crc32");
    EXPECT_EQ(decoder.trailers()[0].value, "DUoRhQ==");
  }
  Checksum crc(ChecksumAlgorithm::kCrc32);
  crc.Update("hello world");
  EXPECT_EQ(crc.Base64(), "DUoRhQ==");
}

TEST(AwsChunked, RefusesSignaturesOnUnsignedChunksAndTrailersNotDeclared) {
  auto feed = [](AwsChunkedDecoder& d, std::string_view body) {
    return d.Feed(body, [](std::string_view) { return Ok(); });
  };
  AwsChunkedDecoder unsigned_decoder(std::nullopt, false);
  EXPECT_FALSE(feed(unsigned_decoder, "5;chunk-signature=00\r\nhello\r\n").ok());
  AwsChunkedDecoder no_trailer(std::nullopt, false);
  EXPECT_FALSE(feed(no_trailer, "0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n").ok());
}

TEST(AwsChunked, StopsAtTheFirstErrorOfItsOutput) {
  AwsChunkedDecoder decoder(std::nullopt, false);
  Status s = decoder.Feed("5\r\nhello\r\n0\r\n\r\n", [](std::string_view) -> Status {
    return Error{"Disk", "full", 500};
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "Disk");
}

// botocore's HmacV1QueryAuth (generate_presigned_url for us-east-1) of
// GET /bucket/a%20b.txt?response-content-type=text%2Fplain, expiring at 1700000000.
TEST(SigV2Query, VerifiesWhatBotocoreSigned) {
  RequestHead head;
  head.method = "GET";
  head.path = "/bucket/a%20b.txt";
  head.query =
      "response-content-type=text%2Fplain&x-id=GetObject&AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE"
      "&Signature=wy91tVgSGtcBYuCsKEoXfJJZXyA%3D&Expires=1700000000";
  ASSERT_TRUE(HasSigV2Query(head));
  auto query = ParseSigV2Query(head);
  ASSERT_TRUE(query);
  EXPECT_EQ(query->access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(query->expires, 1700000000);
  const std::string to_sign = SigV2StringToSign(head, query->expires);
  EXPECT_EQ(to_sign, "GET\n\n\n1700000000\n/bucket/a%20b.txt?response-content-type=text/plain");
  EXPECT_EQ(SigV2Signature(kSecret, to_sign), query->signature);
  head.headers.push_back({"x-amz-meta-extra", "1"});  // unsigned headers change the string
  EXPECT_NE(SigV2Signature(kSecret, SigV2StringToSign(head, query->expires)), query->signature);
}

}  // namespace
}  // namespace berth::services::s3
