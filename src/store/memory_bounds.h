#pragma once
// How much memory the database's connections may hold (`berth serve --db-cache-mib`,
// `--db-read-cache-mib`, `--db-mmap-mib`). SQLite's page cache keeps every page a connection
// touched until its cache_size is reached, so under load each connection's memory grows to
// exactly its bound and stays there: this heap is at most about writer_cache_bytes +
// read connections × reader_cache_bytes (plus prepared statements).
//
// Process-wide, as SQLite's own configuration (sqlite3_config) is: the App sets it from its
// flags before it opens the database; connections opened afterwards take it. Thread-safe.

#include <cstdint>

namespace berth::store {

struct DatabaseMemoryBounds {
  int64_t writer_cache_bytes = int64_t{32} << 20;
  int64_t reader_cache_bytes = int64_t{8} << 20;
  // The memory-mapped window of the database file. Each connection maps its own, and RSS
  // counts a file page once per mapping: 5 connections × 64 MiB took RssFile past 100 MiB in
  // a 30-minute soak and still rising. Off by default: reads then come through the bounded
  // page caches above (a miss is one pread from the kernel's page cache).
  int64_t mmap_bytes = 0;
};

void SetDatabaseMemoryBounds(const DatabaseMemoryBounds& bounds);
DatabaseMemoryBounds GetDatabaseMemoryBounds();

// Bytes of heap SQLite holds in this process (page caches, statements, schemas): what the
// bounds above limit. For /metrics.
int64_t SqliteMemoryUsed();

}  // namespace berth::store
