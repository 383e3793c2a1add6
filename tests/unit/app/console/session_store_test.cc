// The console's sessions: a cookie plus its anti-forgery header authenticate as the key's user
// until the session expires, is ended, or the key stops being active.
#include "app/console/session_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "auth/credential_store.h"
#include "store/database.h"

namespace berth::app::console {
namespace {

class SessionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_sessions_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    credentials_ = std::move(*auth::CredentialStore::Open(*db_, std::string(32, 'k')));
    ASSERT_TRUE(credentials_->EnsureAccount().ok());
    ASSERT_TRUE(credentials_->CreateUser(credentials_->EnsureAccount()->id, "alice").ok());
    key_ = *credentials_->CreateAccessKey(credentials_->EnsureAccount()->id, "alice");
    principal_ = (*credentials_->FindAccessKey(key_.access_key_id))->principal;
    principal_.access_key_id = key_.access_key_id;
  }
  void TearDown() override {
    credentials_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
  }

  static RequestHead With(std::string cookie, std::string csrf) {
    RequestHead head;
    head.method = "POST";
    head.path = "/";
    if (!cookie.empty()) head.headers.push_back({"cookie", std::move(cookie)});
    if (!csrf.empty()) head.headers.push_back({"x-berth-csrf", std::move(csrf)});
    return head;
  }

  std::string root_;
  FakeClock clock_{FromMillis(1'800'000'000'000)};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  auth::AccessKeyPair key_;
  auth::Principal principal_;
};

TEST_F(SessionStoreTest, FindsItsCookieAmongOthersAndInAnyCookieHeader) {
  RequestHead head;
  head.headers = {{"cookie", "a=1; berth-consoleX=no"}, {"cookie", "b=2;berth-console=abc; c=3"}};
  EXPECT_EQ(SessionStore::CookieValue(head), "abc");
  head.headers = {{"cookie", "berth-console="}};
  EXPECT_EQ(SessionStore::CookieValue(head), "");
}

TEST_F(SessionStoreTest, AuthenticatesTheCookieWithItsCsrfTokenAsTheKeysUser) {
  SessionStore sessions(clock_, *credentials_);
  NewSession s = sessions.Create(principal_, "eu-west-1");
  EXPECT_EQ(s.cookie_value.size(), 64u);
  EXPECT_EQ(s.expires, clock_.Now() + std::chrono::hours(12));
  auto caller = sessions.Authenticate(With("berth-console=" + s.cookie_value, s.csrf_token));
  ASSERT_TRUE(caller.ok()) << caller.error().message;
  EXPECT_EQ(caller->principal.arn, principal_.arn);
  EXPECT_EQ(caller->principal.access_key_id, key_.access_key_id);
  EXPECT_EQ(caller->region, "eu-west-1");
  EXPECT_EQ(caller->created, clock_.Now());
}

TEST_F(SessionStoreTest, RefusesACookieWithoutItsCsrfToken) {
  SessionStore sessions(clock_, *credentials_);
  NewSession s = sessions.Create(principal_, "us-east-1");
  const std::string cookie = "berth-console=" + s.cookie_value;
  EXPECT_TRUE(sessions.Presents(With(cookie, "")));
  EXPECT_EQ(sessions.Authenticate(With(cookie, "")).error().code,
            "MissingAuthenticationTokenException");
  EXPECT_EQ(sessions.Authenticate(With(cookie, s.csrf_token + "0")).error().code,
            "MissingAuthenticationTokenException");
  // Another session's token is no better.
  NewSession other = sessions.Create(principal_, "us-east-1");
  EXPECT_FALSE(sessions.Authenticate(With(cookie, other.csrf_token)).ok());
}

TEST_F(SessionStoreTest, UnknownCookiesAndExpiredSessionsAreRefused) {
  SessionStore sessions(clock_, *credentials_, {.lifetime = std::chrono::seconds(60)});
  NewSession s = sessions.Create(principal_, "us-east-1");
  EXPECT_EQ(sessions.Authenticate(With("berth-console=" + std::string(64, 'a'), s.csrf_token))
                .error()
                .code,
            "ExpiredTokenException");
  clock_.Advance(std::chrono::seconds(59));
  EXPECT_TRUE(sessions.Authenticate(With("berth-console=" + s.cookie_value, s.csrf_token)).ok());
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(sessions.Authenticate(With("berth-console=" + s.cookie_value, s.csrf_token))
                .error()
                .code,
            "ExpiredTokenException");
  EXPECT_FALSE(sessions.Find(With("berth-console=" + s.cookie_value, "")).has_value());
}

TEST_F(SessionStoreTest, SignOutNeedsTheCsrfTokenAndEndsTheSession) {
  SessionStore sessions(clock_, *credentials_);
  NewSession s = sessions.Create(principal_, "us-east-1");
  const std::string cookie = "berth-console=" + s.cookie_value;
  EXPECT_FALSE(sessions.End(With(cookie, "")));
  EXPECT_FALSE(sessions.End(With(cookie, "nope")));
  ASSERT_TRUE(sessions.Find(With(cookie, "")).has_value());
  EXPECT_TRUE(sessions.End(With(cookie, s.csrf_token)));
  EXPECT_FALSE(sessions.Find(With(cookie, "")).has_value());
  EXPECT_FALSE(sessions.Authenticate(With(cookie, s.csrf_token)).ok());
  EXPECT_FALSE(sessions.End(With(cookie, s.csrf_token)));
}

TEST_F(SessionStoreTest, ADeactivatedKeyEndsItsSessions) {
  SessionStore sessions(clock_, *credentials_);
  NewSession s = sessions.Create(principal_, "us-east-1");
  ASSERT_TRUE(credentials_->UpdateAccessKey(credentials_->EnsureAccount()->id, "alice",
      key_.access_key_id, "Inactive").ok());
  EXPECT_EQ(sessions.Authenticate(With("berth-console=" + s.cookie_value, s.csrf_token))
                .error()
                .code,
            "ExpiredTokenException");
}

TEST_F(SessionStoreTest, BeyondItsBoundTheSessionClosestToExpiryIsEnded) {
  SessionStore sessions(clock_, *credentials_, {.max_sessions = 2});
  NewSession first = sessions.Create(principal_, "us-east-1");
  clock_.Advance(std::chrono::seconds(1));
  NewSession second = sessions.Create(principal_, "us-east-1");
  clock_.Advance(std::chrono::seconds(1));
  NewSession third = sessions.Create(principal_, "us-east-1");
  EXPECT_FALSE(sessions.Find(With("berth-console=" + first.cookie_value, "")).has_value());
  EXPECT_TRUE(sessions.Find(With("berth-console=" + second.cookie_value, "")).has_value());
  EXPECT_TRUE(sessions.Find(With("berth-console=" + third.cookie_value, "")).has_value());
}

TEST_F(SessionStoreTest, AChallengeIsGoodOnceWithinFiveMinutes) {
  SessionStore sessions(clock_, *credentials_);
  const std::string a = sessions.IssueChallenge(), b = sessions.IssueChallenge();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(sessions.ConsumeChallenge(a));
  EXPECT_FALSE(sessions.ConsumeChallenge(a));
  EXPECT_FALSE(sessions.ConsumeChallenge("never-issued"));
  clock_.Advance(std::chrono::minutes(5));
  EXPECT_FALSE(sessions.ConsumeChallenge(b));
}

}  // namespace
}  // namespace berth::app::console
