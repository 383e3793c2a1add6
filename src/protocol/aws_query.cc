#include "protocol/aws_query.h"

#include <charconv>
#include <map>
#include <memory>

#include "core/url.h"
#include "core/xml_writer.h"

namespace berth::protocol {
namespace {

Error Malformed(const std::string& why) {
  return Error{"MalformedQueryString", why, 400};
}

// The form's names as a tree before lists and maps are recognised.
struct Node {
  std::string value;
  std::map<std::string, Node, std::less<>> children;
};

bool IsIndex(std::string_view s, long* out) {
  if (s.empty() || s.size() > 9) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size() && *out >= 1;
}

bool AllIndexed(const Node& node) {
  long n;
  for (const auto& [key, child] : node.children)
    if (!IsIndex(key, &n)) return false;
  return !node.children.empty();
}

Document Convert(const Node& node) {
  if (node.children.empty()) return Document(node.value);
  if (node.children.size() == 1) {
    const auto& [name, only] = *node.children.begin();
    if (name == "member" && AllIndexed(only)) {
      std::map<long, const Node*> ordered;
      for (const auto& [key, child] : only.children) {
        long n = 0;
        IsIndex(key, &n);
        ordered.emplace(n, &child);
      }
      Document list = Document::MakeList();
      for (const auto& [n, child] : ordered) list.Push(Convert(*child));
      return list;
    }
    if (name == "entry" && AllIndexed(only)) {
      Document::Map members;
      for (const auto& [key, child] : only.children) {
        // `key`/`value` unless the model renames them (SNS's MessageAttributes: Name/Value).
        auto k = child.children.find("key");
        if (k == child.children.end()) k = child.children.find("Name");
        auto v = child.children.find("value");
        if (v == child.children.end()) v = child.children.find("Value");
        if (k != child.children.end() && v != child.children.end())
          members.emplace_back(k->second.value, Convert(v->second));
      }
      return Document::FromMembers(std::move(members));
    }
  }
  Document::Map members;
  for (const auto& [key, child] : node.children) members.emplace_back(key, Convert(child));
  return Document::FromMembers(std::move(members));
}

}  // namespace

Result<QueryRequest> DecodeQueryForm(std::string_view form) {
  auto pairs = url::ParseQuery(form, /*plus_as_space=*/true);
  if (!pairs) return Malformed("The query string contains a malformed percent-encoding.");
  if (pairs->size() > kMaxQueryParams) return Malformed("Too many parameters.");
  QueryRequest request;
  Node root;
  for (auto& [name, value] : *pairs) {
    if (name == "Action") {
      request.action = std::move(value);
      continue;
    }
    if (name == "Version") {
      request.version = std::move(value);
      continue;
    }
    Node* node = &root;
    size_t depth = 0, start = 0;
    while (true) {
      size_t dot = name.find('.', start);
      std::string_view segment =
          std::string_view(name).substr(start, dot == std::string::npos ? dot : dot - start);
      if (segment.empty() || ++depth > kMaxQueryDepth) {
        return Malformed("The parameter name '" + name + "' is not valid.");
      }
      node = &node->children[std::string(segment)];
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    node->value = std::move(value);
  }
  if (request.action.empty()) {
    return Error{"MissingAction", "The request must contain the parameter Action.", 400};
  }
  request.params = root.children.empty() ? Document::MakeMap() : Convert(root);
  return request;
}

Response EncodeQueryResult(std::string_view action, std::string_view xml_namespace,
                           const Document& output, std::string_view request_id,
                           const std::vector<std::string>& map_paths) {
  Response response;
  response.SetHeader("Content-Type", "text/xml");
  std::string& out = response.body;
  out.reserve(256);
  out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<");
  out.append(action).append("Response xmlns=\"");
  xml::AppendEscaped(out, xml_namespace);
  out.append("\"><").append(action).append("Result>");
  xml::AppendMembers(out, output, map_paths);
  out.append("</").append(action).append("Result><ResponseMetadata><RequestId>");
  xml::AppendEscaped(out, request_id);
  out.append("</RequestId></ResponseMetadata></").append(action).append("Response>");
  return response;
}

Response EncodeQueryError(const Error& error, std::string_view request_id) {
  Response response;
  response.status = error.http_status;
  response.SetHeader("Content-Type", "text/xml");
  std::string& out = response.body;
  out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse><Error><Type>");
  out.append(error.IsServerFault() ? "Receiver" : "Sender");
  out.append("</Type><Code>");
  xml::AppendEscaped(out, error.code);
  out.append("</Code><Message>");
  xml::AppendEscaped(out, error.message);
  out.append("</Message></Error><RequestId>");
  xml::AppendEscaped(out, request_id);
  out.append("</RequestId></ErrorResponse>");
  return response;
}

}  // namespace berth::protocol
