#include "store/disk_reserve.h"

#include <gtest/gtest.h>

namespace berth::store {
namespace {

TEST(DiskReserve, IsLowOnlyBelowTheReserveAndRereadsAtMostEveryInterval) {
  FakeClock clock(FromMillis(1795583947000));
  uint64_t free = 1000;
  int reads = 0;
  DiskReserve reserve("/data", 500, clock, [&](const std::string& path) -> Result<uint64_t> {
    EXPECT_EQ(path, "/data");
    ++reads;
    return free;
  });
  EXPECT_FALSE(reserve.Low());
  free = 499;
  EXPECT_FALSE(reserve.Low());  // not re-read yet
  EXPECT_EQ(reads, 1);
  clock.Advance(DiskReserve::kRecheck);
  EXPECT_TRUE(reserve.Low());
  EXPECT_TRUE(reserve.Low());
  EXPECT_EQ(reads, 2);
  free = 500;
  clock.Advance(DiskReserve::kRecheck);
  EXPECT_FALSE(reserve.Low());
}

TEST(DiskReserve, ZeroReserveAndUnreadableFileSystemAreNeverLow) {
  FakeClock clock(FromMillis(0));
  DiskReserve off("/data", 0, clock, [](const std::string&) -> Result<uint64_t> { return 0; });
  EXPECT_FALSE(off.Low());
  DiskReserve failing("/data", 1, clock, [](const std::string&) -> Result<uint64_t> {
    return Error{"InternalFailure", "gone", 500};
  });
  EXPECT_FALSE(failing.Low());
}

TEST(DiskReserve, ReadsTheRealFileSystem) {
  auto free = DiskReserve::StatvfsFreeBytes("/");
  ASSERT_TRUE(free.ok());
  FakeClock clock(FromMillis(0));
  EXPECT_TRUE(DiskReserve("/", *free + (1ull << 50), clock).Low());
  EXPECT_FALSE(DiskReserve("/", 1, clock).Low());
  EXPECT_FALSE(DiskReserve::StatvfsFreeBytes("/no/such/dir").ok());
}

TEST(DiskReserve, DeletesAndReadsMayAlwaysRun) {
  EXPECT_FALSE(MayConsumeSpace("DescribeRepositories", true));
  EXPECT_FALSE(MayConsumeSpace("DeleteRepository", false));
  EXPECT_FALSE(MayConsumeSpace("BatchDeleteImage", false));
  EXPECT_FALSE(MayConsumeSpace("AbortMultipartUpload", false));
  EXPECT_FALSE(MayConsumeSpace("CancelLayerUpload", false));
  EXPECT_TRUE(MayConsumeSpace("PutImage", false));
  EXPECT_TRUE(MayConsumeSpace("PutObject", false));
  EXPECT_TRUE(MayConsumeSpace("PutLogEvents", false));
  EXPECT_TRUE(MayConsumeSpace("InitiateLayerUpload", false));
}

}  // namespace
}  // namespace berth::store
