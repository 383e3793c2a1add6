#pragma once
// XML output for the query protocol (and S3 later): escaping, and Documents as elements.

#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace berth::xml {

// Appends text escaped for element content and attribute values (& < > " '); bytes that XML 1.0
// forbids (control characters other than tab/newline/CR) are dropped.
void AppendEscaped(std::string& out, std::string_view text);

// Appends <name>…</name> for a Document: maps become child elements, lists repeated <member>
// children, timestamps ISO 8601 with milliseconds, blobs base64, booleans true/false. A null
// document writes nothing.
void AppendElement(std::string& out, std::string_view name, const Document& doc);

// The children of a map Document without an enclosing element.
void AppendMembers(std::string& out, const Document& map);

// The same, where the members at `map_paths` are AWS `map` shapes rather than structures:
// each is written as the query protocol serializes maps,
// <Name><entry><key>k</key><value>v</value></entry>…</Name>. A path names members from
// the top through structures and maps' values, list levels skipped:
// "Datapoints.ExtendedStatistics" is every datapoint's ExtendedStatistics.
void AppendMembers(std::string& out, const Document& map,
                   const std::vector<std::string>& map_paths);

}  // namespace berth::xml
