#pragma once
// Small, durable file operations on the data directory (folders, secrets, the credentials file).
// POSIX calls rather than std::filesystem because these need modes and fsync.

#include <string>

#include "core/result.h"

namespace berth::app {

// Makes `path` (created 0700 when absent) a data dir only its owner can reach, or refuses it:
// Error when another user owns it or group/others may write to it (anyone who can write there
// can swap berth's files). Otherwise removes group and other permissions from it and from
// everything under it (files and folders an earlier berth, another umask or a copy left open),
// without following symbolic links.
Status SecureDataDir(const std::string& path);

// Creates an empty file with `mode` when absent (so a library that creates files with its own
// default mode, as SQLite does, finds it already there).
Status EnsureFile(const std::string& path, unsigned mode);

// Creates the directory (and missing parents) with `mode` when absent.
Status EnsureDir(const std::string& path, unsigned mode);

bool FileExists(const std::string& path);

// Writes `content` to a temp file beside `path` with `mode`, fsyncs it, renames it over `path`
// and fsyncs the directory: the file is either the old or the whole new content.
Status WriteFileAtomically(const std::string& path, const std::string& content, unsigned mode);

// The random secret of `bytes` bytes kept in `path` (mode 0600), created on first use.
Result<std::string> LoadOrCreateSecret(const std::string& path, size_t bytes);

}  // namespace berth::app
