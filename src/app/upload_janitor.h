#pragma once
// While the server runs: every few minutes, abandoned uploads (started longer ago than the
// upload timeout) and temporaries of writes that died are removed, so a client that gives up
// mid-push leaves nothing behind for long. Blobs themselves are left to `berth gc`.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "services/ecr/ecr_service.h"

namespace berth::app {

class UploadJanitor {
 public:
  UploadJanitor(services::ecr::EcrService& ecr, const Clock& clock,
                std::chrono::seconds upload_timeout,
                std::chrono::seconds interval = std::chrono::minutes(5));
  ~UploadJanitor();  // stops the thread
  UploadJanitor(const UploadJanitor&) = delete;
  UploadJanitor& operator=(const UploadJanitor&) = delete;

 private:
  void Run();

  services::ecr::EcrService& ecr_;
  const Clock& clock_;
  const std::chrono::seconds upload_timeout_;
  const std::chrono::seconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace berth::app
