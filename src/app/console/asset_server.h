#pragma once
// Serves the console's embedded files (embedded_assets.h):
// - /console/a/<tree hash>/<path>: the asset, cached a year (`immutable`: the URL changes when
//   any file does);
// - any other GET under /console/ (not /console/api/): index.html, `no-cache` (revalidated
//   every time), so every page of the single-page console is a deep link;
// each with its content type, a strong ETag (SHA-256 of the file; "-gz" for the gzip form,
// a different representation), If-None-Match → 304, the gzip bytes as embedded when the
// client accepts gzip (inflated once, lazily, for one that does not), Vary: Accept-Encoding,
// and the console's security headers (responses.h). Thread-safe.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "app/console/embedded_assets.h"
#include "core/http_types.h"

namespace berth::app::console {

class AssetServer {
 public:
  AssetServer();
  // `head` is a GET or HEAD under /console/ that is not an API path.
  Response Serve(const RequestHead& head) const;

 private:
  Response Send(const EmbeddedAsset& asset, const RequestHead& head, bool immutable) const;
  // The asset's bytes inflated (for clients that do not accept gzip), made once.
  const std::string& Plain(const EmbeddedAsset& asset) const;

  std::unordered_map<std::string_view, const EmbeddedAsset*> by_url_;
  const EmbeddedAsset* index_ = nullptr;
  mutable std::mutex mu_;
  mutable std::unordered_map<const EmbeddedAsset*, std::string> plain_;  // GUARDED_BY(mu_)
};

}  // namespace berth::app::console
