#pragma once
// The POSIX file calls the local stores share. POSIX rather than std::filesystem because
// durability needs fsync of directories, which std::filesystem cannot do.
//
// Errors are InternalFailure (500) naming the call, the path and errno's text. Not thread-safe
// on one path, like the calls beneath. The calls that change the disk go through `fs` (fs.h),
// the real POSIX calls unless a test passes its own.

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/fs.h"

namespace berth::store {

// InternalFailure "<what> <path>: <errno's text>". Call it right after the call that failed.
Error IoError(std::string_view what, const std::string& path);

// Creates the directory `path` (mode 0700); one that exists already is fine. Not durable until
// its parent is synced (SyncDir).
Status MakeDir(const std::string& path, Fs& fs = PosixFs());

// fsyncs the directory `path`: entries created, renamed or removed in it survive a crash.
Status SyncDir(const std::string& path, Fs& fs = PosixFs());

// Writes all of `bytes` to `fd`, through short writes and EINTR; errors name `path`.
Status WriteAll(int fd, std::string_view bytes, const std::string& path, Fs& fs = PosixFs());

// Writes all of `bytes` at `offset` of `fd` with pwrite, through short writes and EINTR.
Status WriteAllAt(int fd, std::string_view bytes, int64_t offset, const std::string& path,
                  Fs& fs = PosixFs());

// Reads up to `size` bytes at `offset` of `fd` into `into` with one pread (EINTR retried); how
// many it read (fewer at the end of the file). Errors name `path`.
Result<size_t> ReadAt(int fd, char* into, size_t size, int64_t offset, const std::string& path);

// Reads `fd` from offset 0 to its end with ReadAt. Errors name `path`.
Result<std::string> ReadAll(int fd, const std::string& path);

// Calls fn with the name of each entry of `dir` but "." and "..", in no particular order,
// stopping at fn's first error and returning it. A missing `dir` has no entries.
Status ForEachEntry(const std::string& dir,
                    const std::function<Status(const std::string& name)>& fn);

}  // namespace berth::store
