// IAM policy documents (identity, resource and trust policies, S3 bucket and ECR repository
// policies): any text is a PolicyDocument or MalformedPolicyDocument. The input's first byte
// picks the kind.

#include "auth/policy/parser.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth::auth::policy;
  if (size == 0) return 0;
  ParseOptions options;
  switch (data[0] % 3) {
    case 0: options.kind = PolicyKind::kIdentity; break;
    case 1: options.kind = PolicyKind::kResource; break;
    default: options.kind = PolicyKind::kTrust; break;
  }
  options.require_current_version = (data[0] & 0x80) != 0;
  (void)ParsePolicy(berth::fuzz::AsText(data + 1, size - 1), options);
  return 0;
}
