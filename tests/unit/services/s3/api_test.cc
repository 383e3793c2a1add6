// S3's wire: which operation a request is, XML out (namespace, escaping, error bodies) and in
// (bounded, no DOCTYPE), and the object headers read from a PUT.
#include <gtest/gtest.h>

#include "services/s3/api/headers.h"
#include "services/s3/api/operations.h"
#include "services/s3/api/xml.h"

namespace berth::services::s3 {
namespace {

RequestHead Head(std::string method, std::string path, std::string query = "",
                 std::vector<Header> headers = {}) {
  RequestHead head;
  head.method = std::move(method);
  head.path = std::move(path);
  head.query = std::move(query);
  head.headers = std::move(headers);
  return head;
}

std::string OpName(const RequestHead& head) {
  auto request = ParseS3Request(head);
  return request.ok() ? request->op.name : request.error().code;
}

TEST(Operations, FindsEachOperationByMethodPathAndSubresource) {
  EXPECT_EQ(OpName(Head("GET", "/")), "ListBuckets");
  EXPECT_EQ(OpName(Head("PUT", "/bkt")), "CreateBucket");
  EXPECT_EQ(OpName(Head("PUT", "/bkt/")), "CreateBucket");
  EXPECT_EQ(OpName(Head("DELETE", "/bkt")), "DeleteBucket");
  EXPECT_EQ(OpName(Head("HEAD", "/bkt")), "HeadBucket");
  EXPECT_EQ(OpName(Head("GET", "/bkt", "location")), "GetBucketLocation");
  EXPECT_EQ(OpName(Head("GET", "/bkt", "prefix=a&encoding-type=url")), "ListObjects");
  EXPECT_EQ(OpName(Head("GET", "/bkt", "list-type=2")), "ListObjectsV2");
  EXPECT_EQ(OpName(Head("GET", "/bkt", "uploads")), "ListMultipartUploads");
  EXPECT_EQ(OpName(Head("POST", "/bkt", "delete")), "DeleteObjects");
  EXPECT_EQ(OpName(Head("GET", "/bkt/a/b.txt")), "GetObject");
  EXPECT_EQ(OpName(Head("HEAD", "/bkt/a")), "HeadObject");
  EXPECT_EQ(OpName(Head("PUT", "/bkt/a")), "PutObject");
  EXPECT_EQ(OpName(Head("PUT", "/bkt/a", "", {{"x-amz-copy-source", "/o/k"}})), "CopyObject");
  EXPECT_EQ(OpName(Head("DELETE", "/bkt/a")), "DeleteObject");
  EXPECT_EQ(OpName(Head("POST", "/bkt/a", "uploads")), "CreateMultipartUpload");
  EXPECT_EQ(OpName(Head("PUT", "/bkt/a", "partNumber=1&uploadId=u")), "UploadPart");
  EXPECT_EQ(
      OpName(Head("PUT", "/bkt/a", "partNumber=1&uploadId=u", {{"x-amz-copy-source", "o/k"}})),
      "UploadPartCopy");
  EXPECT_EQ(OpName(Head("POST", "/bkt/a", "uploadId=u")), "CompleteMultipartUpload");
  EXPECT_EQ(OpName(Head("DELETE", "/bkt/a", "uploadId=u")), "AbortMultipartUpload");
  EXPECT_EQ(OpName(Head("GET", "/bkt/a", "uploadId=u")), "ListParts");
  EXPECT_EQ(OpName(Head("GET", "/bkt/a", "tagging")), "GetObjectTagging");
}

TEST(Operations, NamesOperationsBerthDoesNotOffer) {
  auto request = ParseS3Request(Head("GET", "/bkt", "acl"));
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->op.id, OpId::kNotImplemented);
  EXPECT_EQ(request->op.name, "GetBucketAcl");
  EXPECT_EQ(OpName(Head("PUT", "/bkt", "versioning")), "PutBucketVersioning");
  EXPECT_EQ(OpName(Head("DELETE", "/bkt/k", "tagging")), "DeleteObjectTagging");
}

TEST(Operations, RefusesMethodsNothingAnswersAndBadNames) {
  EXPECT_EQ(OpName(Head("POST", "/")), "MethodNotAllowed");
  EXPECT_EQ(OpName(Head("PATCH", "/bkt/k")), "MethodNotAllowed");
  EXPECT_EQ(OpName(Head("POST", "/bkt/k")), "MethodNotAllowed");
  EXPECT_EQ(OpName(Head("GET", "/Bad_Bucket/k")), "InvalidBucketName");
  EXPECT_EQ(OpName(Head("GET", "/bkt/a%zz")), "InvalidURI");
}

TEST(Operations, DecodesKeysKeepingSlashesAndEmptySegments) {
  auto request = ParseS3Request(Head("GET", "/bkt/a%20b//c%2Fd/%C3%A9", "x=1&y"));
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->bucket, "bkt");
  EXPECT_EQ(request->key, "a b//c/d/\xc3\xa9");
  EXPECT_EQ(request->Query("x"), "1");
  EXPECT_EQ(request->Query("y"), "");
  EXPECT_FALSE(request->Has("z"));
}

