#include "services/registry/route.h"

#include "core/url.h"

namespace berth::services::registry {
namespace {

constexpr std::string_view kPrefix = "/v2/";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Splits "<name><marker><last>" at the last marker, where <last> holds no '/'.
bool SplitLast(std::string_view rest, std::string_view marker, Route& route) {
  const auto at = rest.rfind(marker);
  if (at == std::string_view::npos || at == 0) return false;
  const std::string_view last = rest.substr(at + marker.size());
  if (last.find('/') != std::string_view::npos) return false;
  auto decoded = url::PercentDecode(last);
  if (!decoded) return false;
  route.name = std::string(rest.substr(0, at));
  route.reference = std::move(*decoded);
  return true;
}

}  // namespace

bool IsRegistryPath(std::string_view path) {
  return path == "/v2" || path.substr(0, kPrefix.size()) == kPrefix;
}

Route ParseRoute(std::string_view path) {
  Route route;
  if (path == "/v2" || path == kPrefix) {
    route.kind = RouteKind::kPing;
    return route;
  }
  if (!IsRegistryPath(path)) return route;
  std::string_view rest = path.substr(kPrefix.size());
  if (rest == "_catalog") {
    route.kind = RouteKind::kCatalog;
    return route;
  }
  if (EndsWith(rest, "/tags/list")) {
    route.kind = RouteKind::kTags;
    route.name = std::string(rest.substr(0, rest.size() - 10));
    return route;
  }
  if (EndsWith(rest, "/blobs/uploads/") || EndsWith(rest, "/blobs/uploads")) {
    route.kind = RouteKind::kUploads;
    route.name = std::string(rest.substr(0, rest.rfind("/blobs/uploads")));
    return route;
  }
  // The most specific marker first: "/blobs/uploads/<id>" also contains "/blobs/".
  struct Marker {
    std::string_view text;
    RouteKind kind;
  };
  for (const Marker& m : {Marker{"/blobs/uploads/", RouteKind::kUpload},
                          Marker{"/manifests/", RouteKind::kManifest},
                          Marker{"/blobs/", RouteKind::kBlob},
                          Marker{"/referrers/", RouteKind::kReferrers}}) {
    if (SplitLast(rest, m.text, route) && !route.reference.empty()) {
      route.kind = m.kind;
      return route;
    }
  }
  route = Route{};
  return route;
}

}  // namespace berth::services::registry
