#pragma once
// Everything the HTTP server hands the console instead of the dispatcher: its files
// (asset_server.h), the page's session endpoints, and the redirect of a browser's `GET /`.
// The sign-in is not here: it is an AWS operation (signin.h), run and recorded by the
// dispatcher. Console pages call the ordinary AWS APIs at `/` with the session cookie.
//
//   GET  /                      a browser's (Accept: text/html, unsigned): 302 to /console/
//   GET  /console               301 to /console/
//   GET  /console/api/challenge a fresh sign-in challenge (signin.h)
//   GET  /console/api/session   the caller's session (user, region, anti-forgery token,
//                               expiry), or 401 when signed out
//   POST /console/api/signout   ends the session (X-Berth-Csrf required), clears the cookie
//   GET  /console/...           assets and pages (asset_server.h)

#include "app/console/asset_server.h"
#include "app/console/session_store.h"
#include "app/console/signin.h"
#include "core/http_types.h"

namespace berth::app::console {

class ConsoleHandler {
 public:
  explicit ConsoleHandler(SessionStore& sessions) : sessions_(sessions) {}

  // True for the unsigned requests above (never for the sign-in, which goes to the
  // dispatcher, nor for a signed request: an S3 call on a bucket named "console" is S3's).
  bool Matches(const RequestHead& head) const;
  Response Handle(const Request& request) const;
  // The answer to a body over HttpRoutes' limit for console requests.
  Response TooLarge(uint64_t limit) const;

 private:
  Response Session(const RequestHead& head) const;
  Response SignOut(const RequestHead& head) const;

  SessionStore& sessions_;
  AssetServer assets_;
};

}  // namespace berth::app::console
