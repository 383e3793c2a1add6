#include "pipeline/dispatcher.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>

#include "auth/auth_errors.h"
#include "core/gzip.h"
#include "core/ids.h"
#include "pipeline/audit_fields.h"
#include "pipeline/pipeline_errors.h"
#include "protocol/aws_json.h"
#include "protocol/aws_query.h"
#include "protocol/rpc_v2_cbor.h"

namespace berth::pipeline {

namespace {

constexpr uint64_t kDefaultBodyLimit = 1 << 20;
constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded";
// What a gzip request body may inflate to: well above the largest legitimate body (a full
// PutMetricData is a few MiB of JSON), far below what a gzip bomb would make of it.
constexpr size_t kMaxInflatedBody = 8 << 20;

protocol::JsonVersion JsonVersionOf(const ServiceSpec* service) {
  return service != nullptr && service->Speaks(Protocol::kAwsJson10) ? protocol::JsonVersion::k10
                                                                     : protocol::JsonVersion::k11;
}

bool IsRpcV2Request(const RequestHead& head) {
  const std::string* protocol = head.Find("smithy-protocol");
  std::string_view service, operation;
  return head.method == "POST" && protocol != nullptr && *protocol == "rpc-v2-cbor" &&
         protocol::ParseRpcV2Path(head.path, &service, &operation);
}

// awsQueryCompatible services tell JSON and CBOR clients the query error code too.
void AddQueryErrorHeader(const ServiceSpec* service, const Error& error, Response& response) {
  if (service == nullptr || !service->query_compatible) return;
  response.SetHeader("x-amzn-query-error", std::string(service->QueryErrorCode(error.code)) +
                                               (error.IsServerFault() ? ";Receiver" : ";Sender"));
}

bool IsFormRequest(const RequestHead& head) {
  if (head.method != "POST") return false;
  const std::string* type = head.Find("content-type");
  return type != nullptr && type->compare(0, kFormContentType.size(), kFormContentType) == 0;
}

std::string_view HostOf(const RequestHead& head) {
  const std::string* host = head.Find("host");
  return host != nullptr ? std::string_view(*host) : std::string_view();
}

// A SigV4 signature in the header or the query (presigned).
bool IsSigned(const RequestHead& head) {
  return head.Find("authorization") != nullptr ||
         head.query.find("X-Amz-Signature=") != std::string::npos;
}

bool HasActionInQuery(const RequestHead& head) {
  return head.method == "GET" &&
         (head.query.rfind("Action=", 0) == 0 || head.query.find("&Action=") != std::string::npos);
}

// A query-protocol call answers errors in XML with the HTTP status AWS's query services use;
// every other protocol here (JSON, and CBOR which follows it) with JSON's.
bool IsQueryCall(const RequestHead& head) {
  return head.Find("x-amz-target") == nullptr && (IsFormRequest(head) || HasActionInQuery(head));
}

// AWS's query services (IAM, STS, …) word a refused key or session token their own way.
Error QueryAuthError(Error error) {
  if (error.code == "UnrecognizedClientException") {
    error.code = "InvalidClientTokenId";
    error.http_status = 403;
  } else if (error.code == "ExpiredTokenException") {
    error.code = "ExpiredToken";
    error.http_status = 403;
  }
  return error;
}

// A JSON service answers to its declared target prefix (botocore's) and to the Smithy service
// name alone, its last part, which SDKs generated from Smithy models send: the JS SDK v3 sends
// `CloudTrail_20131101.LookupEvents` where botocore sends
// `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`. AWS accepts both.
bool TargetPrefixMatches(std::string_view declared, std::string_view sent) {
  if (sent == declared) return true;
  const auto dot = declared.rfind('.');
  return dot != std::string_view::npos && sent == declared.substr(dot + 1);
}

// Response::wire as this dispatcher numbers the wires: the RPC protocols, then each front-end
// by its place in front_ends_.
enum Wire : uint8_t { kJson11Wire = 0, kJson10Wire, kCborWire, kQueryWire, kFirstFrontEndWire };

// Kept when both are (when two observers make a call durable).
class BothCommitments final : public Commitment {
 public:
  BothCommitments(std::shared_ptr<Commitment> first, std::shared_ptr<Commitment> second)
      : first_(std::move(first)), second_(std::move(second)) {}
  void WhenDurable(std::function<void(bool)> done) override {
    first_->WhenDurable([second = second_, done = std::move(done)](bool first_ok) {
      second->WhenDurable([first_ok, done](bool ok) { done(first_ok && ok); });
    });
  }

