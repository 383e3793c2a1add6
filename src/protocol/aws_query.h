#pragma once
// The AWS query protocol: a form (`Action=…&Version=…&A.member.1=…`) in, XML out.

#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/http_types.h"
#include "core/result.h"

namespace berth::protocol {

struct QueryRequest {
  std::string action;
  std::string version;
  Document params;  // every parameter but Action and Version; leaves are strings
};

// Dotted names become nested maps; `X.member.N` becomes a list (ordered by N); `X.entry.N.key`
// with `X.entry.N.value` becomes a map (`.Name`/`.Value` too,
// where a model renames them: SNS's MessageAttributes). Hostile input is bounded: at most kMaxQueryParams
// parameters and kMaxQueryDepth levels. Errors: MissingAction, MalformedQueryString (400).
inline constexpr size_t kMaxQueryParams = 10000;
inline constexpr size_t kMaxQueryDepth = 16;
Result<QueryRequest> DecodeQueryForm(std::string_view form);

// <ActionResponse xmlns=NS><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata>
// The output members at `map_paths` are maps (xml::AppendMembers): <entry><key/><value/>.
Response EncodeQueryResult(std::string_view action, std::string_view xml_namespace,
                           const Document& output, std::string_view request_id,
                           const std::vector<std::string>& map_paths = {});
// <ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/>
Response EncodeQueryError(const Error& error, std::string_view request_id);

}  // namespace berth::protocol
