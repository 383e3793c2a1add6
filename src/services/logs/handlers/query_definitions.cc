// Logs Insights' saved queries: PutQueryDefinition, DescribeQueryDefinitions,
// DeleteQueryDefinition.
#include "core/ids.h"
#include "services/logs/api/page_tokens.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::handlers {

// Creates a definition, or with queryDefinitionId replaces every value of that one (what is
// not given is gone, as on AWS). A retried creation (same clientToken) answers the id the
// first made.
Result<Document> PutQueryDefinition(LogsService& s, CallContext& ctx,
                                    const PutQueryDefinitionInput& in) {
  QueryDefinition d;
  d.account_id = ctx.principal.account_id;
  d.id = in.id.value_or(ids::NewUuid());
  d.name = in.name;
  d.query_string = in.query_string;
  d.log_group_names = in.log_group_names;
  d.parameters = in.parameters;
  d.last_modified = ctx.now;
  BERTH_ASSIGN_OR_RETURN(auto id,
                         s.store().PutQueryDefinition(d, in.id.has_value(), in.client_token));
  if (!id) return errors::QueryDefinitionNotFound();
  Document out = Document::MakeMap(1);
  out["queryDefinitionId"] = std::move(*id);
  return out;
}

Result<Document> DescribeQueryDefinitions(LogsService& s, CallContext& ctx,
                                          const DescribeQueryDefinitionsInput& in) {
  std::optional<QueryDefinitionCursor> after;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(after, DecodeDefinitionsToken(*in.next_token, in.prefix));
  }
  const auto limit = static_cast<size_t>(in.max_results);
  BERTH_ASSIGN_OR_RETURN(auto found, s.store().ListQueryDefinitions(ctx.principal.account_id,
                                                                    in.prefix, after, limit + 1));
  const bool more = found.size() > limit;
  if (more) found.resize(limit);
  Document out = Document::MakeMap(2);
  Document definitions = Document::MakeList();
  for (const QueryDefinition& d : found) {
    // Every definition here is CWLI (PutQueryDefinition takes no other language).
    if (in.language && *in.language != d.language) continue;
    definitions.Push(EncodeQueryDefinition(d));
  }
  out["queryDefinitions"] = std::move(definitions);
  if (more) {
    out["nextToken"] = EncodeDefinitionsToken(
        in.prefix, QueryDefinitionCursor{found.back().name, found.back().id});
  }
  return out;
}

Result<Document> DeleteQueryDefinition(LogsService& s, CallContext& ctx,
                                       const QueryDefinitionIdInput& in) {
  BERTH_ASSIGN_OR_RETURN(bool deleted,
                         s.store().DeleteQueryDefinition(ctx.principal.account_id, in.id));
  if (!deleted) return errors::QueryDefinitionNotFound();
  Document out = Document::MakeMap(1);
  out["success"] = true;
  return out;
}

}  // namespace berth::services::logs::handlers
