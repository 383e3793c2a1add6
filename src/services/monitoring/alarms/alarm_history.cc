#include "services/monitoring/alarms/alarm_history.h"

#include "core/json_writer.h"
#include "protocol/json_reader.h"
#include "services/monitoring/api/alarm_shapes.h"

namespace berth::services::monitoring::alarms {
namespace {

HistoryItem Item(const AlarmDefinition& d, int64_t time_ms, HistoryItemType type,
                 std::string summary, std::string data) {
  return HistoryItem{d.account_id, d.region, d.name, d.type, time_ms, type, std::move(summary),
                     std::move(data)};
}

}  // namespace

HistoryItem ConfigurationItem(const AlarmDefinition& d, int64_t time_ms, std::string_view verb,
                              std::string_view type, std::string_view member) {
  std::string data;
  JsonWriter w(data);
  w.BeginObject();
  w.Key("version");
  w.String("1.0");
  w.Key("type");
  w.String(type);
  data += ",\"" + std::string(member) + "\":" + DefinitionJson(d) + "}";
  return Item(d, time_ms, HistoryItemType::kConfigurationUpdate,
              "Alarm \"" + d.name + "\" " + std::string(verb), std::move(data));
}

static void StateJson(JsonWriter& w, std::string_view key, const AlarmStatus& s) {
  w.Key(key);
  w.BeginObject();
  w.Key("stateValue");
  w.String(StateName(s.value));
  w.Key("stateReason");
  w.String(s.reason);
  if (s.reason_data) {
    // Embedded as an object, as AWS does (SetAlarmState checked that it is JSON).
    if (auto doc = protocol::ParseJson(*s.reason_data); doc.ok()) {
      w.Key("stateReasonData");
      w.Value(*doc);
    }
  }
  w.EndObject();
}

HistoryItem StateItem(const AlarmDefinition& d, const AlarmStatus& old, const AlarmStatus& now) {
  std::string data;
  JsonWriter w(data);
  w.BeginObject();
  w.Key("version");
  w.String("1.0");
  StateJson(w, "oldState", old);
  StateJson(w, "newState", now);
  w.EndObject();
  return Item(d, now.updated_ms, HistoryItemType::kStateUpdate,
              "Alarm updated from " + std::string(StateName(old.value)) + " to " +
                  std::string(StateName(now.value)),
              std::move(data));
}

HistoryItem ActionItem(const AlarmDefinition& d, int64_t time_ms, const std::string& arn,
                       const Status& outcome) {
  std::string data;
  JsonWriter w(data);
  w.BeginObject();
  w.Key("actionState");
  w.String(outcome.ok() ? "Succeeded" : "Failed");
  w.Key("notificationResource");
  w.String(arn);
  w.Key("stateUpdateTimestamp");
  w.Int(time_ms);
  if (!outcome.ok()) {
    w.Key("error");
    w.String(outcome.error().message);
  }
  w.EndObject();
  std::string summary = outcome.ok() ? "Successfully executed action " + arn
                                     : "Failed to execute action " + arn +
                                           ". Received error: '" + outcome.error().message + "'";
  return Item(d, time_ms, HistoryItemType::kAction, std::move(summary), std::move(data));
}


std::string DefinitionJson(const AlarmDefinition& d) { return ToJson(DefinitionToDocument(d)); }

}  // namespace berth::services::monitoring::alarms
