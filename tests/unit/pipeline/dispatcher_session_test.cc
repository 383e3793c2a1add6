// Console sessions through the dispatcher's one authenticate stage: a query-protocol call names
// its service in X-Berth-Service, and a front-end that takes sessions gets the session's caller
// instead of running its own scheme; one that does not is never asked. A fake session
// authenticator stands in for the console's SessionStore.
#include <unistd.h>

#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include "pipeline/dispatcher.h"
#include "pipeline/session_authenticator.h"

namespace berth::pipeline {
namespace {

class Records : public CallObserver {
 public:
  std::shared_ptr<Commitment> OnCall(const CallRecord& record) override {
    std::lock_guard lock(mu_);
    all.push_back(record);
    return nullptr;
  }
  std::mutex mu_;
  std::vector<CallRecord> all;
};

// A session is the cookie "s=1"; it authenticates only with the anti-forgery header "t".
class FakeSessions : public SessionAuthenticator {
 public:
  bool Presents(const RequestHead& head) const override {
    const std::string* cookie = head.Find("cookie");
    return cookie != nullptr && *cookie == "s=1";
  }
  Result<SessionCaller> Authenticate(const RequestHead& head) const override {
    const std::string* csrf = head.Find("x-berth-csrf");
    if (csrf == nullptr || *csrf != "t") {
      return Error{"MissingAuthenticationTokenException", "no anti-forgery header", 400};
    }
    SessionCaller caller;
    caller.principal.user_name = "alice";
    caller.principal.account_id = "123456789012";
    caller.principal.access_key_id = "AKIDSESSION";
    caller.region = "eu-west-1";
    caller.created = TimePoint(std::chrono::seconds(1'800'000'000));
    return caller;
  }
};

// A raw wire whose own scheme refuses everything: only a session can get a call through.
class FakeWire : public FrontEnd {
 public:
  explicit FakeWire(bool takes_sessions) : takes_sessions_(takes_sessions) {}
  bool Matches(const RequestHead& head) const override { return head.path.rfind("/wire", 0) == 0; }
  uint64_t BodyLimit(const RequestHead&) const override { return 1024; }
  bool StreamsBody(const RequestHead&) const override { return false; }
  bool TakesSessions() const override { return takes_sessions_; }
  std::unique_ptr<FrontEndCall> Start(const RequestHead&, bool) override {
    return std::make_unique<Call>(*this);
  }
  Error Denied(std::string message) const override { return Error{"AccessDenied", message, 403}; }
  Error InternalError() const override { return Error{"InternalError", "internal", 500}; }
  Response InternalErrorResponse(const std::string&) const override {
    Response r;
    r.status = 500;
    return r;
  }
  Error InsufficientSpace(uint64_t) const override { return Error{"Full", "full", 503}; }
  Response TooLarge(const RequestHead&, uint64_t, CallRecord&) override {
    Response r;
    r.status = 413;
    return r;
  }

  std::string seen_user;  // the caller the wire's handler saw

 private:
  class Call : public FrontEndCall {
   public:
    explicit Call(FakeWire& wire) : wire_(wire) {}
    Status Route(CallRecord& record) override {
      record.service = "wire";
      record.operation = "Get";
      record.read_only = true;
      return Ok();
    }
    Status Authenticate(Request&, CallRecord&) override {
      return Error{"AccessDenied", "anonymous", 403};
    }
    void UseSession(Request&, const SessionCaller& caller, CallRecord&) override {
      user_ = caller.principal.user_name;
    }
    std::string_view Action() const override { return "wire:Get"; }
    Result<Response> Handle(Request&, CallRecord&) override {
      wire_.seen_user = user_;
      Response r;
      r.status = 200;
      r.body = "hello " + user_;
      return r;
    }
    Response Answer(Result<Response> result, const CallRecord&) override {
      if (result.ok()) return std::move(*result);
      Response r;
      r.status = result.error().http_status;
      r.body = result.error().code;
      return r;
    }
    std::unique_ptr<BodySink> OpenSink(const RequestHead&) override { return nullptr; }
    std::unique_ptr<BodySink> RefuseSink(Error) override { return nullptr; }

   private:
    FakeWire& wire_;
    std::string user_;
  };

  const bool takes_sessions_;
};

class DispatcherSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "berth_dispatch_session_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "' && mkdir -p '" + dir_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = dir_ + "/db";
    db_ = std::move(*store::Database::Open(options));
    credentials_ = std::move(*auth::CredentialStore::Open(*db_, std::string(32, 'k')));

    ServiceSpec query;
    query.name = "fakeq";
    query.event_source = "fakeq.amazonaws.com";
    query.protocol = Protocol::kAwsQuery;
    query.query_version = "2020-01-01";
    query.xml_namespace = "http://fakeq.example/doc/2020-01-01/";
    OperationSpec who;
    who.name = "WhoAmI";
    who.read_only = true;
    who.handler = [](CallContext& ctx, const Document&) -> Result<Document> {
      Document out;
      out["User"] = ctx.principal.user_name;
      return out;
    };
    query.operations = {who};
    dispatcher_ = std::make_unique<Dispatcher>(
        clock_, *credentials_, std::vector<ServiceSpec>{query},
        std::vector<FrontEnd*>{&taking_, &refusing_}, std::vector<CallObserver*>{&records_},
        AllowAccountPrincipals::Instance(), nullptr, &sessions_);
  }
  void TearDown() override {
    dispatcher_.reset();
    credentials_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }

