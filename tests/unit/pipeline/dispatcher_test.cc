// The dispatcher end to end without a server: a fake JSON service, real SigV4 and credential
// store, a recording observer. Every call, failed ones included, is recorded exactly once.
#include "pipeline/dispatcher.h"

#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/time_format.h"
#include "protocol/cbor.h"
#include "protocol/json_reader.h"
#include "store/disk_reserve.h"

namespace berth::pipeline {
namespace {

class RecordingObserver : public CallObserver {
 public:
  std::shared_ptr<Commitment> OnCall(const CallRecord& record) override {
    std::lock_guard lock(mu_);
    records.push_back(record);
    return nullptr;
  }
  std::mutex mu_;
  std::vector<CallRecord> records;
};

// Signs a JSON-protocol request the way SigV4 clients do (the golden cases prove the verifier
// against botocore; this only needs to produce valid signatures for the dispatcher tests).
Request SignRequest(std::vector<Header> extra, const std::string& body,
                    const std::string& key_id, const std::string& secret, TimePoint when,
                    const std::string& service, const std::string& path = "/") {
  Request r;
  r.head.method = "POST";
  r.head.path = path;
  r.head.remote_ip = "127.0.0.9";
  const std::string date = timefmt::AmzDate(when);
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
  const std::string canonical = "POST\n" + path + "\n\n" + canonical_headers + "\n" + signed_headers +
                                "\n" + crypto::Sha256Hex(body);
  const std::string to_sign =
      "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + crypto::Sha256Hex(canonical);
  auto view = [](const crypto::Sha256Digest& d) {
    return std::string(reinterpret_cast<const char*>(d.data()), d.size());
  };
  auto k = crypto::HmacSha256("AWS4" + secret, date.substr(0, 8));
  k = crypto::HmacSha256(view(k), "us-east-1");
  k = crypto::HmacSha256(view(k), service);
  k = crypto::HmacSha256(view(k), "aws4_request");
  const std::string signature = crypto::HexEncode(crypto::HmacSha256(view(k), to_sign));
  r.head.headers.push_back({"authorization", "AWS4-HMAC-SHA256 Credential=" + key_id + "/" +
                                                 scope + ", SignedHeaders=" + signed_headers +
                                                 ", Signature=" + signature});
  r.head.headers.push_back({"user-agent", "unit-test/1"});
  r.body = body;
  return r;
}

Request SignedRequest(const std::string& target, const std::string& body,
                      const std::string& key_id, const std::string& secret, TimePoint when,
                      const std::string& service = "fake") {
  return SignRequest({{"x-amz-target", target}}, body, key_id, secret, when, service);
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "berth_dispatch_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "' && mkdir -p '" + dir_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = dir_ + "/db";
    db_ = std::move(*store::Database::Open(options));
    credentials_ = std::move(*auth::CredentialStore::Open(*db_, std::string(32, 'k')));
    ASSERT_TRUE(credentials_->CreateUser(credentials_->EnsureAccount()->id, "alice").ok());
    key_ = *credentials_->CreateAccessKey(credentials_->EnsureAccount()->id, "alice");

    ServiceSpec fake;
    fake.name = "fake";
    fake.event_source = "fake.amazonaws.com";
    fake.json_target_prefix = "Fake_20200101";
    OperationSpec echo;
    echo.name = "Echo";
    echo.read_only = true;
    echo.logged_request_fields = {"visible"};
    echo.handler = [](CallContext& ctx, const Document& in) -> Result<Document> {
      Document out;
      out["user"] = ctx.principal.user_name;
      if (const Document* v = in.Find("visible")) out["visible"] = *v;
      return out;
    };
    OperationSpec fail;
    fail.name = "Fail";
    fail.handler = [](CallContext&, const Document&) -> Result<Document> {
      return Error{"ThingNotFoundException", "no such thing", 400};
    };
    OperationSpec boom;
    boom.name = "Boom";
    boom.handler = [](CallContext&, const Document&) -> Result<Document> {
      throw std::runtime_error("handler bug");
    };
    OperationSpec raw;
    raw.name = "Raw";
    raw.read_only = true;
    raw.handler = [](CallContext& ctx, const Document&) -> Result<Document> {
      ctx.raw_content_type = "image/png";
      Document out;
      out["Image"] = Document::Blob(std::string("\x89PNG\0raw", 8));
      return out;
    };
    OperationSpec store_fault;
    store_fault.name = "StoreFault";
    store_fault.handler = [](CallContext&, const Document&) -> Result<Document> {
      // What a store answers when its disk fails (store::SqliteError, store::IoError).
      return Error{"InternalFailure",
                   "step: database or disk is full (/var/lib/berth/berth.db)", 500};
    };
    // Decodes its own JSON when the body starts {"direct": (DirectJson below).
    OperationSpec direct;
    direct.name = "Direct";
    direct.logged_request_fields = {"visible"};
    direct.handler = [](CallContext&, const Document&) -> Result<Document> {
      Document out;
      out["path"] = "generic";
      return out;
    };
    direct.direct_json = [](std::string_view json) -> std::optional<DirectInput> {
      if (!json.starts_with(R"({"direct":)")) return std::nullopt;
      Document logged = Document::MakeMap();
      logged["visible"] = "seen";
      return DirectInput{std::move(logged), std::string("taken")};
    };
    direct.direct_handler = [](CallContext& ctx, std::any& in) -> Result<Document> {
      Document out;
      out["path"] = std::any_cast<std::string&>(in);
      out["user"] = ctx.principal.user_name;
      return out;
    };
    fake.operations = {echo, fail, boom, raw, store_fault, direct};
    ServiceSpec query;
    query.name = "fakeq";
    query.event_source = "fakeq.amazonaws.com";
    query.protocol = Protocol::kAwsQuery;
    query.query_version = "2020-01-01";
    query.xml_namespace = "http://fakeq.example/doc/2020-01-01/";
    OperationSpec get;
    get.name = "GetThing";
    get.read_only = true;
    get.handler = [](CallContext&, const Document& in) -> Result<Document> {
      Document out;
      out["Value"] = in.Find("Name") ? in.Find("Name")->as_string() : "";
      return out;
    };
    // Callable unsigned (as SNS's ConfirmSubscription): its handler sees who called.
    OperationSpec open;
    open.name = "OpenThing";
    open.anonymous = true;
    open.handler = [](CallContext& ctx, const Document& in) -> Result<Document> {
      Document out;
      out["Account"] = ctx.principal.account_id.empty() ? "none" : ctx.principal.account_id;
      out["Token"] = in.Find("Token") ? in.Find("Token")->as_string() : "";
      return out;
    };
    query.operations = {get, open};
    std::vector<ServiceSpec> services = {fake, query};
    dispatcher_ = std::make_unique<Dispatcher>(clock_, *credentials_, std::move(services),
                                               std::vector<FrontEnd*>{},
                                               std::vector<CallObserver*>{&observer_});
  }
  void TearDown() override {
    dispatcher_.reset();
    credentials_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }
  Response Call(const std::string& op, const std::string& body = "{}",
                const std::string* secret = nullptr) {
    return dispatcher_->Handle(SignedRequest("Fake_20200101." + op, body, key_.access_key_id,
                                             secret ? *secret : key_.secret_access_key,
                                             clock_.Now()));
  }
  std::string TypeOf(const Response& r) {
    auto doc = protocol::ParseJson(r.body);
    return doc.ok() && doc->Find("__type") ? doc->Find("__type")->as_string() : "";
  }

