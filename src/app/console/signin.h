#pragma once
// The console's sign-in, an AWS operation of its own: AWS sign-in's ConsoleLogin (eventSource
// signin.amazonaws.com). The page signs `POST /console/api/signin` with SigV4 (service
// `signin`) in the browser with the access key the user typed, so the secret never crosses the
// wire. Its body is {"challenge": "<from GET /console/api/challenge>"}: a challenge is good for
// one sign-in, so a captured request cannot be replayed. This front-end verifies the signature
// with the same verifier as every API call, and the dispatcher
// records the outcome as AWS does: eventType AwsConsoleSignIn, responseElements
// {"ConsoleLogin": "Success"|"Failure"}, additionalEventData {LoginTo, MobileVersion, MFAUsed},
// errorMessage "Failed authentication". A success sets the session cookie (HttpOnly,
// SameSite=Strict, Path=/, with its expiry) and answers the anti-forgery token.
//
// No IAM action authorizes a sign-in (as on AWS, where ConsoleLogin is not a policy action);
// what the session may then do is decided call by call by the user's policies.

#include "auth/credential_store.h"
#include "auth/sigv4.h"
#include "app/console/session_store.h"
#include "pipeline/front_end.h"

namespace berth::app::console {

inline constexpr std::string_view kSignInPath = "/console/api/signin";
inline constexpr std::string_view kSignInService = "signin";

class SignIn final : public pipeline::FrontEnd {
 public:
  SignIn(const Clock& clock, auth::CredentialStore& credentials, SessionStore& sessions);

  // The sign-in path, unless signed for another service (an S3 object "api/signin" of a bucket
  // named "console" is S3's).
  bool Matches(const RequestHead& head) const override;
  uint64_t BodyLimit(const RequestHead&) const override { return 4096; }
  bool StreamsBody(const RequestHead&) const override { return false; }
  std::unique_ptr<pipeline::FrontEndCall> Start(const RequestHead& head,
                                                bool opening_sink) override;
  Error Denied(std::string message) const override;
  Error InternalError() const override;
  Response InternalErrorResponse(const std::string& request_id) const override;
  Error InsufficientSpace(uint64_t reserve_bytes) const override;
  Response TooLarge(const RequestHead& head, uint64_t limit,
                    pipeline::CallRecord& record) override;

 private:
  class Call;
  auth::CredentialStore& credentials_;
  SessionStore& sessions_;
  auth::SigV4Verifier verifier_;
};

}  // namespace berth::app::console
