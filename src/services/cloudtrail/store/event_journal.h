#pragma once
// The event history's records: every recorded event's JSON, appended in seq order to segment
// files (<dir>/seg-<first seq>.log) with one write and one fdatasync per batch. It is what makes
// a record durable before its call's response leaves, at the cost of a sequential write, and
// where the record stays: the index (SQLite) is filled from it in the background, in large
// batches, and holds each record's location; after a crash what it lacks is indexed again.
// Segments are deleted when retention has expired every record in them, or, oldest first, when
// the journal is over its size cap.
//
// Segments come in two formats, told apart by their names; a journal may hold both (one written
// before compression, or with it off), and reads either:
// - seg-<first seq>.zlog (the default): frames of records compressed with zstd and a dictionary
//   trained on the journal's first records (journal_frame.h). A record's location is its frame's.
// - seg-<first seq>.log: the records themselves, as below. A record's location is its own.
// The writer appends to the last segment only when it has the writer's format; else it starts
// a new segment.
//
// A record: 8-byte seq, 8-byte time (ms), 4-byte length, 4-byte CRC-32 of the JSON (all little
// endian), then the JSON. A torn write at the end of the last segment (a crash mid-append) is
// cut off when the journal opens; it was never acknowledged.
//
// Once the journal is busy, segments are preallocated: a spare file of zeros is made in the
// background and taken as the next segment, so appends overwrite zeros in place (a zero header
// ends a segment's records) and their fdatasync writes nothing but the records. A preallocated
// segment is appended to with O_DIRECT: the records' blocks go from one buffer to the disk, with
// no page-cache pages to fill, dirty and write back per commit.

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/store/journal_frame.h"
#include "store/fs.h"

namespace berth::services::cloudtrail {

// Memory from std::aligned_alloc, as O_DIRECT writes need it.
using AlignedBuffer = std::unique_ptr<char, decltype(&std::free)>;

// Records on their way into the journal, already in its on-disk form (the seqs left for Append to
// fill in): a call encodes its record on its own thread, into a batch of its own, and the group
// commit's batch takes those bytes whole, so nothing is allocated per record once the buffers
// have grown.
class JournalBatch {
 public:
  void Add(TimePoint time, std::string_view json);
  void Add(const JournalBatch& other);  // appends other's records
  void Clear();                         // keeps the buffer
  void swap(JournalBatch& other) noexcept;
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  friend class EventJournal;
  std::string data_;
  size_t count_ = 0;
};

// Where one Append put its records: seqs first..last, back to back in one segment from offset
// (none when bytes is 0).
struct JournalRange {
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  int64_t segment = 0;  // the segment's first seq
  int64_t offset = 0;
  int64_t bytes = 0;
  // In a compressed segment, each frame's (first seq, offset): a record's location is its frame's.
  std::vector<std::pair<int64_t, int64_t>> frames;
  // The location of record `seq` of the range.
  int64_t OffsetOf(int64_t seq) const;
  size_t count() const { return bytes == 0 ? 0 : static_cast<size_t>(last_seq - first_seq + 1); }
};

// visit(seq, time, offset in its segment, json); an error stops the walk and is returned.
using RecordVisitor = std::function<Status(int64_t, TimePoint, int64_t, std::string_view)>;

struct JournalOptions {
  bool compress = true;  // appends write .zlog segments (frames); false: plain .log segments
  uint64_t segment_bytes = 64 << 20;
  // Record bytes the writer gathers, from its first appends, to train the dictionary on (0: no
  // dictionary); frames before it is trained are compressed without one.
  size_t dictionary_samples = 1 << 20;
  // Whether the dictionary is trained on a thread of its own (a test trains it in the append
  // that gathers the last sample, so its disk calls come in a fixed order).
  bool train_in_background = true;
};

class EventJournal {
 public:
  static constexpr size_t kHeaderBytes = 24;  // before each record's JSON
  enum class Mode {
    kWriter,  // the serving process: appends, one per data dir (flock)
    kReader,  // a command run beside it: reads only, never changes a file
  };
  // Its writes go through `fs` (a test's fault-injecting file system; the real one otherwise),
  // but for the spare segment's zeros, made on a thread of their own.
  static Result<std::unique_ptr<EventJournal>> Open(const std::string& dir,
                                                    Mode mode = Mode::kWriter,
                                                    store::Fs& fs = store::PosixFs(),
                                                    JournalOptions options = {});
  ~EventJournal();
  EventJournal(const EventJournal&) = delete;
  EventJournal& operator=(const EventJournal&) = delete;

