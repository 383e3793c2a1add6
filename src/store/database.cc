#include "store/database.h"
#include "store/memory_bounds.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace berth::store {

Error SqliteError(std::string_view what, sqlite3* db) {
  const int code = db != nullptr ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
  std::string message = std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : "?");
  if ((code & 0xff) == SQLITE_CONSTRAINT) return Error{kConstraintViolation, message, 500};
  return Error{"InternalFailure", message, 500};
}

bool IsConstraintViolation(const Error& error) { return error.code == kConstraintViolation; }

// ---- Statement ----

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (release_) release_(stmt_);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::BindOptional(int index, const std::optional<std::string>& text) {
  return text ? Bind(index, std::string_view(*text)) : BindNull(index);
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    // Ready to run again: a statement re-bound in a loop (one INSERT per row) must be reset
    // first, or SQLite refuses the new bindings and would re-run the old ones.
    sqlite3_reset(stmt_);
    return false;
  }
  Error error = SqliteError("step", sqlite3_db_handle(stmt_));
  sqlite3_reset(stmt_);
  return error;
}

Status Statement::Run() {
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Ok();
  }
}

void Statement::Reset() { sqlite3_reset(stmt_); }

int64_t Statement::ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Statement::ColumnText(int col) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(stmt_, col));
}

std::optional<std::string> Statement::ColumnOptionalText(int col) const {
  if (ColumnIsNull(col)) return std::nullopt;
  return ColumnText(col);
}

std::string Statement::ColumnBlob(int col) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return data == nullptr ? std::string() : std::string(data, sqlite3_column_bytes(stmt_, col));
}

bool Statement::ColumnIsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

// ---- Connection ----

struct Connection::Impl {
  sqlite3* db = nullptr;
  // Idle prepared statements by SQL text; a statement in use is out of the cache, so a nested
  // Prepare of the same text gets its own.
  std::unordered_multimap<std::string, sqlite3_stmt*> idle;

  ~Impl() {
    for (auto& [sql, stmt] : idle) sqlite3_finalize(stmt);
    if (db != nullptr) sqlite3_close_v2(db);
  }
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

Result<Statement> Connection::Prepare(std::string_view sql) {
  std::string key(sql);
  sqlite3_stmt* stmt = nullptr;
  if (auto it = impl_->idle.find(key); it != impl_->idle.end()) {
    stmt = it->second;
    impl_->idle.erase(it);
  } else if (sqlite3_prepare_v3(impl_->db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    return SqliteError("prepare", impl_->db);
  }
  Impl* impl = impl_.get();
  return Statement(stmt, [impl, key = std::move(key)](sqlite3_stmt* s) {
    impl->idle.emplace(key, s);
  });
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(impl_->db, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error error = SqliteError("exec", impl_->db);
    sqlite3_free(message);
    return error;
  }
  return Ok();
}

int64_t Connection::LastInsertRowId() const { return sqlite3_last_insert_rowid(impl_->db); }
int64_t Connection::Changes() const { return sqlite3_changes64(impl_->db); }

// ---- Database ----

namespace {

Status RunCached(Connection& conn, std::string_view sql) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, conn.Prepare(sql));
  return stmt.Run();
}

Result<std::unique_ptr<Connection::Impl>> OpenConnection(const Database::Options& options,
                                                         bool read_only) {
  const std::string& path = options.path;
  const DatabaseMemoryBounds bounds = GetDatabaseMemoryBounds();
  auto impl = std::make_unique<Connection::Impl>();
  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr) != SQLITE_OK) {
    return SqliteError("open " + path, impl->db);
  }
  // The writer is the only writer in this process; the timeout only covers other processes
  // (`berth user create` while serving) and checkpoints.
  sqlite3_busy_timeout(impl->db, 10000);
  std::string pragmas = "PRAGMA foreign_keys=ON;";
  // A page cache that holds the hot parts of the indexes (the default 2 MB makes every insert
  // into a large index re-read its path from the OS), and optionally a memory map. Both
  // bounded (store/memory_bounds.h): a page cache fills to its size and stays full, so its
  // size is what the connection costs (a negative cache_size is KiB).
  pragmas += "PRAGMA mmap_size=" + std::to_string(std::max<int64_t>(bounds.mmap_bytes, 0)) + ";";
  const int64_t cache = read_only ? bounds.reader_cache_bytes : bounds.writer_cache_bytes;
  pragmas += "PRAGMA cache_size=-" + std::to_string(std::max<int64_t>(cache >> 10, 64)) + ";";
  if (!read_only) {
    pragmas += "PRAGMA journal_mode=WAL;";
    // Checkpoint every 64 MB of log instead of every 4 MB: far fewer checkpoints (each one a
    // write-back and an fsync of the database file) under sustained ingestion; the log file is
    // cut back to that size afterwards.
    pragmas += "PRAGMA wal_autocheckpoint=16384;PRAGMA journal_size_limit=67108864;";
    pragmas += options.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
  }
  char* message = nullptr;
  if (sqlite3_exec(impl->db, pragmas.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error error = SqliteError("configure " + path, impl->db);
    sqlite3_free(message);
    return error;
  }
  return impl;
}

}  // namespace

struct Database::Impl {
  Options options;

  std::mutex read_mu;
  std::condition_variable read_cv;
  std::vector<std::unique_ptr<Connection>> idle_readers;  // GUARDED_BY(read_mu)

