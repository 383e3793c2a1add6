#include "services/logs/subscriptions/payload.h"

#include "core/json_writer.h"

namespace berth::services::logs {
namespace {

// The message up to the logEvents array's opening bracket.
std::string Head(std::string_view type, std::string_view owner, std::string_view group,
                 std::string_view stream, std::span<const std::string> filters) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("messageType");
  w.String(type);
  w.Key("owner");
  w.String(owner);
  w.Key("logGroup");
  w.String(group);
  w.Key("logStream");
  w.String(stream);
  w.Key("subscriptionFilters");
  w.BeginArray();
  for (const std::string& f : filters) w.String(f);
  w.EndArray();
  out += ",\"logEvents\":[";
  return out;
}

std::string EventJson(const PayloadEvent& e) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("id");
  w.String(e.id);
  w.Key("timestamp");
  w.Int(e.timestamp_ms);
  w.Key("message");
  w.String(e.message);
  w.EndObject();
  return out;
}

constexpr std::string_view kTail = "]}";

}  // namespace

std::vector<std::string> EncodeDataMessages(const PayloadSource& source,
                                            std::span<const PayloadEvent> events,
                                            size_t max_bytes) {
  const std::string head =
      Head("DATA_MESSAGE", source.owner, source.log_group, source.log_stream, source.filters);
  std::vector<std::string> out;
  std::string current;
  size_t in_current = 0;
  auto flush = [&] {
    if (in_current == 0) return;
    current += kTail;
    out.push_back(std::move(current));
    current.clear();
    in_current = 0;
  };
  for (const PayloadEvent& e : events) {
    const std::string json = EventJson(e);
    if (in_current > 0 && current.size() + 1 + json.size() + kTail.size() > max_bytes) flush();
    if (in_current == 0) {
      current = head;
    } else {
      current += ',';
    }
    current += json;
    ++in_current;
  }
  flush();
  return out;
}

std::string EncodeControlMessage(int64_t now_ms, std::string_view destination_kind) {
  const std::string message =
      "CWL CONTROL MESSAGE: Checking health of destination " + std::string(destination_kind) + ".";
  std::string out = Head("CONTROL_MESSAGE", "CloudwatchLogs", "", "", {});
  out += EventJson(PayloadEvent{"", now_ms, message});
  out += kTail;
  return out;
}

}  // namespace berth::services::logs
