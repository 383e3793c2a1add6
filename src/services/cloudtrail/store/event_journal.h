#pragma once
// The event history's records: every recorded event's JSON, appended in seq order to segment
// files (<dir>/seg-<first seq>.log) with one write and one fdatasync per batch. It is what makes
// a record durable before its call's response leaves, at the cost of a sequential write, and
// where the record stays: the index (SQLite) is filled from it in the background, in large
// batches, and holds each record's location; after a crash what it lacks is indexed again.
// Segments are deleted when retention has expired every record in them.
//
// A record: 8-byte seq, 8-byte time (ms), 4-byte length, 4-byte CRC-32 of the JSON (all little
// endian), then the JSON. A torn write at the end of the last segment (a crash mid-append) is
// cut off when the journal opens; it was never acknowledged.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/model/event.h"

namespace berth::services::cloudtrail {

class EventJournal {
 public:
  enum class Mode {
    kWriter,  // the serving process: appends, one per data dir (flock)
    kReader,  // a command run beside it: reads only, never changes a file
  };
  static Result<std::unique_ptr<EventJournal>> Open(const std::string& dir,
                                                    Mode mode = Mode::kWriter);
  ~EventJournal();
  EventJournal(const EventJournal&) = delete;
  EventJournal& operator=(const EventJournal&) = delete;

  // Assigns each event the next seq and its journal_offset and appends them durably. One
  // writer at a time.
  Status Append(std::vector<TrailEvent>& events);
  // The JSON of the records at these (seq, offset) locations, in the same order; a record whose
  // segment is gone (expired meanwhile) comes back empty.
  Result<std::vector<std::string>> ReadRecords(
      const std::vector<std::pair<int64_t, int64_t>>& locations);
  // Calls visit(seq, time, offset, json) for every record with seq > after, in order.
  Status ReadAfter(int64_t after, const std::function<Status(int64_t, TimePoint, int64_t,
                                                             std::string_view)>& visit);
  // Deletes the segments whose records all have seq <= seq (expired). Writer only.
  Status TrimThrough(int64_t seq);
  int64_t last_seq() const { return last_seq_.load(); }

 private:
  EventJournal(std::string dir, Mode mode) : dir_(std::move(dir)), mode_(mode) {}
  Status Recover();
  Status OpenSegment(int64_t first_seq);
  std::string SegmentPath(int64_t first_seq) const;

  const std::string dir_;
  const Mode mode_;
  // Appends (the recorder's writer) and trims (the indexer) come from different threads.
  std::mutex mu_;
  std::vector<int64_t> segments_;  // first seq of each segment, ascending; GUARDED_BY(mu_)
  int fd_ = -1;                    // the last segment, open for appends; GUARDED_BY(mu_)
  int lock_fd_ = -1;               // the directory, flock()ed while this journal is open
  uint64_t segment_bytes_ = 0;     // GUARDED_BY(mu_)
  std::atomic<int64_t> last_seq_{0};
};

}  // namespace berth::services::cloudtrail
