#include "services/registry/registry.h"

#include <iterator>

#include "core/url.h"
#include "protocol/oci_errors.h"
#include "services/ecr/model/validation.h"
#include "services/registry/endpoints.h"
#include "services/registry/oci_error_codes.h"
#include "services/registry/route.h"

namespace berth::services::registry {
namespace {

constexpr uint64_t kMaxManifestBytes = 4 << 20;  // ECR's manifest size limit
constexpr uint64_t kMaxOtherBody = 64 << 10;
constexpr uint64_t kUnlimited = ~uint64_t{0};

using EndpointFn = Result<Response> (*)(EcrService&, RegistryCall&, UploadSink*);

// One route and method, in the operation-table shape every service uses: the ECR event it is
// recorded as (AWS's names where ECR logs the registry call; berth's own for calls ECR does
// not log), the ECR action it is authorized as (the one AWS checks for it: a pull needs
// ecr:BatchGetImage and ecr:GetDownloadUrlForLayer, a push the layer-upload actions and
// ecr:PutImage), and its endpoint. Every op with a repository in its path is authorized on
// that repository's ARN.
struct RouteOp {
  RouteKind route;
  std::string_view method;
  std::string_view name;
  std::string_view action;  // empty: authentication is enough (the ping)
  bool read_only = false;
  // AWS writes no CloudTrail event for the ping (a refused login through it is recorded).
  bool audited = true;
  bool query_token = false;  // a download URL's X-Berth-Token for this very blob is enough
  // The endpoint checks the repository itself, in the same read as the rest of its lookups
  // (manifest GET and HEAD: every pull's first call).
  bool checks_repository = false;
  EndpointFn endpoint = nullptr;
};

Result<Response> Ping(EcrService&, RegistryCall&, UploadSink*) {
  Response response;
  response.SetHeader("Content-Type", "application/json");
  response.body = "{}";
  return response;
}

Result<Response> NoBlobDeletes(EcrService&, RegistryCall&, UploadSink*) {
  return oci::Unsupported("blobs are deleted by garbage collection (berth gc), not by request");
}

#define BERTH_NO_SINK(fn) [](EcrService& s, RegistryCall& c, UploadSink*) { return fn(s, c); }

constexpr RouteOp kRouteOps[] = {
    {.route = RouteKind::kPing,
     .method = "GET",
     .name = "Ping",
     .read_only = true,
     .audited = false,
     .endpoint = Ping},
    {.route = RouteKind::kPing,
     .method = "HEAD",
     .name = "Ping",
     .read_only = true,
     .audited = false,
     .endpoint = Ping},
    {.route = RouteKind::kCatalog,
     .method = "GET",
     .name = "DescribeRepositories",
     .action = "ecr:DescribeRepositories",
     .read_only = true,
     .endpoint = BERTH_NO_SINK(ListCatalog)},
    {.route = RouteKind::kTags,
     .method = "GET",
     .name = "ListImages",
     .action = "ecr:ListImages",
     .read_only = true,
     .endpoint = BERTH_NO_SINK(ListTags)},
    {.route = RouteKind::kManifest,
     .method = "GET",
     .name = "BatchGetImage",
     .action = "ecr:BatchGetImage",
     .read_only = true,
     .checks_repository = true,
     .endpoint = BERTH_NO_SINK(GetManifest)},
    {.route = RouteKind::kManifest,
     .method = "HEAD",
     .name = "BatchGetImage",
     .action = "ecr:BatchGetImage",
     .read_only = true,
     .checks_repository = true,
     .endpoint = BERTH_NO_SINK(GetManifest)},
    {.route = RouteKind::kManifest,
     .method = "PUT",
     .name = "PutImage",
     .action = "ecr:PutImage",
     .endpoint = BERTH_NO_SINK(PutManifest)},
    {.route = RouteKind::kManifest,
     .method = "DELETE",
     .name = "BatchDeleteImage",
     .action = "ecr:BatchDeleteImage",
     .endpoint = BERTH_NO_SINK(DeleteManifest)},
    {.route = RouteKind::kBlob,
     .method = "GET",
     .name = "GetDownloadUrlForLayer",
     .action = "ecr:GetDownloadUrlForLayer",
     .read_only = true,
     .query_token = true,
     .endpoint = BERTH_NO_SINK(GetBlob)},
    {.route = RouteKind::kBlob,
     .method = "HEAD",
     .name = "BatchCheckLayerAvailability",
     .action = "ecr:BatchCheckLayerAvailability",
     .read_only = true,
     .query_token = true,
     .endpoint = BERTH_NO_SINK(GetBlob)},
    {.route = RouteKind::kBlob,
     .method = "DELETE",
     .name = "DeleteLayer",
     .action = "ecr:BatchDeleteImage",
     .endpoint = NoBlobDeletes},
    {.route = RouteKind::kUploads,
     .method = "POST",
     .name = "InitiateLayerUpload",
     .action = "ecr:InitiateLayerUpload",
     .endpoint = StartUpload},
    {.route = RouteKind::kUpload,
     .method = "PATCH",
     .name = "UploadLayerPart",
     .action = "ecr:UploadLayerPart",
     .endpoint = PatchUpload},
    {.route = RouteKind::kUpload,
     .method = "PUT",
     .name = "CompleteLayerUpload",
     .action = "ecr:CompleteLayerUpload",
     .endpoint = FinishUploadCall},
    // Berth's own events for the rest of an upload's life: authorized as its parts are.
    {.route = RouteKind::kUpload,
     .method = "GET",
     .name = "GetLayerUploadStatus",
     .action = "ecr:UploadLayerPart",
     .read_only = true,
     .endpoint = BERTH_NO_SINK(GetUploadStatus)},
    {.route = RouteKind::kUpload,
     .method = "DELETE",
     .name = "CancelLayerUpload",
     .action = "ecr:UploadLayerPart",
     .endpoint = BERTH_NO_SINK(CancelUpload)},
    {.route = RouteKind::kReferrers,
     .method = "GET",
     .name = "ListReferrers",
     .action = "ecr:BatchGetImage",
     .read_only = true,
     .endpoint = BERTH_NO_SINK(ListReferrers)},
};

#undef BERTH_NO_SINK

constexpr std::string_view kMethods[] = {"GET", "HEAD", "PUT", "POST", "PATCH", "DELETE"};
constexpr size_t kMethodCount = std::size(kMethods);
constexpr size_t kRouteCount = static_cast<size_t>(RouteKind::kUnknown) + 1;

int MethodIndex(std::string_view method) {
  for (size_t i = 0; i < kMethodCount; ++i)
    if (kMethods[i] == method) return static_cast<int>(i);
  return -1;
}

// kRouteOps by route and method, built once: finding a call's op is two array indexings.
struct RouteIndex {
  const RouteOp* ops[kRouteCount][kMethodCount] = {};
  bool known[kRouteCount] = {};

