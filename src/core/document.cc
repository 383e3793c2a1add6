#include "core/document.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/crypto.h"
#include "core/time_format.h"

namespace berth {

const Document* Document::Find(std::string_view key) const {
  if (!is_map()) return nullptr;
  for (const auto& member : as_map())
    if (member.first == key) return &member.second;
  return nullptr;
}

Document& Document::operator[](std::string_view key) {
  if (is_null()) v_ = Map{};
  Map& m = as_map();
  for (auto& member : m)
    if (member.first == key) return member.second;
  return m.emplace_back(std::string(key), Document()).second;
}

Document Document::FromMembers(Map members) {
  // Sort by name (stably, so equal names keep their order) and keep the last of each run.
  std::stable_sort(members.begin(), members.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Map unique;
  unique.reserve(members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    if (i + 1 < members.size() && members[i + 1].first == members[i].first) continue;
    unique.push_back(std::move(members[i]));
  }
  return Document(std::move(unique));
}

void Document::Push(Document d) {
  if (is_null()) v_ = List{};
  as_list().push_back(std::move(d));
}

namespace {

Error WrongType(std::string_view key, const char* want) {
  return Error{"SerializationException",
               "Value for '" + std::string(key) + "' must be " + want, 400};
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(std::string_view s) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

FieldReader::FieldReader(const Document& input) : input_(input) {
  if (!input.is_map() && !input.is_null()) error_ = WrongType("input", "a structure");
}

const Document* FieldReader::Get(std::string_view key, Document::Kind want,
                                 const char* want_name) {
  if (error_) return nullptr;
  const Document* d = input_.Find(key);
  if (d == nullptr || d->is_null()) return nullptr;
  if (d->kind() != want) {
    error_ = WrongType(key, want_name);
    return nullptr;
  }
  return d;
}

std::optional<std::string> FieldReader::OptionalString(std::string_view key) {
  const Document* d = Get(key, Document::Kind::kString, "a string");
  if (d == nullptr) return std::nullopt;
  return d->as_string();
}

std::string FieldReader::RequiredString(std::string_view key) {
  auto v = OptionalString(key);
  if (!v && !error_) {
    error_ = Error{"ValidationException",
                   "1 validation error detected: Value null at '" + std::string(key) +
                       "' failed to satisfy constraint: Member must not be null",
                   400};
  }
  return v.value_or("");
}

std::optional<int64_t> FieldReader::OptionalInt(std::string_view key) {
  if (error_) return std::nullopt;
  const Document* d = input_.Find(key);
  if (d == nullptr || d->is_null()) return std::nullopt;
  switch (d->kind()) {
    case Document::Kind::kInt:
      return d->as_int();
    case Document::Kind::kDouble: {
      double v = d->as_double();
      if (std::floor(v) == v && std::fabs(v) < 9.0e15) return static_cast<int64_t>(v);
      break;
    }
    case Document::Kind::kString:
      if (auto v = ParseInt(d->as_string())) return v;
      break;
    default:
      break;
  }
  error_ = WrongType(key, "an integer");
  return std::nullopt;
}

std::optional<bool> FieldReader::OptionalBool(std::string_view key) {
  if (error_) return std::nullopt;
  const Document* d = input_.Find(key);
  if (d == nullptr || d->is_null()) return std::nullopt;
  if (d->kind() == Document::Kind::kBool) return d->as_bool();
  if (d->is_string() && d->as_string() == "true") return true;
  if (d->is_string() && d->as_string() == "false") return false;
  error_ = WrongType(key, "a boolean");
  return std::nullopt;
}

std::optional<TimePoint> FieldReader::OptionalTimestamp(std::string_view key) {
  if (error_) return std::nullopt;
  const Document* d = input_.Find(key);
  if (d == nullptr || d->is_null()) return std::nullopt;
  switch (d->kind()) {
    case Document::Kind::kTimestamp:
      return d->as_timestamp();
    case Document::Kind::kInt:
      return timefmt::FromEpochSeconds(static_cast<double>(d->as_int()));
    case Document::Kind::kDouble:
      if (std::isfinite(d->as_double())) return timefmt::FromEpochSeconds(d->as_double());
      break;
    case Document::Kind::kString:
      if (auto t = timefmt::ParseIso8601(d->as_string())) return t;
      if (auto v = ParseDouble(d->as_string()); v && std::isfinite(*v))
        return timefmt::FromEpochSeconds(*v);
      break;
    default:
      break;
  }
  error_ = WrongType(key, "a timestamp");
  return std::nullopt;
}

std::optional<std::string> FieldReader::OptionalBlob(std::string_view key) {
  if (error_) return std::nullopt;
  const Document* d = input_.Find(key);
  if (d == nullptr || d->is_null()) return std::nullopt;
  if (d->kind() == Document::Kind::kBlob) return d->as_blob();
  if (d->is_string()) {
    if (auto bytes = crypto::Base64Decode(d->as_string())) return bytes;
    error_ = Error{"SerializationException",
                   "Value for '" + std::string(key) + "' is not valid base64", 400};
    return std::nullopt;
  }
  error_ = WrongType(key, "a base64-encoded blob");
  return std::nullopt;
}

std::optional<std::vector<std::string>> FieldReader::OptionalStringList(std::string_view key) {
  const Document* d = Get(key, Document::Kind::kList, "a list");
  if (d == nullptr) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(d->as_list().size());
  for (const auto& item : d->as_list()) {
    if (!item.is_string()) {
      error_ = WrongType(key, "a list of strings");
      return std::nullopt;
    }
    out.push_back(item.as_string());
  }
  return out;
}

const Document* FieldReader::OptionalMap(std::string_view key) {
  return Get(key, Document::Kind::kMap, "a structure");
}

const Document* FieldReader::OptionalList(std::string_view key) {
  return Get(key, Document::Kind::kList, "a list");
}

void FieldReader::Fail(Error error) {
  if (!error_) error_ = std::move(error);
}

Status FieldReader::status() const {
  if (error_) return *error_;
  return Ok();
}

}  // namespace berth
