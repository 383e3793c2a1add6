#pragma once
// The URLs GetDownloadUrlForLayer hands out: `GET /v2/<repository>/blobs/<digest>?X-Berth-Token=…`
// answered with the layer's bytes (sendfile), for an hour, without other credentials — the
// part that ECR delegates to presigned S3 URLs. Errors use the OCI shape.

#include "auth/credential_store.h"
#include "auth/registry_token.h"
#include "pipeline/raw_endpoint.h"
#include "services/ecr/ecr_service.h"

namespace berth::services::ecr {

class LayerDownloads final : public pipeline::RawEndpoint {
 public:
  LayerDownloads(EcrService& ecr, auth::CredentialStore& credentials,
                 const auth::RegistryTokens& tokens)
      : ecr_(ecr), credentials_(credentials), tokens_(tokens) {}

  bool Matches(const RequestHead& head) const override;
  uint64_t BodyLimit(const RequestHead&) const override { return 0; }
  Response Handle(Request& request, pipeline::CallRecord& record) override;

 private:
  EcrService& ecr_;
  auth::CredentialStore& credentials_;
  const auth::RegistryTokens& tokens_;
};

}  // namespace berth::services::ecr
