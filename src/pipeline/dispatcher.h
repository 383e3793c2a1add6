#pragma once
// The one road every AWS API request travels (DESIGN.md "One port, one pipeline"):
//
//   classify ─▶ authenticate ─▶ authorize ─▶ decode ─▶ handle ─▶ encode ─▶ record
//
// classify: X-Amz-Target → a JSON 1.0/1.1 service and operation; `smithy-protocol: rpc-v2-cbor`
//   on /service/<name>/operation/<Op> → an RPC v2 CBOR one; a form body (or query) with
//   Action= → a query-protocol service, chosen by the signature's credential-scope service.
//   A service may speak several (ServiceSpec::more_protocols): the request's form decides how
//   it is decoded and answered. gzip request bodies are inflated after authentication.
// authenticate: SigV4 (header or presigned) against the credential store; the caller is known
//   (and recorded) as soon as its access key is, even when its signature then fails. A call
//   without a signature may instead present a console session (session_authenticator.h): an
//   RPC call names its service as usual, a query call in kSessionServiceHeader, and a raw
//   wire takes sessions where its FrontEnd says so (S3 does, /v2 does not).
// authorize: the Authorizer (authorizer.h) decides whether the caller may perform the
//   operation's IAM action on the resources it names; a refusal is the protocol's AccessDenied.
// handle: the operation's handler, with the decoded input; exceptions become InternalFailure.
// record: one CallRecord per call, to every CallObserver, before the response leaves.
//
// Raw wires (/v2, S3) are FrontEnds (front_end.h): they supply the wire-specific pieces and the
// dispatcher runs the same stages for them.
//
// Thread-safe: Handle is called from many I/O threads at once.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "auth/credential_store.h"
#include "auth/sigv4.h"
#include "core/clock.h"
#include "core/http_types.h"
#include "pipeline/authorizer.h"
#include "pipeline/call_record.h"
#include "pipeline/front_end.h"
#include "pipeline/operation.h"
#include "pipeline/session_authenticator.h"

#include "pipeline/server_faults.h"
#include "store/disk_reserve.h"

namespace berth::pipeline {

struct RpcCodec;  // an RPC protocol's request decoder and result/error encoders (dispatcher.cc)

class Dispatcher {
 public:
  // `services` are owned by the dispatcher; the credential store, clock, front-ends,
  // observers, authorizer, disk reserve and sessions are borrowed and must outlive it. With
  // `sessions`, an unsigned AWS JSON/CBOR/query call may authenticate with a console session
  // instead of SigV4, and so may a front-end's call where it TakesSessions. With a reserve,
  // operations that may add data are refused while free space is below it, each wire in its
  // own shape (the AWS APIs 503 ServiceUnavailable, /v2 507 DENIED, S3 503).
  Dispatcher(const Clock& clock, auth::CredentialStore& credentials,
             std::vector<ServiceSpec> services, std::vector<FrontEnd*> front_ends,
             std::vector<CallObserver*> observers,
             const Authorizer& authorizer = AllowAccountPrincipals::Instance(),
             const store::DiskReserve* disk_reserve = nullptr,
             const SessionAuthenticator* sessions = nullptr);

  // True when the request is an AWS API call this dispatcher answers (the server routes
  // everything else, e.g. /v2, elsewhere).
  bool Accepts(const RequestHead& head) const;
  // The body size the request's operation accepts.
  uint64_t BodyLimit(const RequestHead& head) const;
  // The sink for a request whose body its front-end streams (uploads), or nullptr. The call
  // is routed, authenticated and authorized before its first byte is accepted; a call that
  // fails a stage gets a sink that refuses the body, and Handle answers that failure.
  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) const;
  Response Handle(Request&& request);
  // The protocol-shaped answer to a body larger than BodyLimit; recorded like any call.
  Response TooLarge(const RequestHead& head, uint64_t limit);
  // What answers instead of `response` (made by Handle or TooLarge) when its audit record
  // could not be made durable: the request's protocol's internal error (AWS InternalFailure,
  // S3 InternalError, OCI UNKNOWN), with the same request id. Logged, rate-limited.
  Response NotDurable(const Response& response);

 private:
  struct Call;  // one call's working state

