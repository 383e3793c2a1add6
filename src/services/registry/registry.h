#pragma once
// The OCI Distribution API on /v2 (docker, podman, skopeo, crane), over the same repositories
// and images as the ECR API. A front-end of the dispatcher's one sequence (pipeline/
// front_end.h): the Registry routes a request by its path and method to an operation of its
// table, authenticates it (registry_auth.h), names the ECR action and repository it is
// authorized as, and answers through endpoints.h in the OCI shape. Each route is recorded
// under the ECR event AWS logs for it (a manifest GET is BatchGetImage, a blob PUT
// CompleteLayerUpload, …) and authorized as that ECR action.

#include <memory>

#include "auth/credential_store.h"
#include "auth/registry_token.h"
#include "pipeline/front_end.h"
#include "services/ecr/ecr_service.h"
#include "services/registry/registry_auth.h"

namespace berth::services::registry {

// The registry (account) a /v2 request addresses, as AWS does by host name
// (ACCOUNT.dkr.ecr.REGION.amazonaws.com): the Host header's first label when it is 12 digits;
// nullopt otherwise (the caller's own registry).
std::optional<std::string> RegistryIdOfHost(const RequestHead& head);

class Registry final : public pipeline::FrontEnd {
 public:
  // `region`: the region /v2 calls are recorded in (they carry no signature scope).
  Registry(ecr::EcrService& ecr, auth::CredentialStore& credentials,
           const auth::RegistryTokens& tokens, std::string region)
      : ecr_(ecr), auth_(credentials, tokens), region_(std::move(region)) {}

  bool Matches(const RequestHead& head) const override;
  uint64_t BodyLimit(const RequestHead& head) const override;
  bool StreamsBody(const RequestHead& head) const override;
  std::unique_ptr<pipeline::FrontEndCall> Start(const RequestHead& head,
                                                bool opening_sink) override;
  Error Denied(std::string message) const override;
  Error InternalError() const override;
  Response InternalErrorResponse(const std::string& request_id) const override;
  // 507 DENIED: the distribution spec has no code for a full disk; 507 Insufficient Storage
  // is HTTP's, and docker shows DENIED's message.
  Error InsufficientSpace(uint64_t reserve_bytes) const override;
  Response TooLarge(const RequestHead& head, uint64_t limit,
                    pipeline::CallRecord& record) override;

 private:
  class Call;

  // The repository `name` of the registry `registry_id`: NAME_INVALID, or NAME_UNKNOWN when it
  // is missing. Another account's registry is reached only by a call the authorize stage let
  // through on the repository's ARN (its policy grants the caller).
  Result<ecr::Repository> RequireRepository(const std::string& registry_id,
                                            const std::string& name);

  ecr::EcrService& ecr_;
  RegistryAuth auth_;
  const std::string region_;
};

}  // namespace berth::services::registry
