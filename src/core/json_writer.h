#pragma once
// Writes JSON straight into an output string. Hand-written because simdjson (our parser) does
// not write, and building a DOM only to serialise it would double the work on the hot path of
// every response.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/document.h"

namespace berth {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject() { Separate(); out_.push_back('{'); first_ = true; }
  void EndObject() { out_.push_back('}'); first_ = false; }
  void BeginArray() { Separate(); out_.push_back('['); first_ = true; }
  void EndArray() { out_.push_back(']'); first_ = false; }
  // An object member's name; the value written next belongs to it.
  void Key(std::string_view name);
  void String(std::string_view value);
  void Int(int64_t value);
  void Double(double value);  // non-finite values are written as null
  void Bool(bool value);
  void Null();
  // Writes a Document: timestamps as epoch seconds (AWS JSON), blobs as base64.
  void Value(const Document& doc);

 private:
  void Separate() {
    if (!first_ && !after_key_) out_.push_back(',');
    first_ = false;
    after_key_ = false;
  }
  std::string& out_;
  bool first_ = true;
  bool after_key_ = false;
};

// Appends `s` as a quoted JSON string: control characters, quotes and backslashes escaped;
// valid UTF-8 passed through; each byte of an invalid UTF-8 sequence replaced by U+FFFD.
void AppendJsonString(std::string& out, std::string_view s);

// The Document as compact JSON.
std::string ToJson(const Document& doc);

}  // namespace berth
