#pragma once
// Runs a compiled FilterPattern against log messages. A matcher holds the run state (a
// simdjson parser and its padded buffer, the fields of a space-delimited message), reused
// from message to message so a scan allocates nothing per event. Not thread-safe: one per
// thread or scan; the pattern it borrows must outlive it.
//
// Semantics (AWS's, where AWS documents them):
// - terms: every required term or phrase appears (case-sensitive substring), no excluded one
//   does, and at least one optional ('?') term does when there are any.
// - JSON: the message must parse as JSON. A selector yields the values it reaches (a
//   wildcard step may reach several); a comparison holds when one of them, being a string,
//   number or boolean, compares true — objects, arrays and null never compare, with '=' or
//   '!='. IS NULL / IS TRUE / IS FALSE test for null and the booleans; NOT EXISTS holds when
//   the selector reaches nothing.
// - space-delimited: the message's fields (delimited_fields.h) are laid onto the slots, each
//   '...' taking any number of fields; the pattern matches when some layout satisfies every
//   condition. Without '...' the message needs at least as many fields as there are slots,
//   and the last slot takes the rest of the message. Layout search is
//   bounded (kMaxLayoutSteps per message); a message that exhausts it does not match.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/logs/filter/filter_pattern.h"

namespace berth::services::logs::filter {

class FilterMatcher {
 public:
  static constexpr size_t kMaxLayoutSteps = 100000;

  explicit FilterMatcher(const FilterPattern& pattern);
  ~FilterMatcher();
  FilterMatcher(const FilterMatcher&) = delete;
  FilterMatcher& operator=(const FilterMatcher&) = delete;

  bool Matches(std::string_view message);

  // After Matches(message) returned true, with `message` still alive: the value a metric
  // filter's metricValue or dimension names, as text. `$.a.b` reads a JSON message's member
  // (a string, number or boolean), `$name` a space-delimited pattern's named field. Nothing
  // when the reference does not fit the pattern's syntax or reaches no such value.
  std::optional<std::string> FieldValue(std::string_view reference) const;

 private:
  struct Json;  // simdjson state, kept out of this header

  bool MatchTerms(std::string_view message) const;
  bool MatchJson(std::string_view message);
  bool MatchDelimited(std::string_view message);
  bool Layout(size_t slot, size_t field);
  bool EvalField(int node) const;
  bool SlotHolds(size_t slot) const;

  const FilterPattern& pattern_;
  std::unique_ptr<Json> json_;
  std::vector<std::string_view> fields_;  // the current message's fields
  std::vector<size_t> placed_;            // per slot: its field index
  size_t steps_ = 0;
};

}  // namespace berth::services::logs::filter
