#include "services/s3/s3_endpoint.h"

#include <charconv>
#include <span>

#include "core/crypto.h"
#include "core/url.h"
#include "protocol/json_reader.h"
#include "services/s3/api/headers.h"
#include "services/s3/api/xml.h"
#include "services/s3/auth/aws_chunked.h"
#include "services/s3/auth/sigv2_query.h"
#include "services/s3/handlers/handlers.h"
#include "services/s3/model/errors.h"
#include "services/s3/model/names.h"
#include "services/s3/object_sink.h"
#include "store/disk_reserve.h"

namespace berth::services::s3 {
namespace {

constexpr uint64_t kSmallBody = 64 << 10;  // CreateBucketConfiguration and the like
constexpr uint64_t kXmlBody = 8 << 20;     // DeleteObjects (1000 keys), CompleteMultipartUpload
// A streamed body may be larger than its payload by its aws-chunked framing (under 100
// bytes per chunk of at least 8 KiB).
constexpr uint64_t kMaxStreamedBody = kMaxObjectBytes + kMaxObjectBytes / 64;

// The service a SigV4 credential scope "<key>/<date>/<region>/<service>/aws4_request" names.
std::string_view ScopeService(std::string_view credential) {
  size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    start = credential.find('/', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  const size_t end = credential.find('/', start);
  if (end == std::string_view::npos) return {};
  return credential.substr(start, end - start);
}

bool SignedForS3(const RequestHead& head) {
  if (const std::string* auth = head.Find("authorization")) {
    if (auth->rfind("AWS ", 0) == 0) return true;  // SigV2: only S3 ever spoke it
    const size_t at = auth->find("Credential=");
    if (at == std::string::npos) return false;
    const size_t from = at + 11;
    const size_t end = auth->find_first_of(", ", from);
    return ScopeService(std::string_view(*auth).substr(from, end - from)) == "s3";
  }
  if (HasSigV2Query(head)) return true;
  constexpr std::string_view kParam = "X-Amz-Credential=";
  const std::string_view query = head.query;
  size_t at = query.find(kParam);
  while (at != std::string_view::npos && at != 0 && query[at - 1] != '&') {
    at = query.find(kParam, at + 1);
  }
  if (at == std::string_view::npos) return false;
  const size_t from = at + kParam.size();
  auto credential = url::PercentDecode(query.substr(from, query.find('&', from) - from));
  return credential && ScopeService(*credential) == "s3";
}

// A request with no signature at all that is no call of another AWS protocol (no X-Amz-Target,
// no Action form or query, no RPC v2 Smithy-Protocol header): anonymous S3 access, which S3 refuses with 403 AccessDenied rather
// than a 404 for a resource nobody asked about.
bool IsUnsignedPlainRequest(const RequestHead& head) {
  if (head.Find("authorization") != nullptr || head.Find("x-amz-target") != nullptr ||
      head.Find("smithy-protocol") != nullptr) {
    return false;
  }
  const std::string_view query = head.query;
  for (std::string_view param : {"Action=", "X-Amz-Credential=", "X-Amz-Signature="}) {
    for (size_t at = query.find(param); at != std::string_view::npos;
         at = query.find(param, at + 1)) {
      if (at == 0 || query[at - 1] == '&') return false;
    }
  }
  if (head.method == "POST") {
    const std::string* type = head.Find("content-type");
    if (type != nullptr && type->rfind("application/x-www-form-urlencoded", 0) == 0) return false;
  }
  return true;
}

std::optional<uint64_t> DeclaredLength(const RequestHead& head) {
  const std::string* text = head.Find("content-length");
  if (text == nullptr) return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
  return v;
}

// What CloudTrail's S3 data events record as requestParameters, and their resources.
Document RequestParameters(const S3Request& request, const RequestHead& head) {
  Document params = Document::MakeMap(3);
  if (!request.bucket.empty()) params["bucketName"] = request.bucket;
  if (const std::string* host = head.Find("host")) params["Host"] = *host;
  if (!request.key.empty()) params["key"] = request.key;
  // A bucket configuration call names its sub-resource, empty, as CloudTrail records it.
  for (std::string_view sub : {"policy", "policyStatus", "tagging"}) {
    if (request.key.empty() && request.op.id != OpId::kNotImplemented && request.Has(sub)) {
      params[std::string(sub)] = std::string();
    }
  }
  return params;
}

std::vector<pipeline::ResourceRef> ResourcesOf(const S3Request& request) {
  std::vector<pipeline::ResourceRef> out;
  if (request.bucket.empty()) return out;
  if (!request.key.empty()) {
    out.push_back({"AWS::S3::Object", "arn:aws:s3:::" + request.bucket + "/" + request.key});
  }
  out.push_back({"AWS::S3::Bucket", "arn:aws:s3:::" + request.bucket});
  return out;
}

// S3's own condition keys a policy may test for the call: a listing's s3:prefix,
// s3:delimiter and s3:max-keys (present only when the request gives them, as on AWS).
std::vector<std::pair<std::string, std::string>> ConditionKeysOf(const S3Request& request) {
  std::vector<std::pair<std::string, std::string>> keys;
  if (request.op.id != OpId::kListObjects && request.op.id != OpId::kListObjectsV2) return keys;
  for (std::string_view name : {"prefix", "delimiter", "max-keys"}) {
    if (auto value = request.Query(name)) keys.emplace_back("s3:" + std::string(name), *value);
  }
  return keys;
}

// The elements S3 adds to an error body by its code, when the handler added none.
ErrorDetails DefaultDetails(const Error& error, const S3Request* request) {
  if (request == nullptr) return {};
  if (error.code == "NoSuchBucket" || error.code == "BucketNotEmpty" ||
      error.code == "BucketAlreadyOwnedByYou" || error.code == "BucketAlreadyExists" ||
      error.code == "InvalidBucketName") {
    return {{"BucketName", request->bucket}};
  }
  if (error.code == "NoSuchKey") return {{"Key", request->key}};
  if (error.code == "NoSuchUpload") return {{"UploadId", request->Query("uploadId").value_or("")}};
  return {};
}

}  // namespace

bool S3Endpoint::Matches(const RequestHead& head) const {
  if (head.path == "/v2" || head.path.rfind("/v2/", 0) == 0) return false;
  return SignedForS3(head) || IsUnsignedPlainRequest(head);
}

uint64_t S3Endpoint::BodyLimit(const RequestHead& head) const {
  auto request = ParseS3Request(head);
  if (!request.ok()) return kSmallBody;
  if (s3::StreamsBody(request->op.id)) return kMaxStreamedBody;
  if (request->op.id == OpId::kDeleteObjects || request->op.id == OpId::kCompleteMultipartUpload) {
    return kXmlBody;
  }
  return kSmallBody;
}

Result<std::optional<BucketInfo>> S3Endpoint::CheckBucket(const S3Request& request,
                                                          const RequestHead& head,
                                                          const S3Caller& caller) {
  if (request.op.id == OpId::kListBuckets || request.op.id == OpId::kCreateBucket) {
    return std::optional<BucketInfo>();
  }
  BERTH_ASSIGN_OR_RETURN(auto bucket, store_.GetBucket(request.bucket));
  if (!bucket) return errors::NoSuchBucket();
  if (bucket->owner != caller.principal.account_id) return errors::AccessDenied();
  const std::string* expected = head.Find("x-amz-expected-bucket-owner");
  if (expected != nullptr && *expected != bucket->owner) return errors::AccessDenied();
  return bucket;
}

Result<S3Caller> S3Endpoint::AuthenticateWhole(Request& request, AuthNotes& notes) const {
  BERTH_ASSIGN_OR_RETURN(S3Caller caller, auth_.Authenticate(request.head, notes));
  if (caller.payload == PayloadKind::kSigned) {
    const std::string actual = crypto::Sha256Hex(request.body);
    if (actual != caller.payload_sha256) {
      notes.details = {{"ClientComputedContentSHA256", caller.payload_sha256},
                       {"S3ComputedContentSHA256", actual}};
      return errors::XAmzContentSHA256Mismatch();
    }
  } else if (IsStreaming(caller.payload)) {
    AwsChunkedDecoder decoder(caller.chunks, caller.payload != PayloadKind::kStreamingSigned);
    std::string decoded;
    BERTH_RETURN_IF_ERROR(decoder.Feed(request.body, [&](std::string_view data) {
      decoded.append(data);
      return Ok();
    }));
    BERTH_RETURN_IF_ERROR(decoder.Finish());
    request.body = std::move(decoded);
  }
  return caller;
}

// One S3 call through the dispatcher's stages.
class S3Endpoint::Call final : public pipeline::FrontEndCall {
 public:
  Call(S3Endpoint& endpoint, const RequestHead& head, bool opening_sink)
      : endpoint_(endpoint), head_(head), opening_sink_(opening_sink) {}

