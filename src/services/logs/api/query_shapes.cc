#include "services/logs/api/query_shapes.h"

#include "services/logs/api/field_checks.h"
#include "services/logs/model/arn.h"
#include "services/logs/model/errors.h"
#include "services/logs/model/validation.h"

namespace berth::services::logs {
namespace {

constexpr size_t kMaxQueryStringLength = 10'000;
constexpr size_t kMaxQueryIdLength = 256;

// queryLanguage: one of the model's enum.
std::optional<std::string> ReadLanguageName(FieldReader& r) {
  auto language = r.OptionalString("queryLanguage");
  if (language && r.ok() && *language != "CWLI" && *language != "SQL" && *language != "PPL") {
    r.Fail(errors::ConstraintViolated("queryLanguage", *language,
                                      "Member must satisfy enum value set: [CWLI, SQL, PPL]"));
  }
  return language;
}

// queryLanguage where a query is given: berth runs Logs Insights QL only.
void ReadQueryLanguage(FieldReader& r) {
  auto language = ReadLanguageName(r);
  if (language && r.ok() && *language != "CWLI") {
    r.Fail(errors::InvalidParameter("Query language " + *language +
                                    " is not supported here: use CWLI (Logs Insights QL)."));
  }
}

std::optional<std::string> ReadNextToken(FieldReader& r) {
  auto token = r.OptionalString("nextToken");
  if (token) CheckLength(r, "nextToken", *token, 1, 4096);
  return token;
}

std::string ReadQueryId(FieldReader& r, const char* member) {
  std::string id = r.RequiredString(member);
  if (r.ok()) CheckLength(r, member, id, 1, kMaxQueryIdLength);
  return id;
}

std::vector<std::string> ReadGroupNames(FieldReader& r, const char* member,
                                        const std::vector<std::string>& names) {
  for (const std::string& name : names) Check(r, CheckLogGroupName(name, member));
  return names;
}

void CheckGroupCount(FieldReader& r, const char* member, size_t count) {
  if (count > kMaxQueryLogGroups) {
    r.Fail(errors::InvalidParameter("A query can name at most " +
                                    std::to_string(kMaxQueryLogGroups) + " log groups in " +
                                    member + "."));
  }
}

std::vector<QueryParameter> ReadParameters(FieldReader& r) {
  std::vector<QueryParameter> out;
  const Document* list = r.OptionalList("parameters");
  if (list == nullptr || !r.ok()) return out;
  if (list->as_list().size() > kMaxQueryParameters) {
    r.Fail(errors::ConstraintViolated("parameters", "[...]",
                                      "Member must have length less than or equal to 20"));
    return out;
  }
  for (const Document& item : list->as_list()) {
    if (!item.is_map()) {
      r.Fail(Error{"SerializationException", "Each of 'parameters' must be a structure", 400});
      return out;
    }
    FieldReader p(item);
    QueryParameter parameter;
    parameter.name = p.RequiredString("name");
    parameter.default_value = p.OptionalString("defaultValue");
    parameter.description = p.OptionalString("description");
    if (p.ok()) CheckLength(p, "parameters.member.name", parameter.name, 1, 128);
    if (p.ok() && parameter.name.find_first_not_of(
                      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
                      std::string::npos) {
      p.Fail(errors::ConstraintViolated(
          "parameters.member.name", parameter.name,
          "Member must satisfy regular expression pattern: ^[a-zA-Z_][a-zA-Z0-9_]*"));
    }
    if (p.ok() && parameter.name[0] >= '0' && parameter.name[0] <= '9') {
      p.Fail(errors::ConstraintViolated(
          "parameters.member.name", parameter.name,
          "Member must satisfy regular expression pattern: ^[a-zA-Z_][a-zA-Z0-9_]*"));
    }
    if (p.ok() && parameter.default_value) {
      CheckLength(p, "parameters.member.defaultValue", *parameter.default_value, 0, 1024);
    }
    if (p.ok() && parameter.description) {
      CheckLength(p, "parameters.member.description", *parameter.description, 0, 512);
    }
    if (!p.ok()) {
      r.Fail(p.status().error());
      return out;
    }
    out.push_back(std::move(parameter));
  }
  return out;
}

}  // namespace

Result<StartQueryInput> DecodeStartQuery(const Document& in) {
  FieldReader r(in);
  StartQueryInput out;
  ReadQueryLanguage(r);
  auto name = r.OptionalString("logGroupName");
  auto names = r.OptionalStringList("logGroupNames");
  auto identifiers = r.OptionalStringList("logGroupIdentifiers");
  if (r.ok()) {
    const int given = (name ? 1 : 0) + (names ? 1 : 0) + (identifiers ? 1 : 0);
    if (given > 1) {
      r.Fail(errors::InvalidParameter(
          "Specify exactly one of logGroupName, logGroupNames and logGroupIdentifiers."));
    } else if (given == 0 || (names && names->empty()) || (identifiers && identifiers->empty())) {
      r.Fail(errors::InvalidParameter(
          "Specify the log groups to query with logGroupName, logGroupNames or "
          "logGroupIdentifiers."));
    }
  }
  if (r.ok() && name) {
    Check(r, CheckLogGroupName(*name));
    out.groups.push_back(GroupSelector{std::nullopt, std::move(*name)});
  }
  if (r.ok() && names) {
    CheckGroupCount(r, "logGroupNames", names->size());
    for (std::string& n : ReadGroupNames(r, "logGroupNames", *names)) {
      out.groups.push_back(GroupSelector{std::nullopt, std::move(n)});
    }
  }
  if (r.ok() && identifiers) {
    CheckGroupCount(r, "logGroupIdentifiers", identifiers->size());
    if (r.ok()) Check(r, CheckLogGroupIdentifiers(*identifiers));
    for (const std::string& identifier : *identifiers) {
      if (!r.ok()) break;
      auto ref = ParseLogGroupIdentifier(identifier);
      if (!ref.ok()) {
        r.Fail(ref.error());
        break;
      }
      out.groups.push_back(GroupSelector{std::move(ref->account), std::move(ref->name)});
    }
  }
  out.start_s = ReadRequiredInt(r, "startTime");
  out.end_s = ReadRequiredInt(r, "endTime");
  if (r.ok() && out.start_s < 0) r.Fail(OutOfRange("startTime", out.start_s, 0, 0));
  if (r.ok() && out.end_s < 0) r.Fail(OutOfRange("endTime", out.end_s, 0, 0));
  if (r.ok() && out.end_s < out.start_s) {
    r.Fail(errors::InvalidParameter("endTime must be greater than or equal to startTime."));
  }
  out.query_string = r.RequiredString("queryString");
  if (r.ok()) CheckLength(r, "queryString", out.query_string, 0, kMaxQueryStringLength);
  out.limit = ReadLimit(r, "limit", kMaxQueryLimit);
  return Finish(r, std::move(out));
}

Result<QueryIdInput> DecodeQueryId(const Document& in) {
  FieldReader r(in);
  QueryIdInput out{ReadQueryId(r, "queryId")};
  return Finish(r, std::move(out));
}

Result<GetQueryResultsInput> DecodeGetQueryResults(const Document& in) {
  FieldReader r(in);
  GetQueryResultsInput out;
  out.query_id = ReadQueryId(r, "queryId");
  out.next_token = r.OptionalString("nextToken");
  if (out.next_token) CheckLength(r, "nextToken", *out.next_token, 0, 1024);
  out.max_items = ReadLimit(r, "maxItems", kMaxResultsPage, 0);
  return Finish(r, std::move(out));
}

Result<DescribeQueriesInput> DecodeDescribeQueries(const Document& in) {
  FieldReader r(in);
  DescribeQueriesInput out;
  out.log_group_name = r.OptionalString("logGroupName");
  if (out.log_group_name) Check(r, CheckLogGroupName(*out.log_group_name));
  out.status = r.OptionalString("status");
  if (out.status && r.ok() && *out.status != "Unknown" && !ParseQueryStatus(*out.status)) {
    r.Fail(errors::ConstraintViolated(
        "status", *out.status,
        "Member must satisfy enum value set: [Scheduled, Running, Complete, Failed, Cancelled, "
        "Timeout, Unknown]"));
  }
  out.max_results = ReadLimit(r, "maxResults", 1000).value_or(1000);
  out.next_token = ReadNextToken(r);
  out.language = ReadLanguageName(r);
  return Finish(r, std::move(out));
}

Result<PutQueryDefinitionInput> DecodePutQueryDefinition(const Document& in) {
  FieldReader r(in);
  PutQueryDefinitionInput out;
  ReadQueryLanguage(r);
  out.name = r.RequiredString("name");
  if (r.ok()) CheckLength(r, "name", out.name, 1, 255);
  out.query_string = r.RequiredString("queryString");
  if (r.ok()) CheckLength(r, "queryString", out.query_string, 1, kMaxQueryStringLength);
  out.id = r.OptionalString("queryDefinitionId");
  if (out.id) CheckLength(r, "queryDefinitionId", *out.id, 1, kMaxQueryIdLength);
  if (auto names = r.OptionalStringList("logGroupNames")) {
    out.log_group_names = ReadGroupNames(r, "logGroupNames", *names);
  }
  if (auto token = r.OptionalString("clientToken")) {
    if (r.ok()) CheckLength(r, "clientToken", *token, 36, 128);
    if (r.ok() && token->find_first_of(" \t\r\n\f\v") != std::string::npos) {
      r.Fail(errors::ConstraintViolated("clientToken", *token,
                                        "Member must satisfy regular expression pattern: "
                                        "\\S{36,128}"));
    }
    out.client_token = std::move(*token);
  }
  out.parameters = ReadParameters(r);
  return Finish(r, std::move(out));
}

Result<DescribeQueryDefinitionsInput> DecodeDescribeQueryDefinitions(const Document& in) {
  FieldReader r(in);
  DescribeQueryDefinitionsInput out;
  if (auto prefix = r.OptionalString("queryDefinitionNamePrefix")) {
    if (r.ok()) CheckLength(r, "queryDefinitionNamePrefix", *prefix, 1, 255);
    out.prefix = std::move(*prefix);
  }
  out.max_results = ReadLimit(r, "maxResults", 1000).value_or(1000);
  out.next_token = ReadNextToken(r);
  out.language = ReadLanguageName(r);
  return Finish(r, std::move(out));
}

Result<QueryDefinitionIdInput> DecodeQueryDefinitionId(const Document& in) {
  FieldReader r(in);
  QueryDefinitionIdInput out{ReadQueryId(r, "queryDefinitionId")};
  return Finish(r, std::move(out));
}

Result<GetLogRecordInput> DecodeGetLogRecord(const Document& in) {
  FieldReader r(in);
  GetLogRecordInput out{r.RequiredString("logRecordPointer")};
  r.OptionalBool("unmask");
  return Finish(r, std::move(out));
}

Result<ListLogGroupsForQueryInput> DecodeListLogGroupsForQuery(const Document& in) {
  FieldReader r(in);
  ListLogGroupsForQueryInput out;
  out.query_id = ReadQueryId(r, "queryId");
  out.next_token = ReadNextToken(r);
  out.max_results = ReadLimit(r, "maxResults", 500, 50).value_or(50);
  return Finish(r, std::move(out));
}

Document EncodeQueryResults(const QueryResults& results, size_t offset, size_t page) {
  Document out = Document::MakeMap(4);
  out["queryLanguage"] = "CWLI";
  Document rows = Document::MakeList();
  const ResultRows& all = *results.rows;
  for (size_t i = offset; i < all.size() && i - offset < page; ++i) {
    Document row = Document::MakeList();
    for (const insights::ResultField& f : all[i]) {
      Document field = Document::MakeMap(2);
      field["field"] = f.field;
      field["value"] = f.value;
      row.Push(std::move(field));
    }
    rows.Push(std::move(row));
  }
  out["results"] = std::move(rows);
  Document statistics = Document::MakeMap(4);
  statistics["recordsMatched"] = results.statistics.records_matched;
  statistics["recordsScanned"] = results.statistics.records_scanned;
  statistics["bytesScanned"] = results.statistics.bytes_scanned;
  statistics["logGroupsScanned"] = static_cast<double>(results.log_groups.size());
  out["statistics"] = std::move(statistics);
  out["status"] = std::string(QueryStatusName(results.status));
  return out;
}

Document EncodeQueryInfo(const QuerySummary& q) {
  Document out = Document::MakeMap(9);
  out["queryLanguage"] = "CWLI";
  out["queryId"] = q.id;
  out["queryString"] = q.query_string;
  out["status"] = std::string(QueryStatusName(q.status));
  out["createTime"] = Millis(q.created);
  out["logGroupName"] = q.log_group_name;
  if (q.duration_ms) out["queryDuration"] = *q.duration_ms;
  out["bytesScanned"] = q.bytes_scanned;
  out["userIdentity"] = q.user_arn;
  return out;
}

Document EncodeQueryDefinition(const QueryDefinition& d) {
  Document out = Document::MakeMap(7);
  out["queryLanguage"] = d.language;
  out["queryDefinitionId"] = d.id;
  out["name"] = d.name;
  out["queryString"] = d.query_string;
  out["lastModified"] = Millis(d.last_modified);
  if (!d.log_group_names.empty()) {
    Document names = Document::MakeList();
    for (const std::string& name : d.log_group_names) names.Push(Document(name));
    out["logGroupNames"] = std::move(names);
  }
  if (!d.parameters.empty()) {
    Document parameters = Document::MakeList();
    for (const QueryParameter& p : d.parameters) {
      Document parameter = Document::MakeMap(3);
      parameter["name"] = p.name;
      if (p.default_value) parameter["defaultValue"] = *p.default_value;
      if (p.description) parameter["description"] = *p.description;
      parameters.Push(std::move(parameter));
    }
    out["parameters"] = std::move(parameters);
  }
  return out;
}

}  // namespace berth::services::logs
