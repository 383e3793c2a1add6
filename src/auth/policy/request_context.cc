#include "auth/policy/request_context.h"

#include <algorithm>

#include "auth/policy/wildcard.h"

namespace berth::auth::policy {

void RequestContext::Add(std::string_view key, std::string value) {
  std::string lower = AsciiLower(key);
  for (auto& [name, values] : entries_) {
    if (name == lower) {
      values.push_back(std::move(value));
      return;
    }
  }
  entries_.emplace_back(std::move(lower), std::vector<std::string>{std::move(value)});
}

void RequestContext::Set(std::string_view key, std::string value) {
  Remove(key);
  Add(key, std::move(value));
}

void RequestContext::Remove(std::string_view key) {
  std::string lower = AsciiLower(key);
  std::erase_if(entries_, [&](const auto& entry) { return entry.first == lower; });
}

const std::vector<std::string>* RequestContext::FindLowered(std::string_view lower_key) const {
  for (const auto& [name, values] : entries_) {
    if (name == lower_key) return &values;
  }
  return nullptr;
}

const std::vector<std::string>* RequestContext::Find(std::string_view key) const {
  return FindLowered(AsciiLower(key));
}

}  // namespace berth::auth::policy
