// SqliteLogsStore: Logs Insights query definitions (saved queries) and their parameters.
#include <utility>

#include "services/logs/model/errors.h"
#include "services/logs/store/sqlite_logs_store.h"

namespace berth::services::logs {
namespace {

using store::Connection;

std::string JoinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) {
    if (!joined.empty()) joined.push_back('\n');
    joined += name;
  }
  return joined;
}

std::vector<std::string> SplitNames(std::string_view joined) {
  std::vector<std::string> names;
  while (!joined.empty()) {
    const size_t end = joined.find('\n');
    names.emplace_back(joined.substr(0, end));
    if (end == std::string_view::npos) break;
    joined.remove_prefix(end + 1);
  }
  return names;
}

// The id of the account's definition an earlier creation with this token made.
Result<std::optional<std::string>> FindByToken(Connection& c, std::string_view account,
                                               std::string_view token) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT id FROM logs_query_definitions"
                                              " WHERE account = ? AND client_token = ?"));
  stmt.Bind(1, account).Bind(2, token);
  BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(stmt.ColumnText(0));
}

Status CheckRoomForOneMore(Connection& c, std::string_view account) {
  BERTH_ASSIGN_OR_RETURN(
      auto count, c.Prepare("SELECT COUNT(*) FROM logs_query_definitions WHERE account = ?"));
  count.Bind(1, account);
  BERTH_ASSIGN_OR_RETURN(bool row, count.Step());
  if (row && count.ColumnInt(0) >= static_cast<int64_t>(kMaxQueryDefinitionsPerAccount)) {
    return errors::LimitExceeded("You have reached the maximum number of saved queries (" +
                                 std::to_string(kMaxQueryDefinitionsPerAccount) + ").");
  }
  return Ok();
}

Status SaveParameters(Connection& c, const QueryDefinition& d) {
  BERTH_ASSIGN_OR_RETURN(auto clear, c.Prepare("DELETE FROM logs_query_definition_parameters"
                                               " WHERE account = ? AND id = ?"));
  clear.Bind(1, d.account_id).Bind(2, d.id);
  BERTH_RETURN_IF_ERROR(clear.Run());
  for (size_t i = 0; i < d.parameters.size(); ++i) {
    const QueryParameter& p = d.parameters[i];
    BERTH_ASSIGN_OR_RETURN(
        auto insert,
        c.Prepare("INSERT INTO logs_query_definition_parameters(account, id, position, name,"
                  " default_value, description) VALUES (?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, d.account_id)
        .Bind(2, d.id)
        .Bind(3, static_cast<int64_t>(i))
        .Bind(4, p.name)
        .BindOptional(5, p.default_value)
        .BindOptional(6, p.description);
    BERTH_RETURN_IF_ERROR(insert.Run());
  }
  return Ok();
}

Status LoadParameters(Connection& c, QueryDefinition& d) {
  BERTH_ASSIGN_OR_RETURN(
      auto stmt, c.Prepare("SELECT name, default_value, description"
                           " FROM logs_query_definition_parameters WHERE account = ? AND id = ?"
                           " ORDER BY position"));
  stmt.Bind(1, d.account_id).Bind(2, d.id);
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    d.parameters.push_back(QueryParameter{stmt.ColumnText(0), stmt.ColumnOptionalText(1),
                                          stmt.ColumnOptionalText(2)});
  }
}

}  // namespace

Result<std::optional<std::string>> SqliteLogsStore::PutQueryDefinition(
    const QueryDefinition& d, bool replace, std::string_view client_token) {
  std::optional<std::string> id;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    if (replace) {
      BERTH_ASSIGN_OR_RETURN(
          auto update,
          c.Prepare("UPDATE logs_query_definitions SET name = ?, query_string = ?, language = ?,"
                    " log_groups = ?, modified_ms = ? WHERE account = ? AND id = ?"));
      update.Bind(1, d.name)
          .Bind(2, d.query_string)
          .Bind(3, d.language)
          .Bind(4, JoinNames(d.log_group_names))
          .Bind(5, Millis(d.last_modified))
          .Bind(6, d.account_id)
          .Bind(7, d.id);
      BERTH_RETURN_IF_ERROR(update.Run());
      if (c.Changes() == 0) return Ok();
    } else {
      if (!client_token.empty()) {
        BERTH_ASSIGN_OR_RETURN(id, FindByToken(c, d.account_id, client_token));
        if (id) return Ok();  // a retried creation: the definition it made stands
      }
      BERTH_RETURN_IF_ERROR(CheckRoomForOneMore(c, d.account_id));
      BERTH_ASSIGN_OR_RETURN(
          auto insert,
          c.Prepare("INSERT INTO logs_query_definitions(account, id, name, query_string,"
                    " language, log_groups, modified_ms, client_token)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
      insert.Bind(1, d.account_id)
          .Bind(2, d.id)
          .Bind(3, d.name)
          .Bind(4, d.query_string)
          .Bind(5, d.language)
          .Bind(6, JoinNames(d.log_group_names))
          .Bind(7, Millis(d.last_modified));
      if (client_token.empty()) {
        insert.BindNull(8);
      } else {
        insert.Bind(8, client_token);
      }
      BERTH_RETURN_IF_ERROR(insert.Run());
    }
    BERTH_RETURN_IF_ERROR(SaveParameters(c, d));
    id = d.id;
    return Ok();
  }));
  return id;
}

Result<std::vector<QueryDefinition>> SqliteLogsStore::ListQueryDefinitions(
    std::string_view account, std::string_view prefix,
    const std::optional<QueryDefinitionCursor>& after, size_t limit) {
  std::vector<QueryDefinition> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    // Every name starting with `prefix` sorts before prefix + 0xFF: no UTF-8 text holds it.
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare("SELECT id, name, query_string, language, log_groups, modified_ms"
                  " FROM logs_query_definitions WHERE account = ?1"
                  " AND name >= ?2 AND name < ?3 AND (name, id) > (?4, ?5)"
                  " ORDER BY name, id LIMIT ?6"));
    stmt.Bind(1, account)
        .Bind(2, prefix)
        .Bind(3, std::string(prefix) + '\xFF')
        // "" and not an empty view: SQLite binds a null pointer as NULL.
        .Bind(4, after ? std::string_view(after->name) : std::string_view(""))
        .Bind(5, after ? std::string_view(after->id) : std::string_view(""))
        .Bind(6, static_cast<int64_t>(limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      QueryDefinition d;
      d.account_id = std::string(account);
      d.id = stmt.ColumnText(0);
      d.name = stmt.ColumnText(1);
      d.query_string = stmt.ColumnText(2);
      d.language = stmt.ColumnText(3);
      d.log_group_names = SplitNames(stmt.ColumnText(4));
      d.last_modified = FromMillis(stmt.ColumnInt(5));
      out.push_back(std::move(d));
    }
    for (QueryDefinition& d : out) BERTH_RETURN_IF_ERROR(LoadParameters(c, d));
    return Ok();
  }));
  return out;
}

Result<bool> SqliteLogsStore::DeleteQueryDefinition(std::string_view account,
                                                    std::string_view id) {
  bool deleted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("DELETE FROM logs_query_definitions WHERE account = ? AND id = ?"));
    stmt.Bind(1, account).Bind(2, id);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    deleted = c.Changes() > 0;
    return Ok();
  }));
  return deleted;
}

}  // namespace berth::services::logs
