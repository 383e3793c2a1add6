#include "auth/policy/condition.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>

#include "auth/policy/errors.h"
#include "core/crypto.h"
#include "core/time_format.h"

namespace berth::auth::policy {
namespace {

std::optional<double> ParseNumber(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ParseBool(std::string_view text) {
  if (AsciiEqualsIgnoreCase(text, "true")) return true;
  if (AsciiEqualsIgnoreCase(text, "false")) return false;
  return std::nullopt;
}

template <class T>
bool Compare(T request, T policy, Comparison comparison) {
  switch (comparison) {
    case Comparison::kEquals:
      return request == policy;
    case Comparison::kLessThan:
      return request < policy;
    case Comparison::kLessThanEquals:
      return request <= policy;
    case Comparison::kGreaterThan:
      return request > policy;
    case Comparison::kGreaterThanEquals:
      return request >= policy;
  }
  return false;
}

bool SplitArn(std::string_view s, std::string_view parts[6]) {
  for (int i = 0; i < 5; ++i) {
    size_t colon = s.find(':');
    if (colon == std::string_view::npos) return false;
    parts[i] = s.substr(0, colon);
    s.remove_prefix(colon + 1);
  }
  parts[5] = s;
  return true;
}

// ArnEquals / ArnLike: the six colon-separated parts are matched one by one (the resource part
// is everything after the fifth colon), each with * and ?, so a * never spans into another
// part. The pattern is a compiled glob (wildcards are marker bytes, never colons).
bool ArnMatchesPattern(std::string_view arn, std::string_view compiled_pattern) {
  std::string_view arn_parts[6], pattern_parts[6];
  if (!SplitArn(arn, arn_parts) || !SplitArn(compiled_pattern, pattern_parts)) return false;
  for (int i = 0; i < 6; ++i) {
    if (!Glob::MatchCompiled(pattern_parts[i], arn_parts[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<int64_t> ParseConditionDate(std::string_view text) {
  if (!text.empty() &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t seconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc() || seconds > INT64_MAX / 1000) return std::nullopt;
    return seconds * 1000;
  }
  if (text.size() == 10) {  // "2026-12-07": midnight UTC
    auto t = timefmt::ParseIso8601(std::string(text) + "T00:00:00Z");
    if (t) return Millis(*t);
    return std::nullopt;
  }
  auto t = timefmt::ParseIso8601(text);
  if (!t) return std::nullopt;
  return Millis(*t);
}

Result<CompiledCondition> CompiledCondition::Compile(const ConditionClause& clause,
                                                     bool variables_enabled) {
  auto op = ParseConditionOperator(clause.op);
  if (!op) return PolicySyntaxError("Unknown condition operator \"" + clause.op + "\".");
  CompiledCondition c;
  c.op_ = *op;
  c.key_ = AsciiLower(clause.key);
  auto bad_value = [&](const std::string& value) {
    return PolicySyntaxError("Invalid value \"" + value + "\" for condition operator " + clause.op +
                             ".");
  };
  for (const std::string& value : clause.values) {
    switch (op->family) {
      case OperatorFamily::kString:
      case OperatorFamily::kStringIgnoreCase:
      case OperatorFamily::kStringLike:
      case OperatorFamily::kArn:
        c.strings_.push_back(Template::Parse(value, variables_enabled));
        break;
      case OperatorFamily::kNumeric: {
        auto number = ParseNumber(value);
        if (!number) return bad_value(value);
        c.numbers_.push_back(*number);
        break;
      }
      case OperatorFamily::kDate: {
        auto time = ParseConditionDate(value);
        if (!time) return MalformedPolicyDocument("The policy failed legacy parsing");
        c.times_.push_back(*time);
        break;
      }
      case OperatorFamily::kBool:
      case OperatorFamily::kNull: {
        auto boolean = ParseBool(value);
        if (!boolean) return bad_value(value);
        c.booleans_.push_back(*boolean);
        break;
      }
      case OperatorFamily::kBinary: {
        auto bytes = crypto::Base64Decode(value);
        if (!bytes) return bad_value(value);
        c.binaries_.push_back(std::move(*bytes));
        break;
      }
      case OperatorFamily::kIp: {
        auto range = IpRange::Parse(value);
        if (!range) return bad_value(value);
        c.ranges_.push_back(*range);
        break;
      }
    }
  }
  return c;
}

bool CompiledCondition::MatchesAnyValue(const std::string& request_value,
                                        const RequestContext& context) const {
  switch (op_.family) {
    case OperatorFamily::kString:
    case OperatorFamily::kStringIgnoreCase:
      for (const Template& t : strings_) {
        auto policy_value = t.ResolveText(context);
        if (!policy_value) continue;
        bool equal = op_.family == OperatorFamily::kString
                         ? request_value == *policy_value
                         : AsciiEqualsIgnoreCase(request_value, *policy_value);
        if (equal) return true;
      }
      return false;
    case OperatorFamily::kStringLike:
      for (const Template& t : strings_) {
        if (!t.has_variables()) {
          if (t.constant_glob().Matches(request_value)) return true;
          continue;
        }
        auto glob = t.ResolveGlob(context);
        if (glob && glob->Matches(request_value)) return true;
      }
      return false;
    case OperatorFamily::kArn:
      for (const Template& t : strings_) {
        if (!t.has_variables()) {
          const Glob& glob = t.constant_glob();
          if (glob.matchable() && ArnMatchesPattern(request_value, glob.compiled())) return true;
          continue;
        }
        auto glob = t.ResolveGlob(context);
        if (glob && glob->matchable() && ArnMatchesPattern(request_value, glob->compiled())) {
          return true;
        }
      }
      return false;
    case OperatorFamily::kNumeric: {
      auto number = ParseNumber(request_value);
      if (!number) return false;
      for (double v : numbers_) {
        if (Compare(*number, v, op_.comparison)) return true;
      }
      return false;
    }
    case OperatorFamily::kDate: {
      auto time = ParseConditionDate(request_value);
      if (!time) return false;
      for (int64_t v : times_) {
        if (Compare(*time, v, op_.comparison)) return true;
      }
      return false;
    }
    case OperatorFamily::kBool: {
      auto boolean = ParseBool(request_value);
      if (!boolean) return false;
      for (bool v : booleans_) {
        if (*boolean == v) return true;
      }
      return false;
    }
    case OperatorFamily::kBinary:
      for (const std::string& v : binaries_) {
        if (request_value == v) return true;
      }
      return false;
    case OperatorFamily::kIp: {
      auto address = IpAddress::Parse(request_value);
      if (!address) return false;
      for (const IpRange& range : ranges_) {
        if (range.Contains(*address)) return true;
      }
      return false;
    }
    case OperatorFamily::kNull:
      return false;  // handled in Matches
  }
  return false;
}

bool CompiledCondition::Matches(const RequestContext& context) const {
  const std::vector<std::string>* values = context.FindLowered(key_);
  bool present = values && !values->empty();
  if (op_.family == OperatorFamily::kNull) {
    for (bool expect_absent : booleans_) {
      if (expect_absent != present) return true;
    }
    return false;
  }
  // One request value's verdict: matched by some policy value, or by none when negated.
  auto holds = [&](const std::string& value) {
    return MatchesAnyValue(value, context) != op_.negated;
  };
  switch (op_.set) {
    case SetQualifier::kNone:
      if (!present) return op_.if_exists || op_.negated;
      if (op_.negated) {
        for (const std::string& value : *values) {
          if (!holds(value)) return false;
        }
        return true;
      }
      for (const std::string& value : *values) {
        if (holds(value)) return true;
      }
      return false;
    case SetQualifier::kForAnyValue:
      if (!present) return op_.if_exists;
      for (const std::string& value : *values) {
        if (holds(value)) return true;
      }
      return false;
    case SetQualifier::kForAllValues:
      if (!present) return true;
      for (const std::string& value : *values) {
        if (!holds(value)) return false;
      }
      return true;
  }
  return false;
}

}  // namespace berth::auth::policy
