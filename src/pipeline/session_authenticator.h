#pragma once
// A second way to authenticate an AWS API call besides SigV4: a signed-in browser session (the
// web console). The dispatcher asks it only for calls that carry no signature; a call that
// presents a session is then authorized, run and recorded exactly as a signed call of the same
// principal would be, with its record saying it came from a console session.

#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/http_types.h"
#include "core/result.h"

namespace berth::pipeline {

// A query-protocol call names its service by its signature's credential scope (AWS tells them
// apart by host name; berth serves them all on one). A session's call has no signature, so it
// names the service (the signing name: iam, sns, monitoring) in this header instead.
inline constexpr std::string_view kSessionServiceHeader = "x-berth-service";
// The anti-forgery header every session call carries (its value is the session's token).
inline constexpr std::string_view kSessionCsrfHeader = "x-berth-csrf";

// Who a session speaks for.
struct SessionCaller {
  auth::Principal principal;  // access_key_id: the key the session was signed in with
  std::string region;         // the region the sign-in was signed for
  TimePoint created;          // when the session began (userIdentity.sessionContext)
};

class SessionAuthenticator {
 public:
  virtual ~SessionAuthenticator() = default;
  // True when the request presents a session (its cookie), so that it is authenticated by
  // Authenticate rather than refused as unsigned.
  virtual bool Presents(const RequestHead& head) const = 0;
  // The caller of a request that presents a session. Fails (an AWS authentication error) when
  // the session is unknown, expired or ended, when the request lacks the session's anti-forgery
  // header, or when the access key it was made with is no longer active.
  // Thread-safe: called from every I/O thread.
  virtual Result<SessionCaller> Authenticate(const RequestHead& head) const = 0;
};

}  // namespace berth::pipeline
