#include "protocol/json_reader.h"

#include <simdjson.h>

#include <string>

namespace berth::protocol {
namespace {

Error Malformed(std::string_view why) {
  return Error{"SerializationException", "Malformed JSON: " + std::string(why), 400};
}

Result<Document> Convert(simdjson::dom::element e, int depth) {
  if (depth > kMaxJsonDepth) return Malformed("nesting too deep");
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT: {
      Document::Map members;
      for (auto [key, value] : simdjson::dom::object(e)) {
        BERTH_ASSIGN_OR_RETURN(Document child, Convert(value, depth + 1));
        members.emplace_back(std::string(key), std::move(child));
      }
      return Document::FromMembers(std::move(members));  // a repeated name: the last wins
    }
    case simdjson::dom::element_type::ARRAY: {
      Document::List list;
      for (auto value : simdjson::dom::array(e)) {
        BERTH_ASSIGN_OR_RETURN(Document child, Convert(value, depth + 1));
        list.push_back(std::move(child));
      }
      return Document(std::move(list));
    }
    case simdjson::dom::element_type::STRING:
      return Document(std::string(std::string_view(e)));
    case simdjson::dom::element_type::INT64:
      return Document(int64_t(e));
    case simdjson::dom::element_type::UINT64: {
      // Past int64's range: keep the magnitude as a double rather than wrapping.
      return Document(static_cast<double>(uint64_t(e)));
    }
    case simdjson::dom::element_type::DOUBLE:
      return Document(double(e));
    case simdjson::dom::element_type::BOOL:
      return Document(bool(e));
    case simdjson::dom::element_type::NULL_VALUE:
      return Document();
  }
  return Malformed("unknown value type");
}

}  // namespace

Result<Document> ParseJson(std::string_view text) {
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: parse from a padded copy.
  simdjson::padded_string padded(text);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto error = parser.parse(padded).get(root);
  if (error) return Malformed(simdjson::error_message(error));
  return Convert(root, 0);
}

}  // namespace berth::protocol
