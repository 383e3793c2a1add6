#pragma once
// An endpoint that does not speak an AWS protocol (the /v2 registry, presigned downloads): it
// authenticates and answers by itself, but travels the same pipeline, so it is recorded like
// every other call.

#include <memory>

#include "core/http_types.h"
#include "pipeline/call_record.h"

namespace berth::pipeline {

class RawEndpoint {
 public:
  virtual ~RawEndpoint() = default;
  // True when this endpoint answers the request.
  virtual bool Matches(const RequestHead& head) const = 0;
  virtual uint64_t BodyLimit(const RequestHead& head) const = 0;
  // Where to stream the body of this request (see http::RequestHandler::OpenSink), or nullptr.
  virtual std::unique_ptr<BodySink> OpenSink(const RequestHead&) { return nullptr; }
  // Answers the request and fills in what the record should say (service, operation,
  // principal, error); the dispatcher sets the rest and notifies the observers.
  virtual Response Handle(Request& request, CallRecord& record) = 0;
  // The endpoint's answer to a body over BodyLimit (the dispatcher records it).
  virtual Response TooLarge(const RequestHead& head, uint64_t limit, CallRecord& record) = 0;
};

}  // namespace berth::pipeline
