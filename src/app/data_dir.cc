#include "app/data_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/crypto.h"

namespace berth::app {
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Error{"DataDirError", what + " " + path + ": " + std::strerror(errno), 500};
}

}  // namespace

Status EnsureDir(const std::string& path, unsigned mode) {
  if (path.empty()) return Error{"DataDirError", "empty directory path", 500};
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Ok();
    return Error{"DataDirError", path + " exists and is not a directory", 500};
  }
  const auto slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) BERTH_RETURN_IF_ERROR(EnsureDir(path.substr(0, slash), mode));
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) return IoError("cannot create", path);
  return Ok();
}

bool FileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Status WriteFileAtomically(const std::string& path, const std::string& content, unsigned mode) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return IoError("cannot create", tmp);
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return IoError("cannot write", tmp);
    }
    written += static_cast<size_t>(n);
  }
  if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
    ::close(fd);
    return IoError("cannot sync", tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return IoError("cannot rename to", path);
  const auto slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Ok();
}

Result<std::string> LoadOrCreateSecret(const std::string& path, size_t bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    std::string secret(bytes, '\0');
    ssize_t n = ::read(fd, secret.data(), bytes);
    ::close(fd);
    if (n == static_cast<ssize_t>(bytes)) return secret;
    return Error{"DataDirError", path + " is damaged (expected " + std::to_string(bytes) +
                                     " bytes); delete it to issue a new one",
                 500};
  }
  if (errno != ENOENT) return IoError("cannot read", path);
  std::string secret = crypto::RandomBytes(bytes);
  BERTH_RETURN_IF_ERROR(WriteFileAtomically(path, secret, 0600));
  return secret;
}

}  // namespace berth::app
