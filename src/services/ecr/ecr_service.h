#pragma once
// The ECR service: what its handlers share (the store, the blob store, registry tokens, the
// clock). Built once by the App; thread-safe.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/registry_token.h"
#include "core/clock.h"
#include "core/result.h"
#include "pipeline/call_record.h"
#include "pipeline/operation.h"
#include "services/ecr/lifecycle/due_repositories.h"
#include "services/ecr/lifecycle/previews.h"
#include "services/ecr/store/ecr_store.h"
#include "services/ecr/store/registry_policies.h"
#include "store/blob_store.h"
#include "store/database.h"

namespace berth::services::ecr {

class EcrService {
 public:
  static Result<std::unique_ptr<EcrService>> Open(store::Database& db, store::BlobStore& blobs,
                                                  const auth::RegistryTokens& tokens,
                                                  const Clock& clock);

  EcrStore& store() { return *store_; }
  RegistryPolicies& registry_policies() { return *registry_policies_; }
  store::BlobStore& blobs() { return blobs_; }
  const auth::RegistryTokens& tokens() const { return tokens_; }
  const Clock& clock() const { return clock_; }

  // The repository `name` of the registry `registry_id` names (an account id; default: the
  // caller's own). Another account's is reached only by a call the authorize stage let
  // through on that repository's ARN (its policy grants the caller). Errors:
  // RepositoryNotFoundException, InvalidParameterException for a malformed name.
  Result<Repository> RequireRepository(const pipeline::CallContext& ctx,
                                       const std::optional<std::string>& registry_id,
                                       std::string_view name);

  // Unfinished layer uploads (InitiateLayerUpload, /v2 POST …/blobs/uploads/) an account may
  // have at once, each keeping a file: past it, starting one is LimitExceededException (/v2:
  // TOOMANYREQUESTS). 0: no cap. Set once, before serving.
  void SetMaxUploads(size_t max_uploads) { max_uploads_ = max_uploads; }
  size_t max_uploads() const { return max_uploads_; }

  // Called after a repository policy is set or deleted, or its repository deleted (the
  // authorizer keeps repository policies compiled). Set once, before serving.
  void OnPolicyChange(std::function<void()> listener) { policy_listener_ = std::move(listener); }
  void PolicyChanged() const {
    if (policy_listener_) policy_listener_();
  }

  // Lifecycle policies (lifecycle/): the repositories due for evaluation and the previews.
  DueRepositories& lifecycle_due() { return lifecycle_due_; }
  LifecyclePreviews& lifecycle_previews() { return lifecycle_previews_; }

  // Where the events ECR causes on its own go (lifecycle expirations: the App records them in
  // CloudTrail), and the region they are recorded in. Set once, before serving; without it
  // they are not recorded.
  using ServiceEventSink = std::function<void(const pipeline::CallRecord&)>;
  void OnServiceEvent(std::string region, ServiceEventSink sink) {
    event_region_ = std::move(region);
    service_events_ = std::move(sink);
  }
  const std::string& event_region() const { return event_region_; }
  void RecordServiceEvent(const pipeline::CallRecord& record) const {
    if (service_events_) service_events_(record);
  }

 private:
  EcrService(std::unique_ptr<EcrStore> store, std::unique_ptr<RegistryPolicies> registry_policies,
             store::BlobStore& blobs, const auth::RegistryTokens& tokens, const Clock& clock)
      : store_(std::move(store)),
        registry_policies_(std::move(registry_policies)),
        blobs_(blobs),
        tokens_(tokens),
        clock_(clock) {}

  std::unique_ptr<EcrStore> store_;
  std::unique_ptr<RegistryPolicies> registry_policies_;
  store::BlobStore& blobs_;
  const auth::RegistryTokens& tokens_;
  const Clock& clock_;
  std::function<void()> policy_listener_;
  size_t max_uploads_ = 0;
  DueRepositories lifecycle_due_;
  LifecyclePreviews lifecycle_previews_;
  std::string event_region_ = "us-east-1";
  ServiceEventSink service_events_;
};

// arn:aws:ecr:<region>:<account>:repository/<name>
std::string RepositoryArn(std::string_view region, std::string_view account,
                          std::string_view name);

}  // namespace berth::services::ecr
