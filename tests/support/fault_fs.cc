#include "fault_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace berth::testing {
namespace {

std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::optional<std::string> Contents(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void Put(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
}

void RemoveTree(const std::string& path) {
  if (DIR* d = ::opendir(path.c_str())) {
    while (struct dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..") RemoveTree(path + "/" + name);
    }
    ::closedir(d);
    ::rmdir(path.c_str());
  } else {
    ::unlink(path.c_str());
  }
}

}  // namespace

bool FaultFs::Allow() {
  ++mutations_;
  if (crashed()) {
    errno = EIO;
    return false;
  }
  if (mutations_ == fail_at_) {
    errno = fail_errno_;
    return false;
  }
  return true;
}

void FaultFs::KeepSynced(const std::string& path) {
  if (synced_.count(path)) return;
  synced_[path] = Contents(path).value_or("");
}

int FaultFs::Open(const char* path, int flags, mode_t mode) {
  const bool creates = (flags & (O_CREAT | O_TRUNC)) != 0;
  const bool existed = ::access(path, F_OK) == 0;
  if (creates && !Allow()) return -1;
  if (creates && existed && (flags & O_TRUNC)) KeepSynced(path);
  const int fd = ::open(path, flags, mode);
  if (fd < 0) return fd;
  fds_[fd] = path;
  if ((flags & O_CREAT) && !existed) {
    entries_.push_back({EntryChange::Kind::kCreated, DirOf(path), path, "", std::nullopt});
    synced_[path] = "";  // a new file's synced contents: none
  }
  return fd;
}

int FaultFs::Close(int fd) {
  fds_.erase(fd);
  return ::close(fd);
}

ssize_t FaultFs::Write(int fd, const void* data, size_t size) {
  if (!Allow()) return -1;
  if (auto it = fds_.find(fd); it != fds_.end()) KeepSynced(it->second);
  return ::write(fd, data, size);
}

ssize_t FaultFs::Pwrite(int fd, const void* data, size_t size, off_t offset) {
  if (!Allow()) return -1;
  if (auto it = fds_.find(fd); it != fds_.end()) KeepSynced(it->second);
  return ::pwrite(fd, data, size, offset);
}

int FaultFs::Ftruncate(int fd, off_t length) {
  if (!Allow()) return -1;
  if (auto it = fds_.find(fd); it != fds_.end()) KeepSynced(it->second);
  return ::ftruncate(fd, length);
}

int FaultFs::Fsync(int fd) {
  if (!Allow()) return -1;
  const int rc = ::fsync(fd);
  if (rc != 0) return rc;
  auto it = fds_.find(fd);
  if (it == fds_.end()) return rc;
  const std::string& path = it->second;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    std::erase_if(entries_, [&](const EntryChange& e) { return e.dir == path; });
  } else {
    synced_.erase(path);
  }
  return rc;
}

int FaultFs::Rename(const char* from, const char* to) {
  if (!Allow()) return -1;
  std::optional<std::string> replaced = Contents(to);
  const int rc = ::rename(from, to);
  if (rc != 0) return rc;
  // Durable with the new name's directory (the old name's removal is taken along with it).
  entries_.push_back({EntryChange::Kind::kRenamed, DirOf(to), to, from, replaced});
  if (auto it = synced_.find(from); it != synced_.end()) {
    synced_[to] = it->second;
    synced_.erase(it);
  } else {
    synced_.erase(to);
  }
  return rc;
}

int FaultFs::Link(const char* from, const char* to) {
  if (!Allow()) return -1;
  const int rc = ::link(from, to);
  if (rc != 0) return rc;
  entries_.push_back({EntryChange::Kind::kLinked, DirOf(to), to, from, std::nullopt});
  if (auto it = synced_.find(from); it != synced_.end()) synced_[to] = it->second;
  return rc;
}

int FaultFs::Unlink(const char* path) {
  if (!Allow()) return -1;
  std::optional<std::string> was = Contents(path);
  if (auto it = synced_.find(path); it != synced_.end() && was) was = it->second;
  const int rc = ::unlink(path);
  if (rc != 0) return rc;
  entries_.push_back({EntryChange::Kind::kRemoved, DirOf(path), path, "", was});
  synced_.erase(path);
  return rc;
}

int FaultFs::Mkdir(const char* path, mode_t mode) {
  if (!Allow()) return -1;
  const int rc = ::mkdir(path, mode);
  if (rc == 0) entries_.push_back({EntryChange::Kind::kMkdir, DirOf(path), path, "", std::nullopt});
  return rc;
}

void FaultFs::DropUnsynced() {
  // Directory changes first, newest first; a rename undone takes its unsynced contents back.
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    switch (it->kind) {
      case EntryChange::Kind::kCreated:
      case EntryChange::Kind::kLinked:
        ::unlink(it->path.c_str());
        synced_.erase(it->path);
        break;
      case EntryChange::Kind::kMkdir:
        RemoveTree(it->path);
        break;
      case EntryChange::Kind::kRenamed:
        ::rename(it->path.c_str(), it->from.c_str());
        if (auto s = synced_.find(it->path); s != synced_.end()) {
          synced_[it->from] = s->second;
          synced_.erase(s);
        }
        if (it->replaced) Put(it->path, *it->replaced);
        break;
      case EntryChange::Kind::kRemoved:
        if (it->replaced) Put(it->path, *it->replaced);
        break;
    }
  }
  entries_.clear();
  for (const auto& [path, contents] : synced_) {
    if (::access(path.c_str(), F_OK) == 0) Put(path, contents);
  }
  synced_.clear();
}

}  // namespace berth::testing