  FakeClock clock_{*timefmt::ParseAmzDate("20261125T044418Z")};
  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  auth::AccessKeyPair key_;
  RecordingObserver observer_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, RunsTheOperationAsTheSigningUserAndRecordsOnlyLoggedFields) {
  Response r = Call("Echo", R"({"visible":"yes","secret":"no"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"user":"alice","visible":"yes"})");
  ASSERT_EQ(observer_.records.size(), 1u);
  const CallRecord& rec = observer_.records[0];
  EXPECT_EQ(rec.operation, "Echo");
  EXPECT_EQ(rec.event_source, "fake.amazonaws.com");
  EXPECT_TRUE(rec.authenticated);
  EXPECT_TRUE(rec.read_only);
  EXPECT_EQ(rec.principal->user_name, "alice");
  EXPECT_EQ(rec.principal->access_key_id, key_.access_key_id);
  EXPECT_EQ(rec.source_ip, "127.0.0.9");
  EXPECT_EQ(rec.user_agent, "unit-test/1");
  EXPECT_EQ(rec.request_parameters.Find("visible")->as_string(), "yes");
  EXPECT_EQ(rec.request_parameters.Find("secret"), nullptr);
  bool has_id = false;
  for (const auto& h : r.headers) has_id |= h.name == "x-amzn-RequestId" && h.value == rec.request_id;
  EXPECT_TRUE(has_id);
}

TEST_F(DispatcherTest, RecordsAFailedCallWithItsError) {
  Response r = Call("Fail");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(TypeOf(r), "ThingNotFoundException");
  ASSERT_EQ(observer_.records.size(), 1u);
  EXPECT_EQ(observer_.records[0].error->code, "ThingNotFoundException");
}

TEST_F(DispatcherTest, RecordsTheCallerOfABadSignature) {
  const std::string wrong(40, 'w');
  Response r = Call("Echo", "{}", &wrong);
  EXPECT_EQ(TypeOf(r), "InvalidSignatureException");
  ASSERT_EQ(observer_.records.size(), 1u);
  const CallRecord& rec = observer_.records[0];
  EXPECT_FALSE(rec.authenticated);
  ASSERT_TRUE(rec.principal.has_value());
  EXPECT_EQ(rec.principal->user_name, "alice");
  EXPECT_EQ(rec.error->code, "InvalidSignatureException");
}

TEST_F(DispatcherTest, RefusesAStaleSignature) {
  Request stale = SignedRequest("Fake_20200101.Echo", "{}", key_.access_key_id,
                                key_.secret_access_key, clock_.Now());
  clock_.Advance(std::chrono::minutes(16));
  Response r = dispatcher_->Handle(std::move(stale));
  EXPECT_EQ(TypeOf(r), "InvalidSignatureException");
  EXPECT_NE(r.body.find("Signature expired"), std::string::npos);
}

TEST_F(DispatcherTest, RefusesASignatureScopedToAnotherService) {
  Response r = dispatcher_->Handle(SignedRequest("Fake_20200101.Echo", "{}", key_.access_key_id,
                                                 key_.secret_access_key, clock_.Now(), "other"));
  EXPECT_EQ(TypeOf(r), "InvalidSignatureException");
}

TEST_F(DispatcherTest, UnknownOperationAndUnknownServiceAreRecorded) {
  EXPECT_EQ(TypeOf(Call("Nope")), "UnknownOperationException");
  Response r = dispatcher_->Handle(SignedRequest("Other_1.Echo", "{}", key_.access_key_id,
                                                 key_.secret_access_key, clock_.Now()));
  EXPECT_EQ(TypeOf(r), "UnknownOperationException");
  EXPECT_EQ(observer_.records.size(), 2u);
}

TEST_F(DispatcherTest, UnknownOperationSaysWhatBerthLacksInWords) {
  Response r = Call("Nope");
  auto doc = protocol::ParseJson(r.body);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->Find("message")->as_string(), "berth does not implement fake Nope yet");
}

