#pragma once
// The embedded state store: one SQLite database file in WAL mode.
//
// Reads run on a pool of read-only connections, many at once, each in its own snapshot.
// Writes go through one writer connection and are group-committed (LevelDB's DBImpl::Write):
// concurrent Write() calls queue; the first in line becomes the leader, runs a batch of queued
// writes inside one transaction (each in its own SAVEPOINT, so one failing rolls back only its
// own changes), commits once (one fsync), then wakes every caller in the batch. Write() returns
// only after its changes are durable. Nobody ever sees SQLITE_BUSY ("database is locked").
//
// Schemas are owned by components (auth, ecr, …): each passes its ordered migrations to
// Migrate(), which applies the ones not yet recorded in `schema_migrations`.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace berth::store {

// A prepared statement, borrowed from its connection's statement cache and reset when this
// handle goes away. Bind indexes are 1-based, column indexes 0-based (SQLite's convention).
class Statement {
 public:
  // `release` takes the statement back (into its connection's cache) when this handle dies.
  Statement(sqlite3_stmt* stmt, std::function<void(sqlite3_stmt*)> release)
      : stmt_(stmt), release_(std::move(release)) {}
  ~Statement();
  Statement(Statement&& other) noexcept
      : stmt_(other.stmt_), release_(std::move(other.release_)) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);  // copied by SQLite
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  Statement& BindOptional(int index, const std::optional<std::string>& text);  // NULL when nullopt

  // Advances: true when a row is available, false when done; error on failure.
  Result<bool> Step();
  // Runs to completion (for INSERT/UPDATE/DELETE).
  Status Run();
  // Ready to run again (with new bindings) before it has run to the end: a point query read
  // for its first row only.
  void Reset();

  int64_t ColumnInt(int col) const;
  std::string ColumnText(int col) const;
  std::optional<std::string> ColumnOptionalText(int col) const;  // nullopt for NULL
  std::string ColumnBlob(int col) const;
  bool ColumnIsNull(int col) const;

 private:
  sqlite3_stmt* stmt_;
  std::function<void(sqlite3_stmt*)> release_;
};

// One SQLite connection and its statement cache. Not thread-safe: the Database hands a
// connection to one thread at a time.
class Connection {
 public:
  ~Connection();
  // Prepared once per connection and cached by SQL text.
  Result<Statement> Prepare(std::string_view sql);
  Status Exec(std::string_view sql);  // one or more statements, no results
  int64_t LastInsertRowId() const;
  int64_t Changes() const;  // rows changed by the last statement

  struct Impl;  // the sqlite3 handle and statement cache (database.cc)

 private:
  friend class Database;
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct Migration {
  int version;           // 1, 2, 3 … per component, applied in order
  std::string_view sql;  // may hold several statements
};

class Database {
 public:
  struct Options {
    std::string path;          // file path; created when missing
    int read_connections = 4;  // size of the read pool
    // FULL (fsync on every commit) by default: an acknowledged write survives power loss.
    bool synchronous_full = true;
  };

  // Opens (creating if needed) and configures WAL, foreign keys, busy timeout.
  static Result<std::unique_ptr<Database>> Open(const Options& options);
  ~Database();

  // Applies the migrations of `component` not yet applied, in one transaction each.
  Status Migrate(std::string_view component, std::span<const Migration> migrations);

  // Runs fn on a pooled read connection inside a read transaction (a consistent snapshot).
  // Thread-safe; blocks only while every pooled connection is busy.
  Status Read(const std::function<Status(Connection&)>& fn);

  // Runs fn inside the shared write transaction of a commit group; returns after the group
  // committed durably. An error from fn rolls back fn's changes only and is returned here.
  // Thread-safe. fn must not call Read or Write.
  Status Write(const std::function<Status(Connection&)>& fn);

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The code of an Error from a violated UNIQUE/NOT NULL/FOREIGN KEY/CHECK constraint, so callers
// can map it to their own "already exists" error.
inline constexpr char kConstraintViolation[] = "SqliteConstraintViolation";
bool IsConstraintViolation(const Error& error);

// The Error for a SQLite failure (InternalFailure, 500, or kConstraintViolation), with SQLite's
// message.
Error SqliteError(std::string_view what, sqlite3* db);

}  // namespace berth::store
