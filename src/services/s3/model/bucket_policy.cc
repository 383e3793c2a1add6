#include "services/s3/model/bucket_policy.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "auth/policy/parser.h"
#include "auth/policy/wildcard.h"

namespace berth::services::s3 {
namespace {

namespace policy = auth::policy;

constexpr std::string_view kArnPrefix = "arn:aws:s3:::";
constexpr std::string_view kNotJson = "Policies must be valid JSON and the first byte must be '{'";

Error MalformedPolicy(std::string message) { return {"MalformedPolicy", std::move(message), 400}; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of the first "Effect" that is neither Allow nor Deny (for S3's "Invalid effect:").
std::string BadEffect(std::string_view text) {
  for (size_t at = text.find("\"Effect\""); at != std::string_view::npos;
       at = text.find("\"Effect\"", at + 1)) {
    const size_t open = text.find('"', text.find(':', at) + 1);
    if (open == std::string_view::npos) break;
    const size_t close = text.find('"', open + 1);
    if (close == std::string_view::npos) break;
    std::string_view value = text.substr(open + 1, close - open - 1);
    if (value != "Allow" && value != "Deny") return std::string(value);
  }
  return {};
}

// IAM's wording of a rejected document (auth/policy/parser.h) in S3's.
Error InS3Words(const Error& iam, std::string_view text) {
  const std::string& m = iam.message;
  constexpr std::string_view kSyntax = "Syntax errors in policy. ";
  if (m.find(" at line ") != std::string::npos || m == "Syntax errors in policy." ||
      m.find("must be a JSON object") != std::string::npos) {
    return MalformedPolicy(std::string(kNotJson));
  }
  if (const size_t at = m.find("Unknown element \""); at != std::string::npos) {
    const size_t from = at + 17;
    return MalformedPolicy("Unknown field " + m.substr(from, m.find('"', from) - from));
  }
  if (m.find("Effect must be") != std::string::npos) {
    return MalformedPolicy("Invalid effect: " + BadEffect(text));
  }
  if (m.find("must have an Effect") != std::string::npos) {
    return MalformedPolicy("Missing required field Effect");
  }
  if (m.find("must have a Statement") != std::string::npos) {
    return MalformedPolicy("Missing required field Statement");
  }
  if (StartsWith(m, "Missing required field Principal")) {
    return MalformedPolicy("Missing required field Principal");
  }
  if (m == "Policy statement must contain actions.") {
    return MalformedPolicy("Missing required field Action");
  }
  if (m == "Policy statement must contain resources.") {
    return MalformedPolicy("Missing required field Resource");
  }
  if (StartsWith(m, "Invalid principal in policy")) {
    return MalformedPolicy("Invalid principal in policy");
  }
  if (StartsWith(m, "Actions/Condition") || StartsWith(m, "Vendor ")) {
    return MalformedPolicy("Policy has invalid action");
  }
  if (StartsWith(m, "Resource ")) return MalformedPolicy("Policy has invalid resource");
  if (StartsWith(m, kSyntax)) return MalformedPolicy(m.substr(kSyntax.size()));
  return MalformedPolicy(m);
}

// Actions on objects (arn:aws:s3:::bucket/key) rather than on the bucket.
bool IsObjectAction(std::string_view lower) {
  for (std::string_view prefix :
       {"s3:getobject", "s3:putobject", "s3:deleteobject", "s3:abortmultipartupload",
        "s3:listmultipartuploadparts", "s3:restoreobject", "s3:replicate", "s3:bypassgovernance"}) {
    if (StartsWith(lower, prefix)) return true;
  }
  return false;
}

// S3's own rules over a parsed document.
Status CheckForBucket(const policy::PolicyDocument& document, std::string_view bucket) {
  for (const policy::Statement& st : document.statements) {
    if (!st.has_resource) return MalformedPolicy("Missing required field Resource");
    bool names_bucket = false, names_objects = false;
    for (const std::string& resource : st.resources) {
      if (!StartsWith(resource, kArnPrefix)) return MalformedPolicy("Policy has invalid resource");
      const std::string_view path = std::string_view(resource).substr(kArnPrefix.size());
      const size_t slash = path.find('/');
      const std::string_view name = path.substr(0, slash);
      // The bucket part may be a pattern ("arn:aws:s3:::logs-*") but must cover this bucket.
      if (!policy::Glob::FromPattern(name).Matches(bucket)) {
        return MalformedPolicy("Policy has invalid resource");
      }
      const bool wild = name.find_first_of("*?") != std::string_view::npos;
      names_bucket = names_bucket || slash == std::string_view::npos || wild;
      names_objects = names_objects || slash != std::string_view::npos || wild;
    }
    for (const std::string& action : st.actions) {
      const std::string lower = Lower(action);
      if (lower != "*" && !StartsWith(lower, "s3:")) {
        return MalformedPolicy("Policy has invalid action");
      }
      if (st.not_action || st.not_resource || lower.find_first_of("*?") != std::string::npos) {
        continue;
      }
      if (IsObjectAction(lower) ? !names_objects : !names_bucket) {
        return MalformedPolicy("Action does not apply to any resource(s) in statement");
      }
    }
  }
  return Ok();
}

// Whether an aws:SourceIp value is a fixed range (S3 counts /8 and narrower).
bool NarrowRange(std::string_view cidr) {
  const size_t slash = cidr.find('/');
  if (slash == std::string_view::npos) return true;
  int bits = 0;
  const std::string_view digits = cidr.substr(slash + 1);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
  if (ec != std::errc()) return false;
  const bool v6 = cidr.find(':') != std::string_view::npos;
  return bits >= (v6 ? 32 : 8);
}

// A condition that limits who may call to fixed values.
bool PinsCaller(const policy::ConditionClause& clause) {
  const std::string key = Lower(clause.key);
  const std::string op = Lower(clause.op);
  if (op.find("not") != std::string::npos || op.find("ifexists") != std::string::npos ||
      op.find("null") != std::string::npos) {
    return false;
  }
  if (key == "aws:sourceip") {
    return !clause.values.empty() && std::all_of(clause.values.begin(), clause.values.end(),
                                                 [](const std::string& v) { return NarrowRange(v); });
  }
  for (std::string_view fixed :
       {"aws:sourcevpc", "aws:sourcevpce", "aws:sourcearn", "aws:sourceaccount",
        "aws:sourceowner", "aws:principalaccount", "aws:principalarn", "aws:principalorgid",
        "aws:userid", "s3:dataaccesspointarn", "s3:dataaccesspointaccount"}) {
    if (key == fixed) {
      return std::none_of(clause.values.begin(), clause.values.end(),
                          [](const std::string& v) { return v.find('*') != std::string::npos; });
    }
  }
  return false;
}

}  // namespace

Result<std::shared_ptr<const policy::CompiledPolicy>> CompileBucketPolicy(std::string_view text,
                                                                           std::string_view bucket) {
  if (text.size() > kMaxBucketPolicyBytes) {
    return Error{"PolicyTooLarge", "Policy exceeds the maximum allowed document size.", 400};
  }
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{') {
    return MalformedPolicy(std::string(kNotJson));
  }
  auto document =
      policy::ParsePolicy(text, policy::ParseOptions{.kind = policy::PolicyKind::kResource});
  if (!document.ok()) return InS3Words(document.error(), text);
  BERTH_RETURN_IF_ERROR(CheckForBucket(*document, bucket));
  auto compiled = policy::CompiledPolicy::Compile(*document, policy::PolicyKind::kResource,
                                                  "bucket policy of " + std::string(bucket));
  if (!compiled.ok()) return InS3Words(compiled.error(), text);
  return std::move(*compiled);
}

bool IsPublicPolicy(const policy::PolicyDocument& document) {
  for (const policy::Statement& st : document.statements) {
    if (st.effect != policy::Effect::kAllow || st.not_principal) continue;
    const bool anyone = st.principal.any || std::find(st.principal.aws.begin(),
                                                      st.principal.aws.end(),
                                                      "*") != st.principal.aws.end();
    if (!anyone) continue;
    if (std::none_of(st.conditions.begin(), st.conditions.end(), PinsCaller)) return true;
  }
  return false;
}

}  // namespace berth::services::s3
