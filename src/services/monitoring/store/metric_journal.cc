#include "services/monitoring/store/metric_journal.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/unique_fd.h"
#include "core/thread_name.h"
#include "store/file_system.h"

namespace berth::services::monitoring {
namespace {

constexpr uint64_t kSegmentBytes = 64 << 20;
constexpr size_t kHeaderBytes = 8;
constexpr char kSegmentPrefix[] = "seg-";

uint32_t Crc(std::string_view bytes) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return store::IoError("open", path);
  UniqueFd guard(fd);
  return store::ReadAll(fd, path);
}

}  // namespace

class MetricJournal::BatchCommitment final : public Commitment {
 public:
  void WhenDurable(std::function<void(bool)> done) override {
    std::unique_lock lock(mu_);
    if (!done_) {
      waiters_.push_back(std::move(done));
      return;
    }
    const bool ok = ok_;
    lock.unlock();
    done(ok);
  }
  void Complete(bool ok) {
    std::vector<std::function<void(bool)>> waiters;
    {
      std::lock_guard lock(mu_);
      done_ = true;
      ok_ = ok;
      waiters.swap(waiters_);
    }
    for (auto& fn : waiters) fn(ok);
  }

 private:
  std::mutex mu_;
  bool done_ = false, ok_ = false;
  std::vector<std::function<void(bool)>> waiters_;
};

MetricJournal::MetricJournal(std::string dir) : dir_(std::move(dir)) {}

Result<std::unique_ptr<MetricJournal>> MetricJournal::Open(const std::string& dir) {
  BERTH_RETURN_IF_ERROR(store::MakeDir(dir));
  return std::unique_ptr<MetricJournal>(new MetricJournal(dir));
}

MetricJournal::~MetricJournal() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (fd_ >= 0) ::close(fd_);
}

std::string MetricJournal::SegmentPath(uint64_t number) const {
  char name[32];
  std::snprintf(name, sizeof name, "%s%016llu", kSegmentPrefix,
                static_cast<unsigned long long>(number));
  return dir_ + "/" + name;
}

Status MetricJournal::Replay(uint64_t from, const std::function<void(std::string_view)>& fn) {
  std::vector<uint64_t> segments;
  BERTH_RETURN_IF_ERROR(store::ForEachEntry(dir_, [&](const std::string& name) -> Status {
    if (name.rfind(kSegmentPrefix, 0) == 0 && name.size() == 4 + 16)
      segments.push_back(std::strtoull(name.c_str() + 4, nullptr, 10));
    return Ok();
  }));
  std::sort(segments.begin(), segments.end());
  for (size_t i = 0; i < segments.size(); ++i) {
    if (segments[i] < from) continue;  // in the checkpoint already (its deletion was cut short)
    const std::string path = SegmentPath(segments[i]);
    BERTH_ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path));
    size_t pos = 0;
    while (pos + kHeaderBytes <= bytes.size()) {
      const uint32_t length = GetU32(bytes.data() + pos);
      const uint32_t crc = GetU32(bytes.data() + pos + 4);
      if (length > bytes.size() - pos - kHeaderBytes) break;
      std::string_view payload(bytes.data() + pos + kHeaderBytes, length);
      if (Crc(payload) != crc) break;
      fn(payload);
      pos += kHeaderBytes + length;
    }
    if (pos != bytes.size()) {
      // A torn write at the end of what a crash left: never acknowledged, so cut it off.
      if (::truncate(path.c_str(), static_cast<off_t>(pos)) != 0)
        return store::IoError("truncate", path);
    }
  }
  const uint64_t next = std::max(from, segments.empty() ? 1 : segments.back() + 1);
  BERTH_RETURN_IF_ERROR(OpenSegment(next));
  writer_ = std::thread([this] { WriterLoop(); });
  return Ok();
}

Status MetricJournal::OpenSegment(uint64_t number) {
  const std::string path = SegmentPath(number);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return store::IoError("open", path);
  BERTH_RETURN_IF_ERROR(store::SyncDir(dir_));
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  segment_ = number;
  segment_bytes_ = 0;
  return Ok();
}

std::shared_ptr<Commitment> MetricJournal::Append(std::string payload) {
  std::string framed;
  framed.reserve(kHeaderBytes + payload.size());
  PutU32(framed, static_cast<uint32_t>(payload.size()));
  PutU32(framed, Crc(payload));
  framed.append(payload);
  std::shared_ptr<BatchCommitment> commitment;
  {
    std::lock_guard lock(mu_);
    queued_.append(framed);
    if (!queued_commitment_) queued_commitment_ = std::make_shared<BatchCommitment>();
    commitment = queued_commitment_;
  }
  wake_.notify_one();
  return commitment;
}

void MetricJournal::WriterLoop() {
  NameThisThread("metrics-journal");
  std::string batch;
  while (true) {
    std::shared_ptr<BatchCommitment> commitment;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stop_ || !queued_.empty(); });
      if (queued_.empty()) return;  // stopping with nothing left
      batch.clear();
      batch.swap(queued_);
      commitment = std::move(queued_commitment_);
      writing_ = true;
    }
    bool ok = store::WriteAll(fd_, batch, SegmentPath(segment_)).ok() && ::fdatasync(fd_) == 0;
    segment_bytes_ += batch.size();
    if (ok && segment_bytes_ >= kSegmentBytes) ok = OpenSegment(segment_ + 1).ok();
    {
      std::lock_guard lock(mu_);
      writing_ = false;
      if (ok) bytes_written_ += batch.size();
    }
    written_.notify_all();
    commitment->Complete(ok);
  }
}

Result<uint64_t> MetricJournal::Rotate() {
  std::unique_lock lock(mu_);
  // Everything queued before this call must land in the old segment: wait for the writer to
  // have taken and written it.
  written_.wait(lock, [&] { return queued_.empty() && !writing_; });
  // The writer sleeps until something is queued, and we hold the lock: the segment is ours.
  BERTH_RETURN_IF_ERROR(OpenSegment(segment_ + 1));
  return segment_;
}

Status MetricJournal::DropBefore(uint64_t segment) {
  std::vector<std::string> doomed;
  BERTH_RETURN_IF_ERROR(store::ForEachEntry(dir_, [&](const std::string& name) -> Status {
    if (name.rfind(kSegmentPrefix, 0) == 0 && name.size() == 4 + 16 &&
        std::strtoull(name.c_str() + 4, nullptr, 10) < segment)
      doomed.push_back(dir_ + "/" + name);
    return Ok();
  }));
  for (const std::string& path : doomed)
    if (::unlink(path.c_str()) != 0) return store::IoError("unlink", path);
  return store::SyncDir(dir_);
}

uint64_t MetricJournal::bytes_written() const {
  std::lock_guard lock(mu_);
  return bytes_written_;
}

}  // namespace berth::services::monitoring
