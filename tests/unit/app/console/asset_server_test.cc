// The console's embedded files as served: deep links get index.html (revalidated), hashed
// assets are cached a year, gzip when accepted, strong ETags and 304s.
#include "app/console/asset_server.h"

#include <gtest/gtest.h>

#include <string>

#include "core/crypto.h"
#include "core/gzip.h"

namespace berth::app::console {
namespace {

const std::string* HeaderOf(const Response& r, std::string_view name) {
  for (const Header& h : r.headers)
    if (h.name == name) return &h.value;
  return nullptr;
}

RequestHead Get(std::string path, std::vector<Header> headers = {}) {
  RequestHead head;
  head.method = "GET";
  head.path = std::move(path);
  head.headers = std::move(headers);
  return head;
}

TEST(AssetServer, EmbedsIndexAndTheAppUnderTheTreeHash) {
  const std::string base(AssetBase());
  ASSERT_EQ(base.size(), std::string("/console/a/0123456789abcdef/").size());
  bool index = false, app = false, preact = false;
  for (const EmbeddedAsset& a : EmbeddedAssets()) {
    index |= a.url == "/console/index.html";
    app |= a.url == base + "app.mjs";
    preact |= a.url == base + "vendor/preact.mjs";
    // The table's SHA-256 is of the bytes the gzip holds.
    auto plain = gzip::Decompress(a.gzip, a.size);
    ASSERT_TRUE(plain.ok()) << a.url;
    EXPECT_EQ(plain->size(), a.size);
    EXPECT_EQ(crypto::Sha256Hex(*plain), a.sha256_hex) << a.url;
  }
  EXPECT_TRUE(index && app && preact);
}

TEST(AssetServer, DeepLinksGetTheIndexRevalidatedEveryTime) {
  AssetServer server;
  Response r = server.Serve(Get("/console/cloudtrail/events"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*HeaderOf(r, "content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(*HeaderOf(r, "cache-control"), "no-cache");
  EXPECT_NE(r.body.find(std::string(AssetBase()) + "app.mjs"), std::string::npos);
  EXPECT_EQ(r.body.find("@ASSET_BASE@"), std::string::npos);
  EXPECT_NE(HeaderOf(r, "content-security-policy"), nullptr);
}

TEST(AssetServer, HashedAssetsAreImmutableAndGzippedWhenAccepted) {
  AssetServer server;
  const std::string url = std::string(AssetBase()) + "app.mjs";
  Response plain = server.Serve(Get(url));
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(*HeaderOf(plain, "content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(*HeaderOf(plain, "cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(plain, "content-encoding"), nullptr);
  EXPECT_EQ(*HeaderOf(plain, "etag"), "\"" + crypto::Sha256Hex(plain.body).substr(0, 32) + "\"");

  Response gz = server.Serve(Get(url, {{"accept-encoding", "gzip, deflate, br, zstd"}}));
  EXPECT_EQ(*HeaderOf(gz, "content-encoding"), "gzip");
  EXPECT_EQ(*gzip::Decompress(gz.body, 1 << 20), plain.body);
  EXPECT_EQ(*HeaderOf(gz, "etag"), HeaderOf(plain, "etag")->substr(0, 33) + "-gz\"");
  // gzip refused with q=0.
  Response refused = server.Serve(Get(url, {{"accept-encoding", "gzip;q=0, br"}}));
  EXPECT_EQ(HeaderOf(refused, "content-encoding"), nullptr);
}

TEST(AssetServer, IfNoneMatchAnswers304ForEitherForm) {
  AssetServer server;
  const std::string url = std::string(AssetBase()) + "app.css";
  const std::string etag = *HeaderOf(server.Serve(Get(url)), "etag");
  Response r = server.Serve(Get(url, {{"if-none-match", "\"x\", " + etag}}));
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(server.Serve(Get(url, {{"if-none-match", "W/" + etag}})).status, 304);
  EXPECT_EQ(server.Serve(Get(url, {{"if-none-match", "\"other\""}})).status, 200);
}

TEST(AssetServer, AnAssetOfAnotherBuildIsNotFound) {
  AssetServer server;
  Response r = server.Serve(Get("/console/a/0000000000000000/app.mjs"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(*HeaderOf(r, "cache-control"), "no-store");
}

}  // namespace
}  // namespace berth::app::console
