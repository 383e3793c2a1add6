#include <gtest/gtest.h>

#include "services/monitoring/query/insights.h"

namespace berth::services::monitoring::insights {
namespace {

MetricKey Key(std::string ns, std::string name, std::vector<Dimension> dims = {}) {
  MetricKey k{std::move(ns), std::move(name), std::move(dims)};
  k.SortDimensions();
  return k;
}

std::shared_ptr<const Query> Q(std::string_view text) {
  auto q = Parse(text);
  EXPECT_TRUE(q.ok()) << text << ": " << (q.ok() ? "" : q.error().message);
  return q.ok() ? *q : nullptr;
}

std::string ParseError(std::string_view text) {
  auto q = Parse(text);
  return q.ok() ? "" : q.error().message;
}

TEST(Insights, RecognisesSelect) {
  EXPECT_TRUE(IsInsightsQuery("SELECT AVG(x) FROM y"));
  EXPECT_TRUE(IsInsightsQuery("  select sum(x) from y"));
  EXPECT_FALSE(IsInsightsQuery("SELECTED + 1"));
  EXPECT_FALSE(IsInsightsQuery("m1 * 2"));
}

TEST(Insights, ParsesEveryClause) {
  auto q = Q("select SUM(RepositoryPullCount) FROM SCHEMA(\"AWS/ECR\", RepositoryName) "
             "WHERE RepositoryName != 'b' AND RepositoryName LIKE 'a%' GROUP BY RepositoryName "
             "ORDER BY MAX() DESC LIMIT 5");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->function, "SUM");
  EXPECT_EQ(q->stat.kind, Statistic::Kind::kSum);
  EXPECT_EQ(q->metric, "RepositoryPullCount");
  EXPECT_EQ(q->ns, "AWS/ECR");
  EXPECT_TRUE(q->schema);
  EXPECT_EQ(q->dimensions, std::vector<std::string>{"RepositoryName"});
  EXPECT_EQ(q->group_by, std::vector<std::string>{"RepositoryName"});
  EXPECT_EQ(q->order_by, "MAX");
  EXPECT_TRUE(q->descending);
  EXPECT_EQ(q->limit, 5u);
  EXPECT_EQ(Q("SELECT COUNT(x) FROM ns")->stat.kind, Statistic::Kind::kSampleCount);
  EXPECT_FALSE(Q("SELECT AVG(x) FROM ns ORDER BY SUM()")->descending);
}

TEST(Insights, FromAndWhereSelectMetrics) {
  const MetricKey app = Key("AWS/ECR", "Pulls", {{"RepositoryName", "app"}});
  const MetricKey api = Key("AWS/ECR", "Pulls", {{"RepositoryName", "api"}, {"Env", "prod"}});
  const MetricKey bare = Key("AWS/ECR", "Pulls");
  auto plain = Q("SELECT SUM(Pulls) FROM \"AWS/ECR\"");
  EXPECT_TRUE(Matches(*plain, app) && Matches(*plain, api) && Matches(*plain, bare));
  EXPECT_FALSE(Matches(*plain, Key("AWS/ECR", "Other")));
  auto none = Q("SELECT SUM(Pulls) FROM SCHEMA(\"AWS/ECR\")");
  EXPECT_TRUE(Matches(*none, bare));
  EXPECT_FALSE(Matches(*none, app));
  auto exact = Q("SELECT SUM(Pulls) FROM SCHEMA(\"AWS/ECR\", RepositoryName)");
  EXPECT_TRUE(Matches(*exact, app));
  EXPECT_FALSE(Matches(*exact, api));
  auto where = [&](std::string cond, const MetricKey& k) {
    return Matches(*Q("SELECT SUM(Pulls) FROM \"AWS/ECR\" WHERE " + cond), k);
  };
  EXPECT_TRUE(where("RepositoryName = 'app'", app));
  EXPECT_FALSE(where("RepositoryName = 'app'", api));
  EXPECT_TRUE(where("RepositoryName != 'app'", api));
  EXPECT_TRUE(where("RepositoryName != 'app'", bare));
  EXPECT_TRUE(where("RepositoryName LIKE 'a_p%'", app));
  EXPECT_FALSE(where("RepositoryName LIKE 'a_p'", api));
  EXPECT_TRUE(where("RepositoryName NOT LIKE 'ap%'", bare));
  EXPECT_TRUE(where("RepositoryName IN ('x', 'api')", api));
  EXPECT_FALSE(where("RepositoryName NOT IN ('x', 'api')", api));
  EXPECT_TRUE(where("RepositoryName = 'app' OR Env = 'prod'", api));
  EXPECT_FALSE(where("RepositoryName = 'app' AND Env = 'prod'", app));
  EXPECT_TRUE(where("NOT (RepositoryName = 'app')", api));
}

TEST(Insights, GroupsAndOrdering) {
  auto q = Q("SELECT AVG(Pulls) FROM \"AWS/ECR\" GROUP BY RepositoryName, Env");
  EXPECT_EQ(GroupOf(*q, Key("AWS/ECR", "Pulls", {{"RepositoryName", "app"}})),
            (std::vector<std::string>{"app", "Other"}));
  EXPECT_EQ(OrderValue("MAX", {1, 5, 2}), 5);
  EXPECT_EQ(OrderValue("COUNT", {1, 5, 2}), 3);
  EXPECT_EQ(OrderValue("AVG", {1, 5, 3}), 3);
}

TEST(Insights, UnsupportedSyntaxIsRefusedWithAReason) {
  EXPECT_NE(ParseError("SELECT STDDEV(x) FROM ns"), "");
  EXPECT_NE(ParseError("SELECT AVG(*) FROM ns"), "");
  EXPECT_NE(ParseError("SELECT AVG(x), SUM(y) FROM ns"), "");
  EXPECT_NE(ParseError("SELECT AVG(x)"), "");
  EXPECT_NE(ParseError("SELECT AVG(x) FROM ns WHERE a = \"b\""), "");
  EXPECT_NE(ParseError("SELECT AVG(x) FROM ns WHERE a > 'b'"), "");
  EXPECT_NE(ParseError("SELECT AVG(x) FROM ns GROUP BY a HAVING SUM() > 1"), "");
  EXPECT_NE(ParseError("SELECT AVG(x) FROM ns LIMIT 501"), "");
  EXPECT_NE(ParseError("SELECT AVG(x) FROM ns LIMIT 0"), "");
  EXPECT_NE(ParseError("SELECT AVG(x) FROM ns ORDER BY x"), "");
  EXPECT_NE(ParseError("SELECT AVG(x) FROM 'ns'"), "");
  EXPECT_NE(ParseError("SELECT AVG(x) FROM ns WHERE a = 'unclosed"), "");
  EXPECT_NE(ParseError("SELECT AVG(x) FROM ns;"), "");
  EXPECT_EQ(ParseError("SELECT AVG(\"LIMIT\") FROM \"a.b\" WHERE \"x y\" = 'it\\'s'"), "");
}

}  // namespace
}  // namespace berth::services::monitoring::insights
