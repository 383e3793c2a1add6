#include "services/logs/insights/json_fields.h"

#include <simdjson.h>

#include <charconv>
#include <cstring>
#include <string>

namespace berth::services::logs::insights {
namespace {

Value Leaf(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING: return Value::View(std::string_view(e));
    case simdjson::dom::element_type::INT64: return Value::Number(static_cast<double>(int64_t(e)));
    case simdjson::dom::element_type::UINT64:
      return Value::Number(static_cast<double>(uint64_t(e)));
    case simdjson::dom::element_type::DOUBLE: return Value::Number(double(e));
    case simdjson::dom::element_type::BOOL: return Value::Bool(bool(e));
    default: return Value();  // null, object, array: not fields
  }
}

// Walks `path` down from `e`. A key may itself hold dots ({"a.b": 1} is field a.b), so each
// member whose name is a prefix of the path, up to a dot, is tried.
Value Walk(simdjson::dom::element e, std::string_view path, int depth) {
  if (path.empty()) return Leaf(e);
  if (depth > 64) return Value();
  if (e.type() == simdjson::dom::element_type::OBJECT) {
    for (auto [key, value] : simdjson::dom::object(e)) {
      if (!path.starts_with(key)) continue;
      if (path.size() == key.size()) {
        Value leaf = Leaf(value);
        if (!leaf.is_null()) return leaf;
      } else if (path[key.size()] == '.') {
        Value found = Walk(value, path.substr(key.size() + 1), depth + 1);
        if (!found.is_null()) return found;
      }
    }
    return Value();
  }
  if (e.type() == simdjson::dom::element_type::ARRAY) {
    const size_t dot = path.find('.');
    const std::string_view segment = path.substr(0, dot);
    size_t index = 0;
    auto [ptr, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
    if (ec != std::errc() || ptr != segment.data() + segment.size()) return Value();
    simdjson::dom::element item;
    if (simdjson::dom::array(e).at(index).get(item)) return Value();
    return Walk(item, dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1),
                depth + 1);
  }
  return Value();
}

}  // namespace

struct JsonFields::Impl {
  enum class State { kUnparsed, kParsed, kNotJson };

  simdjson::dom::parser parser;
  std::string buffer;  // the message plus simdjson's padding, reused across events
  simdjson::dom::element root;
  std::string_view message;
  State state = State::kNotJson;

  bool Parse() {
    if (state == State::kUnparsed) {
      state = State::kNotJson;
      size_t first = 0;
      while (first < message.size() && (message[first] == ' ' || message[first] == '\t' ||
                                        message[first] == '\r' || message[first] == '\n'))
        ++first;
      if (first < message.size() && message[first] == '{') {
        const size_t needed = message.size() + simdjson::SIMDJSON_PADDING;
        if (buffer.size() < needed) buffer.resize(needed);
        std::memcpy(buffer.data(), message.data(), message.size());
        if (!parser.parse(buffer.data(), message.size(), false).get(root)) state = State::kParsed;
      }
    }
    return state == State::kParsed;
  }
};

JsonFields::JsonFields() : impl_(std::make_unique<Impl>()) {}
JsonFields::~JsonFields() = default;

void JsonFields::Reset(std::string_view message) {
  impl_->message = message;
  impl_->state = Impl::State::kUnparsed;
}

Value JsonFields::Lookup(std::string_view path) {
  if (!impl_->Parse()) return Value();
  return Walk(impl_->root, path, 0);
}

}  // namespace berth::services::logs::insights
