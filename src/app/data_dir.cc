#include "app/data_dir.h"

#include <fcntl.h>
#include <ftw.h>
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

// nftw's callback has no user pointer; the first chmod failure is kept here for the walk that
// is running (SecureDataDir runs at start, before any thread).
thread_local int walk_errno = 0;
thread_local std::string walk_failed_path;

int RestrictToOwner(const char* path, const struct stat* st, int type, struct FTW*) {
  if (type == FTW_SL || type == FTW_SLN) return 0;  // links are never followed
  if (type == FTW_NS) return 0;                       // no stat (vanished meanwhile)
  if ((st->st_mode & 077) == 0) return 0;
  if (st->st_uid != ::geteuid()) return 0;  // another user's file: not ours to change
  if (::chmod(path, st->st_mode & 0700) != 0 && walk_errno == 0) {
    walk_errno = errno;
    walk_failed_path = path;
  }
  return 0;
}

}  // namespace

Status SecureDataDir(const std::string& path) {
  BERTH_RETURN_IF_ERROR(EnsureDir(path, 0700));
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return IoError("cannot inspect", path);
  if (st.st_uid != ::geteuid())
    return Error{"DataDirError",
                 "refusing to use data directory " + path + ": it is owned by uid " +
                     std::to_string(st.st_uid) + ", not by the user berth runs as (uid " +
                     std::to_string(::geteuid()) + ")",
                 500};
  if ((st.st_mode & 022) != 0)
    return Error{"DataDirError",
                 "refusing to use data directory " + path +
                     ": group or others may write to it (it holds secrets); run chmod 700 " + path,
                 500};
  walk_errno = 0;
  walk_failed_path.clear();
  // "/." so that a data dir reached through a symbolic link is walked (links inside are not).
  if (::nftw((path + "/.").c_str(), RestrictToOwner, 32, FTW_PHYS) != 0)
    return IoError("cannot walk", path);
  if (walk_errno != 0) {
    errno = walk_errno;
    return IoError("cannot restrict the mode of", walk_failed_path);
  }
  return Ok();
}

Status EnsureFile(const std::string& path, unsigned mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, mode);
  if (fd < 0) return IoError("cannot create", path);
  ::close(fd);
  return Ok();
}

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
