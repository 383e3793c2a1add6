#include "services/registry/upload_sink.h"

namespace berth::services::registry {

Status UploadSink::Write(std::string_view chunk) {
  BERTH_RETURN_IF_ERROR(opened_);
  BERTH_RETURN_IF_ERROR(failed_);
  received_ += chunk.size();
  buffer_.append(chunk);
  if (buffer_.size() >= kAppendBytes) return Flush();
  return Ok();
}

Status UploadSink::Flush() {
  BERTH_RETURN_IF_ERROR(opened_);
  BERTH_RETURN_IF_ERROR(failed_);
  if (buffer_.empty()) return Ok();
  auto size = blobs_->AppendUpload(upload_id_, offset_, buffer_);
  if (!size.ok()) {
    failed_ = size.error();
    return failed_;
  }
  offset_ = *size;
  buffer_.clear();
  return Ok();
}

}  // namespace berth::services::registry
