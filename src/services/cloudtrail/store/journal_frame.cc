#include "services/cloudtrail/store/journal_frame.h"

#include <fcntl.h>
#include <unistd.h>
#include <isa-l/crc.h>
#include <zdict.h>

#include <cerrno>
#include <cstdio>

#include "core/little_endian.h"
#include "core/unique_fd.h"
#include "store/file_system.h"

namespace berth::services::cloudtrail {
namespace {

constexpr size_t kRecordHeaderBytes = 24;  // EventJournal::kHeaderBytes
// Bounds a damaged header cannot make a reader trust: a frame holds one record of at most
// 16 MiB, or records up to about kFrameRawBytes.
constexpr uint32_t kMaxFrameBytes = (16u << 20) + (1u << 20);
constexpr size_t kDictionaryBytes = 32 << 10;

uint32_t Crc(std::string_view data) {
  return crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

Error ZstdError(const char* what, size_t code) {
  return Error{"InternalFailure", std::string("the event journal ") + what + ": " +
               ZSTD_getErrorName(code), 500};
}

// zstd frames without the fields the frame header has already (or the CRC checks).
ZSTD_CCtx* NewCCtx() {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, kFrameLevel);
  ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0);
  ZSTD_CCtx_setParameter(c, ZSTD_c_dictIDFlag, 0);
  return c;
}


}  // namespace

std::optional<FrameHeader> ParseFrameHeader(const char* h) {
  FrameHeader f;
  f.first_seq = static_cast<int64_t>(GetLe(h, 8));
  f.count = static_cast<uint32_t>(GetLe(h + 8, 2));
  f.dictionary = static_cast<uint32_t>(GetLe(h + 10, 2));
  f.stored = static_cast<uint32_t>(GetLe(h + 12, 4));
  f.raw = static_cast<uint32_t>(GetLe(h + 16, 4));
  f.crc = static_cast<uint32_t>(GetLe(h + 20, 4));
  if (f.first_seq <= 0 || f.count == 0 || f.stored > kMaxFrameBytes || f.raw > kMaxFrameBytes) {
    return std::nullopt;
  }
  f.header_crc = Crc(std::string_view(h, 20));
  return f;
}

bool FrameIntact(const FrameHeader& h, std::string_view stored) {
  return crc32_gzip_refl(h.header_crc, reinterpret_cast<const unsigned char*>(stored.data()),
                         stored.size()) == h.crc;
}

Result<std::shared_ptr<const FrameDictionary>> FrameDictionary::Make(uint32_t id,
                                                                     std::string bytes) {
  std::shared_ptr<FrameDictionary> d(new FrameDictionary(id, std::move(bytes)));
  d->cdict_ = ZSTD_createCDict(d->bytes_.data(), d->bytes_.size(), kFrameLevel);
  d->ddict_ = ZSTD_createDDict(d->bytes_.data(), d->bytes_.size());
  if (d->cdict_ == nullptr || d->ddict_ == nullptr) {
    return Error{"InternalFailure", "the event journal's dictionary " + std::to_string(id) +
                 " is unusable", 500};
  }
  return std::shared_ptr<const FrameDictionary>(std::move(d));
}

FrameDictionary::~FrameDictionary() {
  ZSTD_freeCDict(cdict_);
  ZSTD_freeDDict(ddict_);
}

std::string FrameDictionaries::PathOf(uint32_t id) const {
  char name[32];
  std::snprintf(name, sizeof name, "/dict-%05u.zdict", id);
  return dir_ + name;
}

Result<std::shared_ptr<const FrameDictionary>> FrameDictionaries::Get(uint32_t id) {
  std::lock_guard lock(mu_);
  if (auto it = loaded_.find(id); it != loaded_.end()) return it->second;
  const std::string path = PathOf(id);
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return store::IoError("cannot open", path);
  BERTH_ASSIGN_OR_RETURN(std::string bytes, store::ReadAll(fd.get(), path));
  BERTH_ASSIGN_OR_RETURN(auto dictionary, FrameDictionary::Make(id, std::move(bytes)));
  loaded_.emplace(id, dictionary);
  return dictionary;
}

Result<std::shared_ptr<const FrameDictionary>> FrameDictionaries::Add(uint32_t id,
                                                                      std::string bytes,
                                                                      store::Fs& fs) {
  BERTH_ASSIGN_OR_RETURN(auto dictionary, FrameDictionary::Make(id, std::move(bytes)));
  const std::string path = PathOf(id), temp = path + ".tmp";
  {
    const UniqueFd fd(fs.Open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) return store::IoError("cannot create", temp);
    BERTH_RETURN_IF_ERROR(store::WriteAll(fd.get(), dictionary->bytes(), temp, fs));
    if (fs.Fsync(fd.get()) != 0) return store::IoError("cannot sync", temp);
  }
  if (fs.Rename(temp.c_str(), path.c_str()) != 0) return store::IoError("cannot rename", temp);
  BERTH_RETURN_IF_ERROR(store::SyncDir(dir_, fs));
  std::lock_guard lock(mu_);
  loaded_[id] = dictionary;
  return dictionary;
}

