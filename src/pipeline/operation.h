#pragma once
// Operations are data. Each service lists its operations once, in a table of OperationSpecs
// (services/<name>/api/operations.cc); the dispatcher finds an operation by name and does
// everything around the handler: decoding, authentication, authorization, encoding, recording.
// A handler never sees the wire, a socket or the audit trail.

#include <any>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/document.h"
#include "core/http_types.h"
#include "core/result.h"

namespace berth::pipeline {

// The wire protocol a service speaks (decides how the dispatcher decodes and encodes).
enum class Protocol {
  kAwsJson10,  // X-Amz-Target, application/x-amz-json-1.0
  kAwsJson11,  // X-Amz-Target, application/x-amz-json-1.1
  kAwsQuery,   // form Action=…&Version=…, XML answers
  kRpcV2Cbor,  // POST /service/<name>/operation/<Op>, smithy-protocol: rpc-v2-cbor
};

// Everything a handler may know about the call besides its input.
struct CallContext {
  const auth::Principal& principal;
  std::string_view region;      // from the signature's credential scope
  std::string_view request_id;  // also returned in x-amzn-RequestId
  std::string_view source_ip;
  std::string_view user_agent;
  std::string_view host;        // Host header as sent (e.g. "127.0.0.1:5000")
  TimePoint now;                // one clock reading for the whole call
  // Set by a handler whose effects become durable later than it returns (PutMetricData's
  // journal): the response is sent only once this is kept, without holding the I/O thread.
  std::shared_ptr<Commitment> durable = nullptr;
  // Set by a handler that answers with raw bytes instead of the protocol's encoding (CloudWatch
  // GetMetricWidgetImage with OutputFormat image/png): the output's one blob member becomes the
  // body, with this Content-Type, on every wire.
  std::string raw_content_type;
};

// A resource a call touched, for CloudTrail's `resources` list.
struct ResourceRef {
  std::string type;  // e.g. "AWS::ECR::Repository"
  std::string arn;
};

using Handler = std::function<Result<Document>(CallContext&, const Document& input)>;

// What an operation's own JSON decoder made of a body (OperationSpec::direct_json): the typed
// input for its direct handler, and the members the dispatcher records and finds resources in.
struct DirectInput {
  Document logged;  // a map of (some of) the request's members: requestParameters, resources
  std::any input;   // handed to OperationSpec::direct_handler as is
};
using DirectJsonDecoder = std::function<std::optional<DirectInput>(std::string_view json)>;
using DirectHandler = std::function<Result<Document>(CallContext&, std::any& input)>;
using ResourceFinder = std::function<std::vector<ResourceRef>(
    const CallContext&, const Document& input, const Document* output)>;

// One operation, in the shape every service's table uses (designated initializers:
// {.name = "PutImage", .read_only = false, .handler = …}).
struct OperationSpec {
  std::string name;  // "DescribeRepositories"
  // The IAM action it is authorized as; empty means AWS's usual "<prefix>:<name>"
  // (ServiceSpec::action_prefix), filled in when the dispatcher is made.
  std::string action;
  bool read_only = false;
  Handler handler;
  // Request members copied into the audit record's requestParameters (never secrets or
  // payloads); empty means none. "*" means every member.
  std::vector<std::string> logged_request_fields;
  // Response members copied into responseElements; empty means none (AWS logs null for reads).
  std::vector<std::string> logged_response_fields;
  // Where AWS records a call in another shape than its wire's (STS: lower camel case, the
  // secret left out): requestParameters from the input, responseElements from the output, in
  // place of the two lists above. Either may be empty.
  std::function<Document(const Document& input)> record_request;
  std::function<Document(const Document& output)> record_response;
  // The resources the call names: CloudTrail's `resources`, and (from the input alone,
  // before the handler runs) what the action is authorized on. Empty means "*".
  ResourceFinder resources;
  // Output members that are AWS `map` shapes, as dotted paths (lists skipped:
  // "Datapoints.ExtendedStatistics"): the query protocol writes them as <entry> lists.
  std::vector<std::string> xml_maps;
  size_t max_request_bytes = 1 << 20;
  // Optional, for an operation whose JSON input is too hot for a generic Document (PutMetricData
  // at a million datums a second): a decoder from the (inflated) JSON body straight to the
  // handler's input, and the handler that takes it. The decoder runs where the generic decoding
  // would (after authenticate, before authorize); it answers nullopt for any body it does not
  // take whole, and the call then goes the generic way (`handler`, with its errors). Everything
  // else, authorize, recording, errors and encoding, is the dispatcher's as for every call.
  DirectJsonDecoder direct_json;
  DirectHandler direct_handler;
  // Callable unsigned as well (query protocol): SNS's SubscribeURL and UnsubscribeURL, plain
  // GETs an endpoint opens, as on AWS. An unsigned call skips authenticate and authorize and
  // reaches the handler with a principal without account: the handler authorizes it from its
  // input (a confirmation token, an unguessable subscription ARN). Signed calls are as usual.
  bool anonymous = false;
};

struct ServiceSpec {
  std::string name;           // SigV4 signing name and short name, e.g. "ecr"
  std::string event_source;   // "ecr.amazonaws.com"
  // The name users know the service by, for messages ("CloudWatch Logs"); empty means `name`.
  std::string display_name;
  Protocol protocol = Protocol::kAwsJson11;
  // Further front-ends of the same operations, chosen per request by the dispatcher (CloudWatch
  // answers JSON 1.0, query and RPC v2 CBOR alike).
  std::vector<Protocol> more_protocols;
  std::string json_target_prefix;  // "AmazonEC2ContainerRegistry_V20150921"
  std::string query_version;       // for kAwsQuery, e.g. "2010-08-01"
  std::string xml_namespace;       // for kAwsQuery answers
  // IAM's prefix for the service's actions when it is not `name` ("cloudwatch" for
  // "monitoring"); empty means `name`.
  std::string action_prefix;
  std::string rpc_v2_service;      // for kRpcV2Cbor paths, e.g. "GraniteServiceVersion20100801"
  std::string error_namespace;     // prefixes __type in RPC v2 errors, "com.amazonaws.cloudwatch"
  // awsQueryCompatible (a query service moved to JSON/CBOR): errors of those protocols carry
  // `x-amzn-query-error: <query code>;Sender|Receiver`, and query answers use the query code.
  // `query_error_codes` maps an error code to its query code where they differ
  // ("InvalidParameterValueException" → "InvalidParameterValue").
  bool query_compatible = false;
  std::vector<std::pair<std::string, std::string>> query_error_codes;
  std::vector<OperationSpec> operations;

  bool Speaks(Protocol p) const {
    if (protocol == p) return true;
    for (Protocol more : more_protocols)
      if (more == p) return true;
    return false;
  }
  bool SpeaksJson() const { return Speaks(Protocol::kAwsJson10) || Speaks(Protocol::kAwsJson11); }
  std::string_view QueryErrorCode(std::string_view code) const {
    for (const auto& [from, to] : query_error_codes)
      if (from == code) return to;
    return code;
  }

  const OperationSpec* Find(std::string_view op_name) const {
    for (const auto& op : operations)
      if (op.name == op_name) return &op;
    return nullptr;
  }
};

}  // namespace berth::pipeline
