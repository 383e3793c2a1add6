#include "auth/policy/errors.h"

namespace berth::auth::policy {

Error MalformedPolicyDocument(std::string_view message) {
  return Error{"MalformedPolicyDocument", std::string(message), 400};
}

Error PolicySyntaxError(std::string_view detail) {
  std::string message = "Syntax errors in policy.";
  if (!detail.empty()) message.append(" ").append(detail);
  return MalformedPolicyDocument(message);
}

Error PolicyJsonError(std::string_view what, int line, int column) {
  return PolicySyntaxError(std::string(what) + " at line " + std::to_string(line) + ", column " +
                           std::to_string(column) + ".");
}

}  // namespace berth::auth::policy
