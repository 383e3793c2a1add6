// The audit journal under the fault-injecting file system (tests/support/fault_fs.h): appends
// are cut off at every one of their disk calls in turn — the process dies there and the power
// goes, so what was not fsynced is lost — and the journal reopened on what is left must hold
// every record an Append acknowledged, with its seq and bytes, and no other record but whole
// ones, then take appends again. Then each disk call in turn fails once (I/O error, disk full):
// that Append fails, nothing acknowledged is lost, and the journal goes on. Both formats: plain
// records, and compressed frames with the dictionary trained (and stored) halfway through.

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "fault_fs.h"
#include "services/cloudtrail/store/event_journal.h"

namespace berth::services::cloudtrail {
namespace {

using Records = std::map<int64_t, std::string>;  // seq -> JSON

// The formats under test: plain, and compressed with a dictionary trained on the first batches'
// records (in the append that gathers them, so every run makes the same disk calls).
struct Format {
  const char* name;
  JournalOptions options;
};
std::vector<Format> Formats() {
  JournalOptions plain;
  plain.compress = false;
  JournalOptions compressed;
  compressed.dictionary_samples = 4000;
  compressed.train_in_background = false;
  return {{"plain", plain}, {"compressed", compressed}};
}

std::string Json(int batch, int i) {
  // Sizes that cross O_DIRECT's 4 KiB blocks and the journal's partial-block tail; words that
  // vary, for the dictionary to learn.
  std::string pad;
  for (int w = 0; static_cast<int>(pad.size()) < 300 + 1700 * ((batch + i) % 4); ++w) {
    pad += "word" + std::to_string((batch * 31 + i * 7 + w * 13) % 97) + " ";
  }
  return "{\"batch\":" + std::to_string(batch) + ",\"record\":" + std::to_string(i) +
         ",\"user\":\"user" + std::to_string((batch + i) % 3) + "\",\"pad\":\"" + pad + "\"}";
}

// Appends batches until one fails or the process has died; what was acknowledged goes to
// `acked`.
void Workload(EventJournal& journal, Records& acked, const testing::FaultFs& fs) {
  for (int b = 0; b < 8; ++b) {
    JournalBatch batch;
    std::vector<std::string> jsons;
    for (int i = 0; i <= b % 3 + 1; ++i) {
      jsons.push_back(Json(b, i));
      batch.Add(FromMillis(1700000000000 + b), jsons.back());
    }
    auto range = journal.Append(batch);
    if (!range.ok() || fs.crashed()) continue;  // a failed call (or a dead process) acks nothing
    for (size_t i = 0; i < jsons.size(); ++i) {
      acked[range->first_seq + static_cast<int64_t>(i)] = jsons[i];
    }
  }
}

Records ReadAll(EventJournal& journal) {
  Records all;
  Status read = journal.ReadAfter(0, [&](int64_t seq, TimePoint, int64_t, std::string_view json) {
    all[seq] = std::string(json);
    return Ok();
  });
  EXPECT_TRUE(read.ok()) << read.error().message;
  return all;
}

void ExpectNothingLost(const std::string& dir, const Records& acked, int step,
                       const JournalOptions& options) {
  auto journal = EventJournal::Open(dir, EventJournal::Mode::kWriter, store::PosixFs(), options);
  ASSERT_TRUE(journal.ok()) << "step " << step << ": " << journal.error().message;
  const Records all = ReadAll(**journal);
  for (const auto& [seq, json] : acked) {
    auto it = all.find(seq);
    ASSERT_NE(it, all.end()) << "step " << step << ": acknowledged record " << seq << " lost";
    EXPECT_EQ(it->second, json) << "step " << step << ": record " << seq << " changed";
  }
  int64_t expected = 1;
  for (const auto& [seq, json] : all) EXPECT_EQ(seq, expected++) << "step " << step;
  // And it goes on: the next record gets the next seq and reads back.
  JournalBatch batch;
  batch.Add(FromMillis(1700000001000), "{\"after\":true}");
  auto range = (*journal)->Append(batch);
  ASSERT_TRUE(range.ok()) << "step " << step << ": " << range.error().message;
  EXPECT_EQ(range->first_seq, expected) << "step " << step;
  EXPECT_EQ(ReadAll(**journal).at(expected), "{\"after\":true}") << "step " << step;
}

std::string Root() {
  return ::testing::TempDir() + "berth_journal_crash_" + std::to_string(::getpid());
}

// An empty data dir, as the App makes it (durably) before it opens the journal.
std::string Fresh(const std::string& root) {
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root);
  return root + "/cloudtrail-journal";
}

TEST(EventJournalCrashTest, NothingAcknowledgedIsLostWhereverTheProcessDies) {
  const std::string root = Root();
  const std::string dir = root + "/cloudtrail-journal";
  for (const Format& format : Formats()) {
    SCOPED_TRACE(format.name);
    Records acked;
    const int steps = testing::CrashAtEveryStep(
        [&](testing::FaultFs& fs) {
          Fresh(root);
          acked.clear();
          auto journal = EventJournal::Open(dir, EventJournal::Mode::kWriter, fs, format.options);
          if (journal.ok()) Workload(**journal, acked, fs);
        },
        [&](int n) { ExpectNothingLost(dir, acked, n, format.options); });
    EXPECT_GT(steps, 16);  // the workload's disk calls, each a crash point
  }
  std::filesystem::remove_all(root);
}

TEST(EventJournalCrashTest, TheCompressedJournalTrainsAndStoresItsDictionaryInTheWorkload) {
  const std::string root = Root();
  const std::string dir = Fresh(root);
  testing::FaultFs fs;
  Records acked;
  {
    auto journal = EventJournal::Open(dir, EventJournal::Mode::kWriter, fs, Formats()[1].options);
    ASSERT_TRUE(journal.ok());
    Workload(**journal, acked, fs);
  }
  EXPECT_EQ(acked.size(), 23u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/dict-00001.zdict"));
  std::filesystem::remove_all(root);
}

TEST(EventJournalCrashTest, AFailedDiskCallLosesNothingAcknowledgedAndTheJournalGoesOn) {
  const std::string root = Root();
  for (const Format& format : Formats()) {
    SCOPED_TRACE(format.name);
    for (int error : {EIO, ENOSPC}) {
      for (int n = 1;; ++n) {
        const std::string dir = Fresh(root);
        testing::FaultFs fs;
        fs.FailAt(n, error);
        Records acked;
        {
          auto journal = EventJournal::Open(dir, EventJournal::Mode::kWriter, fs, format.options);
          if (journal.ok()) Workload(**journal, acked, fs);
        }
        const bool reached = fs.mutations() >= n;
        fs.DropUnsynced();  // and the power goes too
        ExpectNothingLost(dir, acked, n, format.options);
        if (HasFatalFailure() || !reached) break;
      }
    }
  }
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace berth::services::cloudtrail
