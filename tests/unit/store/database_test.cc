#include "store/database.h"

#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace berth::store {
namespace {

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "berth_db_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string cmd = "rm -rf '" + dir_ + "' && mkdir -p '" + dir_ + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    db_ = OpenDb();
    const Migration kSchema[] = {
        {1, "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)"},
        {2, "ALTER TABLE items ADD COLUMN note TEXT"},
    };
    ASSERT_TRUE(db_->Migrate("test", kSchema).ok());
  }
  void TearDown() override {
    db_.reset();
    std::string cmd = "rm -rf '" + dir_ + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  std::unique_ptr<Database> OpenDb() {
    Database::Options options;
    options.path = dir_ + "/test.db";
    auto db = Database::Open(options);
    EXPECT_TRUE(db.ok()) << db.error().message;
    return std::move(*db);
  }
  Status Insert(const std::string& name) {
    return db_->Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("INSERT INTO items(name) VALUES (?)"));
      stmt.Bind(1, name);
      return stmt.Run();
    });
  }
  int64_t Count() {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](Connection& c) -> Status {
                     BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT COUNT(*) FROM items"));
                     BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
                     if (row) n = stmt.ColumnInt(0);
                     return Ok();
                   }).ok());
    return n;
  }

  std::string dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, OneStatementReboundInALoopInsertsEveryRow) {
  ASSERT_TRUE(db_->Write([](Connection& c) -> Status {
                   BERTH_ASSIGN_OR_RETURN(auto stmt,
                                          c.Prepare("INSERT INTO items(name) VALUES (?)"));
                   for (const char* name : {"a", "b", "c"}) {
                     stmt.Bind(1, std::string_view(name));
                     BERTH_RETURN_IF_ERROR(stmt.Run());
                   }
                   return Ok();
                 }).ok());
  std::string names;
  ASSERT_TRUE(db_->Read([&](Connection& c) -> Status {
                   BERTH_ASSIGN_OR_RETURN(auto stmt,
                                          c.Prepare("SELECT name FROM items ORDER BY name"));
                   for (;;) {
                     BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
                     if (!row) return Ok();
                     names += stmt.ColumnText(0);
                   }
                 }).ok());
  EXPECT_EQ(names, "abc");
}

TEST_F(DatabaseTest, ReadSeesCommittedWrite) {
  ASSERT_TRUE(Insert("a").ok());
  EXPECT_EQ(Count(), 1);
}

TEST_F(DatabaseTest, MigrationsApplyOnceAcrossReopen) {
  db_.reset();
  db_ = OpenDb();
  const Migration kSchema[] = {
      {1, "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)"},
      {2, "ALTER TABLE items ADD COLUMN note TEXT"},
  };
  // Re-running version 1 would fail ("table items already exists").
  EXPECT_TRUE(db_->Migrate("test", kSchema).ok());
}

TEST_F(DatabaseTest, RefusesDatabaseNewerThanTheCode) {
  const Migration kOlder[] = {
      {1, "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)"}};
  Status status = db_->Migrate("test", kOlder);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("newer"), std::string::npos);
}

TEST_F(DatabaseTest, ConstraintViolationIsRecognisable) {
  ASSERT_TRUE(Insert("dup").ok());
  Status again = Insert("dup");
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(IsConstraintViolation(again.error()));
}

TEST_F(DatabaseTest, FailedWriteRollsBackOnlyItself) {
  Status failed = db_->Write([](Connection& c) -> Status {
    BERTH_RETURN_IF_ERROR(c.Exec("INSERT INTO items(name) VALUES ('half')"));
    return Error{"Boom", "deliberate", 400};
  });
  EXPECT_EQ(failed.error().code, "Boom");
  ASSERT_TRUE(Insert("whole").ok());
  EXPECT_EQ(Count(), 1);
}

TEST_F(DatabaseTest, ConcurrentWritersAllLandWithoutLockErrors) {
  constexpr int kThreads = 8, kPerThread = 300;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every tenth write fails on purpose; it must not take its group down with it.
        if (i % 10 == 0) {
          Status bad = db_->Write([](Connection& c) -> Status {
            BERTH_RETURN_IF_ERROR(c.Exec("INSERT INTO items(name) VALUES ('x')"));
            return Error{"Boom", "deliberate", 400};
          });
          if (bad.ok()) ++failures;
          continue;
        }
        Status s = Insert("t" + std::to_string(t) + "_" + std::to_string(i));
        if (!s.ok()) {
          ++failures;
          ADD_FAILURE() << s.error().message;
        }
        if (i % 7 == 0) Count();  // readers alongside writers
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count(), kThreads * (kPerThread - kPerThread / 10));
}

TEST_F(DatabaseTest, NestedPrepareOfSameSqlGetsDistinctStatements) {
  ASSERT_TRUE(Insert("a").ok());
  ASSERT_TRUE(Insert("b").ok());
  Status s = db_->Read([](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto outer, c.Prepare("SELECT name FROM items ORDER BY name"));
    BERTH_ASSIGN_OR_RETURN(bool row, outer.Step());
    EXPECT_TRUE(row);
    BERTH_ASSIGN_OR_RETURN(auto inner, c.Prepare("SELECT name FROM items ORDER BY name"));
    BERTH_ASSIGN_OR_RETURN(bool inner_row, inner.Step());
    EXPECT_TRUE(inner_row);
    EXPECT_EQ(outer.ColumnText(0), "a");
    EXPECT_EQ(inner.ColumnText(0), "a");
    BERTH_ASSIGN_OR_RETURN(row, outer.Step());
    EXPECT_EQ(outer.ColumnText(0), "b");
    return Ok();
  });
  EXPECT_TRUE(s.ok());
}

TEST_F(DatabaseTest, WritesSurviveReopen) {
  ASSERT_TRUE(Insert("kept").ok());
  db_.reset();
  db_ = OpenDb();
  EXPECT_EQ(Count(), 1);
}

}  // namespace
}  // namespace berth::store
