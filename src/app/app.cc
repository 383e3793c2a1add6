#include "app/app.h"

#include <vector>

#include "app/data_dir.h"
#include "services/ecr/api/operations.h"
#include "services/logs/api/operations.h"
#include "services/registry/registry.h"

namespace berth::app {
namespace {

constexpr char kAdminUser[] = "admin";
constexpr size_t kTokenKeyBytes = 32;

std::string CredentialsFile(const std::string& profile, const std::string& key_id,
                            const std::string& secret) {
  return "[" + profile + "]\naws_access_key_id = " + key_id +
         "\naws_secret_access_key = " + secret + "\n";
}

// On first start (no credentials file yet): the account, its `admin` user and a key for it,
// written to <data-dir>/credentials (0600) as the [default] profile. Also repairs a start that
// died between creating the user and writing the file: a fresh key is issued then.
Result<std::optional<FirstStart>> BootstrapAdmin(auth::CredentialStore& credentials,
                                                 const std::string& data_dir) {
  const std::string path = data_dir + "/credentials";
  if (FileExists(path)) return std::optional<FirstStart>();
  BERTH_ASSIGN_OR_RETURN(auto account, credentials.EnsureAccount());
  BERTH_ASSIGN_OR_RETURN(auto users, credentials.ListUsers());
  bool has_admin = false;
  for (const auto& user : users) has_admin = has_admin || user.name == kAdminUser;
  if (!has_admin) BERTH_RETURN_IF_ERROR(credentials.CreateUser(kAdminUser));
  BERTH_ASSIGN_OR_RETURN(auto key, credentials.CreateAccessKey(kAdminUser));
  BERTH_RETURN_IF_ERROR(WriteFileAtomically(
      path, CredentialsFile("default", key.access_key_id, key.secret_access_key), 0600));
  return std::optional<FirstStart>(
      FirstStart{account.id, kAdminUser, key.access_key_id, path});
}

}  // namespace

App::~App() = default;

Result<std::unique_ptr<App>> App::Open(const AppConfig& config, const Clock& clock) {
  const std::string& dir = config.data_dir;
  BERTH_RETURN_IF_ERROR(EnsureDir(dir, 0700));
  BERTH_RETURN_IF_ERROR(EnsureDir(dir + "/keys", 0700));
  std::unique_ptr<App> app(new App());

  store::Database::Options db_options;
  db_options.path = dir + "/berth.db";
  BERTH_ASSIGN_OR_RETURN(app->db_, store::Database::Open(db_options));
  BERTH_ASSIGN_OR_RETURN(app->blobs_, store::OpenLocalBlobStore(dir));
  BERTH_ASSIGN_OR_RETURN(app->credentials_, auth::CredentialStore::Open(*app->db_));
  BERTH_ASSIGN_OR_RETURN(app->first_start_, BootstrapAdmin(*app->credentials_, dir));

  BERTH_ASSIGN_OR_RETURN(std::string token_key,
                         LoadOrCreateSecret(dir + "/keys/registry-token.key", kTokenKeyBytes));
  app->tokens_ = std::make_unique<auth::RegistryTokens>(std::move(token_key), clock);
  BERTH_ASSIGN_OR_RETURN(app->ecr_, services::ecr::EcrService::Open(*app->db_, *app->blobs_,
                                                                    *app->tokens_, clock));

  BERTH_ASSIGN_OR_RETURN(app->logs_, services::logs::LogsService::Open(
                                          *app->db_, clock, services::logs::LogsService::Options{}));

  BERTH_ASSIGN_OR_RETURN(app->access_log_, AccessLog::Open(config.access_log));
  std::vector<pipeline::ServiceSpec> services;
  services.push_back(services::ecr::MakeEcrService(*app->ecr_));
  services.push_back(services::logs::MakeLogsService(*app->logs_));
  std::vector<pipeline::CallObserver*> observers;
  if (app->access_log_) observers.push_back(app->access_log_.get());
  app->registry_ = std::make_unique<services::registry::Registry>(
      *app->ecr_, *app->credentials_, *app->tokens_);
  std::vector<pipeline::RawEndpoint*> raw_endpoints = {app->registry_.get()};
  app->dispatcher_ = std::make_unique<pipeline::Dispatcher>(
      clock, *app->credentials_, std::move(services), std::move(raw_endpoints),
      std::move(observers));
  return app;
}

}  // namespace berth::app
