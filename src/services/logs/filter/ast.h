#pragma once
// The parsed form of a filter pattern. Built once by the parser, never changed after; the
// matcher only reads it. Trees are stored as arenas (vectors of nodes naming their children
// by index) so a pattern is a handful of allocations however large it is.

#include <cstddef>
#include <string>
#include <vector>

#include "services/logs/filter/token.h"

namespace berth::services::logs::filter {

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

// The right-hand side of a comparison, in a JSON or a space-delimited pattern.
struct ValuePattern {
  enum class Kind {
    kAny,     // *: any value
    kText,    // a string, with '*' wildcards at its start and/or end
    kNumber,  // a number (also compared as text when the value is no number)
    kRegex,   // %regex%
  };
  Kind kind = Kind::kText;
  std::string text;          // kText: without its wildcard stars; kNumber: as written
  bool starts_with = false;  // kText "abc*": the value starts with text
  bool ends_with = false;    // kText "*abc": the value ends with text
  double number = 0;         // kNumber
  int regex = -1;            // kRegex: index into Ast::regexes
};

// ---- Terms and phrases: ERROR "exact phrase" ?optional -excluded %regex% ----

struct Term {
  std::string text;  // the literal, or the regex source
  int regex = -1;    // >= 0: a regex term, index into Ast::regexes
};

struct TermsPattern {
  std::vector<Term> required;  // every one must appear
  std::vector<Term> excluded;  // none may appear
  // At least one must appear. AWS ignores '?' terms when a pattern also has required or
  // excluded terms; the parser then leaves this empty.
  std::vector<Term> optional;
};

// ---- JSON: { $.a.b[0] = "x" && ($.c > 5 || $.d IS NULL) } ----

struct SelectorStep {
  enum class Kind { kKey, kIndex, kWildcard };
  Kind kind = Kind::kKey;
  std::string key;   // kKey
  size_t index = 0;  // kIndex
};

struct Selector {
  std::string text;  // as written, for messages
  std::vector<SelectorStep> steps;
};

struct JsonNode {
  enum class Kind { kAnd, kOr, kCompare, kIsNull, kIsTrue, kIsFalse, kNotExists };
  Kind kind = Kind::kCompare;
  std::vector<int> children;  // kAnd, kOr: indexes into JsonPattern::nodes
  Selector selector;          // the other kinds
  CompareOp op = CompareOp::kEq;  // kCompare
  ValuePattern value;             // kCompare
};

struct JsonPattern {
  std::vector<JsonNode> nodes;
  int root = -1;
};

// ---- Space-delimited: [ip, user, ..., status=4* || status=5*, size>1000] ----

struct FieldNode {
  enum class Kind { kAnd, kOr, kCompare, kTrue };
  Kind kind = Kind::kTrue;
  std::vector<int> children;  // kAnd, kOr: indexes into DelimitedPattern::nodes
  size_t slot = 0;            // kCompare: the field compared (an index into slots)
  CompareOp op = CompareOp::kEq;
  ValuePattern value;
};

struct Slot {
  bool ellipsis = false;  // '...': any number of fields, also none
  std::string name;       // empty for an unnamed field
  int condition = -1;     // root in DelimitedPattern::nodes, or -1 for none
  // True when the condition reads this field only, so it can be checked as soon as the
  // field is placed (a condition may name another slot's field).
  bool self_contained = true;
};

struct DelimitedPattern {
  std::vector<Slot> slots;
  std::vector<FieldNode> nodes;
  size_t fixed_slots = 0;  // slots that are not ellipses
};

struct Ast {
  PatternSyntax syntax = PatternSyntax::kTerms;
  TermsPattern terms;          // kTerms
  JsonPattern json;            // kJson
  DelimitedPattern delimited;  // kDelimited
  std::vector<std::string> regexes;  // sources of every %regex%, compiled by FilterPattern
};

}  // namespace berth::services::logs::filter
