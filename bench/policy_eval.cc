// Benchmark of the IAM policy engine alone (no server): evaluations per second for the call
// issue 14 budgets — a user with 3 attached policies (AmazonEC2ContainerRegistryPowerUser,
// CloudWatchLogsReadOnlyAccess and a customer policy with a condition and a policy variable)
// asking for ECR actions on a repository that has a repository policy. The pipeline must stay
// within 10% of ~20-40k requests/s, so one evaluation must cost about a microsecond or less.
//
//   bench_policy_eval [SECONDS]
//
// Prints one line per scenario: evaluations/s and ns per evaluation (single thread).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "auth/policy/compiled_policy.h"
#include "auth/policy/evaluator.h"
#include "auth/policy/managed_policies.h"

namespace {

using namespace berth::auth::policy;
using Steady = std::chrono::steady_clock;

std::shared_ptr<const CompiledPolicy> Compile(const char* text, PolicyKind kind, const char* name) {
  auto compiled = CompiledPolicy::FromText(text, ParseOptions{kind, false}, name);
  if (!compiled.ok()) {
    std::fprintf(stderr, "%s: %s\n", name, compiled.error().message.c_str());
    std::exit(1);
  }
  return std::move(compiled).value();
}

const char* kCustomerPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "TeamRepos", "Effect": "Allow", "Action": ["ecr:Describe*", "ecr:List*"],
     "Resource": "arn:aws:ecr:*:111122223333:repository/team/*"},
    {"Sid": "OwnLogs", "Effect": "Allow", "Action": "logs:PutLogEvents",
     "Resource": "arn:aws:logs:*:111122223333:log-group:/users/${aws:username}:*"},
    {"Sid": "NoDeleteOutsideOffice", "Effect": "Deny", "Action": "ecr:Delete*", "Resource": "*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}}
  ]
})";

const char* kRepositoryPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "CiPushPull", "Effect": "Allow",
     "Principal": {"AWS": ["arn:aws:iam::111122223333:role/ci", "arn:aws:iam::444455556666:root"]},
     "Action": ["ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer", "ecr:PutImage", "ecr:InitiateLayerUpload",
                "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]},
    {"Sid": "OnlyFromTheOffice", "Effect": "Deny", "Principal": "*", "Action": "ecr:*",
     "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "127.0.0.0/8"]},
                   "Bool": {"aws:ViaAWSService": "false"}}}
  ]
})";

double Run(const char* label, double seconds, const AuthorizationRequest& request,
           const PolicySet& policies, bool expect_allowed) {
  if (Evaluate(request, policies).allowed() != expect_allowed) {
    std::fprintf(stderr, "%s: unexpected decision\n", label);
    std::exit(1);
  }
  long long n = 0;
  int sink = 0;
  auto start = Steady::now();
  auto deadline = start + std::chrono::duration<double>(seconds);
  while (Steady::now() < deadline) {
    for (int i = 0; i < 1000; ++i) sink += Evaluate(request, policies).allowed();
    n += 1000;
  }
  double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
  double rate = n / elapsed;
  std::printf("%-58s %12.0f evaluations/s %8.1f ns/evaluation\n", label, rate, 1e9 / rate);
  return sink;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  auto customer = Compile(kCustomerPolicy, PolicyKind::kIdentity, "customer");
  auto repository = Compile(kRepositoryPolicy, PolicyKind::kResource, "repository policy");
  const CompiledPolicy* identity[] = {
      FindManagedPolicy("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser")
          ->compiled.get(),
      FindManagedPolicy("arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess")->compiled.get(),
      customer.get()};

  RequestContext context;
  context.Add("aws:SourceIp", "127.0.0.1");
  context.Add("aws:username", "alice");
  context.Add("aws:userid", "AIDAEXAMPLEALICE");
  context.Add("aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice");
  context.Add("aws:PrincipalAccount", "111122223333");
  context.Add("aws:PrincipalType", "User");
  context.Add("aws:CurrentTime", "2026-12-07T16:00:00Z");
  context.Add("aws:EpochTime", "1796659200");
  context.Add("aws:SecureTransport", "false");
  context.Add("aws:MultiFactorAuthPresent", "false");
  context.Add("aws:ViaAWSService", "false");

  Caller alice{"arn:aws:iam::111122223333:user/alice", "111122223333", {}, {}};
  const char* repo = "arn:aws:ecr:us-east-1:111122223333:repository/team/app";
  PolicySet policies;
  policies.identity = identity;
  policies.resource_policy = repository.get();
  policies.resource_account = "111122223333";

  double sink = 0;
  sink += Run("BatchGetImage (manifest GET), allowed by PowerUser", seconds,
              {"ecr:BatchGetImage", repo, alice, &context}, policies, true);
  sink += Run("DescribeRepositories, allowed by PowerUser", seconds,
              {"ecr:DescribeRepositories", repo, alice, &context}, policies, true);
  sink += Run("DeleteRepository, implicitly denied (every statement read)", seconds,
              {"ecr:DeleteRepository", repo, alice, &context}, policies, false);
  sink += Run("logs:PutLogEvents, allowed via ${aws:username}", seconds,
              {"logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/users/alice:*",
               alice, &context},
              policies, true);
  PolicySet identity_only;
  identity_only.identity = identity;
  sink += Run("BatchGetImage, no repository policy", seconds,
              {"ecr:BatchGetImage", repo, alice, &context}, identity_only, true);
  return sink < 0;  // keeps the loop's work observable
}