  Status Route(pipeline::CallRecord& record) override {
    record.service = "s3";
    record.event_source = "s3.amazonaws.com";
    BERTH_ASSIGN_OR_RETURN(target_, ParseS3Request(head_));
    record.operation = target_->op.name;
    record.read_only = target_->op.read_only;
    record.request_parameters = RequestParameters(*target_, head_);
    record.resources = ResourcesOf(*target_);
    condition_keys_ = ConditionKeysOf(*target_);
    return Ok();
  }

  Status Authenticate(Request& request, pipeline::CallRecord& record) override {
    TakeSink(request, record);
    Result<S3Caller> caller = errors::AccessDenied();
    const AuthNotes* notes = &notes_;
    if (opening_sink_) {
      caller = endpoint_.auth_.Authenticate(head_, notes_);  // the sink checks the payload
    } else if (sink_ != nullptr) {
      notes = &sink_->notes();
      caller = sink_->authenticated() ? Result<S3Caller>(sink_->caller())
                                      : Result<S3Caller>(sink_->opened().error());
    } else {
      caller = endpoint_.AuthenticateWhole(request, notes_);
    }
    record.principal = notes->principal;
    record.region = notes->region;
    if (!caller.ok()) {
      details_ = notes->details;
      return caller.error();
    }
    caller_ = std::move(*caller);
    authenticated_ = true;
    return Ok();
  }