  // Fills in the record's opening fields (id, time, caller's address and agent, request line).
  void Begin(Call& call) const;
  // The AWS JSON and RPC v2 CBOR wires: each finds the service and operation its own way and
  // runs the shared RPC stages with its codec.
  Response HandleJson(Call& call);
  Response HandleCbor(Call& call);
  // Records the service and operation, authenticates, decodes the (inflated) body, runs the
  // operation and encodes its result or failure with the codec.
  Response HandleRpc(Call& call, const ServiceSpec& service, std::string_view op_name,
                     const RpcCodec& codec);
  // Records the failure and answers it in the codec's shape (with x-amzn-query-error for an
  // awsQueryCompatible service).
  Response RpcFail(Call& call, const ServiceSpec* service, const RpcCodec& codec, Error error);
  // A server fault (IsServerFault) logged and replaced by `shown`, the wire's generic internal
  // error; any other error as it is.
  Error Conceal(const CallRecord& rec, Error error, const Error& shown);
  // The stages for a raw wire.
  Response HandleFrontEnd(Call& call, FrontEnd& front_end);
  Response HandleQuery(Call& call);
  // An unsigned query GET of an operation declared `anonymous` (OperationSpec), run without
  // authenticate and authorize; nullopt when the call is no such one.
  std::optional<Response> HandleUnsignedQuery(Call& call);
  // The request body, inflated when it came with Content-Encoding: gzip (bounded: a gzip bomb
  // is RequestTooLarge). Call after authentication: the signature covers the bytes as sent.
  Result<std::string_view> Body(Call& call);
  // Calls the operation for an authenticated call and records its parameters, response
  // elements and resources.
  // `direct`: the input op.direct_json decoded, for op.direct_handler (`input` then holds the
  // members it logged).
  Result<Document> Run(Call& call, const OperationSpec& op, const Document& input,
                       std::any* direct = nullptr);
  Result<Document> Invoke(const OperationSpec& op, CallContext& ctx, const Document& input,
                          std::any* direct);
  Status Authenticate(Call& call, const ServiceSpec* service);
  // True when an unsigned request presents a console session (session_authenticator.h).
  bool PresentsSession(const RequestHead& head) const;
  // Authenticates a request that PresentsSession: the record gets the session's principal,
  // region and start, and the key's use is noted for `service` (unless empty).
  Result<SessionCaller> AuthenticateSession(const RequestHead& head, CallRecord& rec,
                                            std::string_view service) const;
  // The authenticate stage of a raw wire: a console session where the front-end takes them,
  // else the wire's own scheme.
  Status AuthenticateFrontEnd(Request& request, CallRecord& rec, const FrontEnd& front_end,
                              FrontEndCall& wire) const;
  // The authorize stage: nullopt when allowed, else AWS's wording of the refusal.
  std::optional<std::string> Authorize(
      const CallRecord& rec, std::string_view action, std::span<const ResourceRef> resources,
      std::span<const std::pair<std::string, std::string>> service_keys = {}) const;
  // The disk-reserve stage, after authorize on every wire: true when free space is below the
  // reserve and the operation may add data (store::MayConsumeSpace). A refused upload is
  // refused before its first byte is taken.
  bool LowOnSpace(std::string_view operation, bool read_only) const;
  const ServiceSpec* FindByTarget(std::string_view target, std::string_view* op_name) const;
  const ServiceSpec* FindQueryService(std::string_view signing_name) const;
  FrontEnd* FindFrontEnd(const RequestHead& head) const;
  uint8_t FrontEndWire(const FrontEnd* front_end) const;  // Response::wire of its calls
  const ServiceSpec* FindRpcV2Service(std::string_view path, std::string_view* op_name) const;
  void Record(Call& call, Response& response);

  const Clock& clock_;
  auth::CredentialStore& credentials_;
  auth::SigV4Verifier verifier_;
  std::vector<ServiceSpec> services_;
  std::vector<FrontEnd*> front_ends_;
  std::vector<CallObserver*> observers_;
  const Authorizer& authorizer_;
  const store::DiskReserve* disk_reserve_;
  const SessionAuthenticator* sessions_;

  FaultLog faults_;
};

}  // namespace berth::pipeline
