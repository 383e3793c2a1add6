#include "app/data_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

namespace berth::app {
namespace {

unsigned ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

class DataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_datadir_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }
  std::string root_;
};

TEST_F(DataDirTest, TakesGroupAndOtherAccessOffAnExistingDataDir) {
  const std::string dir = root_ + "/data";
  ASSERT_EQ(std::system(("mkdir -p " + dir + "/blobs/sha256 && echo x > " + dir +
                         "/berth.db && echo x > " + dir + "/blobs/sha256/ab && chmod 755 " + dir +
                         " " + dir + "/blobs " + dir + "/blobs/sha256 && chmod 644 " + dir +
                         "/berth.db " + dir + "/blobs/sha256/ab && ln -s /etc/passwd " + dir +
                         "/link")
                            .c_str()),
            0);
  const unsigned passwd_mode = ModeOf("/etc/passwd");
  ASSERT_TRUE(SecureDataDir(dir).ok());
  EXPECT_EQ(ModeOf(dir), 0700u);
  EXPECT_EQ(ModeOf(dir + "/blobs"), 0700u);
  EXPECT_EQ(ModeOf(dir + "/blobs/sha256"), 0700u);
  EXPECT_EQ(ModeOf(dir + "/berth.db"), 0600u);
  EXPECT_EQ(ModeOf(dir + "/blobs/sha256/ab"), 0600u);
  EXPECT_EQ(ModeOf("/etc/passwd"), passwd_mode);  // a link is never followed
}

TEST_F(DataDirTest, WalksADataDirReachedThroughALink) {
  ASSERT_EQ(std::system(("mkdir -p " + root_ + "/real && echo x > " + root_ +
                         "/real/berth.db && chmod 644 " + root_ + "/real/berth.db && ln -s " +
                         root_ + "/real " + root_ + "/data")
                            .c_str()),
            0);
  ASSERT_TRUE(SecureDataDir(root_ + "/data").ok());
  EXPECT_EQ(ModeOf(root_ + "/real/berth.db"), 0600u);
}

TEST_F(DataDirTest, CreatesAMissingDataDirForItsOwnerOnly) {
  ASSERT_TRUE(SecureDataDir(root_ + "/a/b").ok());
  EXPECT_EQ(ModeOf(root_ + "/a/b"), 0700u);
}

TEST_F(DataDirTest, RefusesADataDirOthersMayWrite) {
  for (const char* mode : {"777", "770", "1777", "702"}) {
    ASSERT_EQ(std::system(("chmod " + std::string(mode) + " " + root_).c_str()), 0);
    auto status = SecureDataDir(root_);
    ASSERT_FALSE(status.ok()) << mode;
    EXPECT_NE(status.error().message.find("group or others may write"), std::string::npos);
  }
}

TEST_F(DataDirTest, RefusesADataDirAnotherUserOwns) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give the directory away";
  ASSERT_EQ(::chown(root_.c_str(), 65534, 65534), 0);
  ASSERT_EQ(::chmod(root_.c_str(), 0700), 0);
  auto status = SecureDataDir(root_);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("owned by uid 65534"), std::string::npos);
}

}  // namespace
}  // namespace berth::app
