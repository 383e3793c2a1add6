#include "app/console/console_handler.h"

#include "app/console/responses.h"

namespace berth::app::console {
namespace {

// A signed request is an API call, never a page: S3 calls on a bucket named "console" still
// reach S3 (path style), and S3's ListBuckets is a signed GET /.
bool IsSigned(const RequestHead& head) {
  return head.Find("authorization") != nullptr ||
         head.query.find("Signature=") != std::string::npos;  // SigV4 and SigV2 presigned
}

// A browser opening berth's address: a page navigation, not an API call.
bool IsBrowserRoot(const RequestHead& head) {
  if (head.path != "/" || (head.method != "GET" && head.method != "HEAD")) return false;
  if (!head.query.empty() || IsSigned(head)) return false;
  const std::string* accept = head.Find("accept");
  return accept != nullptr && accept->find("text/html") != std::string::npos;
}

Response Redirect(int status, std::string location) {
  Response response;
  response.status = status;
  response.SetHeader("location", std::move(location));
  response.SetHeader("cache-control", "no-cache");
  AddSecurityHeaders(response);
  return response;
}

}  // namespace

bool ConsoleHandler::Matches(const RequestHead& head) const {
  if (IsBrowserRoot(head)) return true;
  if (head.path == kSignInPath || IsSigned(head)) return false;
  return head.path == "/console" || head.path.starts_with("/console/");
}

Response ConsoleHandler::Handle(const Request& request) const {
  const RequestHead& head = request.head;
  if (IsBrowserRoot(head)) return Redirect(302, "/console/");
  if (head.path == "/console") return Redirect(301, "/console/");
  if (head.path == "/console/api/session" && head.method == "GET") return Session(head);
  if (head.path == "/console/api/challenge" && head.method == "GET") {
    return JsonResponse(200, "{\"challenge\":\"" + sessions_.IssueChallenge() + "\"}");
  }
  if (head.path == "/console/api/signout" && head.method == "POST") return SignOut(head);
  if (head.path.starts_with("/console/api/")) {
    return JsonError(Error{"NotFound", "No console API " + head.method + " " + head.path, 404});
  }
  if (head.method != "GET" && head.method != "HEAD") {
    Response response = JsonError(Error{"MethodNotAllowed", "The console's pages are read with GET", 405});
    response.SetHeader("allow", "GET, HEAD");
    return response;
  }
  return assets_.Serve(head);
}

Response ConsoleHandler::TooLarge(uint64_t limit) const {
  return JsonError(Error{"RequestEntityTooLarge",
                         "A console request body is at most " + std::to_string(limit) + " bytes",
                         413});
}

Response ConsoleHandler::Session(const RequestHead& head) const {
  std::optional<SessionView> session = sessions_.Find(head);
  if (!session) {
    return JsonError(Error{"ExpiredTokenException", "Not signed in", 401});
  }
  return JsonResponse(200, SessionJson(session->principal, session->region, session->csrf_token,
                                       session->created, session->expires));
}

Response ConsoleHandler::SignOut(const RequestHead& head) const {
  if (!sessions_.End(head)) {
    return JsonError(Error{"ExpiredTokenException",
                           "No session to end (signed out already, or no X-Berth-Csrf header)", 401});
  }
  Response response;
  response.status = 204;
  response.SetHeader("cache-control", "no-store");
  response.SetHeader("set-cookie", SessionCookie("", 0));
  AddSecurityHeaders(response);
  return response;
}

}  // namespace berth::app::console
