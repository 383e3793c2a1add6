#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "services/monitoring/dashboards/dashboard_store.h"

namespace berth::services::monitoring::dashboards {
namespace {

class DashboardStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_dash_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    ASSERT_TRUE(DashboardStore::Migrate(*db_).ok());
    ASSERT_TRUE(DashboardStore::Migrate(*db_).ok());  // applied once only
  }
  void TearDown() override {
    db_.reset();
    std::system(("rm -rf '" + root_ + "'").c_str());
  }
  std::string root_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(DashboardStoreTest, BodiesRoundTripByteForByte) {
  DashboardStore s(*db_);
  const std::string body = std::string("{ \"widgets\" :[]\t}\n\0x", 19) + "\xc3\xa9";
  ASSERT_TRUE(s.Put("1", "a", body, 1000).ok());
  auto got = s.Get("1", "a");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->body, body);
  EXPECT_EQ((*got)->modified_ms, 1000);
  ASSERT_TRUE(s.Put("1", "a", "{}", 2000).ok());  // replaces
  EXPECT_EQ((*s.Get("1", "a"))->body, "{}");
  EXPECT_FALSE(s.Get("2", "a")->has_value());  // per account
}

TEST_F(DashboardStoreTest, ListsByPrefixInPages) {
  DashboardStore s(*db_);
  for (const char* n : {"web_1", "web_2", "webX", "api", "we"})
    ASSERT_TRUE(s.Put("1", n, "{}", 1).ok());
  auto page = *s.List("1", "web_", "", 10);  // '_' is not a wildcard
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].name, "web_1");
  EXPECT_EQ(page[0].size, 2);
  page = *s.List("1", "", "", 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[1].name, "we");
  page = *s.List("1", "", "we", 10);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].name, "webX");  // byte order: 'X' < '_'
}

TEST_F(DashboardStoreTest, DeleteRemovesWhatExistsAndNamesTheRest) {
  DashboardStore s(*db_);
  ASSERT_TRUE(s.Put("1", "a", "{}", 1).ok());
  ASSERT_TRUE(s.Put("1", "b", "{}", 1).ok());
  auto missing = s.Delete("1", {"a", "nope", "b"});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(*missing, std::vector<std::string>{"nope"});
  EXPECT_TRUE(s.List("1", "", "", 10)->empty());
}

}  // namespace
}  // namespace berth::services::monitoring::dashboards
