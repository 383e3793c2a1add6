#include "app/upload_janitor.h"

#include <cstdio>

#include "services/registry/garbage_collector.h"

namespace berth::app {

UploadJanitor::UploadJanitor(services::ecr::EcrService& ecr, const Clock& clock,
                             std::chrono::seconds upload_timeout, std::chrono::seconds interval)
    : ecr_(ecr), clock_(clock), upload_timeout_(upload_timeout), interval_(interval) {
  thread_ = std::thread([this] { Run(); });
}

UploadJanitor::~UploadJanitor() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void UploadJanitor::Run() {
  services::registry::GcOptions options;
  options.blobs = false;
  options.upload_timeout = upload_timeout_;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto report = services::registry::CollectGarbage(ecr_, options, clock_.Now());
    if (!report.ok()) {
      std::fprintf(stderr, "berth: cleaning abandoned uploads failed: %s\n",
                   report.error().message.c_str());
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace berth::app
