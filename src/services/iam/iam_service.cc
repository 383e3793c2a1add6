#include "services/iam/iam_service.h"

#include "services/iam/store/sqlite_iam_store.h"

namespace berth::services::iam {

Result<std::unique_ptr<IamService>> IamService::Open(store::Database& db,
                                                     auth::CredentialStore& credentials,
                                                     const Clock& clock) {
  BERTH_ASSIGN_OR_RETURN(auto store, OpenSqliteIamStore(db));
  return std::unique_ptr<IamService>(new IamService(credentials, std::move(store), clock));
}

void IamService::OnChange(std::function<void()> listener) {
  std::lock_guard lock(mu_);
  listeners_.push_back(std::move(listener));
}

void IamService::Changed() {
  std::vector<std::function<void()>> listeners;
  {
    std::lock_guard lock(mu_);
    listeners = listeners_;
  }
  for (auto& listener : listeners) listener();
}

}  // namespace berth::services::iam
