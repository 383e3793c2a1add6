#include "services/registry/route.h"

#include <gtest/gtest.h>

namespace berth::services::registry {
namespace {

struct RouteCase {
  const char* path;
  RouteKind kind;
  const char* name;
  const char* reference;
};

class RouteTest : public ::testing::TestWithParam<RouteCase> {};

TEST_P(RouteTest, Parses) {
  const RouteCase& c = GetParam();
  const Route route = ParseRoute(c.path);
  EXPECT_EQ(route.kind, c.kind) << c.path;
  EXPECT_EQ(route.name, c.name) << c.path;
  EXPECT_EQ(route.reference, c.reference) << c.path;
}

const char kDigest[] = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

INSTANTIATE_TEST_SUITE_P(
    Paths, RouteTest,
    ::testing::Values(
        RouteCase{"/v2/", RouteKind::kPing, "", ""}, RouteCase{"/v2", RouteKind::kPing, "", ""},
        RouteCase{"/v2/_catalog", RouteKind::kCatalog, "", ""},
        RouteCase{"/v2/app/tags/list", RouteKind::kTags, "app", ""},
        RouteCase{"/v2/team/app/tags/list", RouteKind::kTags, "team/app", ""},
        RouteCase{"/v2/team/app/manifests/v1", RouteKind::kManifest, "team/app", "v1"},
        RouteCase{"/v2/a/b/c/manifests/sha256%3Aab", RouteKind::kManifest, "a/b/c", "sha256:ab"},
        RouteCase{"/v2/app/blobs/uploads/", RouteKind::kUploads, "app", ""},
        RouteCase{"/v2/app/blobs/uploads", RouteKind::kUploads, "app", ""},
        RouteCase{"/v2/team/app/blobs/uploads/1234-id", RouteKind::kUpload, "team/app",
                  "1234-id"},
        RouteCase{"/v2/app/referrers/sha256:ab", RouteKind::kReferrers, "app", "sha256:ab"},
        // A repository may itself be called "manifests" or "blobs": the last marker wins.
        RouteCase{"/v2/manifests/blobs/x", RouteKind::kBlob, "manifests", "x"},
        RouteCase{"/v2/blobs/manifests/latest", RouteKind::kManifest, "blobs", "latest"},
        // Not endpoints.
        RouteCase{"/v2/app", RouteKind::kUnknown, "", ""},
        RouteCase{"/v2/app/manifests/", RouteKind::kUnknown, "", ""},
        RouteCase{"/v2/app/manifests/a/b", RouteKind::kUnknown, "", ""},
        RouteCase{"/v2/manifests/v1", RouteKind::kUnknown, "", ""},
        RouteCase{"/v2/app/blobs/%zz", RouteKind::kUnknown, "", ""},
        RouteCase{"/v3/app/tags/list", RouteKind::kUnknown, "", ""}));

TEST(RouteDigestTest, BlobRouteKeepsTheDigest) {
  const Route route = ParseRoute(std::string("/v2/x/y/blobs/") + kDigest);
  EXPECT_EQ(route.kind, RouteKind::kBlob);
  EXPECT_EQ(route.name, "x/y");
  EXPECT_EQ(route.reference, kDigest);
}

TEST(RegistryPathTest, OnlyV2) {
  EXPECT_TRUE(IsRegistryPath("/v2"));
  EXPECT_TRUE(IsRegistryPath("/v2/anything"));
  EXPECT_FALSE(IsRegistryPath("/v2x"));
  EXPECT_FALSE(IsRegistryPath("/"));
}

}  // namespace
}  // namespace berth::services::registry
