#pragma once
// The findings of a dashboard body / metric widget check, in AWS's form: a JSON pointer into
// the body and an ajv-style message ("Should have required property 'metrics'").

#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace berth::services::monitoring::dashboards {

struct ValidationMessage {
  std::string data_path;  // JSON pointer: "/widgets/0/properties"
  std::string message;
};

// Collects messages; the small checks the body's JSON schema consists of, each emitting the
// message ajv would (AWS validates with ajv, allErrors on, capitalised messages).
class Checker {
 public:
  void Add(std::string path, std::string message);
  const std::vector<ValidationMessage>& messages() const { return messages_; }
  std::vector<ValidationMessage> Take() { return std::move(messages_); }

  bool Object(const Document& d, const std::string& path);   // "Should be object"
  bool Array(const Document& d, const std::string& path);    // "Should be array"
  bool String(const Document& d, const std::string& path);   // "Should be string"
  bool Boolean(const Document& d, const std::string& path);  // "Should be boolean"
  bool Number(const Document& d, const std::string& path);   // "Should be number"
  // "Should be integer", then "Should be >= min" / "Should be <= max".
  bool Integer(const Document& d, const std::string& path, int64_t min, int64_t max);
  // "Should be equal to one of the allowed values" (a string among `allowed`).
  bool Enum(const Document& d, const std::string& path,
            std::initializer_list<std::string_view> allowed);
  // "Should have required property 'name'" at the object's path.
  bool Required(const Document& object, const std::string& path, std::string_view name);
  // "Should NOT have additional properties" at the object's path, once per extra member.
  void OnlyProperties(const Document& object, const std::string& path,
                      std::initializer_list<std::string_view> allowed);
  // "Should match pattern \"^#([0-9a-fA-F]{6})$\"" for a colour that is not #rrggbb.
  bool Color(const Document& d, const std::string& path);

 private:
  std::vector<ValidationMessage> messages_;
};

// A JSON pointer one level down ('~' and '/' escaped).
std::string Child(const std::string& path, std::string_view key);
std::string Child(const std::string& path, size_t index);

bool IsIntegral(const Document& d);
bool IsNumeric(const Document& d);
double NumericValue(const Document& d);  // for IsNumeric documents

// AWS's error text: `The dashboard body is invalid, there are N validation errors: [ {…}, … ]`.
std::string InvalidBodyMessage(const std::vector<ValidationMessage>& messages);

}  // namespace berth::services::monitoring::dashboards