  // Gives the batch's records the next seqs and appends them durably; where they went. One
  // writer at a time.
  Result<JournalRange> Append(JournalBatch& batch);
  // Visits the records of a range an Append returned (read in large pieces).
  Status Scan(const JournalRange& range, const RecordVisitor& visit);
  // The JSON of the records at these (seq, offset) locations, in the same order; a record whose
  // segment is gone (expired meanwhile) comes back empty.
  Result<std::vector<std::string>> ReadRecords(
      const std::vector<std::pair<int64_t, int64_t>>& locations);
  // Calls visit(seq, time, offset, json) for every record with seq > after, in order.
  Status ReadAfter(int64_t after, const RecordVisitor& visit);
  // Deletes the segments whose records all have seq <= seq (expired). Writer only.
  Status TrimThrough(int64_t seq);
  // The last seq of the oldest segments to delete so that the journal's files (segments and the
  // spare, as allocated on disk) fit in max_bytes; 0 when they fit. The last segment stays.
  Result<int64_t> SeqToTrimForSize(uint64_t max_bytes);
  // Bytes the journal's files take on disk (allocated blocks).
  Result<uint64_t> DiskBytes();
  int64_t last_seq() const { return last_seq_.load(); }

 private:
  struct Segment {
    int64_t first_seq;
    bool compressed;  // .zlog (frames) rather than .log (records)
  };
  EventJournal(std::string dir, Mode mode, store::Fs& fs, JournalOptions options)
      : dir_(std::move(dir)), mode_(mode), fs_(fs), options_(options), dictionaries_(dir_) {}
  Status Recover();
  // The next segment: the spare, when one is ready, else a new empty file.
  Status OpenSegment(int64_t first_seq);
  // Opens the last segment for appends, in place of the one before: with O_DIRECT when it is
  // preallocated and the file system allows it. `tail` is its last partial block (the bytes of
  // its records past the last multiple of kDirectAlign).
  Status OpenForAppend(const std::string& path, bool preallocated, std::string tail);
  Status AppendDirect(std::string_view records);
  Status AppendBuffered(std::string_view records);
  // Compressed appends: gathers samples, and installs the dictionary trained on them when ready.
  Status TrainDictionary(const JournalBatch& batch);
  static Status MakeSpare(const std::string& path, uint64_t bytes);
  bool SpareReady() const;  // a spare is made (or failed) and not taken yet; under mu_
  std::string SegmentPath(const Segment& segment) const;
  // Visits every record of a segment's bytes (either format); returns the valid prefix's length.
  Result<size_t> ForEachStored(const Segment& segment, std::string_view data,
                               const RecordVisitor& visit);

  const std::string dir_;
  const Mode mode_;
  store::Fs& fs_;
  const JournalOptions options_;
  FrameDictionaries dictionaries_;
  // Appends (the recorder's writer) and trims (the indexer) come from different threads.
  std::mutex mu_;
  std::vector<Segment> segments_;  // ascending; GUARDED_BY(mu_)
  int fd_ = -1;                    // the last segment, open for appends; GUARDED_BY(mu_)
  int lock_fd_ = -1;               // the directory, flock()ed while this journal is open
  uint64_t segment_bytes_ = 0;     // GUARDED_BY(mu_)
  bool preallocated_ = false;      // the last segment was a spare; GUARDED_BY(mu_)
  bool direct_ = false;            // fd_ is O_DIRECT; GUARDED_BY(mu_)
  std::string direct_tail_;        // the segment's last partial block; GUARDED_BY(mu_)
  // An aligned buffer for O_DIRECT writes (reused: a fresh one per commit would be page faults).
  AlignedBuffer direct_buf_{nullptr, &std::free};
  size_t direct_buf_bytes_ = 0;
  std::future<Status> spare_;      // the spare segment being made; GUARDED_BY(mu_)
  std::string frames_;             // a compressed append's frames (reused); GUARDED_BY(mu_)
  // The dictionary frames are compressed with (null: none yet), and while there is none, the
  // samples gathered for it (record JSONs back to back, and their sizes). GUARDED_BY(mu_)
  std::shared_ptr<const FrameDictionary> dictionary_;
  std::string samples_;
  std::vector<size_t> sample_sizes_;
  std::future<std::string> training_;  // GUARDED_BY(mu_)
  bool untrainable_ = false;           // training failed; GUARDED_BY(mu_)
  std::atomic<int64_t> last_seq_{0};
};

}  // namespace berth::services::cloudtrail
