#include "store/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace berth::store {

Error IoError(std::string_view what, const std::string& path) {
  return Error{"InternalFailure", std::string(what) + " " + path + ": " + std::strerror(errno),
               500};
}

Status MakeDir(const std::string& path, Fs& fs) {
  if (fs.Mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) return IoError("cannot create", path);
  return Ok();
}

Status SyncDir(const std::string& path, Fs& fs) {
  const int fd = fs.Open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open", path);
  const int rc = fs.Fsync(fd);
  fs.Close(fd);
  if (rc != 0) return IoError("cannot sync", path);
  return Ok();
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path, Fs& fs) {
  while (!bytes.empty()) {
    const ssize_t n = fs.Write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("cannot write", path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Ok();
}

Status WriteAllAt(int fd, std::string_view bytes, int64_t offset, const std::string& path,
                  Fs& fs) {
  while (!bytes.empty()) {
    const ssize_t n = fs.Pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("cannot write", path);
    bytes.remove_prefix(static_cast<size_t>(n));
    offset += n;
  }
  return Ok();
}

Result<size_t> ReadAt(int fd, char* into, size_t size, int64_t offset, const std::string& path) {
  ssize_t n;
  do n = ::pread(fd, into, size, static_cast<off_t>(offset)); while (n < 0 && errno == EINTR);
  if (n < 0) return IoError("cannot read", path);
  return static_cast<size_t>(n);
}

Result<std::string> ReadAll(int fd, const std::string& path) {
  std::string out;
  char buf[1 << 16];
  int64_t offset = 0;
  while (true) {
    BERTH_ASSIGN_OR_RETURN(size_t n, ReadAt(fd, buf, sizeof buf, offset, path));
    if (n == 0) break;
    out.append(buf, n);
    offset += static_cast<int64_t>(n);
  }
  return out;
}

Status ForEachEntry(const std::string& dir,
                    const std::function<Status(const std::string& name)>& fn) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return errno == ENOENT ? Ok() : IoError("cannot list", dir);
  Status status = Ok();
  while (struct dirent* entry = ::readdir(d)) {
    const std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    status = fn(name);
    if (!status.ok()) break;
  }
  ::closedir(d);
  return status;
}

}  // namespace berth::store
