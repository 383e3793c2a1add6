#include "auth/policy/parser.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <string>

#include "auth/policy/condition_operator.h"
#include "auth/policy/errors.h"
#include "auth/policy/json_error_locator.h"

namespace berth::auth::policy {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The members of an object, refusing a name written twice (simdjson keeps both; which one IAM
// would read is not worth guessing in an authorization document).
Result<std::vector<std::pair<std::string_view, element>>> Members(simdjson::dom::object object,
                                                                  std::string_view where) {
  std::vector<std::pair<std::string_view, element>> members;
  for (auto [key, value] : object) {
    for (const auto& seen : members) {
      if (seen.first == key) {
        return PolicySyntaxError("Duplicate element " + Quoted(key) + " in " + std::string(where) +
                                 ".");
      }
    }
    members.emplace_back(key, value);
  }
  return members;
}

// A string or a list of strings (Action, Resource, Principal values).
Result<std::vector<std::string>> StringOrList(element value, std::string_view name) {
  std::vector<std::string> out;
  if (value.type() == element_type::STRING) {
    out.emplace_back(std::string_view(value));
    return out;
  }
  if (value.type() == element_type::ARRAY) {
    for (element item : simdjson::dom::array(value)) {
      if (item.type() != element_type::STRING) {
        return PolicySyntaxError(std::string(name) + " must be a string or a list of strings.");
      }
      out.emplace_back(std::string_view(item));
    }
    return out;
  }
  return PolicySyntaxError(std::string(name) + " must be a string or a list of strings.");
}

// A condition value as text: strings as they are, numbers and booleans as JSON writes them.
Result<std::string> ScalarText(element value) {
  switch (value.type()) {
    case element_type::STRING:
      return std::string(std::string_view(value));
    case element_type::BOOL:
      return std::string(bool(value) ? "true" : "false");
    case element_type::INT64:
      return std::to_string(int64_t(value));
    case element_type::UINT64:
      return std::to_string(uint64_t(value));
    case element_type::DOUBLE: {
      char buffer[64];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), double(value));
      if (ec != std::errc()) return PolicySyntaxError("Invalid number in a condition.");
      return std::string(buffer, end);
    }
    default:
      return PolicySyntaxError("Condition values must be strings, numbers or booleans.");
  }
}

