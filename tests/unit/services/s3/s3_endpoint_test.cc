// The S3 front-end without a server, behind a dispatcher: which requests it takes, what it
// records of each call, streamed bodies through its sink, and buckets of another account.
#include "services/s3/s3_endpoint.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "auth/sigv4.h"
#include "core/crypto.h"
#include "core/time_format.h"
#include "pipeline/dispatcher.h"
#include "services/s3/store/local_bucket_store.h"

namespace berth::services::s3 {
namespace {

class S3EndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_s3_endpoint_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    credentials_ = std::move(*auth::CredentialStore::Open(*db_, std::string(32, 'k')));
    account_ = credentials_->EnsureAccount()->id;
    ASSERT_TRUE(credentials_->CreateUser(credentials_->EnsureAccount()->id, "alice").ok());
    key_ = *credentials_->CreateAccessKey(credentials_->EnsureAccount()->id, "alice");
    buckets_ = std::move(*LocalBucketStore::Open(*db_, root_ + "/buckets", clock_));
    endpoint_ = std::make_unique<S3Endpoint>(*buckets_, *credentials_, clock_);
    dispatcher_ = std::make_unique<pipeline::Dispatcher>(
        clock_, *credentials_, std::vector<pipeline::ServiceSpec>{},
        std::vector<pipeline::FrontEnd*>{endpoint_.get()},
        std::vector<pipeline::CallObserver*>{&capture_});
  }
  void TearDown() override {
    dispatcher_.reset();
    endpoint_.reset();
    buckets_.reset();
    credentials_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
  }

  // A request signed by alice the way botocore signs S3 calls.
  Request Signed(std::string method, std::string path, std::string query = "",
                 std::string body = "") {
    RequestHead head;
    head.method = std::move(method);
    head.path = std::move(path);
    head.query = std::move(query);
    const std::string date = timefmt::AmzDate(clock_.Now());
    const std::string payload = crypto::Sha256Hex(body);
    head.headers = {{"host", "127.0.0.1:5000"},
                    {"x-amz-date", date},
                    {"x-amz-content-sha256", payload},
                    {"content-length", std::to_string(body.size())},
                    {"authorization", "AWS4-HMAC-SHA256 Credential=" + key_.access_key_id + "/" +
                                          date.substr(0, 8) +
                                          "/us-east-1/s3/aws4_request, SignedHeaders=host;"
                                          "x-amz-content-sha256;x-amz-date, Signature=" +
                                          std::string(64, '0')}};
    auto sig = auth::ParseSigV4(head);
    auth::SigV4Verifier verifier(clock_);
    auto s = verifier.SignS3(head, *sig, key_.secret_access_key, payload);
    std::string& auth = head.headers.back().value;
    auth.replace(auth.size() - 64, 64, crypto::HexEncode(s.signing_key->Sign(s.string_to_sign)));
    return Request{std::move(head), std::move(body)};
  }

  // The record of each call, as the dispatcher hands it to its observers.
  struct Capture : pipeline::CallObserver {
    std::shared_ptr<Commitment> OnCall(const pipeline::CallRecord& record) override {
      last = record;
      return nullptr;
    }
    pipeline::CallRecord last;
  };

  // Runs the request as the server would: through the sink when the endpoint streams it.
  Response Call(Request request, pipeline::CallRecord& record) {
    EXPECT_TRUE(endpoint_->Matches(request.head));
    if (auto sink = dispatcher_->OpenSink(request.head)) {
      request.sink_status = sink->Write(request.body);
      request.sink = std::move(sink);
      request.body.clear();
    }
    Response response = dispatcher_->Handle(std::move(request));
    record = capture_.last;
    return response;
  }

  FakeClock clock_{*timefmt::ParseIso8601("2026-11-28T00:00:00Z")};
  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  std::string account_;
  auth::AccessKeyPair key_;
  std::unique_ptr<LocalBucketStore> buckets_;
  std::unique_ptr<S3Endpoint> endpoint_;
  Capture capture_;
  std::unique_ptr<pipeline::Dispatcher> dispatcher_;
};

TEST_F(S3EndpointTest, TakesRequestsSignedForS3OutsideV2) {
  RequestHead head = Signed("GET", "/").head;
  EXPECT_TRUE(endpoint_->Matches(head));
  head.path = "/v2/";
  EXPECT_FALSE(endpoint_->Matches(head));
  RequestHead ecr = Signed("POST", "/").head;
  auto& auth = ecr.headers.back().value;
  auth.replace(auth.find("/s3/"), 4, "/ecr/");
  EXPECT_FALSE(endpoint_->Matches(ecr));
  RequestHead presigned;
  presigned.path = "/b/k";
  presigned.query =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261128%2F"
      "us-east-1%2Fs3%2Faws4_request&X-Amz-Signature=00";
  EXPECT_TRUE(endpoint_->Matches(presigned));
  presigned.query = "AWSAccessKeyId=AKIA&Expires=1&Signature=x";
  EXPECT_TRUE(endpoint_->Matches(presigned));
  // Anonymous: S3's to refuse (403 AccessDenied), unless it is another protocol's call.
  presigned.query.clear();
  EXPECT_TRUE(endpoint_->Matches(presigned));
  RequestHead json = presigned;
  json.headers.push_back({"x-amz-target", "Logs_20140328.DescribeLogGroups"});
  EXPECT_FALSE(endpoint_->Matches(json));
  RequestHead query = presigned;
  query.query = "Action=ListMetrics&Version=2010-08-01";
  EXPECT_FALSE(endpoint_->Matches(query));
  RequestHead form = presigned;
  form.method = "POST";
  form.headers.push_back({"content-type", "application/x-www-form-urlencoded; charset=utf-8"});
  EXPECT_FALSE(endpoint_->Matches(form));
}

