// The S3 model: bucket and key rules, Range headers, HTTP dates and checksums.
#include <gtest/gtest.h>

#include "core/time_format.h"
#include "services/s3/model/checksum.h"
#include "services/s3/model/http_date.h"
#include "services/s3/model/names.h"
#include "services/s3/model/range.h"

namespace berth::services::s3 {
namespace {

TEST(BucketNames, AcceptsWhatS3Accepts) {
  for (const char* name :
       {"abc", "my-bucket", "my.bucket.name", "a1b2c3", "123", "trail-logs-298011627761"}) {
    EXPECT_TRUE(IsValidBucketName(name)) << name;
  }
  EXPECT_TRUE(IsValidBucketName(std::string(63, 'a')));
}

TEST(BucketNames, RefusesWhatS3Refuses) {
  for (const char* name :
       {"ab", "UPPER", "under_score", "-start", "end-", ".start", "end.", "two..dots",
        "192.168.5.4", "xn--bucket", "sthree-bucket", "amzn-s3-demo-x", "bucket-s3alias",
        "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "bucket--table-s3", "spa ce", ""}) {
    EXPECT_FALSE(IsValidBucketName(name)) << name;
  }
  EXPECT_FALSE(IsValidBucketName(std::string(64, 'a')));
  EXPECT_TRUE(IsValidBucketName("192.168.5.4a"));  // not an address
}

TEST(ObjectKeys, AreOneTo1024BytesOfUtf8WithoutNul) {
  EXPECT_TRUE(ValidateKey("a").ok());
  EXPECT_TRUE(ValidateKey("dir/sub/ünïcödé ✓.txt").ok());
  EXPECT_TRUE(ValidateKey(std::string(1024, 'k')).ok());
  EXPECT_EQ(ValidateKey(std::string(1025, 'k')).error().code, "KeyTooLongError");
  EXPECT_EQ(ValidateKey("").error().code, "InvalidArgument");
  EXPECT_EQ(ValidateKey("bad\xff").error().code, "InvalidArgument");
  EXPECT_EQ(ValidateKey(std::string("nul\0x", 5)).error().code, "InvalidArgument");
}

TEST(Utf8, RefusesOverlongSurrogatesAndTruncation) {
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));   // U+1F600
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // cut short
}

TEST(Range, ServesOneByteRange) {
  auto r = ParseRange("bytes=0-9", 100);
  EXPECT_EQ(r.kind, RangeKind::kPartial);
  EXPECT_EQ(r.range.first, 0u);
  EXPECT_EQ(r.range.length, 10u);
  r = ParseRange("bytes=90-", 100);
  EXPECT_EQ(r.range.first, 90u);
  EXPECT_EQ(r.range.length, 10u);
  r = ParseRange("bytes=-5", 100);
  EXPECT_EQ(r.range.first, 95u);
  EXPECT_EQ(r.range.length, 5u);
  r = ParseRange("bytes=50-1000", 100);  // clipped to the object
  EXPECT_EQ(r.range.first, 50u);
  EXPECT_EQ(r.range.length, 50u);
  r = ParseRange("bytes=-500", 100);  // more than there is: all of it
  EXPECT_EQ(r.range.first, 0u);
  EXPECT_EQ(r.range.length, 100u);
}

TEST(Range, IsUnsatisfiablePastTheEnd) {
  EXPECT_EQ(ParseRange("bytes=100-", 100).kind, RangeKind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=200-300", 100).kind, RangeKind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=0-0", 0).kind, RangeKind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=-0", 100).kind, RangeKind::kUnsatisfiable);
}

TEST(Range, IgnoresWhatItCannotParseOrSeveralRanges) {
  for (const char* header : {"bytes=a-b", "items=0-1", "bytes=5-1", "bytes=0-1,3-4",
                             "bytes=", "bytes=-", "bytes=99999999999999999999999-"}) {
    EXPECT_EQ(ParseRange(header, 100).kind, RangeKind::kWhole) << header;
  }
}

TEST(HttpDate, FormatsAndParsesImfFixdate) {
  const TimePoint t = *timefmt::ParseIso8601("1994-11-06T08:49:37Z");
  EXPECT_EQ(HttpDate(t), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), t);
  EXPECT_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Nov 1994 25:49:37 GMT"));
}

std::string ChecksumOf(ChecksumAlgorithm algorithm, std::string_view data, size_t piece) {
  Checksum sum(algorithm);
  for (size_t i = 0; i < data.size(); i += piece) sum.Update(data.substr(i, piece));
  return sum.Base64();
}

TEST(Checksum, MatchesTheStandardCheckValues) {
  // The check values of "123456789", big-endian, base64 (as S3 writes them).
  const std::string data = "123456789";
  for (size_t piece : {1, 4, 9}) {
    EXPECT_EQ(ChecksumOf(ChecksumAlgorithm::kCrc32, data, piece), "y/Q5Jg==");   // cbf43926
    EXPECT_EQ(ChecksumOf(ChecksumAlgorithm::kCrc32c, data, piece), "4waSgw==");  // e3069283
    // ae8b14860a799888
    EXPECT_EQ(ChecksumOf(ChecksumAlgorithm::kCrc64Nvme, data, piece), "rosUhgp5mIg=");
  }
  EXPECT_EQ(ChecksumOf(ChecksumAlgorithm::kSha1, "abc", 1), "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
  EXPECT_EQ(ChecksumOf(ChecksumAlgorithm::kSha256, "", 1),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  EXPECT_EQ(Md5Hex("hello\n"), "b1946ac92492d2347c6235b4d2611184");
}

TEST(Checksum, ParsesAlgorithmNamesAndNamesItsHeader) {
  EXPECT_EQ(ParseChecksumAlgorithm("crc32"), ChecksumAlgorithm::kCrc32);
  EXPECT_EQ(ParseChecksumAlgorithm("CRC64NVME"), ChecksumAlgorithm::kCrc64Nvme);
  EXPECT_FALSE(ParseChecksumAlgorithm("md4"));
  EXPECT_EQ(ChecksumHeader(ChecksumAlgorithm::kCrc32c), "x-amz-checksum-crc32c");
}

}  // namespace
}  // namespace berth::services::s3
