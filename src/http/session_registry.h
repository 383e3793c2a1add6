#pragma once
// The live connections, so shutdown can close the idle keep-alive ones at once while letting
// busy ones finish their call. Thread-safe.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace berth::http {

// One connection's shutdown-relevant state. The stream lives in the session coroutine's frame
// and is attached and detached by the session itself, on its strand; the cancel is posted to
// that same strand, so it never touches the stream concurrently with the session, nor after
// the frame is gone.
class SessionState {
 public:
  explicit SessionState(boost::asio::any_io_executor strand)
      : strand_(std::move(strand)),
        idle_since_(std::chrono::steady_clock::now().time_since_epoch().count()) {}

  // On the strand: from the session's first step until its last.
  void Attach(boost::beast::tcp_stream& stream) { stream_ = &stream; }
  void Detach() { stream_ = nullptr; }
  void SetBusy(bool busy) {
    if (!busy) idle_since_ = std::chrono::steady_clock::now().time_since_epoch().count();
    busy_ = busy;
  }
  bool busy() const { return busy_; }
  int64_t idle_since() const { return idle_since_; }

  // Cancels the pending read of a session that is waiting for its next request.
  void CancelIfIdle(const std::shared_ptr<SessionState>& self) {
    boost::asio::post(strand_, [self] {
      if (!self->busy_ && self->stream_ != nullptr) self->stream_->cancel();
    });
  }

 private:
  const boost::asio::any_io_executor strand_;
  boost::beast::tcp_stream* stream_ = nullptr;  // touched only on strand_
  std::atomic<bool> busy_{false};
  std::atomic<int64_t> idle_since_;  // steady_clock ticks; meaningful while !busy_
};

class SessionRegistry {
 public:
  void Add(const std::shared_ptr<SessionState>& s) {
    std::lock_guard lock(mu_);
    live_.insert(s);
  }
  void Remove(const std::shared_ptr<SessionState>& s) {
    std::lock_guard lock(mu_);
    live_.erase(s);
  }
  size_t Count() const {
    std::lock_guard lock(mu_);
    return live_.size();
  }
  void CancelIdle() {
    std::lock_guard lock(mu_);
    for (const auto& s : live_) s->CancelIfIdle(s);
  }
  // Closes the connection idle the longest (waiting for its next request), if any is; true
  // when one was asked to close. O(connections): called only at the connection cap.
  bool ShedLongestIdle() {
    std::lock_guard lock(mu_);
    const std::shared_ptr<SessionState>* oldest = nullptr;
    for (const auto& s : live_) {
      if (s->busy()) continue;
      if (oldest == nullptr || s->idle_since() < (*oldest)->idle_since()) oldest = &s;
    }
    if (oldest == nullptr) return false;
    (*oldest)->CancelIfIdle(*oldest);
    return true;
  }

 private:
  mutable std::mutex mu_;
  std::set<std::shared_ptr<SessionState>> live_;  // GUARDED_BY(mu_)
};

}  // namespace berth::http