TEST_F(S3EndpointTest, RefusesAnonymousRequestsWithAccessDenied) {
  RequestHead head;
  head.method = "GET";
  head.path = "/some-bucket/key";
  pipeline::CallRecord record;
  Response response = Call(Request{head, {}, nullptr, Ok()}, record);
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("<Code>AccessDenied</Code>"), std::string::npos);
  EXPECT_FALSE(record.principal.has_value());
}

TEST_F(S3EndpointTest, RecordsEachCallAsItsS3Event) {
  pipeline::CallRecord record;
  Response created = Call(Signed("PUT", "/trail-bucket"), record);
  EXPECT_EQ(created.status, 200);
  EXPECT_EQ(record.service, "s3");
  EXPECT_EQ(record.event_source, "s3.amazonaws.com");
  EXPECT_EQ(record.operation, "CreateBucket");
  EXPECT_FALSE(record.read_only);
  ASSERT_TRUE(record.principal);
  EXPECT_EQ(record.principal->user_name, "alice");
  EXPECT_TRUE(record.authenticated);

  pipeline::CallRecord put;
  Response stored = Call(Signed("PUT", "/trail-bucket/AWSLogs/x.json.gz", "", "bytes"), put);
  EXPECT_EQ(stored.status, 200);
  EXPECT_EQ(put.operation, "PutObject");
  EXPECT_EQ(put.request_bytes, 5u);
  EXPECT_EQ(put.request_parameters["key"].as_string(), "AWSLogs/x.json.gz");
  ASSERT_EQ(put.resources.size(), 2u);
  EXPECT_EQ(put.resources[0].arn, "arn:aws:s3:::trail-bucket/AWSLogs/x.json.gz");
  EXPECT_EQ(put.resources[1].type, "AWS::S3::Bucket");

  pipeline::CallRecord got;
  Response read = Call(Signed("GET", "/trail-bucket/AWSLogs/x.json.gz"), got);
  EXPECT_EQ(got.operation, "GetObject");
  EXPECT_TRUE(got.read_only);
  ASSERT_TRUE(read.file);
  EXPECT_EQ(read.file->length, 5u);

  pipeline::CallRecord acl;
  Response refused = Call(Signed("GET", "/trail-bucket", "acl"), acl);
  EXPECT_EQ(refused.status, 501);
  EXPECT_EQ(acl.operation, "GetBucketAcl");
  EXPECT_EQ(acl.error->code, "NotImplemented");
}

TEST_F(S3EndpointTest, AnotherAccountsBucketIsAccessDenied) {
  ASSERT_TRUE(buckets_->CreateBucket({"theirs", "999999999999", "us-east-1", clock_.Now()}).ok());
  ASSERT_TRUE(buckets_->PutObject("theirs", "secret", "not yours", {}).ok());
  for (auto [method, path] : {std::pair{"GET", "/theirs"},
                              {"GET", "/theirs/secret"},
                              {"HEAD", "/theirs"},
                              {"DELETE", "/theirs/secret"},
                              {"PUT", "/theirs/new"},
                              {"DELETE", "/theirs"}}) {
    pipeline::CallRecord record;
    Response response =
        Call(Signed(method, path, "", method == std::string("PUT") ? "x" : ""), record);
    EXPECT_EQ(response.status, 403) << method << " " << path;
    ASSERT_TRUE(record.error);
    EXPECT_EQ(record.error->code, "AccessDenied");
    EXPECT_EQ(record.principal->account_id, account_);
  }
  EXPECT_TRUE(*buckets_->GetObject("theirs", "secret"));
  EXPECT_FALSE(*buckets_->GetObject("theirs", "new"));
  pipeline::CallRecord record;
  Response taken = Call(Signed("PUT", "/theirs"), record);
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(record.error->code, "BucketAlreadyExists");
}

TEST_F(S3EndpointTest, ARefusedUploadIsRecordedWithItsCaller) {
  pipeline::CallRecord record;
  Response response = Call(Signed("PUT", "/no-such-bucket/k", "", "x"), record);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(record.operation, "PutObject");
  EXPECT_TRUE(record.authenticated);
  EXPECT_EQ(record.error->code, "NoSuchBucket");
  EXPECT_NE(response.body.find("<BucketName>no-such-bucket</BucketName>"), std::string::npos);
}

TEST_F(S3EndpointTest, AStaleSignatureIsRecordedAsItsCallersFailure) {
  Request request = Signed("GET", "/");
  clock_.Advance(std::chrono::minutes(16));
  pipeline::CallRecord record;
  Response response = Call(std::move(request), record);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(record.error->code, "RequestTimeTooSkewed");
  EXPECT_FALSE(record.authenticated);
  ASSERT_TRUE(record.principal);  // the key was known: the failure is attributed
  EXPECT_EQ(record.principal->access_key_id, key_.access_key_id);
}

}  // namespace
}  // namespace berth::services::s3
