#include "services/cloudtrail/model/trail.h"

#include <algorithm>

#include "services/cloudtrail/model/errors.h"

namespace berth::services::cloudtrail {
namespace {

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// The values an advanced selector's field takes for an event (several for resources).
std::vector<std::string> FieldValues(const std::string& field, const TrailEvent& e) {
  if (field == "eventCategory") return {"Management"};
  if (field == "eventSource") return {e.event_source};
  if (field == "eventName") return {e.event_name};
  if (field == "readOnly") return {e.read_only ? "true" : "false"};
  if (field == "resources.type") {
    std::vector<std::string> out;
    for (const auto& r : e.resources) out.push_back(r.type);
    return out;
  }
  if (field == "resources.ARN") {
    std::vector<std::string> out;
    for (const auto& r : e.resources) out.push_back(r.name);
    return out;
  }
  return {};
}

bool Holds(const FieldSelector& f, const std::string& v) {
  auto any = [&](const std::vector<std::string>& list, auto pred) {
    return std::any_of(list.begin(), list.end(), pred);
  };
  if (!f.equals.empty() && !any(f.equals, [&](const std::string& x) { return v == x; }))
    return false;
  if (!f.starts_with.empty() &&
      !any(f.starts_with, [&](const std::string& x) { return StartsWith(v, x); }))
    return false;
  if (!f.ends_with.empty() &&
      !any(f.ends_with, [&](const std::string& x) { return EndsWith(v, x); }))
    return false;
  if (any(f.not_equals, [&](const std::string& x) { return v == x; })) return false;
  if (any(f.not_starts_with, [&](const std::string& x) { return StartsWith(v, x); }))
    return false;
  if (any(f.not_ends_with, [&](const std::string& x) { return EndsWith(v, x); })) return false;
  return true;
}

bool SelectsAdvanced(const AdvancedEventSelector& s, const TrailEvent& e) {
  for (const FieldSelector& f : s.fields) {
    const auto values = FieldValues(f.field, e);
    if (values.empty()) return false;
    if (!std::any_of(values.begin(), values.end(), [&](const auto& v) { return Holds(f, v); }))
      return false;
  }
  return true;
}

bool SelectsBasic(const EventSelector& s, const TrailEvent& e) {
  if (!s.include_management_events) return false;
  if (s.read_write_type == "ReadOnly" && !e.read_only) return false;
  if (s.read_write_type == "WriteOnly" && e.read_only) return false;
  return std::find(s.exclude_management_event_sources.begin(),
                   s.exclude_management_event_sources.end(),
                   e.event_source) == s.exclude_management_event_sources.end();
}

}  // namespace

std::string_view InsightTypeName(InsightType type) {
  return type == InsightType::kApiCallRate ? "ApiCallRateInsight" : "ApiErrorRateInsight";
}

bool LogsInsights(const Trail& trail, InsightType type, std::string_view region) {
  if (!trail.multi_region && region != trail.home_region) return false;
  return std::any_of(trail.insight_selectors.begin(), trail.insight_selectors.end(),
                     [&](const InsightSelector& s) { return s.type == type; });
}

std::string TrailArn(const Trail& t) {
  return "arn:aws:cloudtrail:" + t.home_region + ":" + t.account_id + ":trail/" + t.name;
}

std::optional<std::string> LogGroupNameOf(std::string_view arn, std::string* account) {
  // arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]
  constexpr std::string_view kPrefix = "arn:aws:logs:";
  if (!StartsWith(arn, kPrefix)) return std::nullopt;
  std::string_view rest = arn.substr(kPrefix.size());
  const auto region_end = rest.find(':');
  if (region_end == std::string_view::npos || region_end == 0) return std::nullopt;
  rest = rest.substr(region_end + 1);
  const auto account_end = rest.find(':');
  if (account_end != 12) return std::nullopt;
  if (account) *account = std::string(rest.substr(0, account_end));
  rest = rest.substr(account_end + 1);
  constexpr std::string_view kGroup = "log-group:";
  if (!StartsWith(rest, kGroup)) return std::nullopt;
  rest = rest.substr(kGroup.size());
  if (EndsWith(rest, ":*")) rest.remove_suffix(2);
  if (rest.empty() || rest.size() > 512) return std::nullopt;
  return std::string(rest);
}

Status CheckTrailName(std::string_view name) {
  // AWS's words, checked in AWS's order (length, first, last, characters); "trail!" is refused
  // for its last character, not for the '!'. AWS's grammar ("must starts") is kept: clients and
  // tests written against AWS compare these messages.
  const std::string length = std::to_string(name.size());
  if (name.size() < 3) {
    return errors::InvalidTrailName(
        "Trail name too short. Minimum allowed length: 3 characters. Specified name length: " +
        length + " characters.");
  }
  if (name.size() > 128) {
    return errors::InvalidTrailName(
        "Trail name too long. Maximum allowed length: 128 characters. Specified name length: " +
        length + " characters.");
  }
  if (!IsAlnum(name.front())) {
    return errors::InvalidTrailName("Trail name must starts with a letter or number.");
  }
  if (!IsAlnum(name.back())) {
    return errors::InvalidTrailName("Trail name must ends with a letter or number.");
  }
  auto is_punct = [](char c) { return c == '.' || c == '_' || c == '-'; };
  for (char c : name) {
    if (!IsAlnum(c) && !is_punct(c)) {
      return errors::InvalidTrailName(
          "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, "
          "periods (.), hyphens (-), and underscores (_).");
    }
  }
  for (size_t i = 1; i < name.size(); ++i) {
    if (is_punct(name[i]) && is_punct(name[i - 1])) {
      return errors::InvalidTrailName(
          "Trail name must not contain adjacent periods (.), hyphens (-) or underscores (_).");
    }
  }
  // Not an IP address (four dot-separated numbers).
  int dots = 0;
  bool digits_and_dots = true;
  for (char c : name) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') digits_and_dots = false;
  }
  if (digits_and_dots && dots == 3) {
    return errors::InvalidTrailName("Trail name must not be formatted as an IP address.");
  }
  return Ok();
}

bool Selects(const Trail& trail, const TrailEvent& event) {
  if (!trail.multi_region && event.region != trail.home_region) return false;
  if (!trail.advanced_selectors.empty()) {
    return std::any_of(trail.advanced_selectors.begin(), trail.advanced_selectors.end(),
                       [&](const auto& s) { return SelectsAdvanced(s, event); });
  }
  return std::any_of(trail.selectors.begin(), trail.selectors.end(),
                     [&](const auto& s) { return SelectsBasic(s, event); });
}

}  // namespace berth::services::cloudtrail
