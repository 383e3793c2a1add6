#pragma once
// Small, durable file operations on the data directory (folders, secrets, the credentials file).
// POSIX calls rather than std::filesystem because these need modes and fsync.

#include <string>

#include "core/result.h"

namespace berth::app {

// Creates the directory (and missing parents) with `mode` when absent.
Status EnsureDir(const std::string& path, unsigned mode);

bool FileExists(const std::string& path);

// Writes `content` to a temp file beside `path` with `mode`, fsyncs it, renames it over `path`
// and fsyncs the directory: the file is either the old or the whole new content.
Status WriteFileAtomically(const std::string& path, const std::string& content, unsigned mode);

// The random secret of `bytes` bytes kept in `path` (mode 0600), created on first use.
Result<std::string> LoadOrCreateSecret(const std::string& path, size_t bytes);

}  // namespace berth::app