TEST(Xml, WritesInS3sNamespaceEscapingText) {
  XmlWriter xml("ListBucketResult");
  xml.Element("Name", "b").Open("Contents").Element("Key", "a<&>\"'").Element("Size", 5);
  xml.Close("Contents").Bool("IsTruncated", false);
  EXPECT_EQ(xml.Finish(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Contents><Key>"
            "a&lt;&amp;&gt;&quot;&apos;</Key><Size>5</Size></Contents><IsTruncated>false"
            "</IsTruncated></ListBucketResult>");
}

TEST(Xml, WritesErrorsInS3sShape) {
  Response r = ErrorResponse(Error{"NoSuchBucket", "The specified bucket does not exist", 404},
                             {{"BucketName", "b"}}, "req-1");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<Error><Code>NoSuchBucket</Code><Message>The specified bucket does "
                        "not exist</Message><BucketName>b</BucketName><RequestId>req-1"
                        "</RequestId><HostId>"),
            std::string::npos)
      << r.body;
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].value, "application/xml");
}

TEST(Xml, ParsesRequestBodiesWithOrWithoutNamespaces) {
  auto root = ParseXml(
      "<?xml version=\"1.0\"?><Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Object><Key>a &amp; b</Key></Object><Object><Key>c</Key></Object><Quiet>true</Quiet>"
      "</Delete>");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->name, "Delete");
  ASSERT_EQ(root->children.size(), 3u);
  EXPECT_EQ(root->children[0].Child("Key")->text, "a & b");
  EXPECT_EQ(root->Child("Quiet")->text, "true");
  auto prefixed = ParseXml("<s3:Delete xmlns:s3=\"x\"><s3:Object/></s3:Delete>");
  ASSERT_TRUE(prefixed.ok());
  EXPECT_EQ(prefixed->children[0].name, "Object");
}

TEST(Xml, RefusesMalformedHostileAndDeepDocuments) {
  for (const char* body :
       {"", "<a>", "<a></b>", "not xml", "<a/><b/>", "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
        "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><a>&lol2;</a>"}) {
    auto root = ParseXml(body);
    ASSERT_FALSE(root.ok()) << body;
    EXPECT_EQ(root.error().code, "MalformedXML");
  }
  std::string deep;
  for (int i = 0; i < 17; ++i) deep += "<a>";
  for (int i = 0; i < 17; ++i) deep += "</a>";
  EXPECT_FALSE(ParseXml(deep).ok());
  std::string wide = "<a>";
  for (int i = 0; i < 100001; ++i) wide += "<b/>";
  wide += "</a>";
  EXPECT_FALSE(ParseXml(wide).ok());
}