  RouteIndex() {
    for (const RouteOp& op : kRouteOps) {
      const auto route = static_cast<size_t>(op.route);
      known[route] = true;
      ops[route][MethodIndex(op.method)] = &op;
    }
  }
};

// The op of this route and method; *route_known says whether the route exists at all.
const RouteOp* FindOp(RouteKind kind, std::string_view method, bool* route_known) {
  static const RouteIndex index;
  const auto route = static_cast<size_t>(kind);
  *route_known = index.known[route];
  const int at = MethodIndex(method);
  return at < 0 ? nullptr : index.ops[route][at];
}

bool HasNamedRepository(RouteKind kind) {
  return kind != RouteKind::kPing && kind != RouteKind::kCatalog;
}

bool QueryHas(std::string_view query, std::string_view name) {
  auto params = url::ParseQuery(query, false);
  if (!params) return false;
  for (const auto& [key, value] : *params)
    if (key == name) return true;
  return false;
}

// Upload requests whose body streams into the blob store.
bool StreamsUploadBody(const RequestHead& head, const Route& route) {
  if (route.kind == RouteKind::kUpload) return head.method == "PATCH" || head.method == "PUT";
  return route.kind == RouteKind::kUploads && head.method == "POST" &&
         QueryHas(head.query, "digest") && !QueryHas(head.query, "mount");
}

// The Accept header's media types, as BatchGetImage's acceptedMediaTypes.
Document AcceptedMediaTypes(const RequestHead& head) {
  Document types = Document::MakeList();
  const std::string* accept = head.Find("accept");
  if (accept == nullptr) return types;
  std::string_view rest = *accept;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    item = item.substr(0, item.find(';'));  // parameters (q=) are not media types
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) types.Push(Document(std::string(item)));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return types;
}

// The query parameter `name`, or empty.
std::string QueryValue(std::string_view query, std::string_view name) {
  auto params = url::ParseQuery(query, false);
  if (!params) return {};
  for (const auto& [key, value] : *params)
    if (key == name) return value;
  return {};
}

// The parameters recorded for the call, in the shape of the ECR API request it is recorded as
// (AWS's ECR CloudTrail examples: PutImage with imageTag, BatchGetImage with imageIds and
// acceptedMediaTypes; registryId is added once the caller is known).
Document RequestParameters(const Route& route, const RequestHead& head) {
  if (!HasNamedRepository(route.kind)) return Document();
  Document params;
  params["repositoryName"] = route.name;
  const bool is_digest = route.reference.find(':') != std::string::npos;
  const std::string_view method = head.method;
  switch (route.kind) {
    case RouteKind::kManifest: {
      if (method == "PUT") {
        params[is_digest ? "imageDigest" : "imageTag"] = route.reference;
        break;
      }
      Document id;
      id[is_digest ? "imageDigest" : "imageTag"] = route.reference;
      Document ids = Document::MakeList();
      ids.Push(std::move(id));
      params["imageIds"] = std::move(ids);
      if (method != "DELETE") params["acceptedMediaTypes"] = AcceptedMediaTypes(head);
      break;
    }
    case RouteKind::kBlob:
      if (method == "HEAD") {  // BatchCheckLayerAvailability takes a list
        Document digests = Document::MakeList();
        digests.Push(Document(route.reference));
        params["layerDigests"] = std::move(digests);
        break;
      }
      [[fallthrough]];
    case RouteKind::kReferrers:
      params["layerDigest"] = route.reference;
      break;
    case RouteKind::kUpload:
      params["uploadId"] = route.reference;
      if (method == "PUT") {  // CompleteLayerUpload names the digest it completes
        Document digests = Document::MakeList();
        digests.Push(Document(QueryValue(head.query, "digest")));
        params["layerDigests"] = std::move(digests);
      }
      break;
    default:
      break;
  }
  return params;
}

// The ECR API's exception for an OCI error code, as ECR's CloudTrail records name it (the
// client still sees the OCI code). Codes without an ECR counterpart are recorded as they are.
Error AsEcrError(const Error& oci) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"NAME_UNKNOWN", "RepositoryNotFoundException"},
      {"MANIFEST_UNKNOWN", "ImageNotFoundException"},
      {"BLOB_UNKNOWN", "LayersNotFoundException"},
      {"MANIFEST_BLOB_UNKNOWN", "LayersNotFoundException"},
      {"BLOB_UPLOAD_UNKNOWN", "UploadNotFoundException"},
      {"BLOB_UPLOAD_INVALID", "InvalidLayerPartException"},
      {"DIGEST_INVALID", "InvalidLayerException"},
      {"SIZE_INVALID", "InvalidLayerException"},
      {"NAME_INVALID", "InvalidParameterException"},
      {"MANIFEST_INVALID", "InvalidParameterException"},
      {"TAG_INVALID", "InvalidParameterException"},
  };
  Error recorded = oci;
  // An immutable repository's taken tag is PutImage's ImageTagAlreadyExistsException.
  if (oci.code == "TAG_INVALID" && oci.message.find("already exists") != std::string::npos) {
    recorded.code = "ImageTagAlreadyExistsException";
    return recorded;
  }
  for (const auto& [code, name] : kNames) {
    if (oci.code == code) {
      recorded.code = std::string(name);
      break;
    }
  }
  return recorded;
}

