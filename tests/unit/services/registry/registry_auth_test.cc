#include "services/registry/registry_auth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "core/crypto.h"

namespace berth::services::registry {
namespace {

TimePoint Start() { return TimePoint(std::chrono::milliseconds(1795583947000)); }

RequestHead WithAuthorization(std::string value) {
  RequestHead head;
  head.method = "GET";
  head.path = "/v2/";
  head.headers.push_back({"authorization", std::move(value)});
  return head;
}

std::string Basic(const std::string& user_and_password) {
  return "Basic " + crypto::Base64Encode(user_and_password);
}

// What a refused `docker login` presented: what CloudTrail's RegistryLogin records.
class RegistryAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_regauth_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    credentials_ = std::move(*auth::CredentialStore::Open(*db_, std::string(32, 'k')));
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }

  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  FakeClock clock_{Start()};
  auth::RegistryTokens tokens_{std::string(32, 't'), clock_};
};

TEST_F(RegistryAuthTest, NoCredentialsIsNoLoginAttempt) {
  RegistryAuth auth(*credentials_, tokens_);
  RequestHead head;
  head.method = "GET";
  head.path = "/v2/";
  EXPECT_FALSE(auth.Presented(head).has_value());
}

TEST_F(RegistryAuthTest, PresentsTheUserNameOfAWrongPassword) {
  RegistryAuth auth(*credentials_, tokens_);
  auto login = auth.Presented(WithAuthorization(Basic("alice:not-a-token")));
  ASSERT_TRUE(login.has_value());
  EXPECT_EQ(login->user, "alice");
  EXPECT_FALSE(login->expired);
  auto other = auth.Presented(WithAuthorization("Bearer xyz"));
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->user, "");
}

TEST_F(RegistryAuthTest, TellsAnExpiredTokenFromAnInvalidOne) {
  RegistryAuth auth(*credentials_, tokens_);
  const std::string token = tokens_.Issue("AKIAEXAMPLE", "123456789012", std::chrono::hours(12));
  clock_.Advance(std::chrono::hours(13));
  auto login = auth.Presented(WithAuthorization(Basic("AWS:" + token)));
  ASSERT_TRUE(login.has_value());
  EXPECT_EQ(login->user, "AWS");
  EXPECT_TRUE(login->expired);
  EXPECT_FALSE(auth.Authenticate(WithAuthorization(Basic("AWS:" + token))).ok());
}

}  // namespace
}  // namespace berth::services::registry
