#pragma once
// The App: everything a running berth is made of, built once by `main` and handed down by
// reference (no globals). Tests build one on a temp data dir.

#include <memory>
#include <optional>
#include <string>

#include "app/access_log.h"
#include "auth/credential_store.h"
#include "auth/registry_token.h"
#include "core/clock.h"
#include "core/result.h"
#include "pipeline/dispatcher.h"
#include "services/ecr/ecr_service.h"
#include "services/logs/logs_service.h"
#include "services/registry/registry.h"
#include "store/blob_store.h"
#include "store/database.h"

namespace berth::app {

struct AppConfig {
  std::string data_dir = "./berth-data";
  std::string access_log = "-";  // "-" stderr, "off", or a file path
};

// What a first start created, so `serve` can tell the user how to use it.
struct FirstStart {
  std::string account_id;
  std::string user_name;
  std::string access_key_id;
  std::string credentials_path;
};

class App {
 public:
  // Opens (creating on first start) the data dir, the database, the blob store and every
  // service, and wires them into the dispatcher.
  static Result<std::unique_ptr<App>> Open(const AppConfig& config, const Clock& clock);
  ~App();

  pipeline::Dispatcher& dispatcher() { return *dispatcher_; }
  services::ecr::EcrService& ecr() { return *ecr_; }
  services::logs::LogsService& logs() { return *logs_; }
  auth::CredentialStore& credentials() { return *credentials_; }
  // Set when this Open() created the account and its admin key.
  const std::optional<FirstStart>& first_start() const { return first_start_; }

 private:
  App() = default;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  std::unique_ptr<auth::RegistryTokens> tokens_;
  std::unique_ptr<services::ecr::EcrService> ecr_;
  std::unique_ptr<services::logs::LogsService> logs_;
  std::unique_ptr<services::registry::Registry> registry_;
  std::unique_ptr<AccessLog> access_log_;
  std::unique_ptr<pipeline::Dispatcher> dispatcher_;
  std::optional<FirstStart> first_start_;
};

}  // namespace berth::app