 private:
  std::shared_ptr<Commitment> first_, second_;
};

}  // namespace

// One call's working state, threaded through the stages.
struct Dispatcher::Call {
  Request request;
  CallRecord record;
  std::chrono::steady_clock::time_point started;
  std::shared_ptr<Commitment> durable;  // the handler's own, when it set one
  std::string raw_content_type;         // CallContext::raw_content_type, when the handler set it

  uint8_t wire = kJson11Wire;           // which wire answers (Response::wire)
};

namespace {

// The answer of a handler that set CallContext::raw_content_type: its output's blob as the body.
Response RawResult(const Document& output, const std::string& content_type) {
  Response response;
  response.status = 200;
  response.SetHeader("Content-Type", content_type);
  if (output.is_map()) {
    for (const auto& [key, value] : output.as_map())
      if (value.kind() == Document::Kind::kBlob) response.body = value.as_blob();
  }
  return response;
}

}  // namespace

Dispatcher::Dispatcher(const Clock& clock, auth::CredentialStore& credentials,
                       std::vector<ServiceSpec> services, std::vector<FrontEnd*> front_ends,
                       std::vector<CallObserver*> observers, const Authorizer& authorizer,
                       const store::DiskReserve* disk_reserve,
                       const SessionAuthenticator* sessions)
    : clock_(clock),
      credentials_(credentials),
      verifier_(clock),
      services_(std::move(services)),
      front_ends_(std::move(front_ends)),
      observers_(std::move(observers)),
      authorizer_(authorizer),
      disk_reserve_(disk_reserve),
      sessions_(sessions) {
  // Actions are AWS's "<prefix>:<Operation>" unless a table says otherwise; spelled out once
  // here so that no call builds one.
  for (ServiceSpec& service : services_) {
    const std::string& prefix =
        service.action_prefix.empty() ? service.name : service.action_prefix;
    for (OperationSpec& op : service.operations)
      if (op.action.empty()) op.action = prefix + ":" + op.name;
  }
}

FrontEnd* Dispatcher::FindFrontEnd(const RequestHead& head) const {
  for (FrontEnd* front_end : front_ends_)
    if (front_end->Matches(head)) return front_end;
  return nullptr;
}

bool Dispatcher::Accepts(const RequestHead& head) const {
  return head.Find("x-amz-target") != nullptr || IsFormRequest(head) || HasActionInQuery(head) ||
         IsRpcV2Request(head);
}

const ServiceSpec* Dispatcher::FindByTarget(std::string_view target,
                                            std::string_view* op_name) const {
  const auto dot = target.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  const std::string_view prefix = target.substr(0, dot);
  for (const auto& service : services_) {
    if (service.SpeaksJson() && TargetPrefixMatches(service.json_target_prefix, prefix)) {
      *op_name = target.substr(dot + 1);
      return &service;
    }
  }
  return nullptr;
}

const ServiceSpec* Dispatcher::FindRpcV2Service(std::string_view path,
                                                std::string_view* op_name) const {
  std::string_view name;
  if (!protocol::ParseRpcV2Path(path, &name, op_name)) return nullptr;
  for (const auto& service : services_)
    if (service.Speaks(Protocol::kRpcV2Cbor) && service.rpc_v2_service == name) return &service;
  return nullptr;
}

const ServiceSpec* Dispatcher::FindQueryService(std::string_view signing_name) const {
  for (const auto& service : services_)
    if (service.Speaks(Protocol::kAwsQuery) && service.name == signing_name) return &service;
  return nullptr;
}

uint64_t Dispatcher::BodyLimit(const RequestHead& head) const {
  if (FrontEnd* front_end = FindFrontEnd(head)) return front_end->BodyLimit(head);
  if (const std::string* target = head.Find("x-amz-target")) {
    std::string_view op_name;
    if (const ServiceSpec* service = FindByTarget(*target, &op_name)) {
      if (const OperationSpec* op = service->Find(op_name)) return op->max_request_bytes;
    }
  }
  std::string_view op_name;
  if (const ServiceSpec* service = FindRpcV2Service(head.path, &op_name)) {
    if (const OperationSpec* op = service->Find(op_name)) return op->max_request_bytes;
  }
  return kDefaultBodyLimit;
}

void Dispatcher::Begin(Call& call) const {
  CallRecord& rec = call.record;
  const RequestHead& head = call.request.head;
  rec.request_id = ids::NewUuid();
  rec.time = clock_.Now();
  rec.source_ip = head.remote_ip;
  if (const std::string* ua = head.Find("user-agent")) rec.user_agent = *ua;
  rec.method = head.method;
  rec.path = head.path;
  rec.request_bytes = call.request.body.size();
}

std::unique_ptr<BodySink> Dispatcher::OpenSink(const RequestHead& head) const {
  FrontEnd* front_end = FindFrontEnd(head);
  if (front_end == nullptr || !front_end->StreamsBody(head)) return nullptr;
  std::unique_ptr<FrontEndCall> wire = front_end->Start(head, /*opening_sink=*/true);
  // The stages up to authorize, as Handle runs them; this record is scratch (Handle records
  // the call once the body has been read, refused or not).
  CallRecord rec;
  rec.time = clock_.Now();
  rec.source_ip = head.remote_ip;
  Request request{head, {}, nullptr, Ok()};
  if (Status routed = wire->Route(rec); !routed.ok()) return wire->RefuseSink(routed.error());
  if (Status known = AuthenticateFrontEnd(request, rec, *front_end, *wire); !known.ok()) {
    return wire->RefuseSink(known.error());
  }
  if (auto refusal =
          Authorize(rec, wire->Action(), wire->Resources(rec), wire->ConditionKeys())) {
    return wire->RefuseSink(front_end->Denied(std::move(*refusal)));
  }
  if (LowOnSpace(rec.operation, rec.read_only)) {
    return wire->RefuseSink(front_end->InsufficientSpace(disk_reserve_->reserve_bytes()));
  }
  return wire->OpenSink(head);
}

Response Dispatcher::Handle(Request&& request) {
  Call call{std::move(request), {}, std::chrono::steady_clock::now()};
  Begin(call);
  CallRecord& rec = call.record;
  const RequestHead& head = call.request.head;

  Response response;
  if (FrontEnd* front_end = FindFrontEnd(head)) {
    call.wire = FrontEndWire(front_end);
    response = HandleFrontEnd(call, *front_end);
  } else if (head.Find("x-amz-target") != nullptr) {
    response = HandleJson(call);
  } else if (IsRpcV2Request(head)) {
    response = HandleCbor(call);
  } else if (IsFormRequest(head) || HasActionInQuery(head)) {
    response = HandleQuery(call);
  } else {
    Error error = errors::NoRoute(head.method, head.path);
    rec.error = error;
    response = protocol::EncodeJsonError(error, protocol::JsonVersion::k11);
  }
  Record(call, response);
  return response;
}

Response Dispatcher::TooLarge(const RequestHead& head, uint64_t limit) {
  Call call{Request{head, {}, nullptr, Ok()}, {}, std::chrono::steady_clock::now()};
  Begin(call);
  CallRecord& rec = call.record;
  if (FrontEnd* front_end = FindFrontEnd(head)) {
    call.wire = FrontEndWire(front_end);
    Response response = front_end->TooLarge(head, limit, rec);
    Record(call, response);
    return response;
  }
  Error error = errors::RequestTooLarge(limit);
  rec.error = error;
  call.wire = head.Find("x-amz-target") != nullptr ? kJson11Wire
              : IsRpcV2Request(head)                ? kCborWire
                                                    : kQueryWire;
  Response response = call.wire == kJson11Wire
                          ? protocol::EncodeJsonError(error, protocol::JsonVersion::k11)
                      : call.wire == kCborWire ? protocol::EncodeCborError(error, "")
                                               : protocol::EncodeQueryError(error, rec.request_id);
  Record(call, response);
  return response;
}

uint8_t Dispatcher::FrontEndWire(const FrontEnd* front_end) const {
  const auto at = std::find(front_ends_.begin(), front_ends_.end(), front_end);
  return static_cast<uint8_t>(kFirstFrontEndWire + (at - front_ends_.begin()));
}

Response Dispatcher::NotDurable(const Response& original) {
  // The call took effect (or failed) but its record is not durable: the caller must not take
  // the answer for an acknowledgement, and may retry.
  faults_.Note("recording a call", Error{"InternalFailure",
                                         "its audit record could not be made durable", 500});
  std::string request_id;
  for (const Header& h : original.headers)
    if (h.name == "x-amzn-RequestId") request_id = h.value;
  const Error error = errors::InternalFailure();
  Response response;
  if (original.wire >= kFirstFrontEndWire &&
      original.wire - kFirstFrontEndWire < static_cast<int>(front_ends_.size())) {
    response = front_ends_[original.wire - kFirstFrontEndWire]->InternalErrorResponse(request_id);
  } else if (original.wire == kCborWire) {
    response = protocol::EncodeCborError(error, "");
  } else if (original.wire == kQueryWire) {
    response = protocol::EncodeQueryError(error, request_id);
  } else {
    response = protocol::EncodeJsonError(error, original.wire == kJson10Wire
                                                    ? protocol::JsonVersion::k10
                                                    : protocol::JsonVersion::k11);
  }
  response.SetHeader("x-amzn-RequestId", request_id);
  response.wire = original.wire;
  return response;
}

Error Dispatcher::Conceal(const CallRecord& rec, Error error, const Error& shown) {
  if (!IsServerFault(error)) return error;
  faults_.Note(rec.service.empty() ? rec.operation : rec.service + "." + rec.operation, error);
  return shown;
}

// How an RPC protocol whose calls name service and operation up front (AWS JSON, Smithy RPC v2
// CBOR) reads a request body and writes an answer; every stage between is the same for both.
// The service is nullptr when the call named none this dispatcher knows.
struct RpcCodec {
  Result<Document> (*decode)(std::string_view body);
  Response (*encode_result)(const Document& output, const ServiceSpec* service);
  Response (*encode_error)(const Error& error, const ServiceSpec* service);
};

namespace {

const RpcCodec kJsonCodec{
    protocol::DecodeJsonRequest,
    [](const Document& output, const ServiceSpec* service) {
      return protocol::EncodeJsonResult(output, JsonVersionOf(service));
    },
    [](const Error& error, const ServiceSpec* service) {
      return protocol::EncodeJsonError(error, JsonVersionOf(service));
    }};

const RpcCodec kCborCodec{
    protocol::DecodeCborRequest,
    [](const Document& output, const ServiceSpec*) { return protocol::EncodeCborResult(output); },
    [](const Error& error, const ServiceSpec* service) {
      return protocol::EncodeCborError(error, service != nullptr ? service->error_namespace : "");
    }};

}  // namespace

Response Dispatcher::HandleJson(Call& call) {
  const std::string& target = *call.request.head.Find("x-amz-target");
  std::string_view op_name;
  const ServiceSpec* service = FindByTarget(target, &op_name);
  call.wire = JsonVersionOf(service) == protocol::JsonVersion::k10 ? kJson10Wire : kJson11Wire;
  if (service == nullptr) return RpcFail(call, nullptr, kJsonCodec, errors::UnknownTarget(target));
  return HandleRpc(call, *service, op_name, kJsonCodec);
}

Response Dispatcher::HandleCbor(Call& call) {
  std::string_view op_name;
  call.wire = kCborWire;
  const ServiceSpec* service = FindRpcV2Service(call.request.head.path, &op_name);
  if (service == nullptr) {
    return RpcFail(call, nullptr, kCborCodec, errors::UnknownRpcV2Service(call.request.head.path));
  }
  return HandleRpc(call, *service, op_name, kCborCodec);
}

Response Dispatcher::RpcFail(Call& call, const ServiceSpec* service, const RpcCodec& codec,
                             Error error) {
  error = Conceal(call.record, std::move(error), errors::InternalFailure());
  call.record.error = error;
  Response response = codec.encode_error(error, service);
  AddQueryErrorHeader(service, error, response);
  return response;
}

Response Dispatcher::HandleRpc(Call& call, const ServiceSpec& service, std::string_view op_name,
                               const RpcCodec& codec) {
  CallRecord& rec = call.record;
  auto fail = [&](Error error) { return RpcFail(call, &service, codec, std::move(error)); };
  rec.service = service.name;
  rec.event_source = service.event_source;
  const OperationSpec* op = service.Find(op_name);
  if (op != nullptr) {
    rec.operation = op->name;
    rec.read_only = op->read_only;
  }
  if (Status auth = Authenticate(call, &service); !auth.ok()) return fail(auth.error());
  if (op == nullptr) return fail(errors::UnknownOperation(
        service.display_name.empty() ? service.name : service.display_name, op_name));

  auto body = Body(call);
  if (!body.ok()) return fail(body.error());
  // An operation that decodes its JSON itself (OperationSpec::direct_json); nullopt means the
  // generic way below.
  std::optional<DirectInput> direct;
  if (op->direct_json && &codec == &kJsonCodec) direct = op->direct_json(*body);
  Result<Document> input = direct ? Result<Document>(std::move(direct->logged))
                                  : codec.decode(*body);
  if (!input.ok()) return fail(input.error());
  auto output = Run(call, *op, *input, direct ? &direct->input : nullptr);
  if (!output.ok()) return fail(output.error());
  if (!call.raw_content_type.empty()) return RawResult(*output, call.raw_content_type);
  return codec.encode_result(*output, &service);
}

Result<std::string_view> Dispatcher::Body(Call& call) {
  // Signed as sent (compressed): inflated only after authentication.
  const std::string* encoding = call.request.head.Find("content-encoding");
  if (encoding == nullptr || *encoding == "identity") return std::string_view(call.request.body);
  if (*encoding != "gzip") return errors::UnsupportedContentEncoding(*encoding);
  auto inflated = gzip::Decompress(call.request.body, kMaxInflatedBody);
  if (!inflated.ok()) {
    if (inflated.error().message.find("too large") != std::string::npos)
      return errors::RequestTooLarge(kMaxInflatedBody);
    return errors::MalformedGzip();
  }
  call.request.body = std::move(*inflated);
  call.request.head.headers.erase(
      std::remove_if(call.request.head.headers.begin(), call.request.head.headers.end(),
                     [](const Header& h) { return h.name == "content-encoding"; }),
      call.request.head.headers.end());
  return std::string_view(call.request.body);
}

Response Dispatcher::HandleQuery(Call& call) {
  CallRecord& rec = call.record;
  const ServiceSpec* service = nullptr;
  call.wire = kQueryWire;
  auto fail = [&](Error error) {
    error = Conceal(rec, std::move(error), errors::InternalFailure());
    error = QueryAuthError(std::move(error));
    rec.error = error;
    if (service != nullptr && service->query_compatible) {
      Error shown = error;
      shown.code = service->QueryErrorCode(error.code);
      return protocol::EncodeQueryError(shown, rec.request_id);
    }
    return protocol::EncodeQueryError(error, rec.request_id);
  };
  // The service of a query call is the one its signature is scoped to (AWS tells them apart by
  // host name; berth serves them all on one).
  auto scope = auth::ParseSigV4(call.request.head);
  if (!scope.ok() && scope.error().code == auth::errors::MissingAuthenticationToken().code) {
    if (auto answer = HandleUnsignedQuery(call)) return std::move(*answer);
  }
  if (scope.ok()) {
    service = FindQueryService(scope->service);
  } else if (PresentsSession(call.request.head)) {
    const std::string* named = call.request.head.Find(kSessionServiceHeader);
    service = named != nullptr ? FindQueryService(*named) : nullptr;
  }
  if (service != nullptr) {
    rec.service = service->name;
    rec.event_source = service->event_source;
  }
  if (Status auth = Authenticate(call, service); !auth.ok()) return fail(auth.error());

  std::string_view form = call.request.head.query;
  if (call.request.head.method != "GET") {
    auto body = Body(call);
    if (!body.ok()) return fail(body.error());
    form = *body;
  }
  auto query = protocol::DecodeQueryForm(form);
  if (!query.ok()) return fail(query.error());
  if (service == nullptr) return fail(errors::InvalidAction(query->action));
  const OperationSpec* op = service->Find(query->action);
  if (op == nullptr) return fail(errors::InvalidAction(query->action));
  rec.operation = op->name;
  rec.read_only = op->read_only;
  auto output = Run(call, *op, query->params);
  if (!output.ok()) return fail(output.error());
  if (!call.raw_content_type.empty()) return RawResult(*output, call.raw_content_type);
  return protocol::EncodeQueryResult(op->name, service->xml_namespace, *output, rec.request_id,
                                     op->xml_maps);
}

std::optional<Response> Dispatcher::HandleUnsignedQuery(Call& call) {
  // Only an unsigned GET of an operation some service declares `anonymous` gets this far; any
  // other unsigned call is refused by authenticate as before.
  const RequestHead& head = call.request.head;
  if (head.method != "GET") return std::nullopt;
  auto query = protocol::DecodeQueryForm(head.query);
  if (!query.ok()) return std::nullopt;
  for (const ServiceSpec& service : services_) {
    if (!service.Speaks(Protocol::kAwsQuery)) continue;
    const OperationSpec* op = service.Find(query->action);
    if (op == nullptr || !op->anonymous) continue;
    CallRecord& rec = call.record;
    rec.service = service.name;
    rec.event_source = service.event_source;
    rec.operation = op->name;
    rec.read_only = op->read_only;
    auto output = Run(call, *op, query->params);
    if (!output.ok()) {
      rec.error = output.error();
      return protocol::EncodeQueryError(output.error(), rec.request_id);
    }
    return protocol::EncodeQueryResult(op->name, service.xml_namespace, *output, rec.request_id,
                                       op->xml_maps);
  }
  return std::nullopt;
}

Result<Document> Dispatcher::Run(Call& call, const OperationSpec& op, const Document& input,
                                 std::any* direct) {
  CallRecord& rec = call.record;
  rec.request_parameters = op.record_request ? op.record_request(input)
                                             : SelectFields(input, op.logged_request_fields);
  // An unsigned call (an `anonymous` operation) has no principal: the handler sees one without
  // account, and authorize has nothing to ask (Authorize allows a call without principal).
  static const auth::Principal kAnonymous{};
  CallContext ctx{rec.principal ? *rec.principal : kAnonymous, rec.region, rec.request_id,
                  rec.source_ip,  rec.user_agent, HostOf(call.request.head),
                  rec.time};
  // What the call names, from its input: authorized on, and recorded if the call fails.
  if (op.resources) rec.resources = op.resources(ctx, input, nullptr);
  if (auto refusal = Authorize(rec, op.action, rec.resources)) {
    return IsQueryCall(call.request.head) ? errors::AccessDenied(std::move(*refusal))
                                          : errors::AccessDeniedException(std::move(*refusal));
  }
  if (LowOnSpace(op.name, op.read_only)) {
    return errors::InsufficientSpace(disk_reserve_->reserve_bytes());
  }
  auto output = Invoke(op, ctx, input, direct);
  call.durable = std::move(ctx.durable);
  call.raw_content_type = std::move(ctx.raw_content_type);
  if (output.ok()) {
    rec.response_elements = op.record_response ? op.record_response(*output)
                                               : SelectFields(*output, op.logged_response_fields);
  }
  if (op.resources && output.ok()) rec.resources = op.resources(ctx, input, &*output);
  return output;
}

std::optional<std::string> Dispatcher::Authorize(
    const CallRecord& rec, std::string_view action, std::span<const ResourceRef> resources,
    std::span<const std::pair<std::string, std::string>> service_keys) const {
  if (action.empty() || !rec.principal) return std::nullopt;
  const AccessRequest request{.principal = *rec.principal,
                              .action = action,
                              .resources = resources,
                              .source_ip = rec.source_ip,
                              .secure_transport = false,
                              .now = rec.time,
                              .service_keys = service_keys};
  std::optional<Denial> denial = authorizer_.Check(request);
  if (!denial) return std::nullopt;
  return DenialMessage(request, *denial);
}

bool Dispatcher::LowOnSpace(std::string_view operation, bool read_only) const {
  return disk_reserve_ != nullptr && store::MayConsumeSpace(operation, read_only) &&
         disk_reserve_->Low();
}

Response Dispatcher::HandleFrontEnd(Call& call, FrontEnd& front_end) {
  CallRecord& rec = call.record;
  Request& request = call.request;
  std::unique_ptr<FrontEndCall> wire = front_end.Start(request.head, /*opening_sink=*/false);
  // A refusal is recorded as AccessDenied whatever the wire calls it (/v2 says DENIED), so
  // that CloudTrail's records and the usual "AccessDenied*" alarms see every one.
  std::optional<Error> recorded;
  Result<Response> result = [&]() -> Result<Response> {
    BERTH_RETURN_IF_ERROR(wire->Route(rec));
    BERTH_RETURN_IF_ERROR(AuthenticateFrontEnd(request, rec, front_end, *wire));
    rec.authenticated = true;
    if (auto refusal =
            Authorize(rec, wire->Action(), wire->Resources(rec), wire->ConditionKeys())) {
      recorded = errors::AccessDenied(*refusal);
      return front_end.Denied(std::move(*refusal));
    }
    if (LowOnSpace(rec.operation, rec.read_only)) {
      return front_end.InsufficientSpace(disk_reserve_->reserve_bytes());
    }
    // The last line of defence, as for operations (Invoke).
    try {
      return wire->Handle(request, rec);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "berth: %s threw: %s\n", rec.operation.c_str(), e.what());
    } catch (...) {
      std::fprintf(stderr, "berth: %s threw a non-exception\n", rec.operation.c_str());
    }
    return front_end.InternalError();
  }();
  if (!result.ok() && IsServerFault(result.error())) {
    result = Conceal(rec, result.error(), front_end.InternalError());
  }
  if (!result.ok()) {
    rec.error = recorded ? std::move(*recorded) : wire->RecordedError(result.error());
  }
  return wire->Answer(std::move(result), rec);
}

