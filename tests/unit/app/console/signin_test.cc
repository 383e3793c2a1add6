// The console's sign-in through the dispatcher: a SigV4-signed POST /console/api/signin
// (service "signin") is ConsoleLogin, recorded as AWS records it, success or failure; the
// session it makes then authenticates unsigned AWS JSON calls, whose records say so.
#include "app/console/signin.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/console/session_store.h"
#include "auth/credential_store.h"
#include "core/crypto.h"
#include "core/time_format.h"
#include "pipeline/dispatcher.h"
#include "protocol/json_reader.h"
#include "services/cloudtrail/model/event.h"
#include "store/database.h"

namespace berth::app::console {
namespace {

class RecordingObserver final : public pipeline::CallObserver {
 public:
  std::shared_ptr<Commitment> OnCall(const pipeline::CallRecord& record) override {
    std::lock_guard lock(mu_);
    records.push_back(record);
    return nullptr;
  }
  std::mutex mu_;
  std::vector<pipeline::CallRecord> records;
};

std::string View(const crypto::Sha256Digest& d) {
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

const std::string* HeaderOf(const Response& r, std::string_view name) {
  for (const Header& h : r.headers)
    if (h.name == name) return &h.value;
  return nullptr;
}

class SignInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_signin_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    credentials_ = std::move(*auth::CredentialStore::Open(*db_, std::string(32, 'k')));
    ASSERT_TRUE(credentials_->EnsureAccount().ok());
    ASSERT_TRUE(credentials_->CreateUser(credentials_->EnsureAccount()->id, "alice").ok());
    key_ = *credentials_->CreateAccessKey(credentials_->EnsureAccount()->id, "alice");
    sessions_ = std::make_unique<SessionStore>(clock_, *credentials_);
    signin_ = std::make_unique<SignIn>(clock_, *credentials_, *sessions_);

    // A JSON service that answers with the caller it was given.
    pipeline::ServiceSpec who;
    who.name = "who";
    who.event_source = "who.amazonaws.com";
    who.protocol = pipeline::Protocol::kAwsJson11;
    who.json_target_prefix = "Who_2020";
    who.operations = {{.name = "WhoAmI",
                       .read_only = true,
                       .handler = [](pipeline::CallContext& ctx, const Document&) -> Result<Document> {
                         Document out = Document::MakeMap(1);
                         out["Arn"] = ctx.principal.arn;
                         return out;
                       }}};
    std::vector<pipeline::ServiceSpec> services;
    services.push_back(std::move(who));
    dispatcher_ = std::make_unique<pipeline::Dispatcher>(
        clock_, *credentials_, std::move(services),
        std::vector<pipeline::FrontEnd*>{signin_.get()},
        std::vector<pipeline::CallObserver*>{&observer_},
        pipeline::AllowAccountPrincipals::Instance(), nullptr, sessions_.get());
  }
  void TearDown() override {
    dispatcher_.reset();
    signin_.reset();
    sessions_.reset();
    credentials_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
  }

  // The sign-in the page makes: POST /console/api/signin, SigV4 for `service`.
  Request SignInRequest(const std::string& secret, const std::string& service = "signin") {
    return SignInRequestFor(secret, service,
                            "{\"challenge\":\"" + sessions_->IssueChallenge() + "\"}");
  }
  Request SignInRequestFor(const std::string& secret, const std::string& service,
                           const std::string& body) {
    Request r;
    r.head.method = "POST";
    r.head.path = std::string(kSignInPath);
    r.head.remote_ip = "127.0.0.7";
    const std::string date = timefmt::AmzDate(clock_.Now());
    r.head.headers = {{"content-type", "application/json"},
                      {"host", "localhost:5000"},
                      {"x-amz-date", date}};
    std::string canonical_headers, signed_headers;
    for (const auto& h : r.head.headers) {
      canonical_headers += h.name + ":" + h.value + "\n";
      signed_headers += (signed_headers.empty() ? "" : ";") + h.name;
    }
    const std::string scope = date.substr(0, 8) + "/eu-central-1/" + service + "/aws4_request";
    const std::string canonical = "POST\n" + r.head.path + "\n\n" + canonical_headers + "\n" +
                                  signed_headers + "\n" + crypto::Sha256Hex(body);
    const std::string to_sign =
        "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + crypto::Sha256Hex(canonical);
    auto k = crypto::HmacSha256("AWS4" + secret, date.substr(0, 8));
    k = crypto::HmacSha256(View(k), "eu-central-1");
    k = crypto::HmacSha256(View(k), service);
    k = crypto::HmacSha256(View(k), "aws4_request");
    r.head.headers.push_back(
        {"authorization", "AWS4-HMAC-SHA256 Credential=" + key_.access_key_id + "/" + scope +
                              ", SignedHeaders=" + signed_headers + ", Signature=" +
                              crypto::HexEncode(crypto::HmacSha256(View(k), to_sign))});
    r.body = body;
    return r;
  }

