#include "app/app.h"

#include <algorithm>
#include <vector>

#include "app/data_dir.h"
#include "app/log_metrics.h"
#include "app/log_subscription_poster.h"
#include "app/sns_mail_drop.h"
#include "app/trail_destinations.h"
#include "store/memory_bounds.h"
#include "services/cloudtrail/api/operations.h"
#include "services/cloudtrail/delivery/trail_delivery.h"
#include "services/ecr/api/operations.h"
#include "services/ecr/lifecycle/expiration.h"
#include "services/iam/api/operations.h"
#include "services/registry/garbage_collector.h"
#include "services/logs/api/operations.h"
#include "services/logs/export/export_operations.h"
#include "services/logs/policies/resource_policy_operations.h"
#include "services/logs/subscriptions/operations.h"
#include "services/monitoring/api/operations.h"
#include "services/registry/registry.h"
#include "services/s3/store/local_bucket_store.h"
#include "services/sns/api/operations.h"
#include "services/sts/api/operations.h"

namespace berth::app {
namespace {

constexpr char kAdminUser[] = "admin";
constexpr size_t kTokenKeyBytes = 32;
constexpr size_t kAtRestKeyBytes = 32;

std::string CredentialsFile(const std::string& profile, const std::string& key_id,
                            const std::string& secret) {
  return "[" + profile + "]\naws_access_key_id = " + key_id +
         "\naws_secret_access_key = " + secret + "\n";
}

// On first start (no credentials file yet): the account, its `admin` user and a key for it,
// written to <data-dir>/credentials (0600) as the [default] profile. Also repairs a start that
// died between creating the user and writing the file: a fresh key is issued then.
Result<std::optional<FirstStart>> BootstrapAdmin(auth::CredentialStore& credentials,
                                                 services::iam::IamService& iam,
                                                 const std::string& data_dir) {
  const std::string path = data_dir + "/credentials";
  if (FileExists(path)) return std::optional<FirstStart>();
  BERTH_ASSIGN_OR_RETURN(auto account, credentials.EnsureAccount());
  BERTH_ASSIGN_OR_RETURN(auto key, CreateAdministrator(credentials, iam, account.id));
  BERTH_RETURN_IF_ERROR(WriteFileAtomically(
      path, CredentialsFile("default", key.access_key_id, key.secret_access_key), 0600));
  return std::optional<FirstStart>(
      FirstStart{account.id, kAdminUser, key.access_key_id, path});
}

}  // namespace

Result<auth::AccessKeyPair> CreateAdministrator(auth::CredentialStore& credentials,
                                                services::iam::IamService& iam,
                                                std::string_view account) {
  BERTH_ASSIGN_OR_RETURN(auto users, credentials.ListUsers(account));
  bool has_admin = false;
  for (const auto& user : users) has_admin = has_admin || user.name == kAdminUser;
  if (!has_admin) BERTH_RETURN_IF_ERROR(credentials.CreateUser(account, kAdminUser));
  // The administrator may do everything, as before policies were enforced.
  BERTH_RETURN_IF_ERROR(iam.store().Attach(account, services::iam::OwnerKind::kUser, kAdminUser,
                                           services::iam::kAdministratorAccessArn));
  iam.Changed();
  return credentials.CreateAccessKey(account, kAdminUser);
}

App::~App() {
  // Alarm actions use other services: the evaluator stops before any of them goes away.
  if (monitoring_) monitoring_->StopAlarms();
  // The last seconds' counts of berth's own metrics, into the journal before it closes.
  if (usage_metrics_) IgnoreError(usage_metrics_->Flush());
  if (log_metrics_) IgnoreError(logs_->FlushMetrics(*log_metrics_));
}

Result<std::unique_ptr<App>> App::Open(const AppConfig& config, const Clock& clock) {
  const std::string& dir = config.data_dir;
  // Refuses a data dir others could write, and takes group/other access off what is inside.
  BERTH_RETURN_IF_ERROR(SecureDataDir(dir));
  BERTH_RETURN_IF_ERROR(EnsureDir(dir + "/keys", 0700));
  // SQLite creates the database 0644 (less the umask) and its -wal/-shm with the database's
  // mode, so the file is made 0600 first.
  BERTH_RETURN_IF_ERROR(EnsureFile(dir + "/berth.db", 0600));
  BERTH_ASSIGN_OR_RETURN(std::string at_rest_key,
                         LoadOrCreateSecret(dir + "/keys/secrets.key", kAtRestKeyBytes));
  std::unique_ptr<App> app(new App());
  app->clock_ = &clock;
  app->disk_reserve_ = std::make_unique<store::DiskReserve>(dir, config.disk_reserve_bytes, clock);

  store::Database::Options db_options;
  db_options.path = dir + "/berth.db";
  db_options.read_connections = config.db_read_connections;
  store::SetDatabaseMemoryBounds(
      {config.db_writer_cache_bytes, config.db_reader_cache_bytes, config.db_mmap_bytes});
  BERTH_ASSIGN_OR_RETURN(app->db_, store::Database::Open(db_options));
  BERTH_ASSIGN_OR_RETURN(app->blobs_, store::OpenLocalBlobStore(dir));
  BERTH_ASSIGN_OR_RETURN(app->credentials_, auth::CredentialStore::Open(*app->db_, std::move(at_rest_key)));
  BERTH_ASSIGN_OR_RETURN(app->iam_,
                         services::iam::IamService::Open(*app->db_, *app->credentials_, clock));
  BERTH_ASSIGN_OR_RETURN(app->first_start_, BootstrapAdmin(*app->credentials_, *app->iam_, dir));

  BERTH_ASSIGN_OR_RETURN(std::string token_key,
                         LoadOrCreateSecret(dir + "/keys/registry-token.key", kTokenKeyBytes));
  app->tokens_ = std::make_unique<auth::RegistryTokens>(std::move(token_key), clock);
  BERTH_ASSIGN_OR_RETURN(app->ecr_, services::ecr::EcrService::Open(*app->db_, *app->blobs_,
                                                                    *app->tokens_, clock));

  services::logs::LogsService::Options logs_options;
  logs_options.queries.max_finished_bytes = config.insights_results_bytes;
  logs_options.queries.run_memory_bytes = config.insights_query_bytes;
  app->ecr_->SetMaxUploads(config.max_uploads);
  BERTH_ASSIGN_OR_RETURN(app->logs_,
                         services::logs::LogsService::Open(*app->db_, clock, logs_options));
  app->log_poster_ = std::make_unique<LogSubscriptionPoster>();
  services::logs::LogSubscriptions::Options subscription_options;
  subscription_options.deliver = config.serving;
  BERTH_ASSIGN_OR_RETURN(app->log_subscriptions_,
                         services::logs::LogSubscriptions::Open(*app->db_, *app->logs_,
                                                                app->log_poster_.get(),
                                                                subscription_options));
  BERTH_ASSIGN_OR_RETURN(app->monitoring_,
                         services::monitoring::MonitoringService::Open(dir + "/metrics", *app->db_, clock));
  app->sns_mail_ = std::make_unique<SnsMailDrop>(*app->logs_);
  services::sns::SnsOptions sns_options;
  sns_options.keys_dir = dir + "/keys";
  sns_options.deliver = config.serving;
  BERTH_ASSIGN_OR_RETURN(app->sns_, services::sns::SnsService::Open(*app->db_, clock, sns_options,
                                                                    app->sns_mail_.get()));
  app->alarm_notifier_ = std::make_unique<AlarmNotifier>(*app->sns_);
  BERTH_ASSIGN_OR_RETURN(app->buckets_,
                         services::s3::LocalBucketStore::Open(*app->db_, dir + "/buckets", clock));
  app->destinations_ = std::make_unique<TrailDestinations>(*app->buckets_, *app->logs_);
  app->s3_ = std::make_unique<services::s3::S3Endpoint>(*app->buckets_, *app->credentials_, clock);
  // Logs export tasks write into buckets whose policies let CloudWatch Logs in; the worker
  // runs only in the serving process.
  app->log_export_buckets_ =
      std::make_unique<LogExportBuckets>(*app->buckets_, app->s3_->policies());
  services::logs::ExportTasks::Options export_options;
  export_options.start_delay = config.logs_export_start_delay;
  if (!config.serving) {
    export_options.poll_interval = std::chrono::milliseconds(0);
    export_options.recover_interrupted = false;
  }
  BERTH_ASSIGN_OR_RETURN(app->log_exports_, services::logs::ExportTasks::Open(
                                                *app->db_, *app->logs_, *app->log_export_buckets_,
                                                clock, export_options));
  app->log_metrics_ = std::make_unique<LogMetrics>(*app->monitoring_);

  services::cloudtrail::CloudTrailOptions trail_options;
  trail_options.retention = std::chrono::hours(24 * config.event_retention_days);
  trail_options.delivery_interval = config.trail_delivery_interval;
  trail_options.digest_interval = config.trail_digest_interval;
  trail_options.digest_key_path = dir + "/keys/cloudtrail-digest.pem";
  trail_options.journal_dir = dir + "/cloudtrail-journal";
  trail_options.journal.compress = config.event_journal_compression;
  trail_options.journal_max_bytes = config.event_journal_max_mib << 20;
  trail_options.recording = config.serving;
  trail_options.insights.minute = config.insights_minute;
  trail_options.insights.baseline = config.insights_baseline;
  // A minute is judged once its late-committed calls are in: a few seconds, less for short ones.
  trail_options.insights.grace = std::clamp<std::chrono::milliseconds>(
      config.insights_minute / 4, std::chrono::milliseconds(250), std::chrono::seconds(5));
  BERTH_ASSIGN_OR_RETURN(app->cloudtrail_,
                         services::cloudtrail::CloudTrailService::Open(
                             *app->db_, clock, trail_options, app->destinations_.get()));
  BERTH_ASSIGN_OR_RETURN(auto account, app->credentials_->EnsureAccount());
  app->recorder_ = std::make_unique<services::cloudtrail::EventRecorder>(
      app->cloudtrail_->events(), config.default_region, account.id,
      services::cloudtrail::RefusedCallLimits{}, app->disk_reserve_.get());

  app->metrics_ = std::make_unique<observability::BerthMetrics>();
  app->storage_usage_ = std::make_unique<observability::StorageUsage>(dir);
  app->recorder_->OnCommit([metrics = app->metrics_.get()](size_t events,
                                                           std::chrono::nanoseconds took, bool ok) {
    metrics->ObserveAuditCommit(events, took, ok);
  });
  app->metrics_->OnScrape([usage = app->storage_usage_.get()](observability::BerthMetrics& m) {
    const observability::StorageSnapshot disk = usage->Get();
    for (const auto& [name, bytes] : disk.bytes_by_store) {
      m.storage_bytes().Add({{"store", name}}).Set(static_cast<double>(bytes));
    }
    m.blob_store_bytes().Set(static_cast<double>(disk.bytes_by_store.at("blobs")));
    m.blob_store_blobs().Set(static_cast<double>(disk.blobs));
    m.active_uploads().Set(static_cast<double>(disk.uploads));
    m.sqlite_memory_bytes().Set(static_cast<double>(store::SqliteMemoryUsed()));
  });
  BERTH_ASSIGN_OR_RETURN(app->access_log_, AccessLog::Open(config.access_log));
  std::vector<pipeline::ServiceSpec> services;
  services.push_back(services::ecr::MakeEcrService(*app->ecr_));
  BERTH_ASSIGN_OR_RETURN(app->logs_policies_,
                         services::logs::LogsResourcePolicies::Open(*app->db_));
  std::vector<pipeline::OperationSpec> logs_more =
      services::logs::ExportOperations(*app->log_exports_);
  for (auto& op : services::logs::ResourcePolicyOperations(*app->logs_policies_)) {
    logs_more.push_back(std::move(op));
  }
  for (auto& op : services::logs::SubscriptionOperations(*app->log_subscriptions_)) {
    logs_more.push_back(std::move(op));
  }
  services.push_back(services::logs::MakeLogsService(*app->logs_, std::move(logs_more)));
  services.push_back(services::cloudtrail::MakeCloudTrailService(*app->cloudtrail_));
  services.push_back(services::monitoring::MakeMonitoringService(*app->monitoring_));
  services.push_back(services::iam::MakeIamService(*app->iam_));
  services.push_back(services::sts::MakeStsService(*app->iam_));
  services.push_back(services::sns::MakeSnsService(*app->sns_));
  // The audit trail first: its record is the one the response waits for.
  std::vector<pipeline::CallObserver*> observers;
  if (config.record_events) observers.push_back(app->recorder_.get());
  if (app->access_log_) observers.push_back(app->access_log_.get());
  app->usage_metrics_ = std::make_unique<services::monitoring::UsageMetrics>(*app->monitoring_);
  observers.push_back(app->usage_metrics_.get());
  app->repository_metrics_ =
      std::make_unique<RepositoryMetrics>(app->ecr_->store(), *app->monitoring_, clock);
  observers.push_back(app->repository_metrics_.get());
  // Prometheus's request counters and latencies, for every wire, from this one hook.
  observers.push_back(app->metrics_.get());
  // ECR's lifecycle expirations are events of their own, recorded as AWS records them, and
  // change repositories' sizes as a deletion call does.
  app->lifecycle_interval_ = config.lifecycle_interval;
  app->ecr_->OnServiceEvent(
      config.default_region,
      [recorder = config.record_events ? app->recorder_.get() : nullptr,
       sizes = app->repository_metrics_.get()](const pipeline::CallRecord& event) {
        // Not waited for: the deletions are done, the record follows them into the journal.
        if (recorder != nullptr) recorder->OnCall(event);
        sizes->OnCall(event);
      });
  app->registry_ = std::make_unique<services::registry::Registry>(
      *app->ecr_, *app->credentials_, *app->tokens_, config.default_region);
  app->console_sessions_ = std::make_unique<console::SessionStore>(clock, *app->credentials_);
  app->console_signin_ =
      std::make_unique<console::SignIn>(clock, *app->credentials_, *app->console_sessions_);
  app->console_ = std::make_unique<console::ConsoleHandler>(*app->console_sessions_);
  // The sign-in before S3, which would otherwise take its unsigned-looking POST.
  std::vector<pipeline::FrontEnd*> front_ends = {app->registry_.get(), app->console_signin_.get(),
                                                 app->s3_.get()};
  // IAM policies decide every call: the caller's identity policies and the resource's policy
  // (ECR repository policies), recompiled when either changes.
  app->repository_policies_ =
      std::make_unique<services::iam::EcrRepositoryPolicies>(app->ecr_->store());
  app->resource_policies_ =
      std::make_unique<ResourcePolicies>(*app->repository_policies_, app->s3_->policies(),
                                         *app->logs_policies_);
  app->authorizer_ = std::make_unique<services::iam::PolicyAuthorizer>(
      app->iam_->store(), app->resource_policies_.get());
  app->iam_->OnChange([authorizer = app->authorizer_.get()] { authorizer->Invalidate(); });
  app->iam_->SetAuthorizer(app->authorizer_.get());
  app->ecr_->OnPolicyChange(
      [policies = app->repository_policies_.get()] { policies->Invalidate(); });
  const pipeline::Authorizer& authorizer =
      config.enforce_iam ? static_cast<const pipeline::Authorizer&>(*app->authorizer_)
                         : pipeline::AllowAccountPrincipals::Instance();
  app->s3_->SetAuthorizer(&authorizer);
  app->log_export_buckets_->SetAuthorizer(&authorizer);
  app->dispatcher_ = std::make_unique<pipeline::Dispatcher>(
      clock, *app->credentials_, std::move(services), std::move(front_ends), std::move(observers),
      authorizer,
      app->disk_reserve_.get(), app->console_sessions_.get());
  // Alarms evaluate on their own thread from here on, when serving (not for a CLI command's
  // brief App); their actions publish to SNS topics.
  if (config.serving) app->monitoring_->StartAlarms(app->alarm_notifier_.get());
  return app;
}

std::vector<HousekeepingTask> App::HousekeepingTasks(std::chrono::seconds upload_timeout) {
  std::vector<HousekeepingTask> tasks;
  // Swept every five minutes, or four times per timeout when it is shorter.
  const auto sweep = std::clamp<std::chrono::seconds>(upload_timeout / 4, std::chrono::seconds(1),
                                                      std::chrono::minutes(5));
  tasks.push_back({"cleaning abandoned uploads", sweep, [this, upload_timeout] {
                     services::registry::GcOptions options;
                     options.blobs = false;
                     options.upload_timeout = upload_timeout;
                     return StatusOf(
                         services::registry::CollectGarbage(*ecr_, options, clock_->Now()));
                   }});
  tasks.push_back({"applying lifecycle policies of repositories just changed",
                   std::chrono::seconds(1),
                   [this] { return services::ecr::ApplyDueLifecyclePolicies(*ecr_, clock_->Now()); }});
  tasks.push_back({"applying every lifecycle policy", lifecycle_interval_, [this] {
                     return services::ecr::ApplyAllLifecyclePolicies(*ecr_, clock_->Now());
                   }});
  tasks.push_back({"expiring the event history", std::chrono::hours(1), [this]() -> Status {
                     const TimePoint cutoff = clock_->Now() - cloudtrail_->options().retention;
                     BERTH_RETURN_IF_ERROR(
                         StatusOf(cloudtrail_->insights().store().DeleteBefore(cutoff)));
                     return StatusOf(cloudtrail_->events().DeleteBefore(cutoff));
                   }});
  // Often: at a busy server's rate the journal grows by megabytes a second.
  if (const uint64_t cap = cloudtrail_->options().journal_max_bytes; cap > 0) {
    tasks.push_back({"keeping the event journal under its size cap", std::chrono::seconds(10),
                     [this, cap] { return StatusOf(cloudtrail_->events().DeleteOverSize(cap)); }});
  }
  // Rolls metrics up to AWS's retention schedule and checkpoints the metric store, so its
  // journal holds only the last ten minutes of batches.
  tasks.push_back({"publishing berth's own metrics", std::chrono::seconds(2),
                   [this] { return usage_metrics_->Flush(); }});
  tasks.push_back({"publishing log metric filters' values", std::chrono::seconds(2),
                   [this] { return logs_->FlushMetrics(*log_metrics_); }});
  tasks.push_back({"publishing repository sizes and image counts", std::chrono::seconds(2),
                   [this] { return repository_metrics_->Flush(); }});
  tasks.push_back({"rolling up and checkpointing metrics", std::chrono::minutes(10),
                   [this] { return monitoring_->store().Maintain(clock_->Now()); }});
  tasks.push_back({"delivering trail log files", cloudtrail_->options().delivery_interval,
                   [this] { return services::cloudtrail::DeliverLogs(*cloudtrail_, clock_->Now()); }});
  tasks.push_back({"detecting CloudTrail Insights", std::chrono::seconds(1), [this] {
                     return cloudtrail_->insights().Run(clock_->Now());
                   }});
  // Checked often; each trail's digest is written once its interval has passed.
  tasks.push_back({"delivering trail digest files", std::chrono::seconds(1), [this] {
                     return services::cloudtrail::DeliverDigests(*cloudtrail_, clock_->Now());
                   }});
  return tasks;
}

}  // namespace berth::app
