// IAM's size quotas: characters without white space, and the LimitExceeded wording.

#include "auth/policy/size_limits.h"

#include <gtest/gtest.h>

#include <string>

namespace berth::auth::policy {
namespace {

TEST(PolicySize, LeavesWhiteSpaceOutAndCountsCharacters) {
  EXPECT_EQ(PolicySize("{ \"a\" :\n\t\"b\" }"), 9u);
  EXPECT_EQ(PolicySize("\"\xC3\xA9\""), 3u);
}

TEST(PolicySize, ManagedPolicyQuotaIs6144) {
  std::string at_limit(kManagedPolicyMaxSize, 'x');
  EXPECT_TRUE(CheckManagedPolicySize(at_limit + "\n\n   ").ok());
  Status over = CheckManagedPolicySize(at_limit + "x");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "LimitExceeded");
  EXPECT_EQ(over.error().http_status, 409);
  EXPECT_EQ(over.error().message, "Cannot exceed quota for PolicySize: 6144");
}

TEST(PolicySize, InlineQuotasPerOwner) {
  EXPECT_TRUE(CheckInlinePoliciesSize(InlineOwner::kUser, "ci", 2048).ok());
  Status user = CheckInlinePoliciesSize(InlineOwner::kUser, "ci", 2049);
  ASSERT_FALSE(user.ok());
  EXPECT_EQ(user.error().message, "Maximum policy size of 2048 bytes exceeded for user ci");
  Status group = CheckInlinePoliciesSize(InlineOwner::kGroup, "devs", 5121);
  ASSERT_FALSE(group.ok());
  EXPECT_EQ(group.error().message, "Maximum policy size of 5120 bytes exceeded for group devs");
  EXPECT_TRUE(CheckInlinePoliciesSize(InlineOwner::kRole, "r", 10240).ok());
  EXPECT_FALSE(CheckInlinePoliciesSize(InlineOwner::kRole, "r", 10241).ok());
}

TEST(PolicySize, TrustPolicyQuota) {
  EXPECT_TRUE(CheckTrustPolicySize(std::string(2048, 'x')).ok());
  Status over = CheckTrustPolicySize(std::string(2049, 'x'));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message, "Cannot exceed quota for ACLSizePerRole: 2048");
}

}  // namespace
}  // namespace berth::auth::policy
