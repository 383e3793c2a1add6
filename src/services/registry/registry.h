#pragma once
// The OCI Distribution API on /v2 (docker, podman, skopeo, crane), over the same repositories
// and images as the ECR API. A raw endpoint of the one pipeline: the dispatcher hands it every
// /v2 request and records the call; the Registry routes it (route.h), authenticates it
// (registry_auth.h), checks the repository, and answers through endpoints.h. Each route is
// recorded under the ECR event AWS logs for it (a manifest GET is BatchGetImage, a blob PUT
// CompleteLayerUpload, …).

#include <memory>

#include "auth/credential_store.h"
#include "auth/registry_token.h"
#include "pipeline/raw_endpoint.h"
#include "services/ecr/ecr_service.h"
#include "services/registry/registry_auth.h"
#include "store/disk_reserve.h"

namespace berth::services::registry {

class Registry final : public pipeline::RawEndpoint {
 public:
  // `region`: the region /v2 calls are recorded in (they carry no signature scope).
  // With `disk_reserve`, calls that may add data answer 507 DENIED while free space is below it.
  Registry(ecr::EcrService& ecr, auth::CredentialStore& credentials,
           const auth::RegistryTokens& tokens, std::string region,
           const store::DiskReserve* disk_reserve = nullptr)
      : ecr_(ecr),
        auth_(credentials, tokens),
        region_(std::move(region)),
        disk_reserve_(disk_reserve) {}

  bool Matches(const RequestHead& head) const override;
  uint64_t BodyLimit(const RequestHead& head) const override;
  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) override;
  Response Handle(Request& request, pipeline::CallRecord& record) override;
  Response TooLarge(const RequestHead& head, uint64_t limit,
                    pipeline::CallRecord& record) override;

 private:
  // The caller's repository `name`: NAME_INVALID, or NAME_UNKNOWN when it is missing or in
  // another account's registry.
  Result<ecr::Repository> RequireRepository(const std::string& name,
                                            const auth::Principal& caller);

  ecr::EcrService& ecr_;
  RegistryAuth auth_;
  const std::string region_;
  const store::DiskReserve* disk_reserve_;
};

}  // namespace berth::services::registry
