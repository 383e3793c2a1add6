// The authorize stage on every front-end: a test Authorizer that refuses some actions, behind
// one dispatcher with the real ECR service (AWS JSON), a query service, the /v2 registry and
// S3. Each front-end asks it with the operation's IAM action and resource, answers its own
// AccessDenied, records the refusal with the caller's identity, and refuses a streamed body
// before its first byte is stored.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "auth/credential_store.h"
#include "auth/registry_token.h"
#include "auth/sigv4.h"
#include "core/crypto.h"
#include "core/time_format.h"
#include "pipeline/dispatcher.h"
#include "protocol/json_reader.h"
#include "services/cloudtrail/model/event.h"
#include "services/ecr/api/operations.h"
#include "services/ecr/ecr_service.h"
#include "services/registry/registry.h"
#include "services/s3/s3_endpoint.h"
#include "services/s3/store/local_bucket_store.h"
#include "store/blob_store.h"
#include "store/database.h"
#include "store/disk_reserve.h"

namespace berth {
namespace {

// Refuses the actions it is given; remembers every question.
class DenyActions final : public pipeline::Authorizer {
 public:
  explicit DenyActions(std::set<std::string> denied) : denied_(std::move(denied)) {}
  std::optional<pipeline::Denial> Check(const pipeline::AccessRequest& request) const override {
    std::lock_guard lock(mu_);
    asked.push_back(
        {std::string(request.action), request.resources.empty() ? "*" : request.resources[0].arn});
    if (!denied_.contains(std::string(request.action))) return std::nullopt;
    return pipeline::Denial{.resource = request.resources.empty() ? "" : request.resources[0].arn};
  }
  bool Asked(const std::string& action, const std::string& resource) const {
    std::lock_guard lock(mu_);
    return std::find(asked.begin(), asked.end(), std::pair{action, resource}) != asked.end();
  }
  void Allow(const std::string& action) {
    std::lock_guard lock(mu_);
    denied_.erase(action);
  }
  mutable std::vector<std::pair<std::string, std::string>> asked;

 private:
  std::set<std::string> denied_;
  mutable std::mutex mu_;
};

class RecordingObserver final : public pipeline::CallObserver {
 public:
  std::shared_ptr<Commitment> OnCall(const pipeline::CallRecord& record) override {
    std::lock_guard lock(mu_);
    records.push_back(record);
    return nullptr;
  }
  pipeline::CallRecord Last() {
    std::lock_guard lock(mu_);
    return records.back();
  }
  std::mutex mu_;
  std::vector<pipeline::CallRecord> records;
};

std::string View(const crypto::Sha256Digest& d) {
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

class AuthorizeStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_authorize_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    credentials_ = std::move(*auth::CredentialStore::Open(*db_, std::string(32, 'k')));
    account_ = credentials_->EnsureAccount()->id;
    ASSERT_TRUE(credentials_->CreateUser(credentials_->EnsureAccount()->id, "alice").ok());
    key_ = *credentials_->CreateAccessKey(credentials_->EnsureAccount()->id, "alice");
    blobs_ = std::move(*store::OpenLocalBlobStore(root_));
    tokens_ = std::make_unique<auth::RegistryTokens>(std::string(32, 's'), clock_);
    ecr_ = std::move(*services::ecr::EcrService::Open(*db_, *blobs_, *tokens_, clock_));
    buckets_ = std::move(*services::s3::LocalBucketStore::Open(*db_, root_ + "/buckets", clock_));
    registry_ =
        std::make_unique<services::registry::Registry>(*ecr_, *credentials_, *tokens_, "us-east-1");
    s3_ = std::make_unique<services::s3::S3Endpoint>(*buckets_, *credentials_, clock_);

    pipeline::ServiceSpec query;
    query.name = "fakeq";
    query.event_source = "fakeq.amazonaws.com";
    query.protocol = pipeline::Protocol::kAwsQuery;
    query.xml_namespace = "http://fakeq.example/doc/2020-01-01/";
    query.operations = {
        {.name = "GetThing",
         .read_only = true,
         .handler = [](pipeline::CallContext&, const Document&) -> Result<Document> {
           return Document::MakeMap(0);
         }}};
    reserve_ = std::make_unique<store::DiskReserve>(
        root_, 1 << 20, clock_,
        [this](const std::string&) -> Result<uint64_t> { return free_bytes_; });
    std::vector<pipeline::ServiceSpec> services;
    services.push_back(services::ecr::MakeEcrService(*ecr_));
    services.push_back(std::move(query));
    dispatcher_ = std::make_unique<pipeline::Dispatcher>(
        clock_, *credentials_, std::move(services),
        std::vector<pipeline::FrontEnd*>{registry_.get(), s3_.get()},
        std::vector<pipeline::CallObserver*>{&observer_}, authorizer_, reserve_.get());
  }
  void TearDown() override {
    dispatcher_.reset();
    s3_.reset();
    registry_.reset();
    buckets_.reset();
    ecr_.reset();
    credentials_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
  }

