#include "services/logs/filter/matcher.h"

#include <re2/re2.h>
#include <simdjson.h>
#include <string.h>

#include <algorithm>
#include <charconv>

#include "services/logs/filter/delimited_fields.h"
#include "services/logs/filter/value_match.h"

namespace berth::services::logs::filter {
namespace {

constexpr size_t kUnplaced = static_cast<size_t>(-1);

bool Contains(std::string_view haystack, std::string_view needle) {
  return memmem(haystack.data(), haystack.size(), needle.data(), needle.size()) != nullptr;
}

bool HasTerm(const FilterPattern& pattern, std::string_view message, const Term& term) {
  if (term.regex >= 0) {
    return RE2::PartialMatch(re2::StringPiece(message.data(), message.size()),
                             pattern.regex(term.regex));
  }
  return Contains(message, term.text);
}

// Calls visit(value) for every value `steps[i…]` reaches from `e`; stops at the first visit
// that returns true and returns true then.
template <class Visit>
bool Walk(simdjson::dom::element e, const std::vector<SelectorStep>& steps, size_t i,
          const Visit& visit) {
  if (i == steps.size()) return visit(e);
  const SelectorStep& step = steps[i];
  simdjson::dom::element child;
  switch (step.kind) {
    case SelectorStep::Kind::kKey: {
      simdjson::dom::object object;
      if (e.get_object().get(object) != simdjson::SUCCESS) return false;
      if (object.at_key(step.key).get(child) != simdjson::SUCCESS) return false;
      return Walk(child, steps, i + 1, visit);
    }
    case SelectorStep::Kind::kIndex: {
      simdjson::dom::array array;
      if (e.get_array().get(array) != simdjson::SUCCESS) return false;
      if (array.at(step.index).get(child) != simdjson::SUCCESS) return false;
      return Walk(child, steps, i + 1, visit);
    }
    case SelectorStep::Kind::kWildcard: {
      simdjson::dom::object object;
      if (e.get_object().get(object) == simdjson::SUCCESS) {
        for (auto field : object) {
          if (Walk(field.value, steps, i + 1, visit)) return true;
        }
        return false;
      }
      simdjson::dom::array array;
      if (e.get_array().get(array) == simdjson::SUCCESS) {
        for (simdjson::dom::element item : array) {
          if (Walk(item, steps, i + 1, visit)) return true;
        }
      }
      return false;
    }
  }
  return false;
}

template <class Int>
bool CompareInteger(const FilterPattern& pattern, const JsonNode& n, Int value) {
  if (n.value.kind == ValuePattern::Kind::kNumber) {
    return CompareNumber(pattern, n.value, n.op, static_cast<double>(value));
  }
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  (void)ec;  // 24 bytes hold any 64-bit integer
  return CompareText(pattern, n.value, n.op,
                     std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

bool CompareElement(const FilterPattern& pattern, const JsonNode& n, simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING: {
      std::string_view text;
      if (e.get_string().get(text) != simdjson::SUCCESS) return false;
      return CompareText(pattern, n.value, n.op, text);
    }
    case simdjson::dom::element_type::INT64:
      return CompareInteger(pattern, n, int64_t(e));
    case simdjson::dom::element_type::UINT64:
      return CompareInteger(pattern, n, uint64_t(e));
    case simdjson::dom::element_type::DOUBLE:
      return CompareNumber(pattern, n.value, n.op, double(e));
    case simdjson::dom::element_type::BOOL:
      return CompareText(pattern, n.value, n.op, bool(e) ? "true" : "false");
    default:  // objects, arrays and null are no values to compare
      return false;
  }
}

bool EvalJson(const FilterPattern& pattern, int index, simdjson::dom::element root) {
  const JsonNode& n = pattern.ast().json.nodes[static_cast<size_t>(index)];
  const auto& steps = n.selector.steps;
  switch (n.kind) {
    case JsonNode::Kind::kAnd:
      for (int child : n.children) {
        if (!EvalJson(pattern, child, root)) return false;
      }
      return true;
    case JsonNode::Kind::kOr:
      for (int child : n.children) {
        if (EvalJson(pattern, child, root)) return true;
      }
      return false;
    case JsonNode::Kind::kCompare:
      return Walk(root, steps, 0,
                  [&](simdjson::dom::element e) { return CompareElement(pattern, n, e); });
    case JsonNode::Kind::kIsNull:
      return Walk(root, steps, 0, [](simdjson::dom::element e) { return e.is_null(); });
    case JsonNode::Kind::kIsTrue:
    case JsonNode::Kind::kIsFalse: {
      const bool want = n.kind == JsonNode::Kind::kIsTrue;
      return Walk(root, steps, 0, [want](simdjson::dom::element e) {
        bool value = false;
        return e.get_bool().get(value) == simdjson::SUCCESS && value == want;
      });
    }
    case JsonNode::Kind::kNotExists:
      return !Walk(root, steps, 0, [](simdjson::dom::element) { return true; });
  }
  return false;
}

}  // namespace

struct FilterMatcher::Json {
  simdjson::dom::parser parser;
  std::vector<char> buffer;  // the message and SIMDJSON_PADDING readable bytes after it
  simdjson::dom::element root;  // the last message parsed, valid until the next parse
  bool parsed = false;
};

FilterMatcher::FilterMatcher(const FilterPattern& pattern) : pattern_(pattern) {
  if (pattern.ast().syntax == PatternSyntax::kJson) json_ = std::make_unique<Json>();
}

FilterMatcher::~FilterMatcher() = default;

bool FilterMatcher::Matches(std::string_view message) {
  switch (pattern_.ast().syntax) {
    case PatternSyntax::kTerms: return MatchTerms(message);
    case PatternSyntax::kJson: return MatchJson(message);
    case PatternSyntax::kDelimited: return MatchDelimited(message);
  }
  return false;
}

bool FilterMatcher::MatchTerms(std::string_view message) const {
  const TermsPattern& t = pattern_.ast().terms;
  for (const Term& term : t.required) {
    if (!HasTerm(pattern_, message, term)) return false;
  }
  for (const Term& term : t.excluded) {
    if (HasTerm(pattern_, message, term)) return false;
  }
  if (t.optional.empty()) return true;
  for (const Term& term : t.optional) {
    if (HasTerm(pattern_, message, term)) return true;
  }
  return false;
}

bool FilterMatcher::MatchJson(std::string_view message) {
  for (const auto& clause : pattern_.json_prefilter()) {
    const bool holds = std::any_of(clause.begin(), clause.end(), [&](const std::string& literal) {
      return Contains(message, literal);
    });
    if (!holds) {
      if (message.find('\\') == std::string_view::npos) return false;
      break;  // escapes may spell a literal otherwise: parse and see
    }
  }
  std::vector<char>& buffer = json_->buffer;
  if (buffer.size() < message.size() + simdjson::SIMDJSON_PADDING) {
    buffer.resize(message.size() + simdjson::SIMDJSON_PADDING);
  }
  std::memcpy(buffer.data(), message.data(), message.size());
  json_->parsed = false;
  simdjson::dom::element root;
  if (json_->parser.parse(buffer.data(), message.size(), false).get(root) != simdjson::SUCCESS) {
    return false;  // not JSON: a JSON pattern cannot match it
  }
  json_->root = root;
  json_->parsed = true;
  return EvalJson(pattern_, pattern_.ast().json.root, root);
}

bool FilterMatcher::MatchDelimited(std::string_view message) {
  const DelimitedPattern& d = pattern_.ast().delimited;
  SplitFields(message, fields_);
  if (fields_.size() < d.fixed_slots) return false;
  if (d.fixed_slots == d.slots.size() && fields_.size() > d.slots.size()) {
    // Without '...', the last slot takes the rest of the message (AWS: "[w1=ERROR, w2]
    // returns log events where the first word is ERROR").
    if (d.slots.empty()) return false;
    std::string_view& last = fields_[d.slots.size() - 1];
    size_t start = static_cast<size_t>(last.data() - message.data());
    if (start > 0 && (message[start - 1] == '"' || message[start - 1] == '[')) --start;
    const size_t end = message.find_last_not_of(" \t");
    last = message.substr(start, end + 1 - start);
    fields_.resize(d.slots.size());
  }
  placed_.assign(d.slots.size(), kUnplaced);
  steps_ = 0;
  return Layout(0, 0);
}

// Places slot `slot` and those after it onto fields `field…`, backtracking over the fields
// each '...' takes.
bool FilterMatcher::Layout(size_t slot, size_t field) {
  const DelimitedPattern& d = pattern_.ast().delimited;
  if (++steps_ > kMaxLayoutSteps) return false;
  if (slot == d.slots.size()) {
    if (field != fields_.size()) return false;
    for (size_t s = 0; s < d.slots.size(); ++s) {
      if (!d.slots[s].self_contained && !SlotHolds(s)) return false;
    }
    return true;
  }
  const Slot& current = d.slots[slot];
  if (current.ellipsis) {
    size_t fixed_after = 0;
    bool ellipsis_after = false;
    for (size_t s = slot + 1; s < d.slots.size(); ++s) {
      if (d.slots[s].ellipsis) {
        ellipsis_after = true;
      } else {
        ++fixed_after;
      }
    }
    if (fields_.size() < field + fixed_after) return false;
    // With no '...' after this one, the slots after it take exactly the last fields.
    if (!ellipsis_after) return Layout(slot + 1, fields_.size() - fixed_after);
    for (size_t next = field; next + fixed_after <= fields_.size(); ++next) {
      if (Layout(slot + 1, next)) return true;
      if (steps_ > kMaxLayoutSteps) return false;
    }
    return false;
  }
  if (field >= fields_.size()) return false;
  placed_[slot] = field;
  if (current.self_contained && !SlotHolds(slot)) return false;
  return Layout(slot + 1, field + 1);
}

bool FilterMatcher::SlotHolds(size_t slot) const {
  const int condition = pattern_.ast().delimited.slots[slot].condition;
  return condition < 0 || EvalField(condition);
}

bool FilterMatcher::EvalField(int index) const {
  const FieldNode& n = pattern_.ast().delimited.nodes[static_cast<size_t>(index)];
  switch (n.kind) {
    case FieldNode::Kind::kTrue:
      return true;
    case FieldNode::Kind::kAnd:
      for (int child : n.children) {
        if (!EvalField(child)) return false;
      }
      return true;
    case FieldNode::Kind::kOr:
      for (int child : n.children) {
        if (EvalField(child)) return true;
      }
      return false;
    case FieldNode::Kind::kCompare: {
      const size_t field = placed_[n.slot];
      if (field == kUnplaced) return false;
      return CompareText(pattern_, n.value, n.op, fields_[field]);
    }
  }
  return false;
}

std::optional<std::string> FilterMatcher::FieldValue(std::string_view reference) const {
  if (reference.size() < 2 || reference[0] != '$') return std::nullopt;
  const PatternSyntax syntax = pattern_.ast().syntax;
  if (syntax == PatternSyntax::kDelimited) {
    const std::string_view name = reference.substr(1);
    const DelimitedPattern& d = pattern_.ast().delimited;
    for (size_t slot = 0; slot < d.slots.size(); ++slot) {
      if (d.slots[slot].ellipsis || d.slots[slot].name != name) continue;
      if (slot >= placed_.size() || placed_[slot] >= fields_.size()) return std::nullopt;
      return std::string(fields_[placed_[slot]]);
    }
    return std::nullopt;
  }
  if (syntax != PatternSyntax::kJson || !json_ || !json_->parsed) return std::nullopt;
  if (reference[1] != '.') return std::nullopt;
  // $.a.b: member names separated by dots (what AWS documents for metric values).
  simdjson::dom::element e = json_->root;
  std::string_view rest = reference.substr(2);
  while (!rest.empty()) {
    const size_t dot = rest.find('.');
    const std::string_view key = rest.substr(0, dot);
    simdjson::dom::object object;
    if (key.empty() || e.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
    if (object.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  }
  switch (e.type()) {
    case simdjson::dom::element_type::STRING: {
      std::string_view text;
      if (e.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
      return std::string(text);
    }
    case simdjson::dom::element_type::INT64: return std::to_string(int64_t(e));
    case simdjson::dom::element_type::UINT64: return std::to_string(uint64_t(e));
    case simdjson::dom::element_type::DOUBLE: {
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), double(e));
      if (ec != std::errc()) return std::nullopt;
      return std::string(buffer, end);
    }
    case simdjson::dom::element_type::BOOL: return std::string(bool(e) ? "true" : "false");
    default: return std::nullopt;
  }
}

}  // namespace berth::services::logs::filter
