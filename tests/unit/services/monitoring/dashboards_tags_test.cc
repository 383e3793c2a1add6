// Dashboards tagged through the alarms' tag store: PutDashboard's Tags on creation only (the
// model's documentation: ignored on update), TagResource & co. on a dashboard ARN while the
// dashboard exists, and DeleteDashboards dropping its tags.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "core/clock.h"
#include "protocol/json_reader.h"
#include "services/monitoring/dashboards/dashboard_ops.h"
#include "services/monitoring/dashboards/dashboard_store.h"
#include "services/monitoring/monitoring_service.h"

namespace berth::services::monitoring::dashboards {
namespace {

constexpr char kArn[] = "arn:aws:cloudwatch::111122223333:dashboard/ops";

class DashboardTagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_dashtags_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    service_ = std::move(*MonitoringService::Open(root_ + "/metrics", *db_, clock_));
    ops_ = DashboardOperations(*service_);
    principal_.account_id = "111122223333";
  }
  void TearDown() override {
    service_.reset();
    db_.reset();
    std::system(("rm -rf '" + root_ + "'").c_str());
  }
  Result<Document> Call(const std::string& op, const std::string& json) {
    auto input = protocol::ParseJson(json);
    EXPECT_TRUE(input.ok()) << json;
    for (const pipeline::OperationSpec& spec : ops_) {
      if (spec.name != op) continue;
      pipeline::CallContext ctx{principal_, "us-east-1", "req", "127.0.0.1", "test",
                                "monitoring.test:5000", clock_.Now()};
      return spec.handler(ctx, *input);
    }
    ADD_FAILURE() << op;
    return Error{"UnknownOperationException", op, 400};
  }
  alarms::Tags TagsOf(const std::string& arn) {
    auto tags = service_->alarms().ListTags(arn);
    EXPECT_TRUE(tags.ok()) << arn;
    return tags.ok() ? *tags : alarms::Tags{};
  }

  FakeClock clock_{TimePoint(std::chrono::milliseconds(1'800'000'000'000))};
  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<MonitoringService> service_;
  std::vector<pipeline::OperationSpec> ops_;
  auth::Principal principal_;
};

TEST(DashboardArnTest, ParsesOnlyDashboardArns) {
  auto parsed = ParseDashboardArn(DashboardArn("123456789012", "web_1"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->first, "123456789012");
  EXPECT_EQ(parsed->second, "web_1");
  EXPECT_FALSE(ParseDashboardArn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:x"));
  EXPECT_FALSE(ParseDashboardArn("arn:aws:cloudwatch::123456789012:dashboard/"));
  EXPECT_FALSE(ParseDashboardArn("arn:aws:cloudwatch:::dashboard/x"));
}

TEST_F(DashboardTagsTest, TagsOnCreationAreKeptAndIgnoredOnUpdate) {
  ASSERT_TRUE(Call("PutDashboard", R"({"DashboardName":"ops","DashboardBody":"{\"widgets\":[]}",
      "Tags":[{"Key":"team","Value":"infra"},{"Key":"env","Value":"prod"}]})").ok());
  EXPECT_EQ(TagsOf(kArn), (alarms::Tags{{"env", "prod"}, {"team", "infra"}}));
  ASSERT_TRUE(Call("PutDashboard", R"({"DashboardName":"ops","DashboardBody":"{\"widgets\":[]}",
      "Tags":[{"Key":"team","Value":"other"},{"Key":"new","Value":"x"}]})").ok());
  EXPECT_EQ(TagsOf(kArn), (alarms::Tags{{"env", "prod"}, {"team", "infra"}}));
}

TEST_F(DashboardTagsTest, BadTagsAreRejectedBeforeAnythingIsStored) {
  auto out = Call("PutDashboard", R"({"DashboardName":"ops","DashboardBody":"{\"widgets\":[]}",
      "Tags":[{"Key":"","Value":"v"}]})");
  ASSERT_FALSE(out.ok());
  EXPECT_FALSE(DashboardStore(*db_).Get("111122223333", "ops")->has_value());
}

TEST_F(DashboardTagsTest, TagOperationsWorkOnExistingDashboardsOnly) {
  EXPECT_EQ(service_->alarms().Tag(kArn, {{"a", "1"}}).error().code, "ResourceNotFoundException");
  EXPECT_FALSE(service_->alarms().ListTags(kArn).ok());
  ASSERT_TRUE(Call("PutDashboard", R"({"DashboardName":"ops","DashboardBody":"{\"widgets\":[]}"})").ok());
  EXPECT_TRUE(TagsOf(kArn).empty());
  ASSERT_TRUE(service_->alarms().Tag(kArn, {{"a", "1"}, {"b", "2"}}).ok());
  ASSERT_TRUE(service_->alarms().Untag(kArn, {"a"}).ok());
  EXPECT_EQ(TagsOf(kArn), (alarms::Tags{{"b", "2"}}));
  // Another account's dashboard of the same name does not exist.
  EXPECT_FALSE(
      service_->alarms().ListTags("arn:aws:cloudwatch::999999999999:dashboard/ops").ok());
}

TEST_F(DashboardTagsTest, DeleteDropsTheTagsAndARecreatedDashboardStartsClean) {
  ASSERT_TRUE(Call("PutDashboard", R"({"DashboardName":"ops","DashboardBody":"{\"widgets\":[]}",
      "Tags":[{"Key":"team","Value":"infra"}]})").ok());
  ASSERT_TRUE(Call("DeleteDashboards", R"({"DashboardNames":["ops"]})").ok());
  EXPECT_FALSE(service_->alarms().ListTags(kArn).ok());
  auto left = db_->Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto q, c.Prepare("SELECT count(*) FROM monitoring_tags"));
    BERTH_ASSIGN_OR_RETURN(bool row, q.Step());
    EXPECT_TRUE(row);
    EXPECT_EQ(q.ColumnInt(0), 0);
    return Ok();
  });
  ASSERT_TRUE(left.ok());
  ASSERT_TRUE(Call("PutDashboard", R"({"DashboardName":"ops","DashboardBody":"{\"widgets\":[]}"})").ok());
  EXPECT_TRUE(TagsOf(kArn).empty());
}

}  // namespace
}  // namespace berth::services::monitoring::dashboards
