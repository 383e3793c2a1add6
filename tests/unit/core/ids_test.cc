#include "core/ids.h"

#include <gtest/gtest.h>

namespace berth::ids {
namespace {

TEST(IdsTest, UuidsAreVersion4AndDistinct) {
  const std::string a = NewUuid(), b = NewUuid();
  EXPECT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(a, b);
}

TEST(IdsTest, TimeOrderedUuidsAreVersion7AndSortByTime) {
  const std::string early = NewTimeOrderedUuid(1795843000000);
  const std::string late = NewTimeOrderedUuid(1795843000001);
  EXPECT_EQ(early.size(), 36u);
  EXPECT_EQ(early[14], '7');
  EXPECT_TRUE(early[19] == '8' || early[19] == '9' || early[19] == 'a' || early[19] == 'b');
  EXPECT_LT(early, late);
  // The first 48 bits are the time: 1795843000000 = 0x01a2 2095 86c0.
  EXPECT_EQ(early.substr(0, 13), "01a22095-86c0");
}

}  // namespace
}  // namespace berth::ids