Status CheckAction(std::string_view action) {
  if (action == "*") return Ok();
  size_t colon = action.find(':');
  if (colon == std::string_view::npos) {
    return MalformedPolicyDocument(
        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  }
  if (action.find(':', colon + 1) != std::string_view::npos) {
    return MalformedPolicyDocument("Actions/Condition can contain only one colon.");
  }
  std::string_view vendor = action.substr(0, colon);
  bool valid = !vendor.empty() && std::all_of(vendor.begin(), vendor.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
  if (!valid) return MalformedPolicyDocument("Vendor " + std::string(vendor) + " is not valid");
  return Ok();
}

Status CheckResource(std::string_view resource) {
  if (resource == "*" || resource.find(':') != std::string_view::npos) return Ok();
  return MalformedPolicyDocument("Resource " + std::string(resource) +
                                 " must be in ARN format or \"*\".");
}

bool IsAccountId(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An "AWS" principal: "*", an account id, or an IAM/STS ARN naming an account's root, a user,
// a role or an assumed-role session.
bool IsAwsPrincipal(std::string_view s) {
  if (s == "*" || IsAccountId(s)) return true;
  for (std::string_view prefix : {"arn:aws:iam::", "arn:aws:sts::"}) {
    if (s.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = s.substr(prefix.size());
    size_t colon = rest.find(':');
    if (colon == std::string_view::npos || !IsAccountId(rest.substr(0, colon))) return false;
    std::string_view name = rest.substr(colon + 1);
    if (prefix == "arn:aws:sts::") return name.substr(0, 13) == "assumed-role/" && name.size() > 13;
    return name == "root" || (name.substr(0, 5) == "user/" && name.size() > 5) ||
           (name.substr(0, 5) == "role/" && name.size() > 5);
  }
  return false;
}

Result<PrincipalSpec> ParsePrincipal(element value) {
  PrincipalSpec spec;
  if (value.type() == element_type::STRING) {
    if (std::string_view(value) != "*") {
      return MalformedPolicyDocument("Invalid principal in policy: " +
                                     Quoted(std::string_view(value)));
    }
    spec.any = true;
    return spec;
  }
  if (value.type() != element_type::OBJECT) {
    return PolicySyntaxError("Principal must be \"*\" or an object.");
  }
  BERTH_ASSIGN_OR_RETURN(auto members, Members(simdjson::dom::object(value), "Principal"));
  if (members.empty()) return PolicySyntaxError("Principal must name at least one principal.");
  for (auto& [key, item] : members) {
    BERTH_ASSIGN_OR_RETURN(std::vector<std::string> names, StringOrList(item, "Principal"));
    if (key == "AWS") {
      for (const std::string& name : names) {
        if (!IsAwsPrincipal(name)) {
          return MalformedPolicyDocument("Invalid principal in policy: \"AWS\":" + Quoted(name));
        }
        if (name == "*") spec.any = true;
      }
      spec.aws = std::move(names);
    } else if (key == "Service") {
      spec.service = std::move(names);
    } else if (key == "Federated") {
      spec.federated = std::move(names);
    } else if (key == "CanonicalUser") {
      spec.canonical_user = std::move(names);
    } else {
      return MalformedPolicyDocument("Invalid principal in policy: " + Quoted(key));
    }
  }
  return spec;
}

Result<std::vector<ConditionClause>> ParseCondition(element value) {
  if (value.type() != element_type::OBJECT) {
    return PolicySyntaxError("Condition must be an object.");
  }
  std::vector<ConditionClause> clauses;
  BERTH_ASSIGN_OR_RETURN(auto operators, Members(simdjson::dom::object(value), "Condition"));
  for (auto& [op, block] : operators) {
    if (!ParseConditionOperator(op)) {
      return PolicySyntaxError("Unknown condition operator " + Quoted(op) + ".");
    }
    if (block.type() != element_type::OBJECT) {
      return PolicySyntaxError("Condition operator " + Quoted(op) + " must hold an object.");
    }
    BERTH_ASSIGN_OR_RETURN(auto keys, Members(simdjson::dom::object(block), std::string(op)));
    for (auto& [key, values] : keys) {
      ConditionClause clause{std::string(op), std::string(key), {}};
      if (key.find(':') == std::string_view::npos) {
        return MalformedPolicyDocument(
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
      }
      if (values.type() == element_type::ARRAY) {
        for (element item : simdjson::dom::array(values)) {
          BERTH_ASSIGN_OR_RETURN(std::string text, ScalarText(item));
          clause.values.push_back(std::move(text));
        }
      } else {
        BERTH_ASSIGN_OR_RETURN(std::string text, ScalarText(values));
        clause.values.push_back(std::move(text));
      }
      clauses.push_back(std::move(clause));
    }
  }
  return clauses;
}

Result<Statement> ParseStatement(element value, int index, const ParseOptions& options) {
  if (value.type() != element_type::OBJECT) {
    return PolicySyntaxError("Each statement must be an object.");
  }
  Statement st;
  st.index = index;
  bool has_action = false, has_effect = false;
  BERTH_ASSIGN_OR_RETURN(auto members, Members(simdjson::dom::object(value), "a statement"));
  for (auto& [key, item] : members) {
    if (key == "Sid") {
      if (item.type() != element_type::STRING) return PolicySyntaxError("Sid must be a string.");
      st.sid = std::string(std::string_view(item));
    } else if (key == "Effect") {
      if (item.type() != element_type::STRING) {
        return PolicySyntaxError("Effect must be \"Allow\" or \"Deny\".");
      }
      std::string_view effect(item);
      if (effect == "Allow") {
        st.effect = Effect::kAllow;
      } else if (effect == "Deny") {
        st.effect = Effect::kDeny;
      } else {
        return PolicySyntaxError("Effect must be \"Allow\" or \"Deny\".");
      }
      has_effect = true;
    } else if (key == "Action" || key == "NotAction") {
      if (has_action) return PolicySyntaxError("A statement has either Action or NotAction.");
      has_action = true;
      st.not_action = key == "NotAction";
      BERTH_ASSIGN_OR_RETURN(st.actions, StringOrList(item, key));
    } else if (key == "Resource" || key == "NotResource") {
      if (st.has_resource) {
        return PolicySyntaxError("A statement has either Resource or NotResource.");
      }
      st.has_resource = true;
      st.not_resource = key == "NotResource";
      BERTH_ASSIGN_OR_RETURN(st.resources, StringOrList(item, key));
    } else if (key == "Principal" || key == "NotPrincipal") {
      if (options.kind == PolicyKind::kIdentity) {
        return MalformedPolicyDocument("Policy document should not specify a principal.");
      }
      if (st.has_principal) {
        return PolicySyntaxError("A statement has either Principal or NotPrincipal.");
      }
      st.has_principal = true;
      st.not_principal = key == "NotPrincipal";
      BERTH_ASSIGN_OR_RETURN(st.principal, ParsePrincipal(item));
    } else if (key == "Condition") {
      BERTH_ASSIGN_OR_RETURN(st.conditions, ParseCondition(item));
    } else {
      return PolicySyntaxError("Unknown element " + Quoted(key) + " in a statement.");
    }
  }
  if (!has_effect) return PolicySyntaxError("A statement must have an Effect.");

  if (options.kind == PolicyKind::kIdentity) {
    bool alphanumeric = std::all_of(st.sid.begin(), st.sid.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c));
    });
    if (!alphanumeric) {
      return MalformedPolicyDocument(
          "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the "
          "regular expression [0-9A-Za-z]*");
    }
  } else if (!st.has_principal) {
    return MalformedPolicyDocument("Missing required field Principal.");
  }
  if (st.actions.empty()) return MalformedPolicyDocument("Policy statement must contain actions.");
  for (const std::string& action : st.actions) BERTH_RETURN_IF_ERROR(CheckAction(action));
  if (options.kind == PolicyKind::kTrust) {
    if (st.has_resource) return MalformedPolicyDocument("Has prohibited field Resource.");
    for (const std::string& action : st.actions) {
      if (action.substr(0, 4) != "sts:") {
        return MalformedPolicyDocument(
            "Trust Policy statement actions can only be sts:AssumeRole, "
            "sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity");
      }
    }
  }
  if (options.kind == PolicyKind::kIdentity && (!st.has_resource || st.resources.empty())) {
    return MalformedPolicyDocument("Policy statement must contain resources.");
  }
  for (const std::string& resource : st.resources) BERTH_RETURN_IF_ERROR(CheckResource(resource));
  return st;
}

}  // namespace

Result<PolicyDocument> ParsePolicy(std::string_view text, const ParseOptions& options) {
  simdjson::padded_string padded(text);
  simdjson::dom::parser parser;
  element root;
  if (parser.parse(padded).get(root)) {
    auto where = LocateJsonError(text);
    if (!where) return PolicySyntaxError();  // simdjson's limits (depth) on valid JSON
    return PolicyJsonError(where->what, where->line, where->column);
  }
  if (root.type() != element_type::OBJECT) {
    return PolicySyntaxError("A policy document must be a JSON object.");
  }
  PolicyDocument doc;
  doc.version = "2008-10-17";
  bool has_version = false;
  element statements;
  bool has_statement = false;
  BERTH_ASSIGN_OR_RETURN(auto members, Members(simdjson::dom::object(root), "the document"));
  for (auto& [key, item] : members) {
    if (key == "Version") {
      std::string_view version;
      if (item.type() == element_type::STRING) version = std::string_view(item);
      if (version != "2012-10-17" && version != "2008-10-17") {
        return PolicySyntaxError("Version must be \"2012-10-17\" or \"2008-10-17\".");
      }
      doc.version = std::string(version);
      has_version = true;
    } else if (key == "Id") {
      if (item.type() != element_type::STRING) return PolicySyntaxError("Id must be a string.");
      doc.id = std::string(std::string_view(item));
    } else if (key == "Statement") {
      statements = item;
      has_statement = true;
    } else {
      return PolicySyntaxError("Unknown element " + Quoted(key) + " in the document.");
    }
  }
  if (!has_statement) return PolicySyntaxError("A policy document must have a Statement.");
  if (options.require_current_version && (!has_version || doc.version != "2012-10-17")) {
    return MalformedPolicyDocument("Policy document must be version 2012-10-17 or greater.");
  }
  if (statements.type() == element_type::OBJECT) {
    BERTH_ASSIGN_OR_RETURN(Statement st, ParseStatement(statements, 0, options));
    doc.statements.push_back(std::move(st));
  } else if (statements.type() == element_type::ARRAY) {
    int index = 0;
    for (element item : simdjson::dom::array(statements)) {
      BERTH_ASSIGN_OR_RETURN(Statement st, ParseStatement(item, index++, options));
      doc.statements.push_back(std::move(st));
    }
  } else {
    return PolicySyntaxError("Statement must be an object or a list of objects.");
  }
  if (doc.statements.empty()) return PolicySyntaxError("Statement must not be empty.");
  std::set<std::string_view> sids;
  for (const Statement& st : doc.statements) {
    if (!st.sid.empty() && !sids.insert(st.sid).second) {
      return MalformedPolicyDocument("Statement IDs (SID) in a single policy must be unique.");
    }
  }
  return doc;
}

}  // namespace berth::auth::policy
