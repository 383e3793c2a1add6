#pragma once
// The IAM service: users and access keys (auth::CredentialStore), groups, managed and inline
// policies (IamStore). Built once by the App; thread-safe. Every change is announced to the
// listeners (the PolicyAuthorizer recompiles what it holds; the credential store already
// forgot a changed key).

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "auth/credential_store.h"
#include "core/clock.h"
#include "core/result.h"
#include "services/iam/store/iam_store.h"
#include "store/database.h"

namespace berth::services::iam {

class PolicyAuthorizer;

class IamService {
 public:
  static Result<std::unique_ptr<IamService>> Open(store::Database& db,
                                                  auth::CredentialStore& credentials,
                                                  const Clock& clock);

  auth::CredentialStore& credentials() { return credentials_; }
  IamStore& store() { return *store_; }
  const Clock& clock() const { return clock_; }

  // The authorizer whose view of policies SimulatePrincipalPolicy shows (set by the App).
  void SetAuthorizer(const PolicyAuthorizer* authorizer) { authorizer_ = authorizer; }
  const PolicyAuthorizer* authorizer() const { return authorizer_; }

  // Called after every change to users, keys, groups, policies or attachments.
  void OnChange(std::function<void()> listener);
  void Changed();

 private:
  IamService(auth::CredentialStore& credentials, std::unique_ptr<IamStore> store,
             const Clock& clock)
      : credentials_(credentials), store_(std::move(store)), clock_(clock) {}

  auth::CredentialStore& credentials_;
  std::unique_ptr<IamStore> store_;
  const Clock& clock_;
  const PolicyAuthorizer* authorizer_ = nullptr;
  std::mutex mu_;
  std::vector<std::function<void()>> listeners_;  // GUARDED_BY(mu_)
};

inline constexpr char kAdministratorAccessArn[] = "arn:aws:iam::aws:policy/AdministratorAccess";

}  // namespace berth::services::iam