// BatchCheckLayerAvailability's answer for a layer it does not have: a failure in the
// response, as ECR reports it, not a failed call.
Document MissingLayer(const std::string& digest) {
  Document failure;
  failure["layerDigest"] = digest;
  failure["failureCode"] = "MissingLayerDigest";
  failure["failureReason"] = "Could not find layer";
  Document failures = Document::MakeList();
  failures.Push(std::move(failure));
  Document elements;
  elements["failures"] = std::move(failures);
  elements["layers"] = Document::MakeList();
  return elements;
}

}  // namespace

// One /v2 call through the dispatcher's stages.
class Registry::Call final : public pipeline::FrontEndCall {
 public:
  Call(Registry& registry, const RequestHead& head) : registry_(registry), head_(head) {}

  Status Route(pipeline::CallRecord& record) override {
    record.service = "ecr";
    record.event_source = "ecr.amazonaws.com";
    route_ = ParseRoute(head_.path);
    bool route_known = false;
    op_ = FindOp(route_.kind, head_.method, &route_known);
    if (op_ == nullptr) {
      // Not an endpoint of the spec: 404, with a code from the spec's list.
      if (!route_known) return Error{"UNSUPPORTED", "no such endpoint: " + head_.path, 404};
      return oci::Unsupported(head_.method + " is not supported on " + head_.path);
    }
    record.operation = std::string(op_->name);
    record.read_only = op_->read_only;
    record.audited = op_->audited;
    record.request_parameters = RequestParameters(route_, head_);
    return Ok();
  }

