#include "pipeline/dispatcher.h"

#include <chrono>
#include <cstdio>
#include <exception>

#include "auth/auth_errors.h"
#include "core/ids.h"
#include "pipeline/audit_fields.h"
#include "pipeline/pipeline_errors.h"
#include "protocol/aws_json.h"
#include "protocol/aws_query.h"

namespace berth::pipeline {

namespace {

constexpr uint64_t kDefaultBodyLimit = 1 << 20;
constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded";

protocol::JsonVersion JsonVersionOf(Protocol p) {
  return p == Protocol::kAwsJson10 ? protocol::JsonVersion::k10 : protocol::JsonVersion::k11;
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

bool HasActionInQuery(const RequestHead& head) {
  return head.method == "GET" &&
         (head.query.rfind("Action=", 0) == 0 || head.query.find("&Action=") != std::string::npos);
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
};

Dispatcher::Dispatcher(const Clock& clock, auth::CredentialStore& credentials,
                       std::vector<ServiceSpec> services, std::vector<RawEndpoint*> raw_endpoints,
                       std::vector<CallObserver*> observers,
                       const store::DiskReserve* disk_reserve)
    : clock_(clock),
      credentials_(credentials),
      verifier_(clock),
      services_(std::move(services)),
      raw_endpoints_(std::move(raw_endpoints)),
      observers_(std::move(observers)),
      disk_reserve_(disk_reserve) {}

RawEndpoint* Dispatcher::FindRawEndpoint(const RequestHead& head) const {
  for (RawEndpoint* endpoint : raw_endpoints_)
    if (endpoint->Matches(head)) return endpoint;
  return nullptr;
}

bool Dispatcher::Accepts(const RequestHead& head) const {
  return head.Find("x-amz-target") != nullptr || IsFormRequest(head) || HasActionInQuery(head);
}

const ServiceSpec* Dispatcher::FindByTarget(std::string_view target,
                                            std::string_view* op_name) const {
  const auto dot = target.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  const std::string_view prefix = target.substr(0, dot);
  for (const auto& service : services_) {
    if (service.protocol != Protocol::kAwsQuery &&
        TargetPrefixMatches(service.json_target_prefix, prefix)) {
      *op_name = target.substr(dot + 1);
      return &service;
    }
  }
  return nullptr;
}

const ServiceSpec* Dispatcher::FindQueryService(std::string_view signing_name) const {
  for (const auto& service : services_)
    if (service.protocol == Protocol::kAwsQuery && service.name == signing_name) return &service;
  return nullptr;
}

uint64_t Dispatcher::BodyLimit(const RequestHead& head) const {
  if (RawEndpoint* endpoint = FindRawEndpoint(head)) return endpoint->BodyLimit(head);
  if (const std::string* target = head.Find("x-amz-target")) {
    std::string_view op_name;
    if (const ServiceSpec* service = FindByTarget(*target, &op_name)) {
      if (const OperationSpec* op = service->Find(op_name)) return op->max_request_bytes;
    }
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
  if (RawEndpoint* endpoint = FindRawEndpoint(head)) return endpoint->OpenSink(head);
  return nullptr;
}

Response Dispatcher::Handle(Request&& request) {
  Call call{std::move(request), {}, std::chrono::steady_clock::now()};
  Begin(call);
  CallRecord& rec = call.record;
  const RequestHead& head = call.request.head;

  Response response;
  if (RawEndpoint* endpoint = FindRawEndpoint(head)) {
    response = endpoint->Handle(call.request, rec);
  } else if (head.Find("x-amz-target") != nullptr) {
    response = HandleJson(call);
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
  if (RawEndpoint* endpoint = FindRawEndpoint(head)) {
    Response response = endpoint->TooLarge(head, limit, rec);
    Record(call, response);
    return response;
  }
  Error error = errors::RequestTooLarge(limit);
  rec.error = error;
  Response response = head.Find("x-amz-target") == nullptr
                          ? protocol::EncodeQueryError(error, rec.request_id)
                          : protocol::EncodeJsonError(error, protocol::JsonVersion::k11);
  Record(call, response);
  return response;
}

Response Dispatcher::HandleJson(Call& call) {
  CallRecord& rec = call.record;
  std::string_view op_name;
  const ServiceSpec* service = FindByTarget(*call.request.head.Find("x-amz-target"), &op_name);
  const auto version =
      JsonVersionOf(service != nullptr ? service->protocol : Protocol::kAwsJson11);
  auto fail = [&](Error error) {
    rec.error = error;
    return protocol::EncodeJsonError(error, version);
  };
  if (service == nullptr) {
    return fail(errors::UnknownTarget(*call.request.head.Find("x-amz-target")));
  }
  rec.service = service->name;
  rec.event_source = service->event_source;
  const OperationSpec* op = service->Find(op_name);
  if (op != nullptr) {
    rec.operation = op->name;
    rec.read_only = op->read_only;
  }
  if (Status auth = Authenticate(call, service); !auth.ok()) return fail(auth.error());
  if (op == nullptr) return fail(errors::UnknownOperation(service->name, op_name));

  auto input = protocol::DecodeJsonRequest(call.request.body);
  if (!input.ok()) return fail(input.error());
  auto output = Run(call, *op, *input);
  if (!output.ok()) return fail(output.error());
  return protocol::EncodeJsonResult(*output, version);
}

Response Dispatcher::HandleQuery(Call& call) {
  CallRecord& rec = call.record;
  auto fail = [&](Error error) {
    rec.error = error;
    return protocol::EncodeQueryError(error, rec.request_id);
  };
  // The service of a query call is the one its signature is scoped to (AWS tells them apart by
  // host name; berth serves them all on one).
  auto scope = auth::ParseSigV4(call.request.head);
  const ServiceSpec* service = scope.ok() ? FindQueryService(scope->service) : nullptr;
  if (service != nullptr) {
    rec.service = service->name;
    rec.event_source = service->event_source;
  }
  if (Status auth = Authenticate(call, service); !auth.ok()) return fail(auth.error());

  const std::string& form =
      call.request.head.method == "GET" ? call.request.head.query : call.request.body;
  auto query = protocol::DecodeQueryForm(form);
  if (!query.ok()) return fail(query.error());
  if (service == nullptr) return fail(errors::InvalidAction(query->action));
  const OperationSpec* op = service->Find(query->action);
  if (op == nullptr) return fail(errors::InvalidAction(query->action));
  rec.operation = op->name;
  rec.read_only = op->read_only;
  auto output = Run(call, *op, query->params);
  if (!output.ok()) return fail(output.error());
  return protocol::EncodeQueryResult(op->name, service->xml_namespace, *output, rec.request_id);
}

Result<Document> Dispatcher::Run(Call& call, const OperationSpec& op, const Document& input) {
  CallRecord& rec = call.record;
  rec.request_parameters = SelectFields(input, op.logged_request_fields);
  if (disk_reserve_ != nullptr && store::MayConsumeSpace(op.name, op.read_only) &&
      disk_reserve_->Low()) {
    return errors::InsufficientSpace(disk_reserve_->reserve_bytes());
  }
  CallContext ctx{*rec.principal, rec.region,     rec.request_id,
                  rec.source_ip,  rec.user_agent, HostOf(call.request.head),
                  rec.time};
  auto output = Invoke(op, ctx, input);
  if (output.ok()) rec.response_elements = SelectFields(*output, op.logged_response_fields);
  if (op.resources) rec.resources = op.resources(ctx, input, output.ok() ? &*output : nullptr);
  return output;
}

Status Dispatcher::Authenticate(Call& call, const ServiceSpec* service) {
  CallRecord& rec = call.record;
  const RequestHead& head = call.request.head;
  BERTH_ASSIGN_OR_RETURN(auth::SigV4Request parsed, auth::ParseSigV4(head));
  BERTH_ASSIGN_OR_RETURN(auto key, credentials_.FindAccessKey(parsed.access_key_id));
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
  return Ok();
}

Result<Document> Dispatcher::Invoke(const OperationSpec& op, CallContext& ctx,
                                    const Document& input) {
  // The last line of defence: a handler that throws (a library, an allocation) answers
  // InternalFailure instead of taking the connection, or the process, down with it.
  try {
    return op.handler(ctx, input);
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
