#pragma once
// The App: everything a running berth is made of, built once by `main` and handed down by
// reference (no globals). Tests build one on a temp data dir.

#include <memory>
#include <optional>
#include <string>

#include "app/access_log.h"
#include "app/console/console_handler.h"
#include "app/console/session_store.h"
#include "app/console/signin.h"

#include "app/alarm_notifier.h"
#include "app/housekeeper.h"
#include "app/log_export_buckets.h"
#include "app/repository_metrics.h"
#include "app/resource_policies.h"
#include "auth/credential_store.h"
#include "auth/registry_token.h"
#include "core/clock.h"
#include "core/result.h"
#include "observability/berth_metrics.h"
#include "observability/storage_usage.h"
#include "pipeline/dispatcher.h"
#include "services/cloudtrail/cloudtrail_service.h"
#include "services/cloudtrail/event_recorder.h"
#include "services/ecr/ecr_service.h"
#include "services/iam/authorizer/policy_authorizer.h"
#include "services/iam/authorizer/resource_policies.h"
#include "services/iam/iam_service.h"
#include "services/logs/export/export_tasks.h"
#include "services/logs/logs_service.h"
#include "services/logs/subscriptions/log_subscriptions.h"
#include "services/monitoring/monitoring_service.h"
#include "services/monitoring/usage_metrics.h"
#include "services/registry/registry.h"
#include "services/s3/bucket_store.h"
#include "services/s3/s3_endpoint.h"
#include "services/sns/sns_service.h"
#include "store/blob_store.h"
#include "store/database.h"
#include "store/disk_reserve.h"

namespace berth::app {

struct AppConfig {
  std::string data_dir = "./berth-data";
  std::string access_log = "-";  // "-" stderr, "off", or a file path
  std::string default_region = "us-east-1";  // for calls whose signature names none (/v2)
  int event_retention_days = 90;
  // The event journal's size cap, MiB (0: none), and whether it is compressed.
  uint64_t event_journal_max_mib = 0;
  bool event_journal_compression = true;
  std::chrono::seconds trail_delivery_interval{5};
  std::chrono::seconds trail_digest_interval{3600};
  // CloudTrail Insights: the unit calls are counted in (AWS: a minute) and the baseline window
  // (AWS: seven days); shorter ones make tests and demos take seconds.
  std::chrono::milliseconds insights_minute{std::chrono::minutes(1)};
  std::chrono::milliseconds insights_baseline{std::chrono::hours(24 * 7)};
  // Off only to measure what recording costs (bench/): then no call is recorded.
  bool record_events = true;
  // False (`--iam-mode off`): every authenticated principal may do everything, as before IAM
  // policies were enforced (a rollout switch, and the baseline bench/iam.py measures against).
  bool enforce_iam = true;
  // True for `berth serve`: the process that records events and runs the event journal. Other
  // commands run beside a server on the same data dir and must not touch the journal.
  bool serving = false;
  // Free space kept on the data dir's file system: below it, calls that add data are refused
  // (store/disk_reserve.h). 0 disables the reserve.
  uint64_t disk_reserve_bytes = 256ull << 20;
  // Memory bounds, so a long-running berth levels off (bench/soak.py; README's flag list).
  // The database's page caches and memory map (store/memory_bounds.h), and its read pool.
  int64_t db_writer_cache_bytes = int64_t{32} << 20;
  int64_t db_reader_cache_bytes = int64_t{8} << 20;
  int db_read_connections = 4;
  int64_t db_mmap_bytes = 0;
  // Logs Insights: finished queries' rows kept for GetQueryResults, and what one running
  // query may hold.
  size_t insights_results_bytes = size_t{32} << 20;
  size_t insights_query_bytes = size_t{64} << 20;
  // Unfinished layer uploads an account may have at once (each keeps a file); 0: no cap.
  size_t max_uploads = 1000;
  // How long a Logs export task stays PENDING before it runs (0: at once).
  std::chrono::milliseconds logs_export_start_delay{0};

  // How often every ECR lifecycle policy is applied (ages pass without pushes); repositories
  // whose policy was set or that were pushed to are evaluated within seconds regardless.
  std::chrono::seconds lifecycle_interval{3600};
};

// What a first start created, so `serve` can tell the user how to use it.
struct FirstStart {
  std::string account_id;
  std::string user_name;
  std::string access_key_id;
  std::string credentials_path;
};

// The account's `admin` user (created if missing) with AdministratorAccess attached, and a
// new access key for it: the bootstrap administrator, and `berth account create`'s.
Result<auth::AccessKeyPair> CreateAdministrator(auth::CredentialStore& credentials,
                                                services::iam::IamService& iam,
                                                std::string_view account);

class App {
 public:
  // Opens (creating on first start) the data dir, the database, the blob store and every
  // service, and wires them into the dispatcher.
  static Result<std::unique_ptr<App>> Open(const AppConfig& config, const Clock& clock);
  ~App();

