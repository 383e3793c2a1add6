// SqliteLogsStore: metric filters.
#include <charconv>

#include "services/logs/metric_filters/metric_extraction.h"
#include "services/logs/store/sqlite_logs_store.h"

namespace berth::services::logs {
namespace {

using store::Connection;
using store::Statement;

// "<len>:<bytes>" for each name, then its reference: any bytes survive.
std::string EncodeDimensions(const std::map<std::string, std::string>& dims) {
  std::string out;
  for (const auto& [name, reference] : dims) {
    for (const std::string* s : {&name, &reference}) {
      out += std::to_string(s->size());
      out += ':';
      out += *s;
    }
  }
  return out;
}

std::map<std::string, std::string> DecodeDimensions(std::string_view text) {
  std::map<std::string, std::string> out;
  auto next = [&](std::string& into) {
    size_t size = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
    if (ec != std::errc() || end == text.data() + text.size() || *end != ':') return false;
    text.remove_prefix(static_cast<size_t>(end - text.data()) + 1);
    if (size > text.size()) return false;
    into.assign(text.substr(0, size));
    text.remove_prefix(size);
    return true;
  };
  while (!text.empty()) {
    std::string name, reference;
    if (!next(name) || !next(reference)) break;  // written by EncodeDimensions only
    out.emplace(std::move(name), std::move(reference));
  }
  return out;
}

std::string NumberText(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  (void)ec;  // 32 bytes hold any double's shortest form
  return std::string(buffer, end);
}

constexpr char kColumns[] =
    "SELECT f.group_id, g.account, g.name, f.name, f.pattern, f.metric_name,"
    " f.metric_namespace, f.metric_value, f.default_value, f.unit, f.dimensions, f.created_ms"
    " FROM logs_metric_filters f JOIN logs_groups g ON g.id = f.group_id ";

MetricFilter ReadFilter(const Statement& s) {
  MetricFilter f;
  f.group_id = s.ColumnInt(0);
  f.account_id = s.ColumnText(1);
  f.group_name = s.ColumnText(2);
  f.name = s.ColumnText(3);
  f.pattern = s.ColumnText(4);
  MetricTransformation t;
  t.metric_name = s.ColumnText(5);
  t.metric_namespace = s.ColumnText(6);
  t.metric_value = s.ColumnText(7);
  if (auto text = s.ColumnOptionalText(8)) t.default_value = ParseMetricNumber(*text);
  t.unit = s.ColumnOptionalText(9);
  t.dimensions = DecodeDimensions(s.ColumnText(10));
  f.transformations.push_back(std::move(t));
  f.created_ms = s.ColumnInt(11);
  return f;
}

Result<std::vector<MetricFilter>> Collect(Statement& stmt) {
  std::vector<MetricFilter> out;
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    out.push_back(ReadFilter(stmt));
  }
}

}  // namespace

Result<MetricFilterPut> SqliteLogsStore::PutMetricFilter(const MetricFilter& f,
                                                         size_t max_per_group) {
  MetricFilterPut outcome = MetricFilterPut::kStored;
  if (f.transformations.size() != 1) return Error{"InternalFailure", "one transformation", 500};
  const MetricTransformation& t = f.transformations.front();
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto group, c.Prepare("SELECT 1 FROM logs_groups WHERE id = ?"));
    group.Bind(1, f.group_id);
    BERTH_ASSIGN_OR_RETURN(bool exists, group.Step());
    if (!exists) {
      outcome = MetricFilterPut::kGroupNotFound;
      return Ok();
    }
    BERTH_ASSIGN_OR_RETURN(auto count,
                           c.Prepare("SELECT COUNT(*), SUM(name = ?2) FROM logs_metric_filters"
                                     " WHERE group_id = ?1"));
    count.Bind(1, f.group_id).Bind(2, f.name);
    BERTH_ASSIGN_OR_RETURN(bool row, count.Step());
    if (row && count.ColumnInt(1) == 0 &&
        count.ColumnInt(0) >= static_cast<int64_t>(max_per_group)) {
      outcome = MetricFilterPut::kLimitExceeded;
      return Ok();
    }
    BERTH_ASSIGN_OR_RETURN(
        auto put,
        c.Prepare("INSERT INTO logs_metric_filters(group_id, name, pattern, metric_name,"
                  " metric_namespace, metric_value, default_value, unit, dimensions, created_ms)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(group_id, name) DO UPDATE"
                  " SET pattern = excluded.pattern, metric_name = excluded.metric_name,"
                  " metric_namespace = excluded.metric_namespace,"
                  " metric_value = excluded.metric_value, default_value = excluded.default_value,"
                  " unit = excluded.unit, dimensions = excluded.dimensions"));
    put.Bind(1, f.group_id)
        .Bind(2, f.name)
        .Bind(3, f.pattern)
        .Bind(4, t.metric_name)
        .Bind(5, t.metric_namespace)
        .Bind(6, t.metric_value)
        .BindOptional(7, t.default_value ? std::optional<std::string>(NumberText(*t.default_value))
                                         : std::nullopt)
        .BindOptional(8, t.unit)
        .Bind(9, EncodeDimensions(t.dimensions))
        .Bind(10, f.created_ms);
    return put.Run();
  }));
  return outcome;
}

Result<std::vector<MetricFilter>> SqliteLogsStore::ListMetricFilters(const MetricFilterListing& l) {
  std::vector<MetricFilter> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = std::string(kColumns) +
                      "WHERE g.account = ?1 AND f.name >= ?2 AND f.name < ?3"
                      " AND (f.name, g.name) > (?4, ?5)";
    if (l.group_id) sql += " AND f.group_id = ?6";
    if (l.metric_name) sql += " AND f.metric_name = ?7";
    if (l.metric_namespace) sql += " AND f.metric_namespace = ?8";
    sql += " ORDER BY f.name, g.name LIMIT ?9";
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(sql));
    stmt.Bind(1, l.account_id)
        .Bind(2, std::string_view(l.name_prefix))
        .Bind(3, l.name_prefix + '\xFF')
        // "" and not an empty view: SQLite binds a null pointer as NULL.
        .Bind(4, l.after ? std::string_view(l.after->first) : std::string_view(""))
        .Bind(5, l.after ? std::string_view(l.after->second) : std::string_view(""))
        .Bind(9, static_cast<int64_t>(l.limit));
    if (l.group_id) stmt.Bind(6, *l.group_id);
    if (l.metric_name) stmt.Bind(7, *l.metric_name);
    if (l.metric_namespace) stmt.Bind(8, *l.metric_namespace);
    BERTH_ASSIGN_OR_RETURN(out, Collect(stmt));
    return Ok();
  }));
  return out;
}

Result<bool> SqliteLogsStore::DeleteMetricFilter(int64_t group_id, std::string_view name) {
  bool deleted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("DELETE FROM logs_metric_filters WHERE group_id = ? AND name = ?"));
    stmt.Bind(1, group_id).Bind(2, name);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    deleted = c.Changes() > 0;
    return Ok();
  }));
  return deleted;
}

Result<std::vector<MetricFilter>> SqliteLogsStore::AllMetricFilters() {
  std::vector<MetricFilter> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kColumns)));
    BERTH_ASSIGN_OR_RETURN(out, Collect(stmt));
    return Ok();
  }));
  return out;
}

}  // namespace berth::services::logs
