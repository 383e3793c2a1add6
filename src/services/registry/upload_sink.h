#pragma once
// Where the body of an upload request (PATCH, PUT, monolithic POST) goes as it arrives: into
// the blob store's upload, hashed on the way, in 1 MiB appends, so a layer of any size passes
// through constant memory. The checks that must come before a byte is written (caller,
// upload, offset) are made when the sink is opened; a failed check makes the first Write
// fail, which stops the read, and the endpoint answers with that error.

#include <cstdint>
#include <string>

#include "core/http_types.h"
#include "core/result.h"
#include "store/blob_store.h"

namespace berth::services::registry {

class UploadSink final : public BodySink {
 public:
  // A sink that refuses the body with `refusal`.
  explicit UploadSink(Error refusal) : opened_(std::move(refusal)) {}
  // A sink appending to `upload_id`, whose current size is `offset`.
  UploadSink(store::BlobStore& blobs, std::string upload_id, uint64_t offset)
      : blobs_(&blobs), upload_id_(std::move(upload_id)), offset_(offset) {}

  Status Write(std::string_view chunk) override;
  // Appends what is still buffered; the first error of an append, if any.
  Status Flush();

  const Status& opened() const { return opened_; }
  const std::string& upload_id() const { return upload_id_; }
  uint64_t received() const { return received_; }  // body bytes taken in

 private:
  static constexpr size_t kAppendBytes = 1 << 20;

  Status opened_ = Ok();
  store::BlobStore* blobs_ = nullptr;
  std::string upload_id_;
  uint64_t offset_ = 0;  // the upload's size once the buffer is appended
  uint64_t received_ = 0;
  std::string buffer_;
  Status failed_ = Ok();
};

}  // namespace berth::services::registry
