// RunMetricQueries with SEARCH, Metrics Insights and labels, over a small in-memory store.
#include <gtest/gtest.h>

#include "services/monitoring/query/metric_query.h"

namespace berth::services::monitoring {
namespace {

// Points (key, minute, value); Read merges them into the asked periods.
class FakeStore final : public MetricStore {
 public:
  void Add(MetricKey key, int minute, double value) {
    key.SortDimensions();
    points_.push_back({std::move(key), int64_t{minute} * 60000, value});
  }
  Result<std::shared_ptr<Commitment>> Put(const PutMetricDataInput&, TimePoint) override {
    return Error{"InternalFailure", "read-only", 500};
  }
  std::vector<SeriesInfo> ListSeries(const std::function<bool(const MetricKey&)>& keep,
                                     int64_t) const override {
    std::map<std::string, MetricKey> keys;
    for (const Point& p : points_)
      if (keep(p.key)) keys.emplace(p.key.Canonical(), p.key);
    std::vector<SeriesInfo> out;
    for (auto& [c, k] : keys) out.push_back({k, 0});
    return out;
  }
  std::vector<PeriodAggregate> Read(const MetricKey& key, std::optional<UnitId>, int64_t start,
                                    int64_t end, int64_t period, bool) const override {
    std::map<int64_t, Aggregate> periods;
    for (const Point& p : points_) {
      if (!(p.key == key) || p.t < start || p.t >= end) continue;
      Aggregate& a = periods[start + (p.t - start) / period * period];
      a.stats.Add(p.v, 1);
      a.samples.Add(p.v, 1);
    }
    std::vector<PeriodAggregate> out;
    for (auto& [t, a] : periods) out.push_back({t, kNoneUnit, a});
    return out;
  }
  Status Maintain(TimePoint) override { return Ok(); }

 private:
  struct Point {
    MetricKey key;
    int64_t t;
    double v;
  };
  std::vector<Point> points_;
};

MetricKey Pulls(std::string repo) {
  return MetricKey{"AWS/ECR", "RepositoryPullCount", {{"RepositoryName", std::move(repo)}}};
}

MetricDataQuery Expr(std::string id, std::string expression, std::optional<std::string> label = {},
                     bool return_data = true) {
  MetricDataQuery q;
  q.id = std::move(id);
  q.expression = std::move(expression);
  q.label = std::move(label);
  q.period = 60;
  q.return_data = return_data;
  return q;
}

class QueryRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int m = 0; m < 3; ++m) {
      store.Add(Pulls("app"), m, 1.0 + m);     // 1 2 3
      store.Add(Pulls("api"), m, 10.0);        // 10 10 10
      store.Add(Pulls("web"), m, 100.0 * m);   // 0 100 200
    }
    store.Add(MetricKey{"AWS/ECR", "RepositoryPullCount", {}}, 0, 7);
    store.Add(MetricKey{"Custom", "Other", {{"RepositoryName", "app"}}}, 0, 5);
  }
  Result<std::vector<QuerySeries>> Run(std::vector<MetricDataQuery> queries) {
    return RunMetricQueries(store, queries, FromMillis(0), FromMillis(3 * 60000), options);
  }
  FakeStore store;
  QueryOptions options;
};