Status Dispatcher::Authenticate(Call& call, const ServiceSpec* service) {
  CallRecord& rec = call.record;
  const RequestHead& head = call.request.head;
  // The alternative to a signature: a console session, authorized and recorded as its user.
  if (PresentsSession(head)) {
    return StatusOf(AuthenticateSession(head, rec, service != nullptr ? service->name : ""));
  }
  BERTH_ASSIGN_OR_RETURN(auth::SigV4Request parsed, auth::ParseSigV4(head));
  const std::optional<std::string> token = auth::SecurityToken(head);
  BERTH_ASSIGN_OR_RETURN(auto key,
                         credentials_.FindSigningKey(parsed.access_key_id, token, rec.time));
  if (!key.has_value()) return auth::errors::UnrecognizedClient();
  // From here on the caller is known: a failed signature is still attributed to this key.
  rec.principal = key->principal;
  rec.principal->access_key_id = parsed.access_key_id;
  rec.region = parsed.region;
  BERTH_RETURN_IF_ERROR(verifier_.Verify(head, call.request.body, parsed, key->secret));
  if (service != nullptr && parsed.service != service->name) {
    return auth::errors::WrongServiceScope(parsed.service, service->name);
  }
  rec.authenticated = true;
  credentials_.NoteKeyUse(parsed.access_key_id, parsed.service, parsed.region,
                          std::chrono::duration_cast<std::chrono::seconds>(
                              rec.time.time_since_epoch()).count());
  return Ok();
}

