#pragma once
// The live connections, so shutdown can close the idle keep-alive ones at once while letting
// busy ones finish their call. Thread-safe.

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <set>

#include <boost/asio/post.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace berth::http {

// One connection's shutdown-relevant state. The stream lives in the session coroutine's frame;
// it is touched here only through posts to the stream's own strand, so never concurrently
// with the session itself.
class SessionState {
 public:
  void Attach(boost::beast::tcp_stream& stream) { stream_ = &stream; }
  void SetBusy(bool busy) { busy_ = busy; }

  // Cancels the pending read of a session that is waiting for its next request.
  void CancelIfIdle(const std::shared_ptr<SessionState>& self) {
    if (stream_ == nullptr) return;
    boost::asio::post(stream_->get_executor(), [self] {
      if (!self->busy_ && self->stream_ != nullptr) self->stream_->cancel();
    });
  }

 private:
  boost::beast::tcp_stream* stream_ = nullptr;
  std::atomic<bool> busy_{false};
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

 private:
  mutable std::mutex mu_;
  std::set<std::shared_ptr<SessionState>> live_;  // GUARDED_BY(mu_)
};

}  // namespace berth::http