  Request WhoAmI(std::vector<Header> extra) {
    Request r;
    r.head.method = "POST";
    r.head.path = "/";
    r.head.remote_ip = "127.0.0.7";
    r.head.headers = {{"x-amz-target", "Who_2020.WhoAmI"},
                      {"content-type", "application/x-amz-json-1.1"}};
    for (auto& h : extra) r.head.headers.push_back(std::move(h));
    r.body = "{}";
    return r;
  }

  std::string Record(const pipeline::CallRecord& rec) {
    std::string out;
    services::cloudtrail::WriteRecord(rec, "us-east-1", "000000000000", out);
    return out;
  }

  std::string root_;
  FakeClock clock_{FromMillis(1'800'000'000'000)};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  auth::AccessKeyPair key_;
  std::unique_ptr<SessionStore> sessions_;
  std::unique_ptr<SignIn> signin_;
  RecordingObserver observer_;
  std::unique_ptr<pipeline::Dispatcher> dispatcher_;
};

TEST_F(SignInTest, ASignedSignInSetsTheSessionCookieAndIsRecordedAsConsoleLoginSuccess) {
  Response r = dispatcher_->Handle(SignInRequest(key_.secret_access_key));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = *HeaderOf(r, "set-cookie");
  EXPECT_EQ(cookie.rfind("berth-console=", 0), 0u);
  EXPECT_NE(cookie.find("; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200"), std::string::npos);
  EXPECT_NE(r.body.find("\"csrfToken\":\""), std::string::npos);
  EXPECT_NE(r.body.find("\"region\":\"eu-central-1\""), std::string::npos);

  const pipeline::CallRecord& rec = observer_.records.back();
  EXPECT_EQ(rec.event_source, "signin.amazonaws.com");
  EXPECT_EQ(rec.operation, "ConsoleLogin");
  EXPECT_FALSE(rec.error.has_value());
  const std::string json = Record(rec);
  EXPECT_NE(json.find("\"responseElements\":{\"ConsoleLogin\":\"Success\"}"), std::string::npos);
  EXPECT_NE(json.find("\"additionalEventData\":{\"LoginTo\":\"http://localhost:5000/console/\","
                      "\"MobileVersion\":\"No\",\"MFAUsed\":\"No\"}"),
            std::string::npos);
  EXPECT_NE(json.find("\"eventType\":\"AwsConsoleSignIn\""), std::string::npos);
  EXPECT_NE(json.find("\"userName\":\"alice\""), std::string::npos);
  EXPECT_EQ(json.find("sessionCredentialFromConsole"), std::string::npos);
}

TEST_F(SignInTest, AWrongSecretIsRefusedAndRecordedAsConsoleLoginFailure) {
  Response r = dispatcher_->Handle(SignInRequest(std::string(40, 'x')));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(HeaderOf(r, "set-cookie"), nullptr);
  EXPECT_NE(r.body.find("Failed authentication"), std::string::npos);
  const std::string json = Record(observer_.records.back());
  EXPECT_NE(json.find("\"errorMessage\":\"Failed authentication\""), std::string::npos);
  EXPECT_NE(json.find("\"responseElements\":{\"ConsoleLogin\":\"Failure\"}"), std::string::npos);
  EXPECT_NE(json.find("\"userName\":\"alice\""), std::string::npos);
}

TEST_F(SignInTest, ASignInIsGoodOnceAndOnlyWithAnIssuedChallenge) {
  Request first = SignInRequest(key_.secret_access_key);
  Request replay;
  replay.head = first.head;
  replay.body = first.body;
  ASSERT_EQ(dispatcher_->Handle(std::move(first)).status, 200);
  // The same signed request again (its signature still valid): no second session.
  Response again = dispatcher_->Handle(std::move(replay));
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(HeaderOf(again, "set-cookie"), nullptr);
  const std::string json = Record(observer_.records.back());
  EXPECT_NE(json.find("\"responseElements\":{\"ConsoleLogin\":\"Failure\"}"), std::string::npos);
  // A challenge berth never issued, or none at all.
  EXPECT_EQ(dispatcher_
                ->Handle(SignInRequestFor(key_.secret_access_key, "signin",
                                          "{\"challenge\":\"" + std::string(32, '0') + "\"}"))
                .status,
            401);
  EXPECT_EQ(dispatcher_->Handle(SignInRequestFor(key_.secret_access_key, "signin", "{}")).status,
            401);
}

TEST_F(SignInTest, ASignatureForAnotherServiceDoesNotSignIn) {
  RequestHead head;
  head.path = std::string(kSignInPath);
  head.headers = {{"authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/s3/aws4_request"}};
  EXPECT_FALSE(signin_->Matches(head));
  Response r = dispatcher_->Handle(SignInRequest(key_.secret_access_key, "ecr"));
  EXPECT_GE(r.status, 400);
  EXPECT_EQ(HeaderOf(r, "set-cookie"), nullptr);
}

TEST_F(SignInTest, TheSessionAuthenticatesUnsignedJsonCallsRecordedAsConsoleCalls) {
  Response signed_in = dispatcher_->Handle(SignInRequest(key_.secret_access_key));
  ASSERT_EQ(signed_in.status, 200);
  const std::string cookie = HeaderOf(signed_in, "set-cookie")->substr(0, 14 + 64);
  auto body = protocol::ParseJson(signed_in.body);
  ASSERT_TRUE(body.ok());
  const std::string csrf = body->Find("csrfToken")->as_string();

  clock_.Advance(std::chrono::minutes(5));
  Response r = dispatcher_->Handle(WhoAmI({{"cookie", cookie}, {"x-berth-csrf", csrf}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("user/alice"), std::string::npos);
  const pipeline::CallRecord& rec = observer_.records.back();
  ASSERT_TRUE(rec.console_session_created.has_value());
  EXPECT_EQ(*rec.console_session_created, clock_.Now() - std::chrono::minutes(5));
  EXPECT_EQ(rec.region, "eu-central-1");
  const std::string json = Record(rec);
  EXPECT_NE(json.find("\"sessionContext\":{\"sessionIssuer\":{},\"webIdFederationData\":{},"
                      "\"attributes\":{\"creationDate\":\"" +
                      timefmt::Iso8601(*rec.console_session_created) +
                      "\",\"mfaAuthenticated\":\"false\"}}"),
            std::string::npos);
  EXPECT_NE(json.find("\"sessionCredentialFromConsole\":\"true\"}"), std::string::npos);
  EXPECT_NE(json.find("\"accessKeyId\":\"" + key_.access_key_id + "\""), std::string::npos);

  // Without the anti-forgery header, or without the cookie, the call is not authenticated.
  EXPECT_EQ(dispatcher_->Handle(WhoAmI({{"cookie", cookie}})).status, 400);
  EXPECT_FALSE(observer_.records.back().authenticated);
  EXPECT_EQ(dispatcher_->Handle(WhoAmI({{"x-berth-csrf", csrf}})).status, 400);
}

}  // namespace
}  // namespace berth::app::console