bool Dispatcher::PresentsSession(const RequestHead& head) const {
  return sessions_ != nullptr && !IsSigned(head) && sessions_->Presents(head);
}

Result<SessionCaller> Dispatcher::AuthenticateSession(const RequestHead& head, CallRecord& rec,
                                                      std::string_view service) const {
  BERTH_ASSIGN_OR_RETURN(SessionCaller caller, sessions_->Authenticate(head));
  rec.principal = caller.principal;
  rec.region = caller.region;
  rec.console_session_created = caller.created;
  rec.authenticated = true;
  if (!service.empty()) {  // the key's last use, as IAM's GetAccessKeyLastUsed shows it
    credentials_.NoteKeyUse(rec.principal->access_key_id, std::string(service), rec.region,
                            std::chrono::duration_cast<std::chrono::seconds>(
                                rec.time.time_since_epoch()).count());
  }
  return caller;
}

Status Dispatcher::AuthenticateFrontEnd(Request& request, CallRecord& rec,
                                        const FrontEnd& front_end, FrontEndCall& wire) const {
  // A raw wire's request with the cookie but without the anti-forgery header is no console
  // call (a browser fetching an object URL, say): it is the wire's own, anonymous or signed.
  if (front_end.TakesSessions() && PresentsSession(request.head) &&
      request.head.Find(kSessionCsrfHeader) != nullptr) {
    BERTH_ASSIGN_OR_RETURN(SessionCaller caller, AuthenticateSession(request.head, rec, rec.service));
    wire.UseSession(request, caller, rec);
    return Ok();
  }
  return wire.Authenticate(request, rec);
}