  Status Authenticate(Request& request, pipeline::CallRecord& record) override {
    sink_ = dynamic_cast<UploadSink*>(request.sink.get());
    if (sink_ != nullptr) record.request_bytes = sink_->received();  // streamed, not in body
    // A download token is good for the one blob it was issued for, nothing else.
    const RegistryAuth::BlobRead blob_read{route_.name, route_.reference};
    auto principal =
        registry_.auth_.Authenticate(head_, op_->query_token ? &blob_read : nullptr);
    if (!principal.ok()) {
      RecordRefusedCredentials(record);
      return principal.error();
    }
    principal_ = std::move(*principal);
    record.principal = principal_;
    record.region = registry_.region_;
    registry_id_ = RegistryIdOfHost(head_).value_or(principal_.account_id);
    if (HasNamedRepository(route_.kind)) {
      record.request_parameters["registryId"] = registry_id_;
    }
    // Authorized on this ARN: another account's repository only through its policy.
    if (HasNamedRepository(route_.kind) && ecr::IsValidRepositoryName(route_.name)) {
      record.resources.push_back(
          {"AWS::ECR::Repository",
           ecr::RepositoryArn(registry_.region_, registry_id_, route_.name)});
    }
    return Ok();
  }

  std::string_view Action() const override { return op_->action; }

  Result<Response> Handle(Request& request, pipeline::CallRecord& record) override {
    const bool layer_check = route_.kind == RouteKind::kBlob && head_.method == "HEAD";
    std::string digest = layer_check ? route_.reference : std::string();
    Result<Response> result = Run(request);
    if (layer_check && !result.ok() && result.error().code == "BLOB_UNKNOWN") {
      record.response_elements = MissingLayer(digest);
      layer_missing_ = true;
    }
    return result;
  }

  std::optional<Error> RecordedError(const Error& answered) const override {
    if (login_error_) return login_error_;
    if (layer_missing_) return std::nullopt;
    return AsEcrError(answered);
  }

