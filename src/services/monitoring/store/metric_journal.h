#pragma once
// The metric journal: where an accepted PutMetricData becomes durable. Append-only segment
// files (`seg-<16 digits>`, a new one past 64 MiB) of CRC-framed records
// ([u32 length][u32 crc32][payload], little-endian). One writer thread takes every record
// queued since its last commit, writes them with one write and one fdatasync and then keeps
// the batch's Commitment, so calls arriving together share one fsync and no I/O thread waits
// (the server sends a response once its commitment is kept). Replay reads every segment in
// order; a torn tail (a crash mid-write) ends the last segment and is cut off.
//
// A checkpoint (the store's snapshot of everything the journal held) makes older segments
// redundant: Rotate() starts a new segment and DropBefore() deletes the old ones.
//
// Thread-safe.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/http_types.h"
#include "core/result.h"

namespace berth::services::monitoring {

class MetricJournal {
 public:
  // Opens (creating) `dir`; replay with Replay before the first Append.
  static Result<std::unique_ptr<MetricJournal>> Open(const std::string& dir);
  ~MetricJournal();  // commits what is queued, then stops the writer

  // Calls fn with every record's payload in segments numbered `from` or above, oldest first;
  // cuts a torn tail off. Then starts the writer.
  Status Replay(uint64_t from, const std::function<void(std::string_view payload)>& fn);
  // Queues `payload`; the commitment is kept when it is on disk (or failed: ok=false).
  std::shared_ptr<Commitment> Append(std::string payload);
  // Starts a new segment for later appends and returns its number: every record appended
  // before the call is in a segment numbered lower.
  Result<uint64_t> Rotate();
  // Deletes every segment numbered below `segment`.
  Status DropBefore(uint64_t segment);
  uint64_t bytes_written() const;

 private:
  class BatchCommitment;
  explicit MetricJournal(std::string dir);
  void WriterLoop();
  Status OpenSegment(uint64_t number);
  std::string SegmentPath(uint64_t number) const;

  const std::string dir_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable written_;
  std::string queued_;  // framed records waiting for the writer
  std::shared_ptr<BatchCommitment> queued_commitment_;
  bool writing_ = false;
  bool stop_ = false;
  uint64_t bytes_written_ = 0;
  // Owned by the writer thread (and Rotate, which waits until it is idle).
  int fd_ = -1;
  uint64_t segment_ = 0;
  uint64_t segment_bytes_ = 0;
  std::thread writer_;
};

}  // namespace berth::services::monitoring