TEST_F(DispatcherTest, AcceptsBothTheDeclaredTargetPrefixAndTheSmithyServiceName) {
  // CloudTrail's botocore prefix is a dotted Smithy shape id; the JS SDK v3 sends its last part.
  ServiceSpec trail;
  trail.name = "cloudtrail";
  trail.event_source = "cloudtrail.amazonaws.com";
  trail.display_name = "CloudTrail";
  trail.json_target_prefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
  OperationSpec lookup;
  lookup.name = "LookupEvents";
  lookup.read_only = true;
  lookup.handler = [](CallContext&, const Document&) -> Result<Document> { return Document(); };
  trail.operations = {lookup};
  Dispatcher dispatcher(clock_, *credentials_, {trail}, {}, {});
  auto call = [&](const std::string& target) {
    return dispatcher.Handle(SignedRequest(target, "{}", key_.access_key_id,
                                           key_.secret_access_key, clock_.Now(), "cloudtrail"));
  };
  EXPECT_EQ(call("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents").status,
            200);
  EXPECT_EQ(call("CloudTrail_20131101.LookupEvents").status, 200);
  for (const char* other : {"v20131101.CloudTrail_20131101.LookupEvents",
                            "CloudTrail_20131102.LookupEvents", "LookupEvents"}) {
    Response r = call(other);
    EXPECT_EQ(TypeOf(r), "UnknownOperationException") << other;
  }
  Response missing = call("CloudTrail_20131101.ListMetrics");
  auto doc = protocol::ParseJson(missing.body);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->Find("message")->as_string(),
            "berth does not implement CloudTrail ListMetrics yet");
}

