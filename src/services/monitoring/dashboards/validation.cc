#include "services/monitoring/dashboards/validation.h"

#include <algorithm>
#include <cmath>

#include "core/json_writer.h"

namespace berth::services::monitoring::dashboards {

void Checker::Add(std::string path, std::string message) {
  messages_.push_back({std::move(path), std::move(message)});
}

bool Checker::Object(const Document& d, const std::string& path) {
  if (d.is_map()) return true;
  Add(path, "Should be object");
  return false;
}

bool Checker::Array(const Document& d, const std::string& path) {
  if (d.is_list()) return true;
  Add(path, "Should be array");
  return false;
}

bool Checker::String(const Document& d, const std::string& path) {
  if (d.is_string()) return true;
  Add(path, "Should be string");
  return false;
}

bool Checker::Boolean(const Document& d, const std::string& path) {
  if (d.kind() == Document::Kind::kBool) return true;
  Add(path, "Should be boolean");
  return false;
}

bool Checker::Number(const Document& d, const std::string& path) {
  if (IsNumeric(d)) return true;
  Add(path, "Should be number");
  return false;
}

bool Checker::Integer(const Document& d, const std::string& path, int64_t min, int64_t max) {
  if (!IsIntegral(d)) {
    Add(path, "Should be integer");
    return false;
  }
  const double v = NumericValue(d);
  if (v < static_cast<double>(min)) {
    Add(path, "Should be >= " + std::to_string(min));
    return false;
  }
  if (v > static_cast<double>(max)) {
    Add(path, "Should be <= " + std::to_string(max));
    return false;
  }
  return true;
}

bool Checker::Enum(const Document& d, const std::string& path,
                   std::initializer_list<std::string_view> allowed) {
  if (d.is_string() && std::find(allowed.begin(), allowed.end(), d.as_string()) != allowed.end())
    return true;
  Add(path, "Should be equal to one of the allowed values");
  return false;
}

bool Checker::Required(const Document& object, const std::string& path, std::string_view name) {
  if (object.Find(name) != nullptr) return true;
  Add(path, "Should have required property '" + std::string(name) + "'");
  return false;
}

void Checker::OnlyProperties(const Document& object, const std::string& path,
                             std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.as_map()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      Add(path, "Should NOT have additional properties");
  }
}

bool Checker::Color(const Document& d, const std::string& path) {
  if (!String(d, path)) return false;
  const std::string& s = d.as_string();
  const bool ok = s.size() == 7 && s[0] == '#' && std::all_of(s.begin() + 1, s.end(), [](char c) {
                    return std::isxdigit(static_cast<unsigned char>(c));
                  });
  if (!ok) Add(path, "Should match pattern \"^#([0-9a-fA-F]{6})$\"");
  return ok;
}

std::string Child(const std::string& path, std::string_view key) {
  std::string out = path + "/";
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out.push_back(c);
  }
  return out;
}

std::string Child(const std::string& path, size_t index) {
  return path + "/" + std::to_string(index);
}

bool IsIntegral(const Document& d) {
  if (d.kind() == Document::Kind::kInt) return true;
  return d.kind() == Document::Kind::kDouble && std::isfinite(d.as_double()) &&
         std::trunc(d.as_double()) == d.as_double();
}

bool IsNumeric(const Document& d) {
  return d.kind() == Document::Kind::kInt || d.kind() == Document::Kind::kDouble;
}

double NumericValue(const Document& d) {
  return d.kind() == Document::Kind::kInt ? static_cast<double>(d.as_int()) : d.as_double();
}

std::string InvalidBodyMessage(const std::vector<ValidationMessage>& messages) {
  std::string out = "The dashboard body is invalid, there are " + std::to_string(messages.size()) +
                    " validation errors: [ ";
  for (size_t i = 0; i < messages.size(); ++i) {
    if (i > 0) out += ", ";
    out += "{\"dataPath\": ";
    AppendJsonString(out, messages[i].data_path);
    out += ", \"message\": ";
    AppendJsonString(out, messages[i].message);
    out += "}";
  }
  out += " ]";
  return out;
}

}  // namespace berth::services::monitoring::dashboards
