#include "services/ecr/lifecycle/policy_execution_event.h"

#include <algorithm>

#include "core/crypto.h"
#include "services/ecr/ecr_service.h"

namespace berth::services::ecr {
namespace {

constexpr char kEcr[] = "ecr.amazonaws.com";

// The selection as ECR's events spell it: capitalised words rather than the policy's enums.
Document Selection(const LifecycleRule& rule) {
  Document s;
  s["tagStatus"] = rule.tag_status == LifecycleTagStatus::kAny      ? "Any"
                   : rule.tag_status == LifecycleTagStatus::kTagged ? "Tagged"
                                                                    : "Untagged";
  Document prefixes = Document::MakeList();
  for (const auto& p : rule.tag_prefixes) prefixes.Push(p);
  s["tagPrefixList"] = std::move(prefixes);
  if (!rule.tag_patterns.empty()) {
    Document patterns = Document::MakeList();
    for (const auto& p : rule.tag_patterns) patterns.Push(p);
    s["tagPatternList"] = std::move(patterns);
  }
  const bool by_count = rule.count_type == LifecycleCountType::kImageCountMoreThan;
  s["countType"] = by_count ? "Image count more than" : "Since image pushed";
  if (!by_count) s["countUnit"] = "days";
  s["countNumber"] = rule.count_number;
  return s;
}

Document PolicyDetails(const Repository& repo, const LifecyclePolicy& policy,
                       std::string_view policy_text) {
  Document rules = Document::MakeList();
  for (const auto& rule : policy.rules) {
    Document r;
    r["rulePriority"] = rule.priority;
    if (rule.description) r["description"] = *rule.description;
    r["lifecycleEventSelection"] = Selection(rule);
    r["action"] = "expire";
    rules.Push(std::move(r));
  }
  Document p;
  p["lifecycleEventRules"] = std::move(rules);
  p["lastEvaluatedAt"] = repo.lifecycle_evaluated_at ? Millis(*repo.lifecycle_evaluated_at) : 0;
  // berth keeps no policy history: each text is version 1 of a policy whose id is derived from
  // the repository and the text, so the same policy keeps its id across evaluations.
  p["policyVersion"] = 1;
  const std::string h = crypto::Sha256Hex(repo.registry_id + "/" + repo.name + "\n" +
                                          std::string(policy_text));
  p["policyId"] = h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                  h.substr(16, 4) + "-" + h.substr(20, 12);
  return p;
}

Document ImageAction(const ExpiredImage& e) {
  Document image;
  image["digest"] = e.image.digest;
  image["tagStatus"] = e.image.tags.empty() ? "Untagged" : "Tagged";
  Document tags = Document::MakeList();
  const size_t listed = std::min(e.image.tags.size(), kTagsPerPolicyEventImage);
  for (size_t i = 0; i < listed; ++i) tags.Push(e.image.tags[i]);
  image["tagList"] = std::move(tags);
  image["pushedAt"] = Millis(e.image.pushed_at);
  Document action;
  action["lifecycleEventImage"] = std::move(image);
  action["rulePriority"] = e.rule_priority;
  return action;
}

}  // namespace

std::vector<pipeline::CallRecord> PolicyExecutionEvents(const Repository& repo,
                                                        const LifecyclePolicy& policy,
                                                        std::string_view policy_text,
                                                        const std::vector<ExpiredImage>& expired,
                                                        std::string_view region, TimePoint now) {
  const Document policy_details = PolicyDetails(repo, policy, policy_text);
  std::vector<pipeline::CallRecord> events;
  for (size_t first = 0; first < expired.size(); first += kImagesPerPolicyEvent) {
    pipeline::CallRecord r;
    r.time = now;
    r.service = "ecr";
    r.event_source = kEcr;
    r.operation = "PolicyExecutionEvent";
    r.read_only = true;  // as AWS writes it
    r.authenticated = true;
    // A service event (event_type below): the principal carries only the account the event
    // belongs to, the user agent names the service (userIdentity.invokedBy), and the details
    // travel as additional_event_data (the record's serviceEventDetails).
    r.principal = auth::Principal{};
    r.principal->account_id = repo.registry_id;
    r.source_ip = kEcr;
    r.user_agent = kEcr;
    r.region = std::string(region);
    r.event_type = "AwsServiceEvent";
    r.resources = {{"AWS::ECR::Repository", RepositoryArn(region, repo.registry_id, repo.name)}};
    Document actions = Document::MakeList();
    const size_t last = std::min(expired.size(), first + kImagesPerPolicyEvent);
    for (size_t i = first; i < last; ++i) actions.Push(ImageAction(expired[i]));
    Document& details = r.additional_event_data;
    details["repositoryName"] = repo.name;
    details["lifecycleEventPolicy"] = policy_details;
    details["lifecycleEventImageActions"] = std::move(actions);
    events.push_back(std::move(r));
  }
  return events;
}

}  // namespace berth::services::ecr