  // The console's pages: the session's user, the body taken as sent (a browser neither signs
  // nor chunks it).
  void UseSession(Request& request, const pipeline::SessionCaller& session,
                  pipeline::CallRecord& record) override {
    TakeSink(request, record);
    caller_ = S3Caller{session.principal, session.region, PayloadKind::kUnsigned, {}, {}};
    authenticated_ = true;
  }

  // DeleteObjects is no IAM action of its own: S3 checks s3:DeleteObject on each key and
  // reports a refused key in the result (the handler asks), never refusing the whole call.
  std::string_view Action() const override {
    return target_->op.id == OpId::kDeleteObjects ? std::string_view() : target_->op.action;
  }

  std::span<const std::pair<std::string, std::string>> ConditionKeys() const override {
    return condition_keys_;
  }

  // The object the request names, else its bucket (the record lists the object first).
  std::span<const pipeline::ResourceRef> Resources(
      const pipeline::CallRecord& record) const override {
    return std::span(record.resources).first(record.resources.empty() ? 0 : 1);
  }

  Result<Response> Handle(Request& request, pipeline::CallRecord& record) override {
    const S3Handler handler = HandlerFor(target_->op.id);
    // CloudTrail records the document PutBucketPolicy was given.
    if (target_->op.id == OpId::kPutBucketPolicy) {
      if (auto document = protocol::ParseJson(request.body); document.ok()) {
        record.request_parameters["bucketPolicy"] = std::move(*document);
      }
    }
    if (handler == nullptr) return errors::NotImplemented();
    BERTH_ASSIGN_OR_RETURN(auto bucket, endpoint_.CheckBucket(*target_, head_, caller_));
    if (s3::StreamsBody(target_->op.id)) {
      if (sink_ == nullptr) return errors::InternalError("the body was not streamed");
      if (!sink_->opened().ok()) return sink_->opened().error();
      if (!request.sink_status.ok()) return request.sink_status.error();
    }
    S3Call call{endpoint_.store_,
                request,
                *target_,
                caller_,
                endpoint_.clock_.Now(),
                std::move(bucket),
                sink_,
                details_,
                &endpoint_.policies_,
                endpoint_.authorizer_};
    return handler(call);
  }

