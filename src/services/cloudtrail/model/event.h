#pragma once
// A CloudTrail event: the record AWS writes for every API call, as berth stores it — the full
// JSON record (CloudTrailEvent in LookupEvents, a member of Records[] in log files) and the
// attributes the event history is searched by.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "pipeline/call_record.h"

namespace berth::services::cloudtrail {

inline constexpr std::string_view kEventVersion = "1.11";

struct EventResource {
  std::string type;  // "AWS::ECR::Repository"
  std::string name;  // the ARN, as LookupEvents' ResourceName shows it
};

struct TrailEvent {
  int64_t seq = 0;             // storage order; set by the store
  int64_t journal_offset = 0;  // where its record starts in its journal segment; set by the store
  std::string event_id;
  TimePoint event_time;
  std::string event_name;
  std::string event_source;
  bool read_only = false;
  std::string username;       // empty when the caller is unknown
  std::string access_key_id;  // empty when none was presented
  std::string account_id;     // the recipient account
  std::string region;
  std::string error_code;     // empty for a successful call
  std::vector<EventResource> resources;
  std::string json;           // the whole record
};

// What a record keeps of text the caller chose, in bytes (cut at a character boundary): anyone
// can send a 15 KB User-Agent, and the journal keeps every record for the retention period.
// AWS truncates long user agents as well.
inline constexpr size_t kMaxUserAgentBytes = 1024;
inline constexpr size_t kMaxErrorMessageBytes = 1024;
// requestParameters of a call whose caller was not authenticated (taken from the request's
// path, /v2): written as null when longer.
inline constexpr size_t kMaxUnauthenticatedParametersBytes = 1024;

// Appends to `out` the record CloudTrail would write for a call (JSON). `default_region` stands
// in when the call named none (registry calls carry no signature scope). With its index entry
// (below), this is the recorder's whole work on the call's thread.
void WriteRecord(const pipeline::CallRecord& call, std::string_view default_region,
                 std::string_view default_account, std::string& out);

// Appends to `out` the attributes of the call's event that the index keeps, as WriteRecord's
// record states them, in a compact binary entry (the record's length included): the recorder
// writes one beside each record so that the indexer need not parse the records back.
void AppendIndexEntry(const pipeline::CallRecord& call, std::string_view default_region,
                      std::string_view default_account, size_t record_length, std::string& out);
// Reads the entry at `at` of `entries` (as AppendIndexEntry wrote them) into `e`'s attributes and
// time, and its record's length into `record_length`; advances `at`. False when it is malformed.
bool ReadIndexEntry(std::string_view entries, size_t& at, TrailEvent& e, size_t& record_length);

// The event for a call: WriteRecord's record and its attributes (tests and tools).
TrailEvent BuildEvent(const pipeline::CallRecord& call, std::string_view default_region,
                      std::string_view default_account);

// The event a record (as WriteRecord wrote it) describes, its attributes read back from the
// JSON. `time` is the call's time to the millisecond. ParseAttributes leaves the record out
// (what the index needs).
Result<TrailEvent> ParseEvent(std::string_view json, TimePoint time);
Result<TrailEvent> ParseAttributes(std::string_view json, TimePoint time);

}  // namespace berth::services::cloudtrail
