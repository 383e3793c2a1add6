#pragma once
// The one road every AWS API request travels (DESIGN.md "One port, one pipeline"):
//
//   classify ─▶ authenticate ─▶ authorize ─▶ decode ─▶ handle ─▶ encode ─▶ record
//
// classify: X-Amz-Target → a JSON 1.0/1.1 service and operation; a form body (or query) with
//   Action= → a query-protocol service, chosen by the signature's credential-scope service.
// authenticate: SigV4 (header or presigned) against the credential store; the caller is known
//   (and recorded) as soon as its access key is, even when its signature then fails.
// authorize: every principal of the account may call every operation until policies are
//   enforced (a later issue); the step sits here so enforcement has one place to go.
// handle: the operation's handler, with the decoded input; exceptions become InternalFailure.
// record: one CallRecord per call, to every CallObserver, before the response leaves.
//
// Thread-safe: Handle is called from many I/O threads at once.

#include <memory>
#include <string>
#include <vector>

#include "auth/credential_store.h"
#include "auth/sigv4.h"
#include "core/clock.h"
#include "core/http_types.h"
#include "pipeline/call_record.h"
#include "pipeline/operation.h"
#include "pipeline/raw_endpoint.h"
#include "store/disk_reserve.h"

namespace berth::pipeline {

class Dispatcher {
 public:
  // `services` are owned by the dispatcher; the credential store, clock, raw endpoints,
  // observers and disk reserve are borrowed and must outlive it. With a reserve, operations
  // that may add data are refused (503 ServiceUnavailable) while free space is below it.
  Dispatcher(const Clock& clock, auth::CredentialStore& credentials,
             std::vector<ServiceSpec> services, std::vector<RawEndpoint*> raw_endpoints,
             std::vector<CallObserver*> observers,
             const store::DiskReserve* disk_reserve = nullptr);

  // True when the request is an AWS API call this dispatcher answers (the server routes
  // everything else, e.g. /v2, elsewhere).
  bool Accepts(const RequestHead& head) const;
  // The body size the request's operation accepts.
  uint64_t BodyLimit(const RequestHead& head) const;
  // The sink for a request whose body its endpoint streams (uploads), or nullptr.
  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) const;
  Response Handle(Request&& request);
  // The protocol-shaped answer to a body larger than BodyLimit; recorded like any call.
  Response TooLarge(const RequestHead& head, uint64_t limit);

 private:
  struct Call;  // one call's working state

  // Fills in the record's opening fields (id, time, caller's address and agent, request line).
  void Begin(Call& call) const;
  Response HandleJson(Call& call);
  Response HandleQuery(Call& call);
  // Calls the operation for an authenticated call and records its parameters, response
  // elements and resources.
  Result<Document> Run(Call& call, const OperationSpec& op, const Document& input);
  Result<Document> Invoke(const OperationSpec& op, CallContext& ctx, const Document& input);
  Status Authenticate(Call& call, const ServiceSpec* service);
  const ServiceSpec* FindByTarget(std::string_view target, std::string_view* op_name) const;
  const ServiceSpec* FindQueryService(std::string_view signing_name) const;
  RawEndpoint* FindRawEndpoint(const RequestHead& head) const;
  void Record(Call& call, Response& response);

  const Clock& clock_;
  auth::CredentialStore& credentials_;
  auth::SigV4Verifier verifier_;
  std::vector<ServiceSpec> services_;
  std::vector<RawEndpoint*> raw_endpoints_;
  std::vector<CallObserver*> observers_;
  const store::DiskReserve* disk_reserve_;
};

}  // namespace berth::pipeline
