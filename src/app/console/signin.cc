#include "app/console/signin.h"

#include <string>

#include "app/console/responses.h"
#include "protocol/json_reader.h"

namespace berth::app::console {
namespace {

// What every refused sign-in says, whatever failed: AWS's words, and nothing that tells a
// guesser whether the key exists.
constexpr std::string_view kFailed = "Failed authentication";

Error Failed(std::string code) { return Error{std::move(code), std::string(kFailed), 401}; }

Document Outcome(bool success) {
  Document d = Document::MakeMap(1);
  d["ConsoleLogin"] = success ? "Success" : "Failure";
  return d;
}

}  // namespace

class SignIn::Call final : public pipeline::FrontEndCall {
 public:
  Call(SignIn& owner, const RequestHead& head) : owner_(owner), head_(head) {}

  Status Route(pipeline::CallRecord& record) override {
    record.service = std::string(kSignInService);
    record.event_source = "signin.amazonaws.com";
    record.operation = "ConsoleLogin";
    record.event_type = "AwsConsoleSignIn";
    record.read_only = false;
    record.response_elements = Outcome(false);
    Document extra = Document::MakeMap(3);
    // The Host is the caller's to choose, and a refused sign-in is recorded too: kept only
    // when it could be a host name (issue 16: no caller picks a record's size).
    const std::string* host = head_.Find("host");
    const bool usable = host != nullptr && !host->empty() && host->size() <= 255;
    extra["LoginTo"] = "http://" + (usable ? *host : std::string("localhost")) + "/console/";
    extra["MobileVersion"] = "No";
    extra["MFAUsed"] = "No";
    record.additional_event_data = std::move(extra);
    if (head_.method != "POST") return Error{"MethodNotAllowed", "Sign in with POST", 405};
    return Ok();
  }

  Status Authenticate(Request& request, pipeline::CallRecord& record) override {
    auto parsed = auth::ParseSigV4(request.head);
    if (!parsed.ok()) return Failed(parsed.error().code);
    auto key = owner_.credentials_.FindAccessKey(parsed->access_key_id);
    if (!key.ok()) return key.error();
    if (!key->has_value()) return Failed("UnrecognizedClientException");
    record.principal = (*key)->principal;
    record.principal->access_key_id = parsed->access_key_id;
    record.region = parsed->region;
    if (Status ok = owner_.verifier_.Verify(request.head, request.body, *parsed, (*key)->secret);
        !ok.ok()) {
      return Failed(ok.error().code);
    }
    if (parsed->service != kSignInService) return Failed("InvalidSignatureException");
    return Ok();
  }

  std::string_view Action() const override { return {}; }

  Result<Response> Handle(Request& request, pipeline::CallRecord& record) override {
    // The signed body names a challenge this berth issued and nobody has used: a replayed
    // sign-in (its signature still valid) opens nothing.
    auto input = protocol::ParseJson(request.body);
    const Document* challenge = input.ok() ? input->Find("challenge") : nullptr;
    if (challenge == nullptr || !challenge->is_string() ||
        !owner_.sessions_.ConsumeChallenge(challenge->as_string())) {
      return Failed("InvalidChallenge");
    }
    NewSession session = owner_.sessions_.Create(*record.principal, record.region);
    record.response_elements = Outcome(true);
    Response response = JsonResponse(
        200, SessionJson(*record.principal, record.region, session.csrf_token, std::nullopt,
                         session.expires));
    const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(
                             session.expires - record.time).count();
    response.SetHeader("set-cookie", SessionCookie(session.cookie_value, max_age));
    return response;
  }

  Response Answer(Result<Response> result, const pipeline::CallRecord&) override {
    if (result.ok()) return std::move(*result);
    return JsonError(result.error());
  }

  std::unique_ptr<BodySink> OpenSink(const RequestHead&) override { return nullptr; }
  std::unique_ptr<BodySink> RefuseSink(Error) override { return nullptr; }

 private:
  SignIn& owner_;
  const RequestHead& head_;
};

bool SignIn::Matches(const RequestHead& head) const {
  if (head.path != kSignInPath) return false;
  const std::string* authorization = head.Find("authorization");
  return authorization == nullptr ||
         authorization->find("/" + std::string(kSignInService) + "/aws4_request") !=
             std::string::npos;
}

SignIn::SignIn(const Clock& clock, auth::CredentialStore& credentials, SessionStore& sessions)
    : credentials_(credentials), sessions_(sessions), verifier_(clock) {}

std::unique_ptr<pipeline::FrontEndCall> SignIn::Start(const RequestHead& head, bool) {
  return std::make_unique<Call>(*this, head);
}

Error SignIn::Denied(std::string message) const {
  return Error{"AccessDenied", std::move(message), 403};
}

Error SignIn::InternalError() const {
  return Error{"InternalFailure", "The sign-in failed inside berth", 500};
}

Response SignIn::InternalErrorResponse(const std::string& /*request_id*/) const {
  return JsonError(InternalError());
}

Error SignIn::InsufficientSpace(uint64_t) const {
  return Error{"ServiceUnavailable", "berth is low on disk space", 503};
}

Response SignIn::TooLarge(const RequestHead& head, uint64_t limit, pipeline::CallRecord& record) {
  Call call(*this, head);
  (void)call.Route(record);
  Error error{"RequestEntityTooLarge",
              "A sign-in request is at most " + std::to_string(limit) + " bytes", 413};
  record.error = error;
  return JsonError(error);
}

}  // namespace berth::app::console