  Response Answer(Result<Response> result, const pipeline::CallRecord&) override {
    Response response;
    if (result.ok()) {
      response = std::move(*result);
    } else {
      response = protocol::EncodeOciError(result.error());
      if (result.error().http_status == 401) {
        response.SetHeader("WWW-Authenticate", RegistryAuth::Challenge(head_));
      }
    }
    response.SetHeader("Docker-Distribution-API-Version", "registry/2.0");
    return response;
  }

  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) override {
    auto repo = registry_.RequireRepository(registry_id_, route_.name);
    if (!repo.ok()) return RefuseSink(repo.error());
    Request request{head, {}, nullptr, Ok()};
    RegistryCall call{request, route_, principal_, std::move(*repo), registry_.ecr_.clock().Now(),
                      registry_id_};
    return OpenUploadSink(registry_.ecr_, call);
  }

  std::unique_ptr<BodySink> RefuseSink(Error error) override {
    return std::make_unique<UploadSink>(std::move(error));
  }

 private:
  // Checks the repository is the caller's and runs the endpoint.
  Result<Response> Run(Request& request) {
    ecr::Repository repo;
    if (HasNamedRepository(route_.kind) && !op_->checks_repository) {
      BERTH_ASSIGN_OR_RETURN(repo, registry_.RequireRepository(registry_id_, route_.name));
    }
    if (sink_ != nullptr && !sink_->opened().ok()) return sink_->opened().error();
    RegistryCall call{request, std::move(route_), std::move(principal_), std::move(repo),
                      registry_.ecr_.clock().Now(), registry_id_};
    return op_->endpoint(registry_.ecr_, call, sink_);
  }

  // Credentials presented and refused are recorded with AWS's invalid/expired-token code.
  // `docker login` is the ping with credentials: refused, it is the one ping CloudTrail keeps,
  // named RegistryLogin, with the user name presented.
  void RecordRefusedCredentials(pipeline::CallRecord& record) {
    auto login = registry_.auth_.Presented(head_);
    if (!login) return;  // no credentials: the challenge, not an attempt
    if (route_.kind == RouteKind::kPing) {
      record.audited = true;
      record.operation = "RegistryLogin";
      Document params;
      params["userName"] = login->user;
      record.request_parameters = std::move(params);
    }
    login_error_ = login->expired
                       ? Error{"ExpiredTokenException",
                               "The security token included in the request is expired", 401}
                       : Error{"UnrecognizedClientException",
                               "The security token included in the request is invalid.", 401};
  }

  Registry& registry_;
  const RequestHead& head_;
  registry::Route route_;
  const RouteOp* op_ = nullptr;
  auth::Principal principal_;
  std::string registry_id_;  // the registry addressed (Authenticate)
  UploadSink* sink_ = nullptr;
  std::optional<Error> login_error_;  // set when presented credentials were refused
  bool layer_missing_ = false;        // a blob HEAD that found nothing
};

bool Registry::Matches(const RequestHead& head) const { return IsRegistryPath(head.path); }

uint64_t Registry::BodyLimit(const RequestHead& head) const {
  const Route route = ParseRoute(head.path);
  if (StreamsUploadBody(head, route)) return kUnlimited;  // streamed, never held
  if (route.kind == RouteKind::kManifest && head.method == "PUT") return kMaxManifestBytes;
  return kMaxOtherBody;
}

bool Registry::StreamsBody(const RequestHead& head) const {
  return StreamsUploadBody(head, ParseRoute(head.path));
}

Result<ecr::Repository> Registry::RequireRepository(const std::string& registry_id,
                                                    const std::string& name) {
  if (!ecr::IsValidRepositoryName(name)) return oci::NameInvalid();
  BERTH_ASSIGN_OR_RETURN(auto repo, ecr_.store().GetRepository(registry_id, name));
  if (!repo) return oci::NameUnknown(name);
  return std::move(*repo);
}

std::optional<std::string> RegistryIdOfHost(const RequestHead& head) {
  const std::string* host = head.Find("host");
  if (host == nullptr) return std::nullopt;
  const size_t dot = host->find('.');
  if (dot != 12) return std::nullopt;
  for (size_t i = 0; i < dot; ++i)
    if ((*host)[i] < '0' || (*host)[i] > '9') return std::nullopt;
  return host->substr(0, dot);
}

std::unique_ptr<pipeline::FrontEndCall> Registry::Start(const RequestHead& head, bool) {
  return std::make_unique<Call>(*this, head);
}

Error Registry::Denied(std::string message) const { return {"DENIED", std::move(message), 403}; }

Error Registry::InternalError() const { return {"UNKNOWN", "internal error", 500}; }

Response Registry::InternalErrorResponse(const std::string& /*request_id*/) const {
  Response response = protocol::EncodeOciError(InternalError());
  response.SetHeader("Docker-Distribution-API-Version", "registry/2.0");
  return response;
}

Error Registry::InsufficientSpace(uint64_t reserve_bytes) const {
  return oci::InsufficientSpace(reserve_bytes);
}

Response Registry::TooLarge(const RequestHead& /*head*/, uint64_t limit,
                            pipeline::CallRecord& record) {
  record.service = "ecr";
  record.event_source = "ecr.amazonaws.com";
  Error error = oci::PayloadTooLarge(limit);
  record.error = error;
  Response response = protocol::EncodeOciError(error);
  response.SetHeader("Docker-Distribution-API-Version", "registry/2.0");
  return response;
}

}  // namespace berth::services::registry