TEST_F(DispatcherTest, BelowTheDiskReserveOperationsThatAddDataAreRefusedOnEveryProtocol) {
  // A service on JSON 1.0 and RPC v2 CBOR (as CloudWatch): one that adds data, one that reads,
  // one that deletes. The reserve is one stage after authorize, whatever the codec.
  ServiceSpec svc;
  svc.name = "monitoring";
  svc.event_source = "monitoring.amazonaws.com";
  svc.protocol = Protocol::kAwsJson10;
  svc.more_protocols = {Protocol::kRpcV2Cbor};
  svc.json_target_prefix = "Store_20200101";
  svc.rpc_v2_service = "Store20200101";
  svc.error_namespace = "com.example.store";
  int ran = 0;
  auto handler = [&ran](CallContext&, const Document&) -> Result<Document> {
    ++ran;
    return Document::MakeMap(0);
  };
  svc.operations = {{.name = "PutThing", .read_only = false, .handler = handler},
                    {.name = "GetThing", .read_only = true, .handler = handler},
                    {.name = "DeleteThing", .read_only = false, .handler = handler}};
  uint64_t free_bytes = 0;
  store::DiskReserve reserve(dir_, 1 << 20, clock_,
                             [&free_bytes](const std::string&) -> Result<uint64_t> {
                               return free_bytes;
                             });
  Dispatcher dispatcher(clock_, *credentials_, {svc}, {}, {&observer_},
                        AllowAccountPrincipals::Instance(), &reserve);
  auto json = [&](const std::string& op) {
    return dispatcher.Handle(SignedRequest("Store_20200101." + op, "{}", key_.access_key_id,
                                           key_.secret_access_key, clock_.Now(), "monitoring"));
  };
  auto cbor = [&](const std::string& op) {
    return dispatcher.Handle(SignRequest(
        {{"smithy-protocol", "rpc-v2-cbor"}, {"content-type", "application/cbor"}},
        protocol::EncodeCbor(Document::MakeMap(0)), key_.access_key_id, key_.secret_access_key,
        clock_.Now(), "monitoring", "/service/Store20200101/operation/" + op));
  };

  Response put = json("PutThing");
  EXPECT_EQ(put.status, 503);
  EXPECT_EQ(TypeOf(put), "ServiceUnavailable");
  ASSERT_TRUE(observer_.records.back().error);
  EXPECT_EQ(observer_.records.back().error->code, "ServiceUnavailable");
  Response put_cbor = cbor("PutThing");
  EXPECT_EQ(put_cbor.status, 503);
  auto decoded = protocol::DecodeCbor(put_cbor.body);
  ASSERT_TRUE(decoded.ok());
  EXPECT_NE(decoded->Find("__type")->as_string().find("ServiceUnavailable"), std::string::npos);
  EXPECT_EQ(ran, 0);  // neither handler ran

  // Reads and deletes go on, on both protocols.
  EXPECT_EQ(json("GetThing").status, 200);
  EXPECT_EQ(json("DeleteThing").status, 200);
  EXPECT_EQ(cbor("GetThing").status, 200);
  EXPECT_EQ(cbor("DeleteThing").status, 200);
  EXPECT_EQ(ran, 4);

  // Once there is room again (after the reserve's recheck interval), writes are served.
  free_bytes = 2 << 20;
  clock_.Advance(store::DiskReserve::kRecheck + std::chrono::milliseconds(1));
  EXPECT_EQ(json("PutThing").status, 200);
  EXPECT_EQ(cbor("PutThing").status, 200);
}

