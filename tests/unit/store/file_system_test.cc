#include "store/file_system.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace berth::store {
namespace {

class FileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_fs_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
    ASSERT_TRUE(MakeDir(root_).ok());
  }
  void TearDown() override { ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0); }

  std::string root_;
};

TEST_F(FileSystemTest, MakeDirAcceptsAnExistingDirectory) {
  EXPECT_TRUE(MakeDir(root_ + "/a").ok());
  EXPECT_TRUE(MakeDir(root_ + "/a").ok());
  EXPECT_TRUE(SyncDir(root_ + "/a").ok());
  EXPECT_TRUE(SyncDir(root_).ok());
}

TEST_F(FileSystemTest, ErrorsAreInternalFailuresNamingThePath) {
  const std::string missing = root_ + "/no/such";
  Status made = MakeDir(missing);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, "InternalFailure");
  EXPECT_EQ(made.error().http_status, 500);
  EXPECT_EQ(made.error().message, "cannot create " + missing + ": No such file or directory");
  Status synced = SyncDir(missing);
  ASSERT_FALSE(synced.ok());
  EXPECT_EQ(synced.error().message, "cannot open " + missing + ": No such file or directory");
}

TEST_F(FileSystemTest, WriteAllWritesEveryByte) {
  const std::string path = root_ + "/file";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  const std::string bytes(3 << 20, 'x');
  EXPECT_TRUE(WriteAll(fd, bytes, path).ok());
  ::close(fd);
  std::ifstream in(path, std::ios::binary);
  std::stringstream read;
  read << in.rdbuf();
  EXPECT_EQ(read.str(), bytes);
}

TEST_F(FileSystemTest, WriteAllToAReadOnlyDescriptorFailsNamingThePath) {
  const std::string path = root_ + "/file";
  std::ofstream(path) << "x";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  Status written = WriteAll(fd, "more", path);
  ::close(fd);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().message.rfind("cannot write " + path + ": ", 0), 0u);
}

TEST_F(FileSystemTest, ForEachEntryVisitsEachNameButDotAndDotDot) {
  ASSERT_TRUE(MakeDir(root_ + "/sub").ok());
  std::ofstream(root_ + "/file") << "x";
  std::set<std::string> names;
  ASSERT_TRUE(ForEachEntry(root_, [&](const std::string& name) {
                names.insert(name);
                return Ok();
              }).ok());
  EXPECT_EQ(names, (std::set<std::string>{"file", "sub"}));
}

TEST_F(FileSystemTest, ForEachEntryFindsNothingInAMissingDirectory) {
  int visited = 0;
  EXPECT_TRUE(ForEachEntry(root_ + "/missing", [&](const std::string&) {
                ++visited;
                return Ok();
              }).ok());
  EXPECT_EQ(visited, 0);
}

TEST_F(FileSystemTest, ForEachEntryStopsAtTheFirstError) {
  for (const char* name : {"a", "b", "c"}) std::ofstream(root_ + "/" + name) << "x";
  int visited = 0;
  Status status = ForEachEntry(root_, [&](const std::string&) -> Status {
    ++visited;
    return Error{"Stop", "stop", 500};
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "Stop");
  EXPECT_EQ(visited, 1);
}

}  // namespace
}  // namespace berth::store
