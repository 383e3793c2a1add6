#pragma once
// The messages a subscription delivers, in AWS's subscription payload shape (what a Kinesis
// stream, Firehose or Lambda subscriber receives, before gzip):
//
//   {"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"app",
//    "logStream":"web-1","subscriptionFilters":["errors"],
//    "logEvents":[{"id":"…","timestamp":1700000000000,"message":"…"}]}
//
// and, once after a filter is put, the CONTROL_MESSAGE AWS sends to check the destination
// (owner "CloudwatchLogs", empty group and stream, one event). Pure functions.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace berth::services::logs {

// A destination log group holds each message as one event: the JSON must fit PutLogEvents'
// batch limit (1,048,576 bytes less the 26 counted per event).
inline constexpr size_t kMaxSubscriptionMessageBytes = 1048576 - 26;

struct PayloadEvent {
  std::string id;
  int64_t timestamp_ms = 0;
  std::string_view message;
};

struct PayloadSource {
  std::string owner;  // the log group's account
  std::string log_group;
  std::string log_stream;
  std::vector<std::string> filters;  // subscriptionFilters
};

// DATA_MESSAGEs holding `events` in order, each at most `max_bytes` of JSON, except that an
// event too large to fit a message alone is a message of its own.
std::vector<std::string> EncodeDataMessages(const PayloadSource& source,
                                            std::span<const PayloadEvent> events,
                                            size_t max_bytes = kMaxSubscriptionMessageBytes);

// AWS's control message ("CWL CONTROL MESSAGE: Checking health of destination …"), dated `now_ms`.
std::string EncodeControlMessage(int64_t now_ms, std::string_view destination_kind);

}  // namespace berth::services::logs
