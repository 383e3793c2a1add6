#pragma once
// The seam between the local stores and the file system: the POSIX calls that change what is
// on disk, behind an interface (LevelDB's Env), so a test can stand in for the disk. The test
// file system (tests/support/fault_fs.h) counts these calls, fails the n-th one (an I/O error, a
// full disk, the process dying there) and forgets, as a power cut would, what was not fsynced.
//
// Signatures and errors are POSIX's (-1 with errno), so a store's code reads as the calls it
// makes. Reads need no seam: what a store reads back is what the seam let reach the disk.

#include <sys/types.h>

#include <cstddef>

namespace berth::store {

class Fs {
 public:
  virtual ~Fs() = default;
  virtual int Open(const char* path, int flags, mode_t mode = 0) = 0;
  virtual int Close(int fd) = 0;
  virtual ssize_t Write(int fd, const void* data, size_t size) = 0;
  virtual ssize_t Pwrite(int fd, const void* data, size_t size, off_t offset) = 0;
  virtual int Fsync(int fd) = 0;
  virtual int Fdatasync(int fd) = 0;
  virtual int Ftruncate(int fd, off_t length) = 0;
  virtual int Rename(const char* from, const char* to) = 0;
  virtual int Link(const char* from, const char* to) = 0;
  virtual int Unlink(const char* path) = 0;
  virtual int Mkdir(const char* path, mode_t mode) = 0;
};

// The real calls. Stateless, shared by every store that is not under test.
Fs& PosixFs();

}  // namespace berth::store