  // A POST to / signed with SigV4 for `service`, as botocore signs JSON and query calls.
  Request SignedPost(std::vector<Header> extra, const std::string& body,
                     const std::string& service) {
    Request r;
    r.head.method = "POST";
    r.head.path = "/";
    r.head.remote_ip = "127.0.0.9";
    const std::string date = timefmt::AmzDate(clock_.Now());
    r.head.headers = {{"host", "localhost:5000"}, {"x-amz-date", date}};
    for (auto& h : extra) r.head.headers.push_back(std::move(h));
    std::sort(r.head.headers.begin(), r.head.headers.end(),
              [](const Header& a, const Header& b) { return a.name < b.name; });
    std::string canonical_headers, signed_headers;
    for (const auto& h : r.head.headers) {
      canonical_headers += h.name + ":" + h.value + "\n";
      signed_headers += (signed_headers.empty() ? "" : ";") + h.name;
    }
    const std::string scope = date.substr(0, 8) + "/us-east-1/" + service + "/aws4_request";
    const std::string canonical =
        "POST\n/\n\n" + canonical_headers + "\n" + signed_headers + "\n" + crypto::Sha256Hex(body);
    const std::string to_sign =
        "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + crypto::Sha256Hex(canonical);
    auto k = crypto::HmacSha256("AWS4" + key_.secret_access_key, date.substr(0, 8));
    k = crypto::HmacSha256(View(k), "us-east-1");
    k = crypto::HmacSha256(View(k), service);
    k = crypto::HmacSha256(View(k), "aws4_request");
    r.head.headers.push_back(
        {"authorization", "AWS4-HMAC-SHA256 Credential=" + key_.access_key_id + "/" + scope +
                              ", SignedHeaders=" + signed_headers + ", Signature=" +
                              crypto::HexEncode(crypto::HmacSha256(View(k), to_sign))});
    r.body = body;
    return r;
  }
  Response Ecr(const std::string& op, const std::string& body) {
    return dispatcher_->Handle(
        SignedPost({{"x-amz-target", "AmazonEC2ContainerRegistry_V20150921." + op}}, body, "ecr"));
  }

  // A /v2 request with the ECR token as Basic credentials, as docker sends it.
  Request Registry(std::string method, std::string path, std::string body = "") {
    Request r;
    r.head.method = std::move(method);
    r.head.path = std::move(path);
    r.head.remote_ip = "127.0.0.9";
    const std::string token = tokens_->Issue(key_.access_key_id, account_, std::chrono::hours(1));
    r.head.headers = {{"host", "localhost:5000"},
                      {"authorization", "Basic " + crypto::Base64Encode("AWS:" + token)},
                      {"content-length", std::to_string(body.size())}};
    r.body = std::move(body);
    return r;
  }