  Response Answer(Result<Response> result, const pipeline::CallRecord& record) override {
    Response response;
    if (result.ok()) {
      response = std::move(*result);
    } else {
      if (details_.empty()) {
        details_ = DefaultDetails(result.error(), target_ ? &*target_ : nullptr);
      }
      response = ErrorResponse(result.error(), details_, record.request_id);
    }
    response.SetHeader("x-amz-request-id", record.request_id);
    response.SetHeader("x-amz-id-2", crypto::Base64Encode(record.request_id));
    return response;
  }

  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) override {
    if (auto bucket = endpoint_.CheckBucket(*target_, head, caller_); !bucket.ok()) {
      return RefuseSink(bucket.error());
    }
    if (Status key = ValidateKey(target_->key); !key.ok()) return RefuseSink(key.error());
    if (target_->op.id == OpId::kPutObject) {
      if (auto how = ReadObjectWrite(head); !how.ok()) return RefuseSink(how.error());
    } else {
      const std::string number = target_->Query("partNumber").value_or("");
      int part = 0;
      auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), part);
      if (ec != std::errc() || ptr != number.data() + number.size() || part < 1 ||
          part > kMaxPartNumber) {
        return RefuseSink(errors::InvalidArgument(
            "Part number must be an integer between 1 and 10000, inclusive"));
      }
      auto upload = endpoint_.store_.GetUpload(target_->bucket, target_->key,
                                               target_->Query("uploadId").value_or(""));
      if (!upload.ok()) return RefuseSink(upload.error());
    }
    auto expect = ReadBodyExpectations(head, IsStreaming(caller_.payload));
    if (!expect.ok()) return RefuseSink(expect.error());
    auto pending = endpoint_.store_.BeginObject(target_->bucket);
    if (!pending.ok()) return RefuseSink(pending.error());
    return std::make_unique<ObjectSink>(std::move(caller_), std::move(notes_), std::move(*expect),
                                        std::move(*pending));
  }

  std::unique_ptr<BodySink> RefuseSink(Error error) override {
    if (!authenticated_) return std::make_unique<ObjectSink>(std::move(error), std::move(notes_));
    return std::make_unique<ObjectSink>(std::move(error), std::move(notes_), std::move(caller_));
  }

 private:
  // A streamed body's sink, when the request has one.
  void TakeSink(Request& request, pipeline::CallRecord& record) {
    sink_ = dynamic_cast<ObjectSink*>(request.sink.get());
    if (sink_ != nullptr) record.request_bytes = sink_->received();  // streamed, not in body
  }

  S3Endpoint& endpoint_;
  const RequestHead& head_;
  const bool opening_sink_;
  std::optional<S3Request> target_;
  AuthNotes notes_;
  S3Caller caller_;
  bool authenticated_ = false;
  ObjectSink* sink_ = nullptr;
  ErrorDetails details_;
  std::vector<std::pair<std::string, std::string>> condition_keys_;
};

bool S3Endpoint::StreamsBody(const RequestHead& head) const {
  auto request = ParseS3Request(head);
  if (!request.ok() || !s3::StreamsBody(request->op.id)) return false;
  auto declared = DeclaredLength(head);
  return !declared || *declared <= BodyLimit(head);
}

std::unique_ptr<pipeline::FrontEndCall> S3Endpoint::Start(const RequestHead& head,
                                                          bool opening_sink) {
  return std::make_unique<Call>(*this, head, opening_sink);
}

Error S3Endpoint::Denied(std::string message) const { return errors::AccessDenied(message); }

Error S3Endpoint::InternalError() const { return errors::InternalError("the operation failed"); }

Response S3Endpoint::InternalErrorResponse(const std::string& request_id) const {
  Response response = ErrorResponse(InternalError(), {}, request_id);
  response.SetHeader("x-amz-request-id", request_id);
  return response;
}

Error S3Endpoint::InsufficientSpace(uint64_t reserve_bytes) const {
  return {"ServiceUnavailable", store::ReserveMessage(reserve_bytes), 503};
}

Response S3Endpoint::TooLarge(const RequestHead& head, uint64_t /*limit*/,
                              pipeline::CallRecord& record) {
  record.service = "s3";
  record.event_source = "s3.amazonaws.com";
  auto request = ParseS3Request(head);
  const bool streams = request.ok() && s3::StreamsBody(request->op.id);
  if (request.ok()) {
    record.operation = request->op.name;
    record.read_only = request->op.read_only;
  }
  Error error =
      streams ? errors::EntityTooLarge(kMaxObjectBytes) : errors::MaxMessageLengthExceeded();
  record.error = error;
  Response response = ErrorResponse(error, {}, record.request_id);
  response.SetHeader("x-amz-request-id", record.request_id);
  return response;
}

}  // namespace berth::services::s3
