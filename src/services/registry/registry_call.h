#pragma once
// One /v2 call as its endpoint functions see it: the request, its route, the repository it
// names (already checked to exist in the caller's registry) and the one clock reading.

#include <optional>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/http_types.h"
#include "services/ecr/model/types.h"
#include "services/registry/route.h"

namespace berth::services::registry {

struct RegistryCall {
  Request& request;
  Route route;
  auth::Principal principal;
  ecr::Repository repo;  // empty for routes without a name (ping, catalog)
  TimePoint now;
  // The registry (account id) the request addresses: RegistryIdOfHost, else the caller's.
  std::string registry_id;

  const RequestHead& head() const { return request.head; }
  // A query parameter's decoded value; nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;
};

// "/v2/<name>/blobs/uploads/<id>" and friends: where the client goes next.
std::string UploadLocation(const std::string& name, const std::string& upload_id);
std::string BlobLocation(const std::string& name, const std::string& digest);
std::string ManifestLocation(const std::string& name, const std::string& digest);

}  // namespace berth::services::registry
