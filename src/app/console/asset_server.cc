#include "app/console/asset_server.h"

#include <cstdlib>

#include "app/console/responses.h"
#include "core/gzip.h"

namespace berth::app::console {
namespace {

bool AcceptsGzip(const RequestHead& head) {
  // "gzip" listed without q=0 (browsers send "gzip, deflate, br, zstd").
  for (const Header& h : head.headers) {
    if (h.name != "accept-encoding") continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      const size_t end = std::min(rest.find(','), rest.size());
      std::string_view item = rest.substr(0, end);
      rest.remove_prefix(std::min(end + 1, rest.size()));
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      if (item.substr(0, 4) != "gzip") continue;
      const std::string_view params = item.substr(4);
      if (params.find("q=0") != std::string_view::npos &&
          params.find_first_of("123456789", params.find("q=0")) == std::string_view::npos) {
        return false;
      }
      return true;
    }
  }
  return false;
}

// True when If-None-Match names `etag` (or is "*").
bool NoneMatchHits(const RequestHead& head, std::string_view etag) {
  const std::string* header = head.Find("if-none-match");
  if (header == nullptr) return false;
  if (*header == "*") return true;
  // Weak comparison, as RFC 9110 asks for If-None-Match: W/"x" matches "x".
  std::string_view rest = *header;
  while (!rest.empty()) {
    const size_t end = std::min(rest.find(','), rest.size());
    std::string_view tag = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

}  // namespace

AssetServer::AssetServer() {
  for (const EmbeddedAsset& asset : EmbeddedAssets()) {
    if (asset.url == "/console/index.html") {
      index_ = &asset;
    } else {
      by_url_[asset.url] = &asset;
    }
  }
  // The build embeds index.html; a build without it is broken, not a request's problem.
  if (index_ == nullptr) std::abort();
}

const std::string& AssetServer::Plain(const EmbeddedAsset& asset) const {
  std::lock_guard lock(mu_);
  auto it = plain_.find(&asset);
  if (it != plain_.end()) return it->second;
  // Embedded by the build from a gzip the build just made: it inflates, or the binary is broken.
  auto bytes = gzip::Decompress(asset.gzip, asset.size);
  if (!bytes.ok()) std::abort();
  return plain_.emplace(&asset, std::move(*bytes)).first->second;
}

Response AssetServer::Send(const EmbeddedAsset& asset, const RequestHead& head,
                           bool immutable) const {
  const bool gz = AcceptsGzip(head);
  const std::string tag = std::string(asset.sha256_hex.substr(0, 32));
  const std::string etag = gz ? "\"" + tag + "-gz\"" : "\"" + tag + "\"";
  Response response;
  response.SetHeader("etag", etag);
  response.SetHeader("cache-control",
                     immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.SetHeader("vary", "Accept-Encoding");
  AddSecurityHeaders(response);
  if (NoneMatchHits(head, etag)) {
    response.status = 304;
    return response;
  }
  response.SetHeader("content-type", std::string(asset.content_type));
  // HEAD too: the server sends the length of the body, not the body.
  if (gz) {
    response.SetHeader("content-encoding", "gzip");
    response.body = std::string(asset.gzip);
  } else {
    response.body = Plain(asset);
  }
  return response;
}

Response AssetServer::Serve(const RequestHead& head) const {
  if (head.path.starts_with("/console/a/")) {
    auto it = by_url_.find(head.path);
    if (it == by_url_.end()) {
      // An asset of another build (a page open across an upgrade): the page must reload.
      Response missing;
      missing.status = 404;
      missing.body = "Not found: this console asset belongs to another build of berth\n";
      missing.SetHeader("content-type", "text/plain; charset=utf-8");
      missing.SetHeader("cache-control", "no-store");
      AddSecurityHeaders(missing);
      return missing;
    }
    return Send(*it->second, head, /*immutable=*/true);
  }
  return Send(*index_, head, /*immutable=*/false);
}

}  // namespace berth::app::console
