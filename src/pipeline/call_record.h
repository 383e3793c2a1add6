#pragma once
// What the dispatcher knows about a finished call: the raw material of the access log and of
// the CloudTrail record. Produced once per call, by the dispatcher only.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/document.h"
#include "core/http_types.h"
#include "core/result.h"
#include "pipeline/operation.h"

namespace berth::pipeline {

struct CallRecord {
  std::string request_id;
  TimePoint time;                  // when the call arrived
  std::string service;             // "ecr"; empty when the request was not classified
  std::string event_source;        // "ecr.amazonaws.com"
  std::string operation;           // "DescribeRepositories"; empty when unknown
  bool read_only = false;
  // Set when the caller was identified, even if its signature then failed to verify.
  std::optional<auth::Principal> principal;
  bool authenticated = false;
  std::string source_ip;
  std::string user_agent;
  std::string region;
  std::string method;
  std::string path;
  int http_status = 200;
  std::optional<Error> error;
  Document request_parameters;     // logged fields only, null when none
  Document response_elements;      // logged fields only, null when none
  std::vector<ResourceRef> resources;
  // CloudTrail's eventType; empty means "AwsApiCall" (the sign-in says "AwsConsoleSignIn").
  std::string event_type;
  Document additional_event_data;  // null when none
  // Set when the call was authenticated by a console session (SessionAuthenticator): when the
  // session began. Recorded as userIdentity.sessionContext and sessionCredentialFromConsole.
  std::optional<TimePoint> console_session_created;
  // False for a call AWS writes no CloudTrail event for (the /v2 ping every client sends
  // first): other observers (access log, metrics) still see it, the audit trail does not.
  bool audited = true;
  std::chrono::microseconds duration{0};
  uint64_t request_bytes = 0;
  uint64_t response_bytes = 0;
};

// Receives every call's record before its response is sent. An observer that makes the record
// durable (the audit trail) returns the commitment the response must wait for — it must not
// block the I/O thread waiting itself; others return nullptr. Called from I/O threads
// concurrently: implementations are thread-safe.
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual std::shared_ptr<Commitment> OnCall(const CallRecord& record) = 0;
};

}  // namespace berth::pipeline