  static Request Unsigned(std::string path, std::vector<Header> headers, std::string body = "") {
    Request r;
    r.head.method = "POST";
    r.head.path = std::move(path);
    r.head.headers = std::move(headers);
    r.head.headers.push_back({"host", "localhost:5000"});
    r.body = std::move(body);
    return r;
  }
  static Request Query(std::vector<Header> headers) {
    headers.push_back({"content-type", "application/x-www-form-urlencoded"});
    return Unsigned("/", std::move(headers), "Action=WhoAmI&Version=2020-01-01");
  }

  FakeClock clock_{TimePoint(std::chrono::seconds(1'800'000'100))};
  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  FakeSessions sessions_;
  FakeWire taking_{true};
  FakeWire refusing_{false};
  Records records_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherSessionTest, AQueryCallNamesItsServiceAndRunsAsTheSessionsUser) {
  Response r = dispatcher_->Handle(
      Query({{"cookie", "s=1"}, {"x-berth-csrf", "t"}, {std::string(kSessionServiceHeader), "fakeq"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<User>alice</User>"), std::string::npos) << r.body;
  ASSERT_EQ(records_.all.size(), 1u);
  const CallRecord& rec = records_.all[0];
  EXPECT_EQ(rec.event_source, "fakeq.amazonaws.com");
  EXPECT_EQ(rec.region, "eu-west-1");
  ASSERT_TRUE(rec.console_session_created.has_value());
  EXPECT_EQ(*rec.console_session_created, TimePoint(std::chrono::seconds(1'800'000'000)));
}

TEST_F(DispatcherSessionTest, AQueryCallWithoutItsServiceOrAntiForgeryHeaderIsRefused) {
  Response unnamed = dispatcher_->Handle(Query({{"cookie", "s=1"}, {"x-berth-csrf", "t"}}));
  EXPECT_EQ(unnamed.status, 400);
  EXPECT_NE(unnamed.body.find("<Code>InvalidAction</Code>"), std::string::npos) << unnamed.body;
  Response forged = dispatcher_->Handle(
      Query({{"cookie", "s=1"}, {std::string(kSessionServiceHeader), "fakeq"}}));
  EXPECT_NE(forged.status, 200);
  EXPECT_EQ(forged.body.find("alice"), std::string::npos) << forged.body;
  // Without a session the header names nothing: an unsigned call is refused as before.
  Response anonymous = dispatcher_->Handle(Query({{std::string(kSessionServiceHeader), "fakeq"}}));
  EXPECT_NE(anonymous.status, 200);
  EXPECT_EQ(records_.all.size(), 3u);
}

TEST_F(DispatcherSessionTest, AFrontEndThatTakesSessionsGetsTheSessionsCaller) {
  Response r = dispatcher_->Handle(Unsigned("/wire/a", {{"cookie", "s=1"}, {"x-berth-csrf", "t"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(taking_.seen_user, "alice");
  ASSERT_EQ(records_.all.size(), 1u);
  EXPECT_TRUE(records_.all[0].console_session_created.has_value());
  ASSERT_TRUE(records_.all[0].principal.has_value());
  EXPECT_EQ(records_.all[0].principal->access_key_id, "AKIDSESSION");
  // A wrong anti-forgery header is refused; without one the cookie is ignored and the wire's
  // own scheme decides (here: anonymous, refused).
  Response forged = dispatcher_->Handle(Unsigned("/wire/a", {{"cookie", "s=1"}, {"x-berth-csrf", "x"}}));
  EXPECT_EQ(forged.status, 400);
  EXPECT_EQ(forged.body, "MissingAuthenticationTokenException");
  Response plain = dispatcher_->Handle(Unsigned("/wire/a", {{"cookie", "s=1"}}));
  EXPECT_EQ(plain.status, 403);
  EXPECT_EQ(plain.body, "AccessDenied");
  EXPECT_FALSE(records_.all.back().console_session_created.has_value());
}

TEST_F(DispatcherSessionTest, AFrontEndThatDoesNotTakeSessionsKeepsItsOwnScheme) {
  // A dispatcher whose only wire is the one that does not take sessions (/v2's case).
  Dispatcher own(clock_, *credentials_, {}, {&refusing_}, {&records_},
                 AllowAccountPrincipals::Instance(), nullptr, &sessions_);
  Response r = own.Handle(Unsigned("/wire/a", {{"cookie", "s=1"}, {"x-berth-csrf", "t"}}));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, "AccessDenied");
  EXPECT_EQ(refusing_.seen_user, "");
}

}  // namespace
}  // namespace berth::pipeline