  // An S3 request signed by alice the way botocore signs S3 calls.
  Request S3(std::string method, std::string path, std::string body = "") {
    RequestHead head;
    head.method = std::move(method);
    head.path = std::move(path);
    head.remote_ip = "127.0.0.9";
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

  // As the server runs a request: through the sink when its front-end streams the body.
  // *accepted: whether the sink took the body.
  Response Serve(Request request, bool* accepted = nullptr) {
    if (auto sink = dispatcher_->OpenSink(request.head)) {
      request.sink_status = sink->Write(request.body);
      if (accepted != nullptr) *accepted = request.sink_status.ok();
      request.sink = std::move(sink);
      request.body.clear();
    }
    return dispatcher_->Handle(std::move(request));
  }

  // The refusal was recorded as `code` (AccessDenied…) for alice, with AWS's wording, and so
  // is its CloudTrail record.
  void ExpectRecordedDenial(const std::string& code, const std::string& operation,
                            const std::string& action) {
    const pipeline::CallRecord record = observer_.Last();
    EXPECT_EQ(record.operation, operation);
    ASSERT_TRUE(record.error);
    EXPECT_EQ(record.error->code, code);
    EXPECT_NE(record.error->message.find("User: arn:aws:iam::" + account_ +
                                         ":user/alice is not authorized to perform: " + action),
              std::string::npos)
        << record.error->message;
    ASSERT_TRUE(record.principal);
    EXPECT_EQ(record.principal->user_name, "alice");
    EXPECT_EQ(record.principal->access_key_id, key_.access_key_id);
    EXPECT_TRUE(record.authenticated);
    // The CloudTrail record of the refusal: the operation, its errorCode, the caller.
    const services::cloudtrail::TrailEvent event =
        services::cloudtrail::BuildEvent(record, "us-east-1", account_);
    EXPECT_EQ(event.event_name, operation);
    EXPECT_EQ(event.error_code, code);
    EXPECT_EQ(event.username, "alice");
    EXPECT_EQ(event.access_key_id, key_.access_key_id);
    EXPECT_NE(event.json.find("\"errorCode\":\"" + code + "\""), std::string::npos) << event.json;
  }

  std::string RepoArn(const std::string& name) {
    return "arn:aws:ecr:us-east-1:" + account_ + ":repository/" + name;
  }

  FakeClock clock_{*timefmt::ParseIso8601("2026-11-28T00:00:00Z")};
  DenyActions authorizer_{{"ecr:CreateRepository", "fakeq:GetThing", "ecr:BatchGetImage",
                           "ecr:UploadLayerPart", "s3:GetObject", "s3:PutObject"}};
  RecordingObserver observer_;
  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  std::string account_;
  auth::AccessKeyPair key_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<auth::RegistryTokens> tokens_;
  std::unique_ptr<services::ecr::EcrService> ecr_;
  std::unique_ptr<services::s3::LocalBucketStore> buckets_;
  std::unique_ptr<services::registry::Registry> registry_;
  std::unique_ptr<services::s3::S3Endpoint> s3_;
  uint64_t free_bytes_ = 1ull << 40;
  std::unique_ptr<store::DiskReserve> reserve_;
  std::unique_ptr<pipeline::Dispatcher> dispatcher_;

  // Free space falls below the reserve (seen at the reserve's next recheck).
  void FillTheDisk() {
    free_bytes_ = 0;
    clock_.Advance(store::DiskReserve::kRecheck + std::chrono::milliseconds(1));
  }
};

TEST_F(AuthorizeStageTest, AwsJsonAnswersAccessDeniedExceptionInAwsWording) {
  Response denied = Ecr("CreateRepository", R"({"repositoryName":"team/app"})");
  EXPECT_EQ(denied.status, 400);
  auto body = protocol::ParseJson(denied.body);
  ASSERT_TRUE(body.ok()) << denied.body;
  EXPECT_EQ(body->Find("__type")->as_string(), "AccessDeniedException");
  EXPECT_EQ(body->Find("message")->as_string(),
            "User: arn:aws:iam::" + account_ +
                ":user/alice is not authorized to perform: ecr:CreateRepository on resource: " +
                RepoArn("team/app") +
                " because no identity-based policy allows the ecr:CreateRepository action");
  EXPECT_TRUE(authorizer_.Asked("ecr:CreateRepository", RepoArn("team/app")));
  ExpectRecordedDenial("AccessDeniedException", "CreateRepository", "ecr:CreateRepository");
  EXPECT_FALSE(*ecr_->store().GetRepository(account_, "team/app"));  // never handled

  // An action the authorizer allows runs; one without resources is asked on "*".
  EXPECT_EQ(Ecr("DescribeRepositories", "{}").status, 200);
  EXPECT_TRUE(authorizer_.Asked("ecr:DescribeRepositories", "*"));
}

TEST_F(AuthorizeStageTest, QueryAnswersAccessDenied403InXml) {
  Response denied = dispatcher_->Handle(
      SignedPost({{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}},
                 "Action=GetThing&Version=2020-01-01", "fakeq"));
  EXPECT_EQ(denied.status, 403);
  EXPECT_NE(denied.body.find("<Code>AccessDenied</Code>"), std::string::npos) << denied.body;
  EXPECT_NE(denied.body.find("is not authorized to perform: fakeq:GetThing on resource: *"),
            std::string::npos)
      << denied.body;
  ExpectRecordedDenial("AccessDenied", "GetThing", "fakeq:GetThing");
}

TEST_F(AuthorizeStageTest, RegistryAnswersDenied403AndRefusesAnUploadBeforeItsFirstByte) {
  ASSERT_EQ(Ecr("DescribeRepositories", "{}").status, 200);
  services::ecr::Repository repo{
      .name = "team/app", .registry_id = account_, .created_at = clock_.Now()};
  ASSERT_TRUE(ecr_->store().CreateRepository(repo).ok());
  Response pull = Serve(Registry("GET", "/v2/team/app/manifests/latest"));
  EXPECT_EQ(pull.status, 403);
  auto body = protocol::ParseJson(pull.body);
  ASSERT_TRUE(body.ok()) << pull.body;
  EXPECT_EQ(body->Find("errors")->as_list().at(0).Find("code")->as_string(), "DENIED");
  EXPECT_TRUE(authorizer_.Asked("ecr:BatchGetImage", RepoArn("team/app")));
  // Recorded as AccessDenied (what CloudTrail's AccessDenied* alarms match), not OCI's DENIED.
  ExpectRecordedDenial("AccessDenied", "BatchGetImage", "ecr:BatchGetImage");

  // Starting an upload is allowed; its parts are not, and the sink refuses the first byte.
  Response started = Serve(Registry("POST", "/v2/team/app/blobs/uploads/"));
  ASSERT_EQ(started.status, 202) << started.body;
  std::string location;
  for (const Header& h : started.headers)
    if (h.name == "Location") location = h.value;
  ASSERT_FALSE(location.empty());
  bool accepted = true;
  Response part = Serve(Registry("PATCH", location, "layer bytes"), &accepted);
  EXPECT_FALSE(accepted);
  EXPECT_EQ(part.status, 403);
  EXPECT_NE(part.body.find("\"DENIED\""), std::string::npos) << part.body;
  ExpectRecordedDenial("AccessDenied", "UploadLayerPart", "ecr:UploadLayerPart");
}

TEST_F(AuthorizeStageTest, S3AnswersAccessDenied403AndRefusesAPutBeforeItsFirstByte) {
  ASSERT_EQ(Serve(S3("PUT", "/bucket")).status, 200);
  EXPECT_TRUE(authorizer_.Asked("s3:CreateBucket", "arn:aws:s3:::bucket"));
  ASSERT_TRUE(buckets_->PutObject("bucket", "k", "bytes", {}).ok());

  Response got = Serve(S3("GET", "/bucket/k"));
  EXPECT_EQ(got.status, 403);
  EXPECT_NE(got.body.find("<Code>AccessDenied</Code>"), std::string::npos) << got.body;
  EXPECT_TRUE(authorizer_.Asked("s3:GetObject", "arn:aws:s3:::bucket/k"));
  ExpectRecordedDenial("AccessDenied", "GetObject", "s3:GetObject");

  bool accepted = true;
  Response put = Serve(S3("PUT", "/bucket/new", "new bytes"), &accepted);
  EXPECT_FALSE(accepted);
  EXPECT_EQ(put.status, 403);
  EXPECT_NE(put.body.find("<Code>AccessDenied</Code>"), std::string::npos) << put.body;
  ExpectRecordedDenial("AccessDenied", "PutObject", "s3:PutObject");
  EXPECT_FALSE(*buckets_->GetObject("bucket", "new"));
}

TEST_F(AuthorizeStageTest, BelowTheDiskReserveEachWireRefusesWritesInItsShape) {
  ASSERT_EQ(Serve(S3("PUT", "/bucket")).status, 200);
  ASSERT_TRUE(buckets_->PutObject("bucket", "k", "bytes", {}).ok());
  services::ecr::Repository repo{
      .name = "team/app", .registry_id = account_, .created_at = clock_.Now()};
  ASSERT_TRUE(ecr_->store().CreateRepository(repo).ok());
  // Authorize comes first: a refused write is AccessDenied whatever the disk.
  FillTheDisk();
  EXPECT_EQ(Ecr("CreateRepository", R"({"repositoryName":"other"})").status, 400);
  authorizer_.Allow("ecr:CreateRepository");
  authorizer_.Allow("s3:PutObject");

  // AWS JSON: 503 ServiceUnavailable, recorded; reads go on.
  Response create = Ecr("CreateRepository", R"({"repositoryName":"other"})");
  EXPECT_EQ(create.status, 503) << create.body;
  EXPECT_NE(create.body.find("ServiceUnavailable"), std::string::npos) << create.body;
  EXPECT_EQ(observer_.Last().error->code, "ServiceUnavailable");
  EXPECT_EQ(Ecr("DescribeRepositories", "{}").status, 200);

  // /v2: 507 DENIED, an upload refused before its first byte; a blob HEAD still answers.
  Request monolithic = Registry("POST", "/v2/team/app/blobs/uploads/", "layer");
  monolithic.head.query = "digest=sha256:" + crypto::Sha256Hex("layer");
  bool accepted = true;
  Response upload = Serve(std::move(monolithic), &accepted);
  EXPECT_FALSE(accepted);
  EXPECT_EQ(upload.status, 507) << upload.body;
  EXPECT_NE(upload.body.find("\"DENIED\""), std::string::npos) << upload.body;
  EXPECT_EQ(observer_.Last().error->code, "DENIED");
  EXPECT_EQ(Serve(Registry("POST", "/v2/team/app/blobs/uploads/")).status, 507);
  EXPECT_EQ(Serve(Registry("HEAD", "/v2/team/app/blobs/sha256:" + std::string(64, 'a'))).status,
            404);

  // S3: 503 ServiceUnavailable in XML, PutObject refused before its first byte; GetObject and
  // DeleteObject go on.
  accepted = true;
  Response put = Serve(S3("PUT", "/bucket/new", "new bytes"), &accepted);
  EXPECT_FALSE(accepted);
  EXPECT_EQ(put.status, 503);
  EXPECT_NE(put.body.find("<Code>ServiceUnavailable</Code>"), std::string::npos) << put.body;
  EXPECT_EQ(observer_.Last().operation, "PutObject");
  EXPECT_FALSE(*buckets_->GetObject("bucket", "new"));
  EXPECT_EQ(Serve(S3("DELETE", "/bucket/k")).status, 204);
}

}  // namespace
}  // namespace berth