  pipeline::Dispatcher& dispatcher() { return *dispatcher_; }
  services::ecr::EcrService& ecr() { return *ecr_; }
  services::logs::LogsService& logs() { return *logs_; }
  services::monitoring::MonitoringService& monitoring() { return *monitoring_; }
  services::cloudtrail::CloudTrailService& cloudtrail() { return *cloudtrail_; }
  services::sns::SnsService& sns() { return *sns_; }
  // The periodic upkeep a serving berth runs (see Housekeeper).
  std::vector<HousekeepingTask> HousekeepingTasks(std::chrono::seconds upload_timeout);
  auth::CredentialStore& credentials() { return *credentials_; }
  services::iam::IamService& iam() { return *iam_; }
  // The web console's pages, files and session endpoints (its sign-in is a dispatcher
  // front-end, its sessions the dispatcher's SessionAuthenticator).
  const console::ConsoleHandler& console() const { return *console_; }
  // berth's own health for GET /metrics (fed by the dispatcher and the audit writer).
  observability::BerthMetrics& metrics() { return *metrics_; }
  // The S3 buckets (<data-dir>/buckets): CloudTrail delivers log and digest files here.
  services::s3::BucketStore& buckets() { return *buckets_; }
  // Set when this Open() created the account and its admin key.
  const std::optional<FirstStart>& first_start() const { return first_start_; }

 private:
  App() = default;
  const Clock* clock_ = nullptr;
  std::chrono::seconds lifecycle_interval_{3600};
  // Borrowed by the recorder, the endpoints and the dispatcher: declared before them.
  std::unique_ptr<store::DiskReserve> disk_reserve_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  std::unique_ptr<auth::RegistryTokens> tokens_;
  std::unique_ptr<services::iam::IamService> iam_;
  std::unique_ptr<services::ecr::EcrService> ecr_;
  std::unique_ptr<services::logs::LogsService> logs_;
  // Subscription delivery reads and writes Logs: declared after it, so it stops first.
  std::unique_ptr<services::logs::SubscriptionPoster> log_poster_;
  std::unique_ptr<services::logs::LogSubscriptions> log_subscriptions_;
  std::unique_ptr<services::monitoring::MonitoringService> monitoring_;
  // SNS: email-json lands in Logs (declared after it); alarm actions publish through SNS.
  std::unique_ptr<services::sns::MailDrop> sns_mail_;
  std::unique_ptr<services::sns::SnsService> sns_;
  std::unique_ptr<AlarmNotifier> alarm_notifier_;
  std::unique_ptr<services::registry::Registry> registry_;
  std::unique_ptr<services::s3::BucketStore> buckets_;
  std::unique_ptr<services::s3::S3Endpoint> s3_;
  // Logs export tasks (their worker thread) and the buckets they write to: after the logs
  // service and S3, so they stop first.
  std::unique_ptr<LogExportBuckets> log_export_buckets_;
  std::unique_ptr<services::logs::ExportTasks> log_exports_;
  // Logs resource policies: borrowed by the authorizer (through resource_policies_).
  std::unique_ptr<services::logs::LogsResourcePolicies> logs_policies_;
  // Where trails deliver (buckets, log groups); declared before the service that borrows it.
  std::unique_ptr<services::cloudtrail::Destinations> destinations_;
  std::unique_ptr<services::cloudtrail::CloudTrailService> cloudtrail_;
  // Told by the recorder's writer thread and the dispatcher: declared before both.
  std::unique_ptr<observability::BerthMetrics> metrics_;
  std::unique_ptr<observability::StorageUsage> storage_usage_;
  // Declared before the dispatcher, which calls it: destroyed after it, committing what is
  // queued.
  std::unique_ptr<services::cloudtrail::EventRecorder> recorder_;
  std::unique_ptr<AccessLog> access_log_;
  // Berth's own metrics (AWS/ECR, AWS/Usage) from every call's record.
  std::unique_ptr<services::monitoring::UsageMetrics> usage_metrics_;
  // Metric filters' values and AWS/Logs counts, from the Logs service into the metric store.
  std::unique_ptr<services::logs::MetricSink> log_metrics_;
  // AWS/ECR RepositorySize and ImageCount (berth's extension).
  std::unique_ptr<RepositoryMetrics> repository_metrics_;
  // The console's sessions (the dispatcher's SessionAuthenticator) and sign-in front-end.
  std::unique_ptr<console::SessionStore> console_sessions_;
  std::unique_ptr<console::SignIn> console_signin_;
  std::unique_ptr<console::ConsoleHandler> console_;
  // Borrowed by the dispatcher: declared before it.
  std::unique_ptr<services::iam::EcrRepositoryPolicies> repository_policies_;
  std::unique_ptr<ResourcePolicies> resource_policies_;  // repository and bucket policies
  std::unique_ptr<services::iam::PolicyAuthorizer> authorizer_;
  std::unique_ptr<pipeline::Dispatcher> dispatcher_;
  std::optional<FirstStart> first_start_;
};

}  // namespace berth::app
