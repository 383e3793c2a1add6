#include "services/cloudtrail/model/event.h"

#include <cstdlib>

#include <simdjson.h>

#include "core/ids.h"
#include "core/json_writer.h"
#include "core/little_endian.h"
#include "core/time_format.h"
#include "core/utf8_prefix.h"
#include "pipeline/authorizer.h"

namespace berth::services::cloudtrail {
namespace {

// An event a service causes on its own (ECR's lifecycle expirations) rather than a call: its
// record has eventType AwsServiceEvent, the service (its user agent, as AWS writes both) as
// userIdentity, the account the event belongs to as the principal's account, and its details
// in additional_event_data, written as AWS names them: serviceEventDetails.
bool IsServiceEvent(const pipeline::CallRecord& call) {
  return call.event_type == "AwsServiceEvent";
}

// AWS's userIdentity for the caller; "Unknown" (with the key presented, if any) when the
// access key matched no principal.
void WriteUserIdentity(JsonWriter& json, const pipeline::CallRecord& call) {
  json.Key("userIdentity");
  json.BeginObject();
  if (IsServiceEvent(call)) {
    json.Key("type");
    json.String("AWSService");
    json.Key("invokedBy");
    json.String(call.user_agent);
    json.EndObject();
    return;
  }
  if (!call.principal) {
    json.Key("type");
    json.String("Unknown");
    json.EndObject();
    return;
  }
  const auth::Principal& p = *call.principal;
  const bool root = p.type == auth::PrincipalType::kRoot;
  const bool role = p.type == auth::PrincipalType::kAssumedRole && p.role;
  json.Key("type");
  json.String(root ? "Root" : role ? "AssumedRole" : "IAMUser");
  json.Key("principalId");
  json.String(p.principal_id);
  json.Key("arn");
  json.String(p.arn);
  json.Key("accountId");
  json.String(p.account_id);
  if (!p.access_key_id.empty()) {
    json.Key("accessKeyId");
    json.String(p.access_key_id);
  }
  if (!root && !role) {
    json.Key("userName");
    json.String(p.user_name);
  }
  // Temporary credentials' calls (STS) and a console session's, as AWS records them: an
  // assumed role names the role that issued the session (berth has no MFA).
  const std::optional<TimePoint> created =
      call.console_session_created ? call.console_session_created : p.session_created;
  if (created) {
    json.Key("sessionContext");
    json.BeginObject();
    json.Key("sessionIssuer");
    json.BeginObject();
    if (role) {
      json.Key("type");
      json.String("Role");
      json.Key("principalId");
      json.String(p.role->role_id);
      json.Key("arn");
      json.String(p.role->role_arn);
      json.Key("accountId");
      json.String(p.account_id);
      json.Key("userName");
      json.String(p.role->role_name);
    }
    json.EndObject();
    json.Key("webIdFederationData");
    json.BeginObject();
    json.EndObject();
    json.Key("attributes");
    json.BeginObject();
    json.Key("creationDate");
    json.String(timefmt::Iso8601(*created));
    json.Key("mfaAuthenticated");
    json.String("false");
    json.EndObject();
    json.EndObject();
  }
  json.EndObject();
}

// AWS logs null for absent parameters and elements.
void WriteDocumentOrNull(JsonWriter& json, const Document& doc) {
  if (doc.is_null()) {
    json.Null();
  } else {
    json.Value(doc);
  }
}

// The attributes WriteRecord and AppendIndexEntry both state, decided once.
std::string_view EventSource(const pipeline::CallRecord& call) {
  return call.event_source.empty() ? std::string_view("berth.amazonaws.com")
                                   : std::string_view(call.event_source);
}
std::string_view EventName(const pipeline::CallRecord& call) {
  return call.operation.empty() ? std::string_view("Unknown") : std::string_view(call.operation);
}
std::string_view Region(const pipeline::CallRecord& call, std::string_view default_region) {
  return call.region.empty() ? default_region : std::string_view(call.region);
}
// The account the event is recorded for (recipientAccountId): the owner of the resource the
// call acted on — another account's, for a cross-account call, as AWS records it (the caller's
// own account stays in userIdentity.accountId) — else the caller's.
std::string_view Account(const pipeline::CallRecord& call, std::string_view default_account) {
  for (const auto& r : call.resources) {
    if (const std::string_view owner = pipeline::ResourceAccount(r.arn); !owner.empty()) {
      return owner;
    }
  }
  return call.principal ? std::string_view(call.principal->account_id) : default_account;
}
// LookupEvents' Username, as ParseAttributes reads it from userIdentity: "root" for the
// account's root, the IAM user's userName, none when the caller is unknown.
std::string_view Username(const pipeline::CallRecord& call) {
  if (!call.principal || IsServiceEvent(call)) return {};
  // An assumed role's calls are looked up by their session's name, as on AWS.
  if (call.principal->role) return call.principal->role->session_name;
  return call.principal->type == auth::PrincipalType::kRoot
             ? std::string_view("root")
             : std::string_view(call.principal->user_name);
}

void PutText(std::string& out, std::string_view text) {
  PutLe(out, text.size(), 4);
  out += text;
}
// Reads a `bytes`-byte integer at `at` if the entry holds one there, advancing `at`.
template <typename T>
bool GetInt(std::string_view in, size_t& at, int bytes, T& v) {
  if (in.size() - at < static_cast<size_t>(bytes)) return false;
  v = static_cast<T>(GetLe(in.data() + at, bytes));
  at += static_cast<size_t>(bytes);
  return true;
}
bool GetText(std::string_view in, size_t& at, std::string& text) {
  uint32_t length;
  if (!GetInt(in, at, 4, length) || in.size() - at < length) return false;
  text.assign(in.substr(at, length));
  at += length;
  return true;
}

}  // namespace

void AppendIndexEntry(const pipeline::CallRecord& call, std::string_view default_region,
                      std::string_view default_account, size_t record_length, std::string& out) {
  PutLe(out, static_cast<uint64_t>(Millis(call.time)), 8);
  PutLe(out, record_length, 4);
  PutLe(out, call.read_only ? 1 : 0, 1);
  PutText(out, EventName(call));
  PutText(out, EventSource(call));
  PutText(out, Region(call, default_region));
  PutText(out, Account(call, default_account));
  PutText(out, Username(call));
  PutText(out, call.principal ? std::string_view(call.principal->access_key_id) : std::string_view());
  PutText(out, call.error ? std::string_view(call.error->code) : std::string_view());
  PutLe(out, call.resources.size(), 4);
  for (const auto& r : call.resources) {
    PutText(out, r.type);
    PutText(out, r.arn);
  }
}

bool ReadIndexEntry(std::string_view entries, size_t& at, TrailEvent& e, size_t& record_length) {
  int64_t ms;
  uint32_t resources;
  uint8_t read_only;
  if (!GetInt(entries, at, 8, ms) || !GetInt(entries, at, 4, record_length) ||
      !GetInt(entries, at, 1, read_only)) {
    return false;
  }
  e.event_time = FromMillis(ms);
  e.read_only = read_only != 0;
  if (!GetText(entries, at, e.event_name) || !GetText(entries, at, e.event_source) ||
      !GetText(entries, at, e.region) || !GetText(entries, at, e.account_id) ||
      !GetText(entries, at, e.username) || !GetText(entries, at, e.access_key_id) ||
      !GetText(entries, at, e.error_code) || !GetInt(entries, at, 4, resources)) {
    return false;
  }
  e.resources.clear();
  for (uint32_t i = 0; i < resources; ++i) {
    EventResource& r = e.resources.emplace_back();
    if (!GetText(entries, at, r.type) || !GetText(entries, at, r.name)) return false;
  }
  return true;
}

void WriteRecord(const pipeline::CallRecord& call, std::string_view default_region,
                 std::string_view default_account, std::string& out) {
  const std::string_view account = Account(call, default_account);
  JsonWriter json(out);
  json.BeginObject();
  json.Key("eventVersion");
  json.String(kEventVersion);
  WriteUserIdentity(json, call);
  json.Key("eventTime");
  json.String(timefmt::Iso8601(call.time));
  json.Key("eventSource");
  json.String(EventSource(call));
  json.Key("eventName");
  json.String(EventName(call));
  json.Key("awsRegion");
  json.String(Region(call, default_region));
  json.Key("sourceIPAddress");
  json.String(call.source_ip);
  json.Key("userAgent");
  json.String(Utf8Prefix(call.user_agent, kMaxUserAgentBytes));
  if (call.error) {
    json.Key("errorCode");
    json.String(call.error->code);
    json.Key("errorMessage");
    json.String(Utf8Prefix(call.error->message, kMaxErrorMessageBytes));
  }
  json.Key("requestParameters");
  const size_t parameters_at = out.size();
  WriteDocumentOrNull(json, call.request_parameters);
  if (!call.authenticated && out.size() - parameters_at > kMaxUnauthenticatedParametersBytes) {
    out.resize(parameters_at);
    out += "null";  // the writer's state after a value is the same whichever value it was
  }
  json.Key("responseElements");
  WriteDocumentOrNull(json, call.response_elements);
  if (!call.additional_event_data.is_null() && !IsServiceEvent(call)) {
    json.Key("additionalEventData");
    json.Value(call.additional_event_data);
  }
  if (!IsServiceEvent(call)) {  // a service event answers no request
    json.Key("requestID");
    json.String(call.request_id);
  }
  json.Key("eventID");
  json.String(ids::NewTimeOrderedUuid(call.time.time_since_epoch().count()));
  json.Key("readOnly");
  json.Bool(call.read_only);
  if (!call.resources.empty()) {
    json.Key("resources");
    json.BeginArray();
    for (const auto& r : call.resources) {
      json.BeginObject();
      json.Key("accountId");
      const std::string_view owner = pipeline::ResourceAccount(r.arn);
      json.String(owner.empty() ? account : owner);
      json.Key("type");
      json.String(r.type);
      json.Key("ARN");
      json.String(r.arn);
      json.EndObject();
    }
    json.EndArray();
  }
  json.Key("eventType");
  json.String(call.event_type.empty() ? std::string_view("AwsApiCall")
                                      : std::string_view(call.event_type));
  json.Key("managementEvent");
  json.Bool(true);
  json.Key("recipientAccountId");
  json.String(account);
  if (IsServiceEvent(call) && !call.additional_event_data.is_null()) {
    json.Key("serviceEventDetails");
    json.Value(call.additional_event_data);
  }
  json.Key("eventCategory");
  json.String("Management");
  // A string, as AWS writes it, and only when true.
  if (call.console_session_created) {
    json.Key("sessionCredentialFromConsole");
    json.String("true");
  }
  json.EndObject();
}

TrailEvent BuildEvent(const pipeline::CallRecord& call, std::string_view default_region,
                      std::string_view default_account) {
  std::string record;
  WriteRecord(call, default_region, default_account, record);
  Result<TrailEvent> event = ParseEvent(record, call.time);
  // WriteRecord's output always parses; a failure here is a bug, not bad input.
  if (!event.ok()) std::abort();
  return std::move(*event);
}

// simdjson's DOM rather than protocol's Document: records are read back for every lookup page and
// every delivered event, and only a dozen of their fields are wanted.
Result<TrailEvent> ParseAttributes(std::string_view json, TimePoint time) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object record;
  if (parser.parse(json.data(), json.size()).get_object().get(record) != simdjson::SUCCESS) {
    return Error{"InternalFailure", "a stored CloudTrail record is not a JSON object", 500};
  }
  auto text = [](simdjson::dom::object o, std::string_view key) -> std::string {
    std::string_view v;
    return o[key].get_string().get(v) == simdjson::SUCCESS ? std::string(v) : std::string();
  };
  TrailEvent e;
  e.event_id = text(record, "eventID");
  e.event_time = time;
  e.event_name = text(record, "eventName");
  e.event_source = text(record, "eventSource");
  bool read_only = false;
  e.read_only = record["readOnly"].get_bool().get(read_only) == simdjson::SUCCESS && read_only;
  e.region = text(record, "awsRegion");
  e.account_id = text(record, "recipientAccountId");
  e.error_code = text(record, "errorCode");
  simdjson::dom::object who;
  if (record["userIdentity"].get_object().get(who) == simdjson::SUCCESS) {
    const std::string type = text(who, "type");
    if (type == "AssumedRole") {
      // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION: looked up by the session's name.
      const std::string arn = text(who, "arn");
      e.username = arn.substr(arn.rfind('/') + 1);
    } else if (type != "Unknown") {
      e.username = type == "Root" ? "root" : text(who, "userName");
    }
    e.access_key_id = text(who, "accessKeyId");
  }
  simdjson::dom::array resources;
  if (record["resources"].get_array().get(resources) == simdjson::SUCCESS) {
    for (simdjson::dom::element r : resources) {
      simdjson::dom::object resource;
      if (r.get_object().get(resource) == simdjson::SUCCESS) {
        e.resources.push_back({text(resource, "type"), text(resource, "ARN")});
      }
    }
  }
  return e;
}

Result<TrailEvent> ParseEvent(std::string_view json, TimePoint time) {
  BERTH_ASSIGN_OR_RETURN(TrailEvent e, ParseAttributes(json, time));
  e.json = std::string(json);
  return e;
}

}  // namespace berth::services::cloudtrail
