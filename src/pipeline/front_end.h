#pragma once
// A wire that is not an AWS JSON or query protocol (the OCI /v2 registry, S3's REST-XML) as a
// front-end of the dispatcher's one sequence:
//
//   route ─▶ authenticate ─▶ authorize ─▶ reserve ─▶ handle (decode, run, encode) ─▶ answer
//         ─▶ record
//
// The front-end supplies only the wire-specific pieces of each stage, through a FrontEndCall
// made for each request; the dispatcher runs the stages in order, asks its Authorizer, keeps
// the last-resort catch and records the call. So no front-end can forget to authorize or
// record, and each still answers in its own shape (OCI errors, S3 XML).

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/http_types.h"
#include "core/result.h"
#include "pipeline/call_record.h"
#include "pipeline/session_authenticator.h"

namespace berth::pipeline {

// One request's wire-specific state, carried through the stages. A stage that fails ends the
// call; its error is recorded and answered through Answer.
class FrontEndCall {
 public:
  virtual ~FrontEndCall() = default;

  // Finds the operation; fills the record's service, event source, operation, read_only,
  // request parameters and resources (what CloudTrail says of the call, even if it fails).
  virtual Status Route(CallRecord& record) = 0;
  // Identifies the caller with the wire's scheme. Sets record.principal as soon as the caller
  // is known (a failed signature is still attributed) and record.region. A streamed call
  // takes what its sink's opening found.
  virtual Status Authenticate(Request& request, CallRecord& record) = 0;
  // The IAM action the routed operation is authorized as; empty when authentication alone
  // suffices (the /v2 ping, AWS's "is there a registry" probe).
  virtual std::string_view Action() const = 0;
  // The resources the action is on, from the routed call (empty means "*"). By default the
  // record's resources, which name exactly what the call acts on.
  virtual std::span<const ResourceRef> Resources(const CallRecord& record) const {
    return record.resources;
  }
  // The service-specific condition keys of the routed call (S3's s3:prefix, …); none by
  // default.
  virtual std::span<const std::pair<std::string, std::string>> ConditionKeys() const {
    return {};
  }
  // Decodes, runs the operation and encodes its result (wire-specific checks such as "is the
  // repository the caller's" included). The dispatcher catches what it throws.
  virtual Result<Response> Handle(Request& request, CallRecord& record) = 0;
  // The response: `result` as it is, or its error in the wire's shape; adds the wire's
  // headers. The dispatcher has already put the error into the record.
  virtual Response Answer(Result<Response> result, const CallRecord& record) = 0;
  // The error CloudTrail records for the one `answered`: by default the same; a wire whose
  // codes are not the API's (/v2's OCI codes) names the API's exception, and an answer that
  // the API reports as a result, not a failure (/v2's blob HEAD miss), records none.
  virtual std::optional<Error> RecordedError(const Error& answered) const { return answered; }

  // Takes a console session's caller (session_authenticator.h) instead of Authenticate, for a
  // front-end whose TakesSessions is true; the dispatcher has already filled the record's
  // principal and region. A streamed call gets it at its sink's opening and again with the
  // whole request.
  virtual void UseSession(Request& request, const SessionCaller& caller, CallRecord& record) {
    (void)request;
    (void)caller;
    (void)record;
  }

  // Streamed bodies: once the stages up to authorize have passed, the sink the body goes to.
  virtual std::unique_ptr<BodySink> OpenSink(const RequestHead& head) = 0;
  // A sink that refuses the body with `error` (a failed stage), so that Handle, reached with
  // it once the server stops reading, answers that error.
  virtual std::unique_ptr<BodySink> RefuseSink(Error error) = 0;
};

class FrontEnd {
 public:
  virtual ~FrontEnd() = default;
  // True when this front-end answers the request.
  virtual bool Matches(const RequestHead& head) const = 0;
  virtual uint64_t BodyLimit(const RequestHead& head) const = 0;
  // Whether the request's body is streamed into a sink (see http::RequestHandler::OpenSink)
  // rather than read whole.
  virtual bool StreamsBody(const RequestHead& head) const = 0;
  // Whether an unsigned request of this wire may present a console session (the S3 calls the
  // console's pages make); /v2 keeps its own token scheme.
  virtual bool TakesSessions() const { return false; }
  // The state of one call. `opening_sink`: the call is being made for OpenSink (only the head
  // has arrived); otherwise it is the whole request (with its sink, when streamed).
  virtual std::unique_ptr<FrontEndCall> Start(const RequestHead& head, bool opening_sink) = 0;
  // This wire's AccessDenied for an authorizer's refusal, worded `message`.
  virtual Error Denied(std::string message) const = 0;
  // This wire's answer to an operation that threw or failed in berth itself (a store's error):
  // worded generically, as the dispatcher logs the details instead.
  virtual Error InternalError() const = 0;
  // InternalError as a whole response, outside any call: the answer to a call whose audit
  // record could not be made durable.
  virtual Response InternalErrorResponse(const std::string& request_id) const = 0;
  // This wire's refusal of a call that may add data while free space is below the disk
  // reserve of `reserve_bytes` (store/disk_reserve.h).
  virtual Error InsufficientSpace(uint64_t reserve_bytes) const = 0;
  // The answer to a body over BodyLimit; fills what the record should say (the dispatcher
  // records it).
  virtual Response TooLarge(const RequestHead& head, uint64_t limit, CallRecord& record) = 0;
};

}  // namespace berth::pipeline
