#pragma once
// The compressed journal's frames. A compressed segment (seg-<first seq>.zlog) holds frames
// instead of records: each frame is a run of consecutive records in the plain journal's record
// format (24-byte header and JSON each, CRCs included), compressed together with zstd, most
// often with a dictionary trained on the journal's own first records (one per journal, in
// dict-<id>.zdict beside the segments). A record's location in the index is its frame's offset.
//
// Frames are small (about kFrameRawBytes of records): a LookupEvents page whose events lie far
// apart decompresses one small frame per event, so small frames keep lookups as fast as reading
// plain records; the dictionary is what keeps small frames compressing well (a CloudTrail record
// is mostly the same keys, ARNs and user agents as the records before it).
//
// A frame's header, 24 bytes little endian:
//   first seq (8), record count (2), dictionary id (2, 0 for none), stored length (4), raw
//   length (4), CRC-32 of the header's first 20 bytes and the stored bytes (4)
// then the stored bytes: one zstd frame without its dictionary id, content size or checksum
// (the header has them, or the CRC does their work): at one record a frame, as a quiet server
// commits, every byte of framing counts. A zero header (first seq 0) ends a preallocated
// segment's frames, as a zero record header ends a plain one's.

#include <zstd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/fs.h"

namespace berth::services::cloudtrail {

constexpr size_t kFrameHeaderBytes = 24;
constexpr size_t kFrameRawBytes = 4 << 10;
// zstd's fastest regular level: the journal's writer compresses every batch before its
// fdatasync, so compression time is commit latency. Higher levels gained little on records
// (the dictionary does most of the work) and cost several times the CPU.
constexpr int kFrameLevel = 1;

struct FrameHeader {
  int64_t first_seq = 0;
  uint32_t count = 0;
  uint32_t stored = 0;
  uint32_t raw = 0;
  uint32_t dictionary = 0;
  uint32_t crc = 0;
  uint32_t header_crc = 0;  // of the header's first 20 bytes (FrameIntact goes on from it)
  int64_t last_seq() const { return first_seq + count - 1; }
};

// The header at `h` (kFrameHeaderBytes), if it is a whole, plausible one.
std::optional<FrameHeader> ParseFrameHeader(const char* h);
// Whether `stored` (the header's stored bytes) is what the header describes.
bool FrameIntact(const FrameHeader& h, std::string_view stored);

// Walks the whole frames of a compressed segment: visit(header, offset, stored bytes), false to
// stop. Returns the length of the valid prefix (a torn frame, or zeros, end it).
template <typename Visit>
size_t ForEachFrame(std::string_view data, Visit&& visit) {
  size_t at = 0;
  while (data.size() - at >= kFrameHeaderBytes) {
    const std::optional<FrameHeader> h = ParseFrameHeader(data.data() + at);
    if (!h || data.size() - at - kFrameHeaderBytes < h->stored) break;
    const std::string_view stored = data.substr(at + kFrameHeaderBytes, h->stored);
    if (!FrameIntact(*h, stored)) break;
    const size_t next = at + kFrameHeaderBytes + h->stored;
    if (!visit(*h, at, stored)) return next;
    at = next;
  }
  return at;
}

// A zstd dictionary, ready to compress and decompress with.
class FrameDictionary {
 public:
  static Result<std::shared_ptr<const FrameDictionary>> Make(uint32_t id, std::string bytes);
  ~FrameDictionary();
  FrameDictionary(const FrameDictionary&) = delete;
  FrameDictionary& operator=(const FrameDictionary&) = delete;
  uint32_t id() const { return id_; }
  const std::string& bytes() const { return bytes_; }
  const ZSTD_CDict* cdict() const { return cdict_; }
  const ZSTD_DDict* ddict() const { return ddict_; }

 private:
  FrameDictionary(uint32_t id, std::string bytes) : id_(id), bytes_(std::move(bytes)) {}
  uint32_t id_;
  std::string bytes_;
  ZSTD_CDict* cdict_ = nullptr;
  ZSTD_DDict* ddict_ = nullptr;
};

// A journal's dictionaries by id, loaded from its directory when first needed (a reader finds
// the dictionary its writer trained after it opened). Thread-safe.
class FrameDictionaries {
 public:
  explicit FrameDictionaries(std::string dir) : dir_(std::move(dir)) {}
  Result<std::shared_ptr<const FrameDictionary>> Get(uint32_t id);
  // Makes a new dictionary durable (written, synced, renamed into place, directory synced)
  // before any frame can use it; returns it.
  Result<std::shared_ptr<const FrameDictionary>> Add(uint32_t id, std::string bytes,
                                                     store::Fs& fs);
  // The highest id on disk (0: none).
  uint32_t Newest();
  std::string PathOf(uint32_t id) const;

 private:
  const std::string dir_;
  std::mutex mu_;
  std::map<uint32_t, std::shared_ptr<const FrameDictionary>> loaded_;  // GUARDED_BY(mu_)
};

// Trains a dictionary on records (the JSON of each); empty when zstd cannot (too few samples).
std::string TrainFrameDictionary(const std::string& samples, const std::vector<size_t>& sizes);

// Compresses `records` (plain-format records with their seqs, first_seq first) into frames
// appended to `out`; each frame's (first seq, offset in out) goes to `frames`.
Status EncodeFrames(std::string_view records, const FrameDictionary* dictionary, std::string& out,
                    std::vector<std::pair<int64_t, int64_t>>& frames);
// Decompresses a frame's stored bytes (checked by FrameIntact) into `records`.
Status DecodeFrame(const FrameHeader& h, std::string_view stored, FrameDictionaries& dictionaries,
                   std::string& records);

}  // namespace berth::services::cloudtrail