uint32_t FrameDictionaries::Newest() {
  uint32_t newest = 0;
  for (uint32_t id = 1; ::access(PathOf(id).c_str(), F_OK) == 0; ++id) newest = id;
  return newest;
}

std::string TrainFrameDictionary(const std::string& samples, const std::vector<size_t>& sizes) {
  std::string dictionary(kDictionaryBytes, '\0');
  const size_t made = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), samples.data(),
                                            sizes.data(), static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(made)) return "";
  dictionary.resize(made);
  return dictionary;
}

Status EncodeFrames(std::string_view records, const FrameDictionary* dictionary, std::string& out,
                    std::vector<std::pair<int64_t, int64_t>>& frames) {
  // The context is the writer's and stays (a fresh one per batch would be a large allocation).
  thread_local std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> cctx(NewCCtx(),
                                                                       &ZSTD_freeCCtx);
  size_t at = 0;
  while (at < records.size()) {
    // Whole records, up to about kFrameRawBytes (at least one).
    size_t end = at;
    uint32_t count = 0;
    while (end < records.size() && (count == 0 || (end - at < kFrameRawBytes && count < 65535))) {
      end += kRecordHeaderBytes + GetLe(records.data() + end + 16, 4);
      ++count;
    }
    // The records with their seqs and CRCs zeroed: those 12 bytes a record barely compress, and
    // the frame's header and CRC stand for them (DecodeFrame puts them back).
    thread_local std::string stripped;
    stripped.assign(records.data() + at, end - at);
    for (size_t r = 0; r < stripped.size();) {
      const size_t len = GetLe(stripped.data() + r + 16, 4);
      SetLe(stripped.data() + r, 0, 8);
      SetLe(stripped.data() + r + 20, 0, 4);
      r += kRecordHeaderBytes + len;
    }
    const std::string_view raw = stripped;
    const size_t header = out.size();
    out.resize(header + kFrameHeaderBytes + ZSTD_compressBound(raw.size()));
    char* dst = out.data() + header + kFrameHeaderBytes;
    const size_t capacity = out.size() - header - kFrameHeaderBytes;
    ZSTD_CCtx_refCDict(cctx.get(), dictionary != nullptr ? dictionary->cdict() : nullptr);
    const size_t stored = ZSTD_compress2(cctx.get(), dst, capacity, raw.data(), raw.size());
    if (ZSTD_isError(stored)) return ZstdError("cannot compress", stored);
    out.resize(header + kFrameHeaderBytes + stored);
    char* h = out.data() + header;
    const int64_t first_seq = static_cast<int64_t>(GetLe(records.data() + at, 8));
    SetLe(h, static_cast<uint64_t>(first_seq), 8);
    SetLe(h + 8, count, 2);
    SetLe(h + 10, dictionary != nullptr ? dictionary->id() : 0, 2);
    SetLe(h + 12, stored, 4);
    SetLe(h + 16, raw.size(), 4);
    SetLe(h + 20, crc32_gzip_refl(Crc(std::string_view(h, 20)),
                                  reinterpret_cast<const unsigned char*>(dst), stored), 4);
    frames.emplace_back(first_seq, static_cast<int64_t>(header));
    at = end;
  }
  return Ok();
}

Status DecodeFrame(const FrameHeader& h, std::string_view stored, FrameDictionaries& dictionaries,
                   std::string& records) {
  thread_local std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> dctx(ZSTD_createDCtx(),
                                                                       &ZSTD_freeDCtx);
  std::shared_ptr<const FrameDictionary> dictionary;
  if (h.dictionary != 0) {
    BERTH_ASSIGN_OR_RETURN(dictionary, dictionaries.Get(h.dictionary));
  }
  records.resize(h.raw);
  ZSTD_DCtx_refDDict(dctx.get(), dictionary ? dictionary->ddict() : nullptr);
  const size_t n = ZSTD_decompressDCtx(dctx.get(), records.data(), records.size(), stored.data(),
                                       stored.size());
  if (ZSTD_isError(n)) return ZstdError("cannot decompress a frame", n);
  auto damaged = [&] {
    return Error{"InternalFailure", "the event journal's frame of record " +
                 std::to_string(h.first_seq) + " is damaged", 500};
  };
  if (n != h.raw) return damaged();
  // Each record's seq and CRC, as the plain format has them.
  int64_t seq = h.first_seq;
  size_t at = 0;
  for (; records.size() - at >= kRecordHeaderBytes; ++seq) {
    const size_t len = GetLe(records.data() + at + 16, 4);
    if (records.size() - at - kRecordHeaderBytes < len) return damaged();
    SetLe(records.data() + at, static_cast<uint64_t>(seq), 8);
    SetLe(records.data() + at + 20, Crc(std::string_view(records).substr(at + kRecordHeaderBytes, len)), 4);
    at += kRecordHeaderBytes + len;
  }
  if (at != records.size() || seq != h.first_seq + h.count) return damaged();
  return Ok();
}

}  // namespace berth::services::cloudtrail
