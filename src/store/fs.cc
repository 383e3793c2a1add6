#include "store/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace berth::store {
namespace {

class Posix final : public Fs {
 public:
  int Open(const char* path, int flags, mode_t mode) override {
    return ::open(path, flags, mode);
  }
  int Close(int fd) override { return ::close(fd); }
  ssize_t Write(int fd, const void* data, size_t size) override {
    return ::write(fd, data, size);
  }
  ssize_t Pwrite(int fd, const void* data, size_t size, off_t offset) override {
    return ::pwrite(fd, data, size, offset);
  }
  int Fsync(int fd) override { return ::fsync(fd); }
  int Fdatasync(int fd) override { return ::fdatasync(fd); }
  int Ftruncate(int fd, off_t length) override { return ::ftruncate(fd, length); }
  int Rename(const char* from, const char* to) override { return ::rename(from, to); }
  int Link(const char* from, const char* to) override { return ::link(from, to); }
  int Unlink(const char* path) override { return ::unlink(path); }
  int Mkdir(const char* path, mode_t mode) override { return ::mkdir(path, mode); }
};

}  // namespace

Fs& PosixFs() {
  static Posix posix;  // no state: shared safely by every thread
  return posix;
}

}  // namespace berth::store
