#include "services/registry/registry.h"

#include <cstdio>
#include <exception>

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

// One route and method: the ECR event it is recorded as (AWS's names where ECR logs the
// registry call; berth's own for calls ECR does not log), and its endpoint.
struct RouteOp {
  RouteKind kind;
  std::string_view method;
  std::string_view operation;
  bool read_only;
  bool query_token;  // a download URL's X-Berth-Token for this very blob is enough
  EndpointFn fn;
  // The endpoint checks the repository itself, in the same read as the rest of its lookups
  // (manifest GET and HEAD: every pull's first call).
  bool checks_repository = false;
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

const RouteOp kRouteOps[] = {
    {RouteKind::kPing, "GET", "Ping", true, false, Ping},
    {RouteKind::kPing, "HEAD", "Ping", true, false, Ping},
    {RouteKind::kCatalog, "GET", "DescribeRepositories", true, false, BERTH_NO_SINK(ListCatalog)},
    {RouteKind::kTags, "GET", "ListImages", true, false, BERTH_NO_SINK(ListTags)},
    {RouteKind::kManifest, "GET", "BatchGetImage", true, false, BERTH_NO_SINK(GetManifest), true},
    {RouteKind::kManifest, "HEAD", "BatchGetImage", true, false, BERTH_NO_SINK(GetManifest),
     true},
    {RouteKind::kManifest, "PUT", "PutImage", false, false, BERTH_NO_SINK(PutManifest)},
    {RouteKind::kManifest, "DELETE", "BatchDeleteImage", false, false,
     BERTH_NO_SINK(DeleteManifest)},
    {RouteKind::kBlob, "GET", "GetDownloadUrlForLayer", true, true, BERTH_NO_SINK(GetBlob)},
    {RouteKind::kBlob, "HEAD", "BatchCheckLayerAvailability", true, true,
     BERTH_NO_SINK(GetBlob)},
    {RouteKind::kBlob, "DELETE", "DeleteLayer", false, false, NoBlobDeletes},
    {RouteKind::kUploads, "POST", "InitiateLayerUpload", false, false, StartUpload},
    {RouteKind::kUpload, "PATCH", "UploadLayerPart", false, false, PatchUpload},
    {RouteKind::kUpload, "PUT", "CompleteLayerUpload", false, false, FinishUploadCall},
    {RouteKind::kUpload, "GET", "GetLayerUploadStatus", true, false,
     BERTH_NO_SINK(GetUploadStatus)},
    {RouteKind::kUpload, "DELETE", "CancelLayerUpload", false, false,
     BERTH_NO_SINK(CancelUpload)},
    {RouteKind::kReferrers, "GET", "ListReferrers", true, false, BERTH_NO_SINK(ListReferrers)},
};

#undef BERTH_NO_SINK

// The op of this route and method; *route_known says whether the route exists at all.
const RouteOp* FindOp(RouteKind kind, std::string_view method, bool* route_known) {
  *route_known = false;
  for (const RouteOp& op : kRouteOps) {
    if (op.kind != kind) continue;
    *route_known = true;
    if (op.method == method) return &op;
  }
  return nullptr;
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
bool StreamsBody(const RequestHead& head, const Route& route) {
  if (route.kind == RouteKind::kUpload) return head.method == "PATCH" || head.method == "PUT";
  return route.kind == RouteKind::kUploads && head.method == "POST" &&
         QueryHas(head.query, "digest") && !QueryHas(head.query, "mount");
}

// The parameters recorded for the call, in the shape of the ECR event it is recorded as.
Document RequestParameters(const Route& route) {
  if (!HasNamedRepository(route.kind)) return Document();
  Document params;
  params["repositoryName"] = route.name;
  const bool is_digest = route.reference.find(':') != std::string::npos;
  switch (route.kind) {
    case RouteKind::kManifest: {
      Document id;
      id[is_digest ? "imageDigest" : "imageTag"] = route.reference;
      Document ids = Document::MakeList();
      ids.Push(std::move(id));
      params["imageIds"] = std::move(ids);
      break;
    }
    case RouteKind::kBlob:
    case RouteKind::kReferrers:
      params["layerDigest"] = route.reference;
      break;
    case RouteKind::kUpload:
      params["uploadId"] = route.reference;
      break;
    default:
      break;
  }
  return params;
}

Response Answer(const RequestHead& head, Result<Response> result) {
  Response response;
  if (result.ok()) {
    response = std::move(*result);
  } else {
    response = protocol::EncodeOciError(result.error());
    if (result.error().http_status == 401) {
      response.SetHeader("WWW-Authenticate", RegistryAuth::Challenge(head));
    }
  }
  response.SetHeader("Docker-Distribution-API-Version", "registry/2.0");
  return response;
}

}  // namespace

bool Registry::Matches(const RequestHead& head) const { return IsRegistryPath(head.path); }

uint64_t Registry::BodyLimit(const RequestHead& head) const {
  const Route route = ParseRoute(head.path);
  if (StreamsBody(head, route)) return kUnlimited;  // streamed, never held
  if (route.kind == RouteKind::kManifest && head.method == "PUT") return kMaxManifestBytes;
  return kMaxOtherBody;
}

Result<ecr::Repository> Registry::RequireRepository(const std::string& name,
                                                    const auth::Principal& caller) {
  if (!ecr::IsValidRepositoryName(name)) return oci::NameInvalid();
  BERTH_ASSIGN_OR_RETURN(auto repo, ecr_.store().GetRepository(name));
  if (!repo || repo->registry_id != caller.account_id) return oci::NameUnknown(name);
  return std::move(*repo);
}

std::unique_ptr<BodySink> Registry::OpenSink(const RequestHead& head) {
  const Route route = ParseRoute(head.path);
  if (!StreamsBody(head, route)) return nullptr;
  auto refuse = [](Error e) { return std::make_unique<UploadSink>(std::move(e)); };
  auto principal = auth_.Authenticate(head);
  if (!principal.ok()) return refuse(principal.error());
  auto repo = RequireRepository(route.name, *principal);
  if (!repo.ok()) return refuse(repo.error());
  if (disk_reserve_ != nullptr && disk_reserve_->Low()) {
    return refuse(oci::InsufficientSpace(disk_reserve_->reserve_bytes()));
  }
  Request request{head, {}, nullptr, Ok()};
  RegistryCall call{request, route, *principal, std::move(*repo), ecr_.clock().Now()};
  return OpenUploadSink(ecr_, call);
}

Response Registry::Handle(Request& request, pipeline::CallRecord& record) {
  const RequestHead& head = request.head;
  record.service = "ecr";
  record.event_source = "ecr.amazonaws.com";
  auto* sink = dynamic_cast<UploadSink*>(request.sink.get());
  if (sink != nullptr) record.request_bytes = sink->received();  // streamed, not in body
  auto answer = [&](Result<Response> result) {
    if (!result.ok()) record.error = result.error();
    return Answer(head, std::move(result));
  };

  Route route = ParseRoute(head.path);
  bool route_known = false;
  const RouteOp* op = FindOp(route.kind, head.method, &route_known);
  if (op == nullptr) {
    // Not an endpoint of the spec: 404, with a code from the spec's list.
    if (!route_known) return answer(Error{"UNSUPPORTED", "no such endpoint: " + head.path, 404});
    return answer(oci::Unsupported(head.method + " is not supported on " + head.path));
  }
  record.operation = std::string(op->operation);
  record.read_only = op->read_only;
  record.request_parameters = RequestParameters(route);

  const RegistryAuth::BlobRead blob_read{route.name, route.reference};
  auto principal = auth_.Authenticate(head, op->query_token ? &blob_read : nullptr);
  if (!principal.ok()) return answer(principal.error());
  record.principal = *principal;
  record.authenticated = true;
  record.region = region_;
  if (HasNamedRepository(route.kind) && ecr::IsValidRepositoryName(route.name)) {
    record.resources.push_back({"AWS::ECR::Repository",
                                ecr::RepositoryArn(region_, principal->account_id, route.name)});
  }

  if (disk_reserve_ != nullptr && store::MayConsumeSpace(op->operation, op->read_only) &&
      disk_reserve_->Low()) {
    return answer(oci::InsufficientSpace(disk_reserve_->reserve_bytes()));
  }

  ecr::Repository repo;
  if (HasNamedRepository(route.kind) && !op->checks_repository) {
    auto found = RequireRepository(route.name, *principal);
    if (!found.ok()) return answer(found.error());
    repo = std::move(*found);
  }
  if (sink != nullptr && !sink->opened().ok()) return answer(sink->opened().error());

  RegistryCall call{request, std::move(route), *principal, std::move(repo),
                    ecr_.clock().Now()};
  // As the dispatcher does for operations: an endpoint that throws answers 500, and the
  // connection and the process live on.
  try {
    return answer(op->fn(ecr_, call, sink));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "berth: /v2 %s threw: %s\n", op->operation.data(), e.what());
  } catch (...) {
    std::fprintf(stderr, "berth: /v2 %s threw a non-exception\n", op->operation.data());
  }
  return answer(Error{"UNKNOWN", "internal error", 500});
}

Response Registry::TooLarge(const RequestHead& head, uint64_t limit,
                            pipeline::CallRecord& record) {
  record.service = "ecr";
  record.event_source = "ecr.amazonaws.com";
  Error error = oci::PayloadTooLarge(limit);
  record.error = error;
  return Answer(head, error);
}

}  // namespace berth::services::registry