TEST_F(DispatcherTest, HandlerExceptionBecomesInternalFailure) {
  Response r = Call("Boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(TypeOf(r), "InternalFailure");
  EXPECT_EQ(r.body.find("handler bug"), std::string::npos);  // details stay in the server log
}

TEST_F(DispatcherTest, MalformedBodyIsSerializationException) {
  EXPECT_EQ(TypeOf(Call("Echo", "{oops")), "SerializationException");
}

// An operation's own JSON decoder (OperationSpec::direct_json) changes only the decode step:
// the call is authenticated, recorded with the members the decoder logged, and a body it does
// not take goes the generic way with the generic errors.
TEST_F(DispatcherTest, DirectJsonDecodingStaysInsideThePipeline) {
  Response r = Call("Direct", R"({"direct":1})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"path":"taken","user":"alice"})");
  ASSERT_EQ(observer_.records.size(), 1u);
  EXPECT_EQ(observer_.records[0].operation, "Direct");
  EXPECT_EQ(observer_.records[0].request_parameters.Find("visible")->as_string(), "seen");

  EXPECT_EQ(Call("Direct", R"({"other":1})").body, R"({"path":"generic"})");
  EXPECT_EQ(TypeOf(Call("Direct", "{oops")), "SerializationException");
  const std::string wrong(40, 'w');
  EXPECT_EQ(TypeOf(Call("Direct", R"({"direct":1})", &wrong)), "InvalidSignatureException");
  EXPECT_EQ(observer_.records.size(), 4u);
}

TEST_F(DispatcherTest, UnsignedCallIsMissingAuthenticationToken) {
  Request r;
  r.head.method = "POST";
  r.head.path = "/";
  r.head.headers = {{"host", "h"}, {"x-amz-target", "Fake_20200101.Echo"}};
  Response out = dispatcher_->Handle(std::move(r));
  EXPECT_EQ(TypeOf(out), "MissingAuthenticationTokenException");
  ASSERT_EQ(observer_.records.size(), 1u);
  EXPECT_FALSE(observer_.records[0].principal.has_value());
}

TEST_F(DispatcherTest, AHandlerMayAnswerRawBytesWithItsOwnContentType) {
  Response r = Call("Raw");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, std::string("\x89PNG\0raw", 8));
  std::string type, request_id;
  for (const auto& h : r.headers) {
    if (h.name == "Content-Type") type = h.value;
    if (h.name == "x-amzn-RequestId") request_id = h.value;
  }
  EXPECT_EQ(type, "image/png");
  EXPECT_FALSE(request_id.empty());
  ASSERT_EQ(observer_.records.size(), 1u);
  EXPECT_EQ(observer_.records[0].operation, "Raw");
}

TEST_F(DispatcherTest, QueryProtocolCallIsRoutedByItsSignatureScopeAndAnsweredInXml) {
  Response r = dispatcher_->Handle(
      SignRequest({{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}},
                  "Action=GetThing&Version=2020-01-01&Name=a%20b", key_.access_key_id,
                  key_.secret_access_key, clock_.Now(), "fakeq"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<GetThingResponse xmlns=\"http://fakeq.example/doc/2020-01-01/\">"
                        "<GetThingResult><Value>a b</Value></GetThingResult>"),
            std::string::npos)
      << r.body;
  ASSERT_EQ(observer_.records.size(), 1u);
  EXPECT_EQ(observer_.records[0].event_source, "fakeq.amazonaws.com");
  EXPECT_EQ(observer_.records[0].operation, "GetThing");
}