TEST(ObjectHeaders, ReadsTypeMetadataAndStoredHeaders) {
  auto how = ReadObjectWrite(Head("PUT", "/b/k", "",
                                  {{"content-type", "application/json"},
                                   {"x-amz-meta-signature", "abc"},
                                   {"x-amz-meta-multi", "1"},
                                   {"x-amz-meta-multi", "2"},
                                   {"content-encoding", "aws-chunked,gzip"},
                                   {"cache-control", "no-cache"},
                                   {"x-amz-date", "ignored"}}));
  ASSERT_TRUE(how.ok());
  EXPECT_EQ(how->content_type, "application/json");
  EXPECT_EQ(how->metadata.at("signature"), "abc");
  EXPECT_EQ(how->metadata.at("multi"), "1,2");
  EXPECT_EQ(how->headers.at("content-encoding"), "gzip");
  EXPECT_EQ(how->headers.at("cache-control"), "no-cache");
  EXPECT_EQ(how->headers.size(), 2u);
  EXPECT_EQ(ReadObjectWrite(Head("PUT", "/b/k"))->content_type, "binary/octet-stream");
  EXPECT_EQ(ReadObjectWrite(Head("PUT", "/b/k", "", {{"x-amz-tagging", "a=b"}})).error().code,
            "NotImplemented");
  auto big = ReadObjectWrite(Head("PUT", "/b/k", "", {{"x-amz-meta-x", std::string(2048, 'v')}}));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, "MetadataTooLarge");
}

TEST(ObjectHeaders, ReadsWhatAStreamedBodyMustBe) {
  auto expect = ReadBodyExpectations(Head("PUT", "/b/k", "",
                                          {{"content-length", "11"},
                                           {"content-md5", "XrY7u+Ae7tCTyyK7j1rNww=="},
                                           {"x-amz-checksum-crc32", "DUoRhQ=="}}),
                                     false);
  ASSERT_TRUE(expect.ok());
  EXPECT_EQ(expect->length, 11u);
  EXPECT_EQ(expect->checksum, ChecksumAlgorithm::kCrc32);
  EXPECT_EQ(expect->checksum_value, "DUoRhQ==");
  auto chunked = ReadBodyExpectations(Head("PUT", "/b/k", "",
                                           {{"content-length", "99"},
                                            {"x-amz-decoded-content-length", "11"},
                                            {"x-amz-trailer", "x-amz-checksum-crc32c"}}),
                                      true);
  ASSERT_TRUE(chunked.ok());
  EXPECT_EQ(chunked->length, 11u);
  EXPECT_EQ(chunked->checksum, ChecksumAlgorithm::kCrc32c);
  EXPECT_TRUE(chunked->checksum_value.empty());
  EXPECT_EQ(ReadBodyExpectations(Head("PUT", "/b/k"), false).error().code, "MissingContentLength");
  EXPECT_EQ(ReadBodyExpectations(Head("PUT", "/b/k", "", {{"content-length", "6000000000"}}), false)
                .error()
                .code,
            "EntityTooLarge");
  EXPECT_EQ(ReadBodyExpectations(
                Head("PUT", "/b/k", "", {{"content-length", "1"}, {"content-md5", "short"}}), false)
                .error()
                .code,
            "InvalidDigest");
}

TEST(ObjectHeaders, ChecksBodiesReadWhole) {
  EXPECT_TRUE(
      CheckBodyDigests(Head("POST", "/b", "delete", {{"content-md5", "XrY7u+Ae7tCTyyK7j1rNww=="}}),
                       "hello world")
          .ok());
  EXPECT_EQ(CheckBodyDigests(Head("POST", "/b", "delete", {{"x-amz-checksum-crc32", "AAAAAA=="}}),
                             "hello world")
                .error()
                .code,
            "BadDigest");
}

}  // namespace
}  // namespace berth::services::s3
