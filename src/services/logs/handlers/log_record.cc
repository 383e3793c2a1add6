// Logs Insights' GetLogRecord (every field of the event an @ptr names) and
// ListLogGroupsForQuery.
#include <simdjson.h>

#include <cstring>

#include "services/logs/api/page_tokens.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/insights/value.h"
#include "services/logs/model/arn.h"
#include "services/logs/model/errors.h"
#include "services/logs/model/record_pointer.h"

namespace berth::services::logs::handlers {
namespace {

constexpr int kMaxDepth = 64;
constexpr size_t kMaxFields = 1000;

// A JSON message's leaves as Logs Insights names them (userIdentity.userName,
// resources.0.ARN), values as queries show them; null, objects and arrays are not fields.
class Flattener {
 public:
  explicit Flattener(Document& out) : out_(out) {}

  void Add(std::string_view message) {
    size_t first = message.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || message[first] != '{') return;
    std::string buffer(message.size() + simdjson::SIMDJSON_PADDING, '\0');
    std::memcpy(buffer.data(), message.data(), message.size());
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(buffer.data(), message.size(), false).get(root)) return;
    Walk(root, "", 0);
  }

 private:
  void Walk(simdjson::dom::element e, const std::string& path, int depth) {
    if (depth > kMaxDepth || out_.as_map().size() >= kMaxFields) return;
    auto child = [&](std::string_view name) {
      return path.empty() ? std::string(name) : path + "." + std::string(name);
    };
    switch (e.type()) {
      case simdjson::dom::element_type::OBJECT:
        for (auto [key, value] : simdjson::dom::object(e)) Walk(value, child(key), depth + 1);
        return;
      case simdjson::dom::element_type::ARRAY: {
        size_t i = 0;
        for (simdjson::dom::element item : simdjson::dom::array(e)) {
          Walk(item, child(std::to_string(i++)), depth + 1);
        }
        return;
      }
      case simdjson::dom::element_type::STRING: Put(path, std::string(std::string_view(e))); return;
      case simdjson::dom::element_type::INT64:
        Put(path, Format(static_cast<double>(int64_t(e))));
        return;
      case simdjson::dom::element_type::UINT64:
        Put(path, Format(static_cast<double>(uint64_t(e))));
        return;
      case simdjson::dom::element_type::DOUBLE: Put(path, Format(double(e))); return;
      case simdjson::dom::element_type::BOOL: Put(path, bool(e) ? "true" : "false"); return;
      case simdjson::dom::element_type::NULL_VALUE: return;
    }
  }
  static std::string Format(double d) { return insights::FormatValue(insights::Value::Number(d)); }
  void Put(const std::string& path, std::string value) {
    if (out_.Find(path) == nullptr) out_[path] = std::move(value);
  }

  Document& out_;
};

}  // namespace

Result<Document> GetLogRecord(LogsService& s, CallContext& ctx, const GetLogRecordInput& in) {
  std::optional<RecordPointer> pointer = ParseRecordPointer(in.pointer);
  if (!pointer) return errors::InvalidParameter("The specified logRecordPointer is not valid.");
  BERTH_ASSIGN_OR_RETURN(auto group, s.store().GetGroupById(pointer->group_id));
  if (!group || group->account_id != ctx.principal.account_id) return errors::LogRecordNotFound();
  EventSelection selection;
  selection.group_id = group->id;
  selection.start_ms = pointer->key.timestamp_ms;
  selection.end_ms = pointer->key.timestamp_ms + 1;
  selection.now = ctx.now;
  Document record = Document::MakeMap(8);
  bool found = false;
  BERTH_RETURN_IF_ERROR(s.store().ReadEvents(selection, Direction::kForward,
                                             [&](const EventView& e) {
    if (e.key != pointer->key) return true;
    found = true;
    record["@ingestionTime"] = std::to_string(e.ingestion_ms);
    record["@log"] = group->account_id + ":" + group->name;
    record["@logStream"] = e.stream_name;
    record["@message"] = e.message;
    record["@timestamp"] = std::to_string(e.key.timestamp_ms);
    Flattener(record).Add(e.message);
    return false;
  }));
  if (!found) return errors::LogRecordNotFound();
  Document out = Document::MakeMap(1);
  out["logRecord"] = std::move(record);
  return out;
}

Result<Document> ListLogGroupsForQuery(LogsService& s, CallContext& ctx,
                                       const ListLogGroupsForQueryInput& in) {
  BERTH_ASSIGN_OR_RETURN(QueryResults results,
                         s.queries().Results(ctx.principal.account_id, in.query_id));
  size_t offset = 0;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(offset, DecodeQueryGroupsToken(*in.next_token, in.query_id));
  }
  const auto page = static_cast<size_t>(in.max_results);
  Document groups = Document::MakeList();
  for (size_t i = offset; i < results.log_groups.size() && i - offset < page; ++i) {
    groups.Push(Document(
        LogGroupArnWithoutStar(ctx.region, ctx.principal.account_id, results.log_groups[i])));
  }
  Document out = Document::MakeMap(2);
  out["logGroupIdentifiers"] = std::move(groups);
  if (offset + page < results.log_groups.size()) {
    out["nextToken"] = EncodeQueryGroupsToken(in.query_id, offset + page);
  }
  return out;
}

}  // namespace berth::services::logs::handlers