TEST_F(DispatcherTest, QueryProtocolUnknownActionIsInvalidActionInXml) {
  Response r = dispatcher_->Handle(
      SignRequest({{"content-type", "application/x-www-form-urlencoded"}},
                  "Action=Nope&Version=2020-01-01", key_.access_key_id, key_.secret_access_key,
                  clock_.Now(), "fakeq"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<Code>InvalidAction</Code>"), std::string::npos) << r.body;
}

TEST_F(DispatcherTest, AnUnsignedGetReachesOnlyAnOperationDeclaredAnonymous) {
  Request open;
  open.head.method = "GET";
  open.head.path = "/";
  open.head.query = "Action=OpenThing&Token=t0k";
  open.head.headers = {{"host", "h"}};
  Response r = dispatcher_->Handle(std::move(open));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<Account>none</Account><Token>t0k</Token>"), std::string::npos) << r.body;
  ASSERT_EQ(observer_.records.size(), 1u);
  EXPECT_EQ(observer_.records[0].operation, "OpenThing");
  EXPECT_FALSE(observer_.records[0].principal.has_value());

  Request closed;
  closed.head.method = "GET";
  closed.head.path = "/";
  closed.head.query = "Action=GetThing&Name=x";
  closed.head.headers = {{"host", "h"}};
  Response refused = dispatcher_->Handle(std::move(closed));
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("MissingAuthenticationToken"), std::string::npos) << refused.body;
}

}  // namespace
}  // namespace berth::pipeline

namespace berth::pipeline {
namespace {

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& h : r.headers)
    if (h.name == name) return h.value;
  return "";
}

// Issue 16: a store's failure answered with its own text (server paths, SQLite's words).
TEST_F(DispatcherTest, AStoreFailureIsAnsweredAndRecordedWithoutItsDetails) {
  Response r = Call("StoreFault");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(TypeOf(r), "InternalFailure");
  EXPECT_EQ(r.body.find("/var/lib"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("disk is full"), std::string::npos) << r.body;
  ASSERT_EQ(observer_.records.size(), 1u);
  EXPECT_EQ(observer_.records[0].error->message.find("/var/lib"), std::string::npos);
}

// Issue 16: a call whose audit record was not made durable answered text/plain.
TEST_F(DispatcherTest, ACallNotMadeDurableIsAnsweredInItsProtocolsShape) {
  Response json = Call("Echo");
  ASSERT_EQ(json.status, 200);
  Response refused = dispatcher_->NotDurable(json);
  EXPECT_EQ(refused.status, 500);
  EXPECT_EQ(TypeOf(refused), "InternalFailure");
  EXPECT_EQ(HeaderOf(refused, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(HeaderOf(refused, "x-amzn-RequestId"), HeaderOf(json, "x-amzn-RequestId"));

  Request query = SignRequest({{"content-type", "application/x-www-form-urlencoded"}},
                              "Action=GetThing&Version=2020-01-01&Name=x", key_.access_key_id,
                              key_.secret_access_key, clock_.Now(), "fakeq");
  Response answered = dispatcher_->Handle(std::move(query));
  ASSERT_EQ(answered.status, 200) << answered.body;
  Response xml = dispatcher_->NotDurable(answered);
  EXPECT_EQ(xml.status, 500);
  EXPECT_NE(xml.body.find("<Code>InternalFailure</Code>"), std::string::npos) << xml.body;
  EXPECT_NE(xml.body.find(HeaderOf(answered, "x-amzn-RequestId")), std::string::npos);
}

}  // namespace
}  // namespace berth::pipeline