Result<Document> Dispatcher::Invoke(const OperationSpec& op, CallContext& ctx,
                                    const Document& input, std::any* direct) {
  // The last line of defence: a handler that throws (a library, an allocation) answers
  // InternalFailure instead of taking the connection, or the process, down with it.
  try {
    return direct != nullptr ? op.direct_handler(ctx, *direct) : op.handler(ctx, input);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "berth: %s threw: %s\n", op.name.c_str(), e.what());
  } catch (...) {
    std::fprintf(stderr, "berth: %s threw a non-exception\n", op.name.c_str());
  }
  return errors::InternalFailure();
}

void Dispatcher::Record(Call& call, Response& response) {
  CallRecord& rec = call.record;
  rec.http_status = response.status;
  rec.response_bytes = response.file ? response.file->length : response.body.size();
  rec.duration = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - call.started);
  // The request id travels back to the caller in every protocol.
  response.SetHeader("x-amzn-RequestId", rec.request_id);
  response.wire = call.wire;
  if (call.durable) response.durable = std::move(call.durable);
  for (CallObserver* observer : observers_) {
    std::shared_ptr<Commitment> commitment = observer->OnCall(rec);
    if (!commitment) continue;
    response.durable = response.durable
                           ? std::make_shared<BothCommitments>(std::move(response.durable),
                                                               std::move(commitment))
                           : std::move(commitment);
  }
}

}  // namespace berth::pipeline
