#pragma once
// The values a query computes with: null (absent), boolean, number, timestamp and string.
//
// A string is either a view or owned. Views point into storage that outlives the record being
// processed (the record's own bytes, the parsed JSON document, the compiled query's literals);
// everything computed is owned. Rows that outlive their record (kept by sort, limit, dedup)
// are made owned first (MakeOwned).
//
// Comparison follows Logs Insights: a string that spells a number compares as that number, so
// a parsed "200" equals 200; anything against null is null (three-valued logic in filters).
// Sorting uses AWS's natural order (see NaturalCompare).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::services::logs::insights {

class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kNumber, kTimestamp, kString };

  Value() = default;
  static Value Bool(bool b) {
    Value v;
    v.kind_ = Kind::kBool;
    v.number_ = b ? 1 : 0;
    return v;
  }
  static Value Number(double d) {
    Value v;
    v.kind_ = Kind::kNumber;
    v.number_ = d;
    return v;
  }
  static Value Time(int64_t ms) {
    Value v;
    v.kind_ = Kind::kTimestamp;
    v.millis_ = ms;
    return v;
  }
  static Value View(std::string_view s) {
    Value v;
    v.kind_ = Kind::kString;
    v.view_ = s;
    return v;
  }
  static Value Owned(std::string s) {
    Value v;
    v.kind_ = Kind::kString;
    v.owned_ = std::move(s);
    v.is_owned_ = true;
    return v;
  }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool as_bool() const { return number_ != 0; }
  double as_number() const { return number_; }
  int64_t as_millis() const { return millis_; }
  std::string_view as_string() const { return is_owned_ ? std::string_view(owned_) : view_; }
  bool owns_string() const { return is_owned_; }

  // Copies a viewed string into the value, so it no longer depends on the record.
  void MakeOwned() {
    if (kind_ == Kind::kString && !is_owned_) {
      owned_.assign(view_);
      is_owned_ = true;
      view_ = {};
    }
  }
  // Heap bytes this value keeps alive (for the run's memory bound).
  size_t RetainedBytes() const { return is_owned_ ? owned_.capacity() : 0; }

 private:
  Kind kind_ = Kind::kNull;
  bool is_owned_ = false;
  double number_ = 0;
  int64_t millis_ = 0;
  std::string_view view_;
  std::string owned_;
};

// Numbers as Logs Insights prints them: integral values without a fraction, others in the
// shortest form that reads back exactly, never with trailing zeros or an exponent.
std::string FormatNumber(double d);
// The value as result text: timestamps "yyyy-MM-dd HH:mm:ss.SSS", booleans "true"/"false".
// Null has no text (callers leave the field out).
std::string FormatValue(const Value& v);
// Appends the text of a non-null value.
void AppendText(const Value& v, std::string& out);
// The text of a non-null value: a string's own bytes, anything else formatted into `scratch`.
std::string_view TextOf(const Value& v, std::string& scratch);

// The number a value stands for: numbers, timestamps (milliseconds) and strings that are
// exactly a decimal number ("12", "-3.5", "1e3"). Otherwise nullopt.
std::optional<double> ToNumber(const Value& v);
std::optional<double> ParseNumber(std::string_view text);

// = and != : null when either side is null.
std::optional<bool> ValuesEqual(const Value& a, const Value& b);
// < <= > >= : numerically when both sides are numbers, else by bytes; null when either is null.
std::optional<int> CompareValues(const Value& a, const Value& b);

// AWS's sort order, ascending: all non-numbers before all numbers; numbers by value; other
// text in chunks of digits and non-digits, digit chunks by length then value, other chunks by
// code point. Nulls are handled by the caller (they sort last either way).
int NaturalCompare(const Value& a, const Value& b);

// Truthiness for `filter`: true, a non-zero number, a timestamp or a non-empty string.
bool IsTruthy(const Value& v);

}  // namespace berth::services::logs::insights
