// POSIX file calls rather than std::fstream: durability needs fdatasync and directory fsync.
#include "services/cloudtrail/store/event_journal.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <isa-l/crc.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "core/little_endian.h"
#include "core/thread_name.h"
#include "core/unique_fd.h"
#include "store/file_system.h"

namespace berth::services::cloudtrail {
namespace {

using store::IoError;
using store::SyncDir;

constexpr size_t kHeaderBytes = EventJournal::kHeaderBytes;
// A spare segment is made once the last one holds this much: a server that records little never
// writes one.
constexpr uint64_t kSpareAfterBytes = 1 << 20;
constexpr const char* kSpareName = "/spare.tmp";
constexpr uint32_t kMaxRecordBytes = 16 << 20;
// O_DIRECT writes whole blocks of this size at offsets it divides: the largest logical block
// size of common disks, so it suits any of them.
constexpr size_t kDirectAlign = 4096;

// A buffer O_DIRECT can write from: kDirectAlign-aligned, `bytes` a multiple of it. Null when
// memory is short.
AlignedBuffer AllocateAligned(size_t bytes) {
  return AlignedBuffer(static_cast<char*>(std::aligned_alloc(kDirectAlign, bytes)), &std::free);
}

// ISA-L's CRC-32 rather than zlib's: the same checksum (journals written with either read the
// same), computed with carry-less multiplication at several times the speed, which counts as
// it runs for every call on the call's own thread and again for every record read back.
uint32_t Crc(std::string_view data) {
  return crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

Result<std::string> ReadFile(const std::string& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("cannot open", path);
  return store::ReadAll(fd.get(), path);
}

// A record's header, as Append writes it.
struct RecordHeader {
  int64_t seq;
  int64_t ms;
  uint32_t len;  // of the JSON that follows
  uint32_t crc;  // of that JSON

  explicit RecordHeader(const char* h)
      : seq(static_cast<int64_t>(GetLe(h, 8))),
        ms(static_cast<int64_t>(GetLe(h + 8, 8))),
        len(static_cast<uint32_t>(GetLe(h + 16, 4))),
        crc(static_cast<uint32_t>(GetLe(h + 20, 4))) {}
  // Whether `json` (the len bytes after the header) is the record the header describes.
  bool Holds(std::string_view json) const { return Crc(json) == crc; }
};

// Walks the whole records of a segment; returns the length of its valid prefix.
size_t ForEachRecord(std::string_view data,
                     const std::function<bool(int64_t, int64_t, size_t, std::string_view)>& visit) {
  size_t at = 0;
  while (data.size() - at >= kHeaderBytes) {
    const RecordHeader h(data.data() + at);
    // Seqs start at 1: a zero header is where the records of a preallocated segment end.
    if (h.seq <= 0) break;
    if (h.len > kMaxRecordBytes || data.size() - at - kHeaderBytes < h.len) break;
    const std::string_view json = data.substr(at + kHeaderBytes, h.len);
    if (!h.Holds(json)) break;
    if (!visit(h.seq, h.ms, at, json)) return at + kHeaderBytes + h.len;
    at += kHeaderBytes + h.len;
  }
  return at;
}

}  // namespace

Result<std::unique_ptr<EventJournal>> EventJournal::Open(const std::string& dir, Mode mode,
                                                        store::Fs& fs, JournalOptions options) {
  if (fs.Mkdir(dir.c_str(), 0700) == 0) {
    // A new journal's folder is durable only once its parent is synced: else a power cut could
    // take it, and every record acknowledged in it, away (the crash test found it).
    const size_t slash = dir.find_last_of('/');
    BERTH_RETURN_IF_ERROR(SyncDir(slash == std::string::npos ? "." : dir.substr(0, slash), fs));
  } else if (errno != EEXIST) {
    return IoError("cannot create", dir);
  }
  std::unique_ptr<EventJournal> journal(new EventJournal(dir, mode, fs, options));
  if (mode == Mode::kReader) {
    BERTH_RETURN_IF_ERROR(journal->Recover());
    return journal;
  }
  // One writer per journal, across processes: a second server on the same data dir would hand
  // out the same seqs.
  journal->lock_fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (journal->lock_fd_ < 0) return IoError("cannot open", dir);
  if (::flock(journal->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return Error{"InternalFailure",
                 "the event journal " + dir + " is in use: is another berth serving this data "
                 "directory?", 500};
  }
  BERTH_RETURN_IF_ERROR(journal->Recover());
  return journal;
}

EventJournal::~EventJournal() {
  if (spare_.valid()) spare_.wait();  // before the lock goes: the spare is this writer's
  if (training_.valid()) training_.wait();
  if (fd_ >= 0) fs_.Close(fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

std::string EventJournal::SegmentPath(const Segment& segment) const {
  char name[48];
  std::snprintf(name, sizeof name, "/seg-%020lld.%s", static_cast<long long>(segment.first_seq),
                segment.compressed ? "zlog" : "log");
  return dir_ + name;
}

int64_t JournalRange::OffsetOf(int64_t seq) const {
  // The last frame starting at or before seq.
  auto it = std::upper_bound(frames.begin(), frames.end(), seq,
                             [](int64_t s, const auto& frame) { return s < frame.first; });
  return it == frames.begin() ? offset : std::prev(it)->second;
}

Result<size_t> EventJournal::ForEachStored(const Segment& segment, std::string_view data,
                                           const RecordVisitor& visit) {
  Status status = Ok();
  auto each = [&](int64_t seq, int64_t ms, size_t offset, std::string_view json) {
    status = visit(seq, FromMillis(ms), static_cast<int64_t>(offset), json);
    return status.ok();
  };
  if (!segment.compressed) {
    const size_t valid = ForEachRecord(data, each);
    BERTH_RETURN_IF_ERROR(status);
    return valid;
  }
  thread_local std::string records;
  const size_t valid = ForEachFrame(data, [&](const FrameHeader& h, size_t offset,
                                              std::string_view stored) {
    status = DecodeFrame(h, stored, dictionaries_, records);
    if (!status.ok()) return false;
    const size_t whole = ForEachRecord(records, [&](int64_t seq, int64_t ms, size_t,
                                                    std::string_view json) {
      return each(seq, ms, offset, json);
    });
    if (status.ok() && whole != records.size()) {
      status = Error{"InternalFailure", "the event journal's frame of record " +
                     std::to_string(h.first_seq) + " is damaged", 500};
    }
    return status.ok();
  });
  BERTH_RETURN_IF_ERROR(status);
  return valid;
}

Status EventJournal::Recover() {
  DIR* d = ::opendir(dir_.c_str());
  if (d == nullptr) return IoError("cannot list", dir_);
  while (struct dirent* entry = ::readdir(d)) {
    long long first = 0;
    char ext[8] = "";
    if (std::sscanf(entry->d_name, "seg-%lld.%7s", &first, ext) == 2 &&
        (std::strcmp(ext, "log") == 0 || std::strcmp(ext, "zlog") == 0)) {
      segments_.push_back({first, ext[0] == 'z'});
    }
  }
  ::closedir(d);
  std::sort(segments_.begin(), segments_.end(),
            [](const Segment& a, const Segment& b) { return a.first_seq < b.first_seq; });
  if (options_.compress && mode_ == Mode::kWriter) {
    // A dictionary being written when the process stopped is made again (no frame used it).
    const uint32_t newest = dictionaries_.Newest();
    if (fs_.Unlink((dictionaries_.PathOf(newest + 1) + ".tmp").c_str()) != 0 && errno != ENOENT) {
      return IoError("cannot delete", dictionaries_.PathOf(newest + 1) + ".tmp");
    }
    if (newest != 0) {
      BERTH_ASSIGN_OR_RETURN(dictionary_, dictionaries_.Get(newest));
    }
  }
  if (segments_.empty()) return mode_ == Mode::kWriter ? OpenSegment(1) : Ok();
  // The last segment: find its last whole record, cut off a torn tail.
  const Segment tail_segment = segments_.back();
  const std::string path = SegmentPath(tail_segment);
  BERTH_ASSIGN_OR_RETURN(std::string data, ReadFile(path));
  int64_t last = tail_segment.first_seq - 1;
  const size_t valid =
      tail_segment.compressed
          ? ForEachFrame(data, [&](const FrameHeader& h, size_t, std::string_view) {
              if (h.first_seq != last + 1) return false;  // not this segment's next frame
              last = h.last_seq();
              return true;
            })
          : ForEachRecord(data, [&](int64_t seq, int64_t, size_t, std::string_view) {
              last = seq;
              return true;
            });
  last_seq_ = last;
  if (mode_ == Mode::kReader) return Ok();  // the writer may be appending: leave the tail be
  // What follows the records: the zeros of a preallocated segment (kept), or a torn append.
  preallocated_ = std::all_of(data.begin() + static_cast<long>(valid), data.end(),
                              [](char c) { return c == 0; });
  if (!preallocated_ && ::truncate(path.c_str(), static_cast<off_t>(valid)) != 0) {
    return IoError("cannot truncate", path);
  }
  // A spare left by a stopped server may be half made: it is made again when needed.
  if (fs_.Unlink((dir_ + kSpareName).c_str()) != 0 && errno != ENOENT) {
    return IoError("cannot delete", dir_ + kSpareName);
  }
  if (tail_segment.compressed != options_.compress) {
    // Appends go into a new segment of the writer's format; an empty one of the other format
    // makes way for it (both would start at the same seq).
    if (valid == 0) {
      if (fs_.Unlink(path.c_str()) != 0) return IoError("cannot delete", path);
      segments_.pop_back();
    }
    return OpenSegment(last + 1);
  }
  BERTH_RETURN_IF_ERROR(OpenForAppend(path, preallocated_ && data.size() > valid,
                                      data.substr(valid - valid % kDirectAlign,
                                                  valid % kDirectAlign)));
  segment_bytes_ = valid;
  return Ok();
}

Status EventJournal::OpenSegment(int64_t first_seq) {
  const Segment segment{first_seq, options_.compress};
  const std::string path = SegmentPath(segment);
  bool preallocated = false;
  if (SpareReady()) {
    Status made = spare_.get();
    if (made.ok() && fs_.Rename((dir_ + kSpareName).c_str(), path.c_str()) == 0) {
      preallocated = true;
    } else {
      // Appends go on into a plain file; the next spare may do better.
      std::fprintf(stderr, "berth: the event journal's spare segment is unusable: %s\n",
                   made.ok() ? std::strerror(errno) : made.error().message.c_str());
    }
  }
  if (!preallocated) {
    const UniqueFd created(fs_.Open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    if (created.get() < 0) return IoError("cannot create", path);
  }
  BERTH_RETURN_IF_ERROR(SyncDir(dir_, fs_));
  BERTH_RETURN_IF_ERROR(OpenForAppend(path, preallocated, ""));
  segment_bytes_ = 0;
  segments_.push_back(segment);
  return Ok();
}

Status EventJournal::OpenForAppend(const std::string& path, bool preallocated, std::string tail) {
  // Only over preallocated zeros: O_DIRECT into a growing file would allocate blocks and write
  // the inode on every commit all the same.
  int fd = preallocated ? fs_.Open(path.c_str(), O_WRONLY | O_CLOEXEC | O_DIRECT) : -1;
  const bool direct = fd >= 0;
  // A file system that refuses O_DIRECT: buffered appends.
  if (!direct) fd = fs_.Open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open", path);
  if (fd_ >= 0) fs_.Close(fd_);
  fd_ = fd;
  preallocated_ = preallocated;
  direct_ = direct;
  direct_tail_ = std::move(tail);
  return Ok();
}

bool EventJournal::SpareReady() const {
  return spare_.valid() && spare_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// Zeros, written and synced beforehand, so that an append's fdatasync has only the records to
// write: no block to allocate, no size to change, no inode to write (on this kind of disk each
// extra write is a device round trip and tens of microseconds of CPU).
Status EventJournal::MakeSpare(const std::string& path, uint64_t bytes) {
  // O_DIRECT where the file system allows it: the zeros go from one buffer to the disk, neither
  // copied into nor crowding out the page cache (as much as the records themselves would).
  int opened = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_DIRECT, 0600);
  if (opened < 0 && errno == EINVAL) {
    opened = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  }
  const UniqueFd fd(opened);
  if (fd.get() < 0) return IoError("cannot create", path);
  constexpr size_t kChunk = 1 << 20;  // a multiple of kDirectAlign
  const AlignedBuffer zeros = AllocateAligned(kChunk);
  if (!zeros) return Error{"InternalFailure", "out of memory for the journal's spare segment", 500};
  std::memset(zeros.get(), 0, kChunk);
  Status made = Ok();
  for (uint64_t written = 0; written < bytes && made.ok(); written += kChunk) {
    // Whole blocks (O_DIRECT), no more than the segment's size (a test's segments are small).
    const uint64_t left = (bytes - written + kDirectAlign - 1) / kDirectAlign * kDirectAlign;
    made = store::WriteAll(fd.get(),
                           std::string_view(zeros.get(), std::min<uint64_t>(kChunk, left)), path);
  }
  if (made.ok() && ::fdatasync(fd.get()) != 0) made = IoError("cannot sync", path);
  if (!made.ok()) ::unlink(path.c_str());  // a full disk gets its space back
  return made;
}

void JournalBatch::Add(TimePoint time, std::string_view json) {
  PutLe(data_, 0, 8);  // the seq, filled in by Append
  PutLe(data_, static_cast<uint64_t>(Millis(time)), 8);
  PutLe(data_, json.size(), 4);
  PutLe(data_, Crc(json), 4);
  data_ += json;
  ++count_;
}

void JournalBatch::Add(const JournalBatch& other) {
  data_ += other.data_;
  count_ += other.count_;
}

void JournalBatch::Clear() {
  // A burst's buffer (the writer fell behind) is not kept for ever; a usual one is reused.
  if (data_.capacity() > (8u << 20)) {
    std::string().swap(data_);
  } else {
    data_.clear();
  }
  count_ = 0;
}

void JournalBatch::swap(JournalBatch& other) noexcept {
  data_.swap(other.data_);
  std::swap(count_, other.count_);
}

Result<JournalRange> EventJournal::Append(JournalBatch& batch) {
  if (batch.empty()) return JournalRange{};
  if (mode_ != Mode::kWriter) {
    return Error{"InternalFailure", "the event journal is open for reading only", 500};
  }
  std::lock_guard lock(mu_);
  // A plain segment (the first, or one after a crash) gives way as soon as a spare is ready.
  if (segment_bytes_ >= options_.segment_bytes || (!preallocated_ && SpareReady())) {
    BERTH_RETURN_IF_ERROR(OpenSegment(last_seq_ + 1));
  }
  if (!spare_.valid() &&
      segment_bytes_ >= std::min<uint64_t>(kSpareAfterBytes, options_.segment_bytes / 2)) {
    spare_ = std::async(std::launch::async,
                        [path = dir_ + kSpareName, bytes = options_.segment_bytes] {
                          NameThisThread("journal-spare");
                          return MakeSpare(path, bytes);
                        });
  }
  JournalRange range;
  range.first_seq = last_seq_.load() + 1;
  range.segment = segments_.back().first_seq;
  range.offset = static_cast<int64_t>(segment_bytes_);
  int64_t seq = range.first_seq - 1;
  for (size_t at = 0; at < batch.data_.size();) {
    ++seq;
    SetLe(batch.data_.data() + at, static_cast<uint64_t>(seq), 8);
    at += kHeaderBytes + RecordHeader(batch.data_.data() + at).len;
  }
  range.last_seq = seq;
  std::string_view records = batch.data_;
  if (options_.compress) {
    BERTH_RETURN_IF_ERROR(TrainDictionary(batch));
    frames_.clear();
    BERTH_RETURN_IF_ERROR(EncodeFrames(batch.data_, dictionary_.get(), frames_, range.frames));
    for (auto& frame : range.frames) frame.second += range.offset;
    records = frames_;
  }
  range.bytes = static_cast<int64_t>(records.size());
  BERTH_RETURN_IF_ERROR(direct_ ? AppendDirect(records) : AppendBuffered(records));
  if (fs_.Fdatasync(fd_) != 0) return IoError("cannot sync", SegmentPath(segments_.back()));
  if (direct_) {
    // The new last partial block, for the next append to write again.
    const size_t end = direct_tail_.size() + records.size();
    direct_tail_.assign(direct_buf_.get() + end - end % kDirectAlign, end % kDirectAlign);
  }
  segment_bytes_ += records.size();
  last_seq_ = seq;
  // A compressed append's buffer holds one batch's frames; a burst's is not kept for ever.
  if (frames_.capacity() > (8u << 20)) std::string().swap(frames_);
  return range;
}

Status EventJournal::TrainDictionary(const JournalBatch& batch) {
  if (dictionary_ || untrainable_ || options_.dictionary_samples == 0) return Ok();
  // zstd's trainer wants a few samples, whatever their size.
  constexpr size_t kMinSamples = 16;
  auto enough = [&] {
    return samples_.size() >= options_.dictionary_samples && sample_sizes_.size() >= kMinSamples;
  };
  if (!training_.valid()) {
    // Gather the batch's JSONs (the records' headers are no help to the dictionary).
    for (size_t at = 0; at < batch.data_.size() && !enough();) {
      const RecordHeader h(batch.data_.data() + at);
      samples_.append(batch.data_, at + kHeaderBytes, h.len);
      sample_sizes_.push_back(h.len);
      at += kHeaderBytes + h.len;
    }
    if (!enough()) return Ok();
    auto train = [samples = std::move(samples_), sizes = std::move(sample_sizes_)] {
      NameThisThread("journal-dict");
      return TrainFrameDictionary(samples, sizes);
    };
    training_ = std::async(options_.train_in_background ? std::launch::async
                                                        : std::launch::deferred,
                           std::move(train));
  }
  if (options_.train_in_background &&
      training_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    return Ok();
  }
  std::string trained = training_.get();
  if (trained.empty()) {
    // Samples zstd cannot learn from: frames go on without a dictionary (until a restart).
    std::fprintf(stderr, "berth: the event journal's dictionary could not be trained\n");
    untrainable_ = true;
    samples_ = std::string();
    sample_sizes_ = std::vector<size_t>();
    return Ok();
  }
  // Durable before the first frame that needs it. Should that fail, this append goes without
  // it and the next one tries again.
  auto added = dictionaries_.Add(dictionaries_.Newest() + 1, trained, fs_);
  if (!added.ok()) {
    std::fprintf(stderr, "berth: the event journal's dictionary could not be stored: %s\n",
                 added.error().message.c_str());
    training_ = std::async(std::launch::deferred, [trained] { return trained; });
    return Ok();
  }
  dictionary_ = *added;
  samples_ = std::string();
  sample_sizes_ = std::vector<size_t>();
  return Ok();
}

// Writes the records after the segment's end. On failure the segment's records still end at the
// last whole one: the part written is undone (zeros in a preallocated segment, the former size
// in a plain one).
Status EventJournal::AppendBuffered(std::string_view records) {
  Status written = store::WriteAllAt(fd_, records, static_cast<int64_t>(segment_bytes_),
                                     SegmentPath(segments_.back()), fs_);
  if (!written.ok()) {
    if (preallocated_) {
      const std::string zeros(records.size(), '\0');
      (void)store::WriteAllAt(fd_, zeros, static_cast<int64_t>(segment_bytes_), "", fs_);
    } else if (fs_.Ftruncate(fd_, static_cast<off_t>(segment_bytes_)) != 0) {
    }
  }
  return written;
}

// O_DIRECT writes whole aligned blocks from an aligned buffer: the records go after the last
// partial block's bytes (written again, unchanged) and before zeros (which the preallocated
// segment holds there already).
Status EventJournal::AppendDirect(std::string_view records) {
  const size_t head = direct_tail_.size();
  const size_t bytes = (head + records.size() + kDirectAlign - 1) / kDirectAlign * kDirectAlign;
  if (direct_buf_bytes_ < bytes) {
    const size_t size = std::max(bytes, direct_buf_bytes_ * 2);
    direct_buf_ = AllocateAligned(size);
    direct_buf_bytes_ = direct_buf_ ? size : 0;
    if (!direct_buf_) return Error{"InternalFailure", "out of memory for the event journal", 500};
  }
  char* buf = direct_buf_.get();
  std::memcpy(buf, direct_tail_.data(), head);
  std::memcpy(buf + head, records.data(), records.size());
  std::memset(buf + head + records.size(), 0, bytes - head - records.size());
  const int64_t start = static_cast<int64_t>(segment_bytes_ - head);
  Status written =
      store::WriteAllAt(fd_, std::string_view(buf, bytes), start, SegmentPath(segments_.back()),
                        fs_);
  if (!written.ok()) {
    std::memset(buf + head, 0, bytes - head);  // the blocks as they were
    (void)store::WriteAllAt(fd_, std::string_view(buf, bytes), start, "", fs_);
  }
  return written;
}

Status EventJournal::Scan(const JournalRange& range, const RecordVisitor& visit) {
  if (range.bytes == 0) return Ok();
  const Segment segment{range.segment, !range.frames.empty()};
  const std::string path = SegmentPath(segment);
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return IoError("cannot open", path);
  if (segment.compressed) {
    // The range's frames at once (an append's, or a few merged: small once compressed).
    thread_local std::string frames;
    frames.resize(static_cast<size_t>(range.bytes));
    BERTH_ASSIGN_OR_RETURN(size_t n, store::ReadAt(fd.get(), frames.data(), frames.size(),
                                                   range.offset, path));
    int64_t next_seq = range.first_seq;
    BERTH_ASSIGN_OR_RETURN(size_t whole, ForEachStored(segment, std::string_view(frames.data(), n),
                                                       [&](int64_t seq, TimePoint time,
                                                           int64_t offset, std::string_view json) {
      if (seq != next_seq++) {
        return Status(Error{"InternalFailure", "the event journal's record " +
                            std::to_string(seq) + " is not where it was appended", 500});
      }
      return visit(seq, time, range.offset + offset, json);
    }));
    if (whole != static_cast<size_t>(range.bytes)) {
      return Error{"InternalFailure", "the event journal's record " + std::to_string(next_seq) +
                   " is damaged", 500};
    }
    return Ok();
  }
  // Pieces of up to 1 MiB; a record cut by a piece's end starts the next piece. The buffer is the
  // thread's (the indexer's, an I/O thread's for lookups) and stays: a new one each scan would
  // be a fresh mapping, its pages faulted in and zeroed.
  thread_local std::string piece;
  int64_t at = range.offset;
  const int64_t end = range.offset + range.bytes;
  int64_t next_seq = range.first_seq;
  while (at < end) {
    piece.resize(static_cast<size_t>(std::max<int64_t>(std::min<int64_t>(end - at, 1 << 20),
                                                       kHeaderBytes)));
    BERTH_ASSIGN_OR_RETURN(size_t n, store::ReadAt(fd.get(), piece.data(), piece.size(), at, path));
    piece.resize(n);
    if (piece.size() >= kHeaderBytes) {
      const RecordHeader h(piece.data());
      if (h.len <= kMaxRecordBytes && piece.size() < kHeaderBytes + h.len) {
        piece.resize(kHeaderBytes + h.len);  // one record larger than a piece
        BERTH_ASSIGN_OR_RETURN(n, store::ReadAt(fd.get(), piece.data(), piece.size(), at, path));
        piece.resize(n);
      }
    }
    Status status = Ok();
    const size_t whole = ForEachRecord(piece, [&](int64_t seq, int64_t ms, size_t offset,
                                                  std::string_view json) {
      if (seq != next_seq) {
        status = Error{"InternalFailure", "the event journal's record " +
                       std::to_string(next_seq) + " is not where it was appended", 500};
        return false;
      }
      ++next_seq;
      status = visit(seq, FromMillis(ms), at + static_cast<int64_t>(offset), json);
      return status.ok();
    });
    BERTH_RETURN_IF_ERROR(status);
    if (whole == 0) {
      return Error{"InternalFailure", "the event journal's record " + std::to_string(next_seq) +
                   " is damaged", 500};
    }
    at += static_cast<int64_t>(whole);
  }
  return Ok();
}

Status EventJournal::ReadAfter(int64_t after, const RecordVisitor& visit) {
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < segments_.size(); ++i) {
    // A segment whose successor starts at or below `after` holds nothing wanted.
    if (i + 1 < segments_.size() && segments_[i + 1].first_seq <= after + 1) continue;
    BERTH_ASSIGN_OR_RETURN(std::string data, ReadFile(SegmentPath(segments_[i])));
    BERTH_RETURN_IF_ERROR(StatusOf(ForEachStored(
        segments_[i], data,
        [&](int64_t seq, TimePoint time, int64_t offset, std::string_view json) {
          return seq <= after ? Ok() : visit(seq, time, offset, json);
        })));
  }
  return Ok();
}

Result<std::vector<std::string>> EventJournal::ReadRecords(
    const std::vector<std::pair<int64_t, int64_t>>& locations) {
  std::vector<std::string> out(locations.size());
  std::vector<Segment> segments;
  {
    std::lock_guard lock(mu_);
    segments = segments_;
  }
  int fd = -1;
  Segment open_segment{-1, false};
  // The last frame decompressed (consecutive records share one): its offset, and where each
  // of its records starts.
  thread_local std::string frame;
  int64_t frame_offset = -1;
  int64_t frame_first = 0;
  std::vector<size_t> frame_records;
  // Bytes of the open segment read ahead: consecutive seqs lie back to back (delivery reads
  // thousands in a row), so they come in large reads, not one pread a record.
  std::string window;
  int64_t window_start = 0;
  auto close_open = [&] {
    if (fd >= 0) ::close(fd);
    fd = -1;
    window.clear();
    frame_offset = -1;
  };
  // Makes [at, at + want) readable in the window; false at the end of the segment.
  auto fetch = [&](int64_t at, size_t want, bool sequential) -> Result<bool> {
    if (at >= window_start && at + static_cast<int64_t>(want) <=
                                  window_start + static_cast<int64_t>(window.size())) {
      return true;
    }
    window.resize(std::max(want, size_t{sequential ? 256u << 10 : 4u << 10}));
    BERTH_ASSIGN_OR_RETURN(size_t n, store::ReadAt(fd, window.data(), window.size(), at,
                                                   SegmentPath(open_segment)));
    window.resize(n);
    window_start = at;
    return window.size() >= want;
  };
  auto missing = [](int64_t seq, const char* why) {
    return Error{"InternalFailure", "the event journal's record " + std::to_string(seq) + " " +
                 why, 500};
  };
  for (size_t i = 0; i < locations.size(); ++i) {
    const auto [seq, offset] = locations[i];
    const bool sequential = i + 1 < locations.size() && locations[i + 1].first == seq + 1;
    // The segment holding seq: the last one starting at or before it.
    auto it = std::upper_bound(segments.begin(), segments.end(), seq,
                               [](int64_t s, const Segment& g) { return s < g.first_seq; });
    if (it == segments.begin()) continue;
    const Segment segment = *std::prev(it);
    if (segment.first_seq != open_segment.first_seq) {
      close_open();
      open_segment = segment;
      fd = ::open(SegmentPath(segment).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 && errno != ENOENT) return IoError("cannot open", SegmentPath(segment));
    }
    if (fd < 0) continue;  // expired and deleted since the locations were read
    if (segment.compressed) {
      if (offset != frame_offset) {
        frame_offset = -1;
        BERTH_ASSIGN_OR_RETURN(bool whole, fetch(offset, kFrameHeaderBytes, sequential));
        const std::optional<FrameHeader> h =
            whole ? ParseFrameHeader(window.data() + (offset - window_start)) : std::nullopt;
        if (!h || seq < h->first_seq || seq > h->last_seq()) {
          close_open();
          return missing(seq, "is not where the index says");
        }
        BERTH_ASSIGN_OR_RETURN(whole, fetch(offset, kFrameHeaderBytes + h->stored, sequential));
        const std::string_view stored =
            whole ? std::string_view(window.data() + (offset - window_start) + kFrameHeaderBytes,
                                     h->stored)
                  : std::string_view();
        if (!whole || !FrameIntact(*h, stored)) {
          close_open();
          return missing(seq, "is damaged");
        }
        BERTH_RETURN_IF_ERROR(DecodeFrame(*h, stored, dictionaries_, frame));
        frame_records.clear();
        const size_t valid = ForEachRecord(frame, [&](int64_t, int64_t, size_t at,
                                                      std::string_view) {
          frame_records.push_back(at);
          return true;
        });
        if (valid != frame.size() || frame_records.size() != h->count) {
          close_open();
          return missing(seq, "is damaged");
        }
        frame_offset = offset;
        frame_first = h->first_seq;
      }
      const size_t at = frame_records[static_cast<size_t>(seq - frame_first)];
      out[i] = frame.substr(at + kHeaderBytes, RecordHeader(frame.data() + at).len);
      continue;
    }
    BERTH_ASSIGN_OR_RETURN(bool whole, fetch(offset, kHeaderBytes, sequential));
    const std::optional<RecordHeader> header =
        whole ? std::optional<RecordHeader>(window.data() + (offset - window_start)) : std::nullopt;
    if (!header || header->seq != seq) {
      close_open();
      return missing(seq, "is not where the index says");
    }
    BERTH_ASSIGN_OR_RETURN(
        whole, fetch(offset, kHeaderBytes + std::min(header->len, kMaxRecordBytes), sequential));
    if (!whole || header->len > kMaxRecordBytes) {
      close_open();
      return missing(seq, "is cut short");
    }
    std::string_view json(window.data() + (offset - window_start) + kHeaderBytes, header->len);
    if (!header->Holds(json)) {
      close_open();
      return missing(seq, "is damaged");
    }
    out[i] = std::string(json);
  }
  close_open();
  return out;
}

Status EventJournal::TrimThrough(int64_t seq) {
  if (mode_ != Mode::kWriter) return Ok();  // the serving process trims its own journal
  std::lock_guard lock(mu_);
  // Segment i holds seqs [segments_[i], segments_[i+1]); the last one stays (it is appended to).
  while (segments_.size() > 1 && segments_[1].first_seq - 1 <= seq) {
    const std::string path = SegmentPath(segments_.front());
    if (fs_.Unlink(path.c_str()) != 0 && errno != ENOENT) return IoError("cannot delete", path);
    segments_.erase(segments_.begin());
  }
  return Ok();
}

namespace {

// Bytes a file takes on disk: its allocated blocks (a preallocated segment's zeros count).
uint64_t Allocated(const struct stat& st) { return static_cast<uint64_t>(st.st_blocks) * 512; }

}  // namespace

Result<uint64_t> EventJournal::DiskBytes() {
  DIR* d = ::opendir(dir_.c_str());
  if (d == nullptr) return IoError("cannot list", dir_);
  uint64_t total = 0;
  while (struct dirent* entry = ::readdir(d)) {
    struct stat st;
    if (::fstatat(::dirfd(d), entry->d_name, &st, 0) == 0 && S_ISREG(st.st_mode)) {
      total += Allocated(st);
    }
  }
  ::closedir(d);
  return total;
}

Result<int64_t> EventJournal::SeqToTrimForSize(uint64_t max_bytes) {
  BERTH_ASSIGN_OR_RETURN(uint64_t total, DiskBytes());
  std::lock_guard lock(mu_);
  int64_t cutoff = 0;
  // Oldest first; the last segment (appended to) stays.
  for (size_t i = 0; i + 1 < segments_.size() && total > max_bytes; ++i) {
    struct stat st;
    if (::stat(SegmentPath(segments_[i]).c_str(), &st) == 0) total -= std::min(total, Allocated(st));
    cutoff = segments_[i + 1].first_seq - 1;
  }
  return cutoff;
}

}  // namespace berth::services::cloudtrail
