#pragma once
// Fields discovered in a JSON log event, as Logs Insights names them: nested members joined
// with dots (userIdentity.userName), array elements by index (resources.0.ARN). Only leaves
// are fields — strings, numbers, booleans; null, objects and arrays are not.
//
// The message is parsed (simdjson) the first time a field is asked for, and at most once per
// event, so a query that only reads @message never pays for JSON. One instance serves a whole
// run; values it returns view its buffers and stay valid until the next Reset.
// Deviation from AWS: every field is found, not only the first 200 of an event.

#include <memory>
#include <string_view>

#include "services/logs/insights/value.h"

namespace berth::services::logs::insights {

class JsonFields {
 public:
  JsonFields();
  ~JsonFields();
  JsonFields(const JsonFields&) = delete;
  JsonFields& operator=(const JsonFields&) = delete;

  // Starts a new event; `message` must outlive the lookups that follow.
  void Reset(std::string_view message);
  // The field at `path`, or null when the event is not a JSON object or has no such leaf.
  Value Lookup(std::string_view path);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace berth::services::logs::insights