  // The group-commit queue (LevelDB's DBImpl::Write): the writer at the front leads a group.
  struct Writer {
    const std::function<Status(Connection&)>* fn;
    Status status;
    bool done = false;
    std::condition_variable cv;
  };
  std::mutex write_mu;
  std::deque<Writer*> writers;  // GUARDED_BY(write_mu)
  std::unique_ptr<Connection> writer;  // used only by the current leader

  static constexpr size_t kMaxGroup = 256;

  std::unique_ptr<Connection> TakeReader() {
    std::unique_lock lock(read_mu);
    read_cv.wait(lock, [&] { return !idle_readers.empty(); });
    auto conn = std::move(idle_readers.back());
    idle_readers.pop_back();
    return conn;
  }
  void ReturnReader(std::unique_ptr<Connection> conn) {
    {
      std::lock_guard lock(read_mu);
      idle_readers.push_back(std::move(conn));
    }
    read_cv.notify_one();
  }

  // Runs one group on the writer connection; fills in each writer's status.
  void CommitGroup(std::vector<Writer*>& group) {
    Connection& conn = *writer;
    Status begin = conn.Exec("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (Writer* w : group) w->status = begin;
      return;
    }
    for (Writer* w : group) {
      Status sp = conn.Exec("SAVEPOINT w");
      if (!sp.ok()) {
        w->status = sp;
        continue;
      }
      Status result;
      try {
        result = (*w->fn)(conn);
      } catch (const std::exception& e) {
        result = Error{"InternalFailure", std::string("write threw: ") + e.what(), 500};
      }
      if (result.ok()) {
        w->status = conn.Exec("RELEASE w");
      } else {
        IgnoreError(conn.Exec("ROLLBACK TO w"));
        IgnoreError(conn.Exec("RELEASE w"));
        w->status = std::move(result);
      }
    }
    Status commit = conn.Exec("COMMIT");
    if (!commit.ok()) {
      IgnoreError(conn.Exec("ROLLBACK"));
      for (Writer* w : group)
        if (w->status.ok()) w->status = commit;
    }
  }
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const Options& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  // The writer first: it creates the file and switches it to WAL before readers attach.
  BERTH_ASSIGN_OR_RETURN(auto writer_impl, OpenConnection(options, false));
  impl->writer.reset(new Connection(std::move(writer_impl)));
  for (int i = 0; i < std::max(1, options.read_connections); ++i) {
    BERTH_ASSIGN_OR_RETURN(auto reader_impl, OpenConnection(options, true));
    impl->idle_readers.emplace_back(new Connection(std::move(reader_impl)));
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Status Database::Migrate(std::string_view component, std::span<const Migration> migrations) {
  BERTH_RETURN_IF_ERROR(Write([](Connection& c) {
    return c.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations(component TEXT NOT NULL, "
        "version INTEGER NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY(component, version))");
  }));
  int64_t current = 0;
  BERTH_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?"));
    stmt.Bind(1, component);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) current = stmt.ColumnInt(0);
    return Ok();
  }));
  int64_t known = 0;
  for (const auto& m : migrations) known = std::max<int64_t>(known, m.version);
  if (current > known) {
    return Error{"InternalFailure",
                 "the database's " + std::string(component) + " schema is version " +
                     std::to_string(current) + ", newer than this berth knows (" +
                     std::to_string(known) + "); use a newer berth",
                 500};
  }
  for (const auto& m : migrations) {
    if (m.version <= current) continue;
    BERTH_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(c.Exec(m.sql));
      BERTH_ASSIGN_OR_RETURN(
          auto stmt, c.Prepare("INSERT INTO schema_migrations(component, version, applied_at) "
                               "VALUES (?, ?, strftime('%s','now'))"));
      stmt.Bind(1, component).Bind(2, static_cast<int64_t>(m.version));
      return stmt.Run();
    }));
  }
  return Ok();
}

Status Database::Read(const std::function<Status(Connection&)>& fn) {
  std::unique_ptr<Connection> conn = impl_->TakeReader();
  // BEGIN/COMMIT as cached statements: sqlite3_exec would parse them on every read.
  Status status = RunCached(*conn, "BEGIN");
  if (status.ok()) {
    try {
      status = fn(*conn);
    } catch (const std::exception& e) {
      status = Error{"InternalFailure", std::string("read threw: ") + e.what(), 500};
    }
    IgnoreError(RunCached(*conn, "COMMIT"));
  }
  impl_->ReturnReader(std::move(conn));
  return status;
}

Status Database::Write(const std::function<Status(Connection&)>& fn) {
  Impl& s = *impl_;
  Impl::Writer self;
  self.fn = &fn;
  std::unique_lock lock(s.write_mu);
  s.writers.push_back(&self);
  while (!self.done && &self != s.writers.front()) self.cv.wait(lock);
  if (self.done) return std::move(self.status);

  // This writer leads: take everything queued (up to a bound) as one group.
  std::vector<Impl::Writer*> group;
  for (Impl::Writer* w : s.writers) {
    group.push_back(w);
    if (group.size() >= Impl::kMaxGroup) break;
  }
  lock.unlock();
  s.CommitGroup(group);  // only the leader touches the writer connection
  lock.lock();
  for (Impl::Writer* w : group) {
    s.writers.pop_front();
    if (w != &self) {
      w->done = true;
      w->cv.notify_one();
    }
  }
  if (!s.writers.empty()) s.writers.front()->cv.notify_one();
  return std::move(self.status);
}

}  // namespace berth::store