TEST_F(QueryRunTest, SearchReturnsOneSeriesPerMetricLabelledByDimensionValues) {
  auto r = Run({Expr("s", "SEARCH('{AWS/ECR,RepositoryName} MetricName=\"RepositoryPullCount\"', 'Sum', 60)")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].label, "api");
  EXPECT_EQ((*r)[1].label, "app");
  EXPECT_EQ((*r)[1].values, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ((*r)[2].label, "web");
  for (const QuerySeries& s : *r) EXPECT_EQ(s.id, "s");
}

TEST_F(QueryRunTest, SearchInsideMathAndReferencedById) {
  auto r = Run({Expr("total", "SUM(SEARCH('{AWS/ECR,RepositoryName} RepositoryPullCount', 'Sum', 60))"),
                Expr("s", "SEARCH('RepositoryName=app OR RepositoryName=web', 'Maximum', 60)", {}, false),
                Expr("top", "MAX(s)")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].values, (std::vector<double>{11, 112, 213}));
  EXPECT_EQ((*r)[0].label, "total");
  // app and web in AWS/ECR, and app in Custom: several metric names, so names are appended.
  EXPECT_EQ((*r)[1].values, (std::vector<double>{5, 100, 200}));
}

TEST_F(QueryRunTest, SearchLabelsAndDynamicLabels) {
  auto r = Run({Expr("s", "SEARCH('RepositoryName=\"app\"', 'Sum', 60)", "pulls")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  // In the store's order (canonical names); both names are given, as the search found two.
  EXPECT_EQ((*r)[0].label, "pulls app Other");
  EXPECT_EQ((*r)[1].label, "pulls app RepositoryPullCount");
  r = Run({Expr("s", "SEARCH('{AWS/ECR,RepositoryName} app OR api', 'Sum', 60)",
                "${PROP('Dim.RepositoryName')} max ${MAX} (${LABEL}, ${PROP('Stat')}/${PROP('Period')})")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].label, "api max 10 (api, Sum/60)");
  EXPECT_EQ((*r)[1].label, "app max 3 (app, Sum/60)");
}

TEST_F(QueryRunTest, SearchErrorsAreInvalidParameterValue) {
  for (const char* bad : {"SEARCH('{AWS/ECR', 'Sum', 60)", "SEARCH('x', 'Median', 60)",
                          "SEARCH('x', 'Sum', 7)", "SEARCH('x')", "SEARCH(x, 'Sum')"}) {
    auto r = Run({Expr("s", bad)});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().http_status, 400) << bad;
  }
  auto none = Run({Expr("s", "SEARCH('nothingmatches', 'Sum', 60)")});
  ASSERT_TRUE(none.ok());
  ASSERT_EQ(none->size(), 1u);
  EXPECT_TRUE((*none)[0].values.empty());
}

TEST_F(QueryRunTest, InsightsAggregatesGroupsOrdersAndLimits) {
  auto all = Run({Expr("q", "SELECT SUM(RepositoryPullCount) FROM \"AWS/ECR\"")});
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].values, (std::vector<double>{18, 112, 213}));
  auto avg = Run({Expr("q", "SELECT AVG(RepositoryPullCount) FROM SCHEMA(\"AWS/ECR\", RepositoryName) "
                            "WHERE RepositoryName != 'web'")});
  ASSERT_TRUE(avg.ok());
  EXPECT_EQ((*avg)[0].values, (std::vector<double>{5.5, 6, 6.5}));
  auto grouped = Run({Expr("q", "SELECT MAX(RepositoryPullCount) FROM \"AWS/ECR\" "
                                "GROUP BY RepositoryName ORDER BY SUM() DESC LIMIT 3",
                           "${LABEL} peak ${MAX}")});
  ASSERT_TRUE(grouped.ok()) << grouped.error().message;
  ASSERT_EQ(grouped->size(), 3u);
  EXPECT_EQ((*grouped)[0].label, "web peak 200");
  EXPECT_EQ((*grouped)[1].label, "api peak 10");
  EXPECT_EQ((*grouped)[2].label, "Other peak 7");
  auto bad = Run({Expr("q", "SELECT MEDIAN(x) FROM ns")});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("Error in expression q"), std::string::npos);
}

TEST_F(QueryRunTest, MetricStatDefaultAndDynamicLabels) {
  MetricDataQuery m;
  m.id = "m";
  m.metric_stat = MetricStatQuery{Pulls("app"), 60, {"Sum", *ParseStatistic("Sum")}, std::nullopt};
  m.label = "${PROP('Namespace')} ${LABEL} last ${LAST}";
  auto r = Run({m, Expr("e", "m * 2", "double ${SUM}")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)[0].label, "AWS/ECR RepositoryPullCount last 3");
  EXPECT_EQ((*r)[1].label, "double 12");
}

}  // namespace
}  // namespace berth::services::monitoring
