#include "app/access_log.h"

#include <cerrno>
#include <cstring>

#include "core/json_writer.h"
#include "core/thread_name.h"
#include "core/time_format.h"
#include "core/utf8_prefix.h"

namespace berth::app {
namespace {

constexpr size_t kMaxMethodBytes = 32;
constexpr size_t kMaxPathBytes = 1024;
constexpr size_t kMaxUserAgentBytes = 1024;

}  // namespace

Result<std::unique_ptr<AccessLog>> AccessLog::Open(const std::string& destination) {
  if (destination == "off") return std::unique_ptr<AccessLog>();
  if (destination == "-" || destination.empty()) {
    // stderr is unbuffered by default; give it a buffer so a busy server does not make a
    // write() per line (see kFlushInterval).
    std::setvbuf(stderr, nullptr, _IOFBF, 1 << 16);
    return std::unique_ptr<AccessLog>(new AccessLog(stderr, false));
  }
  std::FILE* f = std::fopen(destination.c_str(), "ae");
  if (f == nullptr) {
    return Error{"AccessLogError",
                 "cannot open access log " + destination + ": " + std::strerror(errno), 0};
  }
  return std::unique_ptr<AccessLog>(new AccessLog(f, true));
}

AccessLog::AccessLog(std::FILE* out, bool owned) : out_(out), owned_(owned) {
  flusher_ = std::thread([this] {
    NameThisThread("access-log");
    FlushPeriodically();
  });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  flusher_.join();
  std::fflush(out_);
  if (owned_) std::fclose(out_);
}

void AccessLog::FlushPeriodically() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, kFlushInterval);
    if (pending_) {
      std::fflush(out_);
      pending_ = false;
      last_flush_ = std::chrono::steady_clock::now();
    }
  }
}

std::string AccessLog::Format(const pipeline::CallRecord& r) {
  std::string line;
  line.reserve(384);
  JsonWriter json(line);
  json.BeginObject();
  json.Key("time");
  json.String(timefmt::Iso8601Millis(r.time));
  json.Key("request_id");
  json.String(r.request_id);
  json.Key("remote");
  json.String(r.source_ip);
  // What the caller chose is bounded, as in audit records: one line must not cost 16 KB.
  json.Key("method");
  json.String(Utf8Prefix(r.method, kMaxMethodBytes));
  json.Key("path");
  json.String(Utf8Prefix(r.path, kMaxPathBytes));
  if (!r.service.empty()) {
    json.Key("service");
    json.String(r.service);
  }
  if (!r.operation.empty()) {
    json.Key("operation");
    json.String(r.operation);
  }
  json.Key("status");
  json.Int(r.http_status);
  if (r.error) {
    json.Key("error");
    json.String(r.error->code);
  }
  if (r.principal) {
    json.Key("principal");
    json.String(r.principal->arn);
    json.Key("access_key");
    json.String(r.principal->access_key_id);
    json.Key("authenticated");
    json.Bool(r.authenticated);
  }
  json.Key("duration_us");
  json.Int(r.duration.count());
  json.Key("bytes_in");
  json.Int(static_cast<int64_t>(r.request_bytes));
  json.Key("bytes_out");
  json.Int(static_cast<int64_t>(r.response_bytes));
  json.Key("user_agent");
  json.String(Utf8Prefix(r.user_agent, kMaxUserAgentBytes));
  json.EndObject();
  return line;
}

std::shared_ptr<Commitment> AccessLog::OnCall(const pipeline::CallRecord& record) {
  std::string line = Format(record);
  line.push_back('\n');
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  if (now - last_flush_ >= kFlushInterval) {
    std::fflush(out_);
    last_flush_ = now;
    pending_ = false;
  } else {
    pending_ = true;  // the flusher writes it within the interval
  }
  return nullptr;  // the operational log promises no durability
}

}  // namespace berth::app
