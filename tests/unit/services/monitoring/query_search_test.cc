#include <gtest/gtest.h>

#include "services/monitoring/query/search.h"

namespace berth::services::monitoring::search {
namespace {

MetricKey Key(std::string ns, std::string name, std::vector<Dimension> dims = {}) {
  MetricKey k{std::move(ns), std::move(name), std::move(dims)};
  k.SortDimensions();
  return k;
}

bool Match(std::string_view query, const MetricKey& key) {
  auto q = Parse(query);
  EXPECT_TRUE(q.ok()) << query << ": " << (q.ok() ? "" : q.error().message);
  return q.ok() && Matches(**q, key);
}

std::string ParseError(std::string_view query) {
  auto q = Parse(query);
  return q.ok() ? "" : q.error().message;
}

TEST(SearchTokens, AsAwsDocumentsThem) {
  EXPECT_EQ(Tokens("CustomCount1"), (std::vector<std::string>{"custom", "count", "1"}));
  EXPECT_EQ(Tokens("SDBFailure"), (std::vector<std::string>{"sdb", "failure"}));
  EXPECT_EQ(Tokens("Project2-trial333"),
            (std::vector<std::string>{"project", "2", "trial", "333"}));
  EXPECT_EQ(Tokens("Network-Errors_2"), (std::vector<std::string>{"network", "errors", "2"}));
  EXPECT_TRUE(Tokens("--").empty());
}

TEST(SearchMatch, SchemaIsNamespaceAndTheExactDimensionSet) {
  const MetricKey pulls = Key("AWS/ECR", "RepositoryPullCount", {{"RepositoryName", "app"}});
  EXPECT_TRUE(Match("{AWS/ECR,RepositoryName} MetricName=\"RepositoryPullCount\"", pulls));
  EXPECT_TRUE(Match(" {AWS/ECR, RepositoryName} ", pulls));
  EXPECT_FALSE(Match("{AWS/ECR}", pulls));  // no dimensions
  EXPECT_FALSE(Match("{AWS/ECR,RepositoryName,Other}", pulls));
  EXPECT_FALSE(Match("{AWS/Logs,RepositoryName}", pulls));
  EXPECT_TRUE(Match("{AWS/ECR}", Key("AWS/ECR", "RepositoryPullCount")));
  EXPECT_TRUE(Match("{\"My Namespace\", \"Dimension@Name\"}",
                    Key("My Namespace", "X", {{"Dimension@Name", "v"}})));
}

TEST(SearchMatch, PartialTermsMatchTokensCaseInsensitivelyCompositesInOrder) {
  const MetricKey m = Key("Custom", "CustomCount1");
  EXPECT_TRUE(Match("count", m));
  EXPECT_TRUE(Match("COUNT", m));
  EXPECT_FALSE(Match("couNT", m));  // tokenized into cou, nt
  EXPECT_TRUE(Match("CustomCount", m));
  EXPECT_TRUE(Match("customcount1", m));  // every token run together
  EXPECT_FALSE(Match("customcount", m));
  EXPECT_FALSE(Match("Cust", m));
  const MetricKey n = Key("N", "Network-Errors-2");
  for (const char* q : {"network/errors", "network+errors", "network-errors", "Network_Errors"})
    EXPECT_TRUE(Match(q, n)) << q;
}

TEST(SearchMatch, ExactTermsEqualANameValueOrNamespace) {
  const MetricKey m = Key("MyNamespace", "CustomCount1", {{"Env", "Europe\\France (1)"}});
  EXPECT_TRUE(Match("{MyNamespace}, \"CustomCount1\"", Key("MyNamespace", "CustomCount1")));
  EXPECT_FALSE(Match("\"customcount1\"", m));
  EXPECT_FALSE(Match("\"Custom\"", m));
  EXPECT_TRUE(Match("\"Env\"", m));
  EXPECT_TRUE(Match("\"Europe\\\\France \\(1\\)\"", m));
  EXPECT_TRUE(Match("\"MyNamespace\"", m));
}

TEST(SearchMatch, PropertyDesignators) {
  const MetricKey m = Key("AWS/EC2", "CPUUtilization", {{"InstanceType", "t2.micro"}});
  EXPECT_TRUE(Match("MetricName=\"CPUUtilization\"", m));
  EXPECT_FALSE(Match("MetricName=\"t2.micro\"", m));
  EXPECT_TRUE(Match("InstanceType=micro", m));
  EXPECT_TRUE(Match("InstanceType=\"t2.micro\" Namespace=\"AWS/EC2\"", m));
  EXPECT_FALSE(Match("InstanceType=\"t2.nano\"", m));
  EXPECT_FALSE(Match("Other=micro", m));
  EXPECT_TRUE(Match("Namespace=EC2", m));
}

TEST(SearchMatch, BooleanOperatorsAndParentheses) {
  const MetricKey ebs = Key("AWS/EBS", "VolumeReadOps", {{"Project", "ProjectA"}});
  const MetricKey ec2 = Key("AWS/EC2", "DiskReadOps", {{"Project", "ProjectB"}});
  const MetricKey s3 = Key("AWS/S3", "ReadOps");
  EXPECT_TRUE(Match("(EC2 OR EBS) AND MetricName=ReadOps", ebs));
  EXPECT_TRUE(Match("(EC2 OR EBS) MetricName=ReadOps", ec2));
  EXPECT_FALSE(Match("(EC2 OR EBS) MetricName=ReadOps", s3));
  EXPECT_TRUE(Match("(EC2 OR EBS) AND ReadOps AND ProjectA", ebs));
  EXPECT_FALSE(Match("(EC2 OR EBS) AND ReadOps AND ProjectA", ec2));
  EXPECT_FALSE(Match("ReadOps NOT \"ProjectA\" NOT \"ProjectB\"", ebs));
  EXPECT_TRUE(Match("ReadOps NOT \"ProjectA\" NOT \"ProjectB\"", s3));
  EXPECT_TRUE(Match("NOT Namespace=AWS", Key("Custom", "X")));
  EXPECT_FALSE(Match("NOT Namespace=AWS", s3));
  // Lower-case operators are words.
  EXPECT_FALSE(Match("EC2 or EBS", ebs));
  EXPECT_TRUE(Match("MetricName=\"ReadOps\" OR (MetricName=\"VolumeReadOps\" AND (ProjectA OR ProjectB))", ebs));
}

TEST(SearchParse, BadExpressionsSayWhatIsWrong) {
  EXPECT_NE(ParseError(""), "");
  EXPECT_NE(ParseError("   "), "");
  EXPECT_NE(ParseError("{AWS/EC2"), "");
  EXPECT_NE(ParseError("(a OR b"), "");
  EXPECT_NE(ParseError("a OR"), "");
  EXPECT_NE(ParseError("AND a"), "");
  EXPECT_NE(ParseError("a )"), "");
  EXPECT_NE(ParseError("\"open"), "");
  EXPECT_NE(ParseError("MetricName="), "");
  EXPECT_NE(ParseError("x {AWS/EC2}"), "");
  EXPECT_NE(ParseError(std::string(1025, 'a')), "");
  EXPECT_NE(ParseError(std::string(200, '(') + "a"), "");
  EXPECT_EQ(ParseError("{AWS/EC2}"), "");
}

}  // namespace
}  // namespace berth::services::monitoring::search
