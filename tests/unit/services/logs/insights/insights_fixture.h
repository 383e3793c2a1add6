#pragma once
// Test data for the Logs Insights engine: a fixed set of CloudTrail-shaped JSON events (and a
// few plain-text lines), kept as plain structs so that tests compute expected answers with
// ordinary loops over the structs, never with the engine.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/logs/insights/query.h"

namespace berth::services::logs::insights::testing {

inline constexpr int64_t kBaseTime = 1'717'200'000'000;  // 2024-06-01 00:00:00.000 UTC

struct TrailEvent {
  int64_t timestamp_ms;
  std::string event_source;
  std::string event_name;
  std::optional<std::string> user_name;  // userIdentity.userName, absent for roles
  std::string source_ip;
  std::optional<std::string> error_code;
  std::optional<std::string> repository;  // requestParameters.repositoryName
  bool read_only;
  int64_t bytes;                           // additionalEventData.bytes
  std::vector<std::string> resource_arns;  // resources[i].ARN
  std::string stream;

  std::string Json() const;
};

// Plain-text application lines: "<LEVEL> [<worker>] <text> latency=<n>ms user=<name>".
struct TextLine {
  int64_t timestamp_ms;
  std::string level;
  std::string worker;
  int latency;
  std::string user;
  std::string stream;

  std::string Text() const;
};

inline std::string TrailEvent::Json() const {
  std::string j = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"";
  j += user_name ? "IAMUser" : "AssumedRole";
  j += "\",\"accountId\":\"123456789012\"";
  if (user_name) j += ",\"userName\":\"" + *user_name + "\"";
  j += "},\"eventTime\":\"2024-06-01T00:00:00Z\",\"eventSource\":\"" + event_source +
       "\",\"eventName\":\"" + event_name +
       "\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + source_ip + "\"";
  if (error_code) j += ",\"errorCode\":\"" + *error_code + "\"";
  j += ",\"requestParameters\":";
  j += repository ? "{\"repositoryName\":\"" + *repository + "\"}" : "null";
  j += ",\"readOnly\":";
  j += read_only ? "true" : "false";
  j += ",\"additionalEventData\":{\"bytes\":" + std::to_string(bytes) + "}";
  j += ",\"resources\":[";
  for (size_t i = 0; i < resource_arns.size(); ++i)
    j += (i ? "," : "") + std::string("{\"ARN\":\"") + resource_arns[i] +
         "\",\"type\":\"AWS::ECR::Repository\"}";
  j += "]}";
  return j;
}

inline std::string TextLine::Text() const {
  return level + " [" + worker + "] request done latency=" + std::to_string(latency) +
         "ms user=" + user;
}

// 50 trail events over about an hour, with deliberate variety: four services, missing
// userName, errors, repeated repositories, several resources per event.
inline std::vector<TrailEvent> TrailEvents() {
  static const char* kSources[] = {"ecr.amazonaws.com", "logs.amazonaws.com", "iam.amazonaws.com",
                                   "ecr.amazonaws.com", "s3.amazonaws.com"};
  static const char* kEcrNames[] = {"PutImage", "BatchGetImage", "GetAuthorizationToken",
                                    "CreateRepository", "DescribeRepositories"};
  static const char* kOtherNames[] = {"PutLogEvents", "GetUser", "ListBuckets"};
  static const char* kUsers[] = {"alice", "bob", "carol"};
  static const char* kRepos[] = {"web", "api", "worker"};
  std::vector<TrailEvent> events;
  for (int i = 0; i < 50; ++i) {
    TrailEvent e;
    // Irregular spacing: 37 s apart with a jump every 7 events; two events share a timestamp.
    e.timestamp_ms = kBaseTime + i * 37'000 + (i / 7) * 300'000 + (i == 21 ? -37'000 : 0);
    e.event_source = kSources[i % 5];
    e.event_name = e.event_source == "ecr.amazonaws.com"    ? kEcrNames[(i * 3) % 5]
                   : e.event_source == "logs.amazonaws.com" ? kOtherNames[0]
                   : e.event_source == "iam.amazonaws.com"  ? kOtherNames[1]
                                                            : kOtherNames[2];
    if (i % 4 != 3) e.user_name = kUsers[i % 3];
    e.source_ip = "10.0." + std::to_string(i % 4) + "." + std::to_string(10 + i % 6);
    if (i % 6 == 5) e.error_code = i % 12 == 5 ? "AccessDenied" : "RepositoryNotFoundException";
    if (e.event_source == "ecr.amazonaws.com") e.repository = kRepos[i % 3];
    e.read_only = e.event_name.starts_with("Get") || e.event_name.starts_with("Describe") ||
                  e.event_name.starts_with("BatchGet") || e.event_name.starts_with("List");
    e.bytes = (i * 7919) % 1000 + (i % 5 == 0 ? 0 : 1);
    if (e.repository) {
      e.resource_arns.push_back("arn:aws:ecr:us-east-1:123456789012:repository/" + *e.repository);
      if (i % 2 == 0)
        e.resource_arns.push_back("arn:aws:ecr:us-east-1:123456789012:repository/shared");
    }
    e.stream = i % 2 ? "trail-b" : "trail-a";
    events.push_back(std::move(e));
  }
  return events;
}

inline std::vector<TextLine> TextLines() {
  static const char* kLevels[] = {"INFO", "WARN", "ERROR", "INFO"};
  static const char* kUsers[] = {"alice", "bob", "dave"};
  std::vector<TextLine> lines;
  for (int i = 0; i < 12; ++i)
    lines.push_back(TextLine{kBaseTime + 1'000 + i * 111'000, kLevels[i % 4],
                             "worker-" + std::to_string(i % 3), 20 + (i * 37) % 200, kUsers[i % 3],
                             "app"});
  return lines;
}

// A result row as field → value.
using RowMap = std::map<std::string, std::string>;

inline RowMap ToMap(const std::vector<ResultField>& row) {
  RowMap m;
  for (const ResultField& f : row) m[f.field] = f.value;
  return m;
}

// Runs `query` over every trail event and text line (in fixture order) and returns its rows.
struct Outcome {
  std::vector<std::vector<ResultField>> rows;
  QueryStatistics statistics;
  std::optional<Error> failure;
  std::vector<RowMap> Maps() const {
    std::vector<RowMap> maps;
    for (const auto& row : rows) maps.push_back(ToMap(row));
    return maps;
  }
};

inline Outcome RunOver(std::string_view query, bool with_text = true, RunOptions options = {}) {
  auto compiled = Compile(query);
  if (!compiled.ok()) return Outcome{{}, {}, compiled.error()};
  QueryRun run(*compiled, options);
  const auto events = TrailEvents();
  const auto lines = TextLines();
  std::vector<std::string> messages;
  for (const TrailEvent& e : events) {
    const std::string message = e.Json();
    const std::string ptr = "ptr-" + std::to_string(e.timestamp_ms);
    run.Add(LogRecord{e.timestamp_ms, e.timestamp_ms + 250, message, e.stream, "123456789012:trail",
                      ptr});
  }
  if (with_text)
    for (const TextLine& l : lines) {
      const std::string text = l.Text();
      run.Add(
          LogRecord{l.timestamp_ms, l.timestamp_ms + 250, text, l.stream, "123456789012:app", {}});
    }
  return Outcome{run.Results(), run.Statistics(), run.Failure()};
}

}  // namespace berth::services::logs::insights::testing
