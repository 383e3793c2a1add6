#include "app/cli.h"

#include <sys/stat.h>

#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "app/app.h"
#include "app/http_routes.h"
#include "app/housekeeper.h"
#include "http/server.h"
#include "services/registry/garbage_collector.h"

namespace berth::app {
namespace {

struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};

// "127.0.0.1:5000", "[::1]:5000" or ":5000" (loopback).
Result<ListenAddress> ParseListen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return Error{"BadListen", "expected ADDR:PORT", 0};
  ListenAddress out;
  out.host = text.substr(0, colon);
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']')
    out.host = out.host.substr(1, out.host.size() - 2);
  if (out.host.empty()) out.host = "127.0.0.1";
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return Error{"BadListen", "bad port in " + text, 0};
  const unsigned long value = std::stoul(port);
  if (value > 65535) return Error{"BadListen", "bad port in " + text, 0};
  out.port = static_cast<uint16_t>(value);
  return out;
}

int Fail(const Error& error) {
  std::fprintf(stderr, "berth: %s\n", error.message.c_str());
  return 1;
}

int Serve(const AppConfig& config, const std::string& listen, int threads,
          size_t max_connections, std::chrono::seconds upload_timeout,
          observability::MetricsAccess metrics_access) {
  auto address = ParseListen(listen);
  if (!address.ok()) return Fail(address.error());
  SystemClock clock;
  AppConfig serving = config;
  serving.serving = true;
  auto app = App::Open(serving, clock);
  if (!app.ok()) return Fail(app.error());
  observability::MetricsEndpoint metrics((*app)->metrics(), metrics_access);
  HttpRoutes routes((*app)->dispatcher(), &(*app)->console(), &(*app)->sns().signing_key(),
                    &metrics);
  http::ServerOptions options;
  options.address = address->host;
  options.port = address->port;
  options.threads = threads;
  options.max_connections = max_connections;
  auto server = http::Server::Bind(options, routes);
  if (!server.ok()) return Fail(server.error());

  const std::string host = address->host.find(':') != std::string::npos
                               ? "[" + address->host + "]"
                               : address->host;
  const std::string endpoint = "http://" + host + ":" + std::to_string((*server)->port());
  // Tests wait for this exact line to learn the port.
  std::printf("berth listening on %s\n", endpoint.c_str());
  if (const auto& first = (*app)->first_start()) {
    std::printf("  created account %s with user %s (access key %s)\n", first->account_id.c_str(),
                first->user_name.c_str(), first->access_key_id.c_str());
  } else if (auto account = (*app)->credentials().EnsureAccount(); account.ok()) {
    // Every start says which account this is: ARNs, trails and policies need its id.
    std::printf("  account %s\n", account->id.c_str());
  }
  std::printf("  data directory: %s\n", config.data_dir.c_str());
  std::printf("  aws CLI: AWS_SHARED_CREDENTIALS_FILE=%s/credentials AWS_DEFAULT_REGION=us-east-1 "
              "aws --endpoint-url %s sts get-caller-identity\n",
              config.data_dir.c_str(), endpoint.c_str());
  std::printf("  more users: berth user create NAME --data-dir %s\n", config.data_dir.c_str());
  std::fflush(stdout);
  {
    Housekeeper housekeeper((*app)->HousekeepingTasks(upload_timeout));
    (*server)->Run();
  }
  std::printf("berth stopped\n");
  std::fflush(stdout);
  return 0;
}

// A brief App for a command run beside (or instead of) a server on the same data dir.
Result<std::unique_ptr<App>> OpenQuiet(const AppConfig& config, const Clock& clock) {
  AppConfig quiet = config;
  quiet.access_log = "off";
  return App::Open(quiet, clock);
}

// `account` names an account by id or alias; empty: the bootstrap account.
Result<auth::Account> FindAccount(auth::CredentialStore& credentials, const std::string& account) {
  if (account.empty()) return credentials.EnsureAccount();
  BERTH_ASSIGN_OR_RETURN(auto accounts, credentials.ListAccounts());
  for (auto& a : accounts)
    if (a.id == account || a.alias == account) return std::move(a);
  return Error{"NoSuchEntity", "no account " + account + " (see berth account list)", 404};
}

int UserCreate(const AppConfig& config, const std::string& name, const std::string& account) {
  SystemClock clock;
  auto app = OpenQuiet(config, clock);
  if (!app.ok()) return Fail(app.error());
  auto owner = FindAccount((*app)->credentials(), account);
  if (!owner.ok()) return Fail(owner.error());
  auto user = (*app)->credentials().CreateUser(owner->id, name);
  if (!user.ok()) return Fail(user.error());
  // An operator's user: allowed everything, like the bootstrap admin (users made through the
  // IAM API start with no permissions, as on AWS).
  Status admin = (*app)->iam().store().Attach(owner->id, berth::services::iam::OwnerKind::kUser,
                                              name, berth::services::iam::kAdministratorAccessArn);
  if (!admin.ok()) return Fail(admin.error());
  auto key = (*app)->credentials().CreateAccessKey(owner->id, name);
  if (!key.ok()) return Fail(key.error());
  std::printf("[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n", name.c_str(),
              key->access_key_id.c_str(), key->secret_access_key.c_str());
  return 0;
}

int UserList(const AppConfig& config, const std::string& account) {
  SystemClock clock;
  auto app = OpenQuiet(config, clock);
  if (!app.ok()) return Fail(app.error());
  auto owner = FindAccount((*app)->credentials(), account);
  if (!owner.ok()) return Fail(owner.error());
  auto users = (*app)->credentials().ListUsers(owner->id);
  if (!users.ok()) return Fail(users.error());
  for (const auto& user : *users) std::printf("%s\t%s\n", user.name.c_str(), user.arn.c_str());
  return 0;
}

// Another account with its own administrator, whose key is printed as a profile named after
// the account's alias (the bootstrap account's is [default] in <data-dir>/credentials).
int AccountCreate(const AppConfig& config, const std::string& alias) {
  SystemClock clock;
  auto app = OpenQuiet(config, clock);
  if (!app.ok()) return Fail(app.error());
  auto account = (*app)->credentials().CreateAccount(alias);
  if (!account.ok()) return Fail(account.error());
  auto key = CreateAdministrator((*app)->credentials(), (*app)->iam(), account->id);
  if (!key.ok()) return Fail(key.error());
  std::printf("# account %s (%s), user admin\n[%s]\naws_access_key_id = %s\n"
              "aws_secret_access_key = %s\n",
              account->id.c_str(), account->alias.c_str(), alias.c_str(),
              key->access_key_id.c_str(), key->secret_access_key.c_str());
  return 0;
}

int AccountList(const AppConfig& config) {
  SystemClock clock;
  auto app = OpenQuiet(config, clock);
  if (!app.ok()) return Fail(app.error());
  auto accounts = (*app)->credentials().ListAccounts();
  if (!accounts.ok()) return Fail(accounts.error());
  for (const auto& a : *accounts) {
    std::printf("%s\t%s\n", a.id.c_str(), a.alias.empty() ? "(bootstrap)" : a.alias.c_str());
  }
  return 0;
}

int CollectGarbage(const AppConfig& config, const services::registry::GcOptions& options) {
  SystemClock clock;
  auto app = OpenQuiet(config, clock);
  if (!app.ok()) return Fail(app.error());
  auto report = services::registry::CollectGarbage((*app)->ecr(), options, clock.Now());
  if (!report.ok()) return Fail(report.error());
  std::printf("%s%zu blobs seen; %zu blobs deleted (%llu bytes); %zu unreferenced blob links "
              "removed; %zu abandoned uploads removed; %zu temporary files removed\n",
              options.dry_run ? "dry run: " : "", report->blobs_seen, report->blobs_removed,
              static_cast<unsigned long long>(report->bytes_reclaimed), report->links_removed,
              report->uploads_removed, report->temporaries_removed);
  return 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
  // Everything berth writes in its data dir is its owner's alone (keys, secrets, audit
  // records), whatever umask it was started with; files are also created 0600 explicitly.
  ::umask(077);
  CLI::App cli{"berth: a self-hosted container registry with an AWS-style audit trail"};
  cli.require_subcommand(1);
  AppConfig config;
  std::string listen = "127.0.0.1:5000";
  int threads = 0;
  std::string user_name;

  auto* serve = cli.add_subcommand("serve", "run the server");
  serve->add_option("--listen", listen, "ADDR:PORT to listen on (port 0 picks a free one)")
      ->capture_default_str();
  serve->add_option("--data-dir", config.data_dir, "where berth keeps its state")
      ->capture_default_str();
  serve->add_option("--threads", threads, "I/O threads (0: one per core)");
  size_t max_connections = 0;
  serve->add_option("--max-connections", max_connections,
                    "open connections at most; at the limit the longest-idle keep-alive "
                    "connection is closed for a new one (0: three quarters of the open-file "
                    "limit, 16 to 16384)")
      ->capture_default_str();
  serve->add_option("--access-log", config.access_log, "'-' for stderr, 'off', or a file path")
      ->capture_default_str();

  serve->add_option("--event-retention-days", config.event_retention_days,
                    "days the CloudTrail event history keeps events")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve->add_option("--event-journal-max-mib", config.event_journal_max_mib,
                    "disk the CloudTrail event journal may take, MiB; past it the oldest events "
                    "go first, whatever their age (0: no cap, only --event-retention-days)")
      ->capture_default_str();
  std::string journal_compression = "zstd";
  serve->add_option("--event-journal-compression", journal_compression,
                    "'zstd' compresses the event journal; 'off' writes plain records (to "
                    "measure what compression saves)")
      ->capture_default_str()
      ->check(CLI::IsMember({"zstd", "off"}));
  int64_t delivery_s = 5, digest_s = 3600;
  serve->add_option("--trail-delivery-interval", delivery_s,
                    "seconds between a logging trail's log file deliveries")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve->add_option("--trail-digest-interval", digest_s,
                    "seconds between digest files of trails with log file validation")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  int64_t insights_minute_s = 60, insights_baseline_s = 7 * 24 * 3600;
  serve->add_option("--trail-insights-minute", insights_minute_s,
                    "seconds CloudTrail Insights count calls in (AWS: a minute)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve->add_option("--trail-insights-baseline", insights_baseline_s,
                    "seconds of history a CloudTrail Insights baseline covers (AWS: seven days)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  std::string record = "on";
  serve->add_option("--record-events", record,
                    "'off' records no CloudTrail events (only to measure what recording costs)")
      ->capture_default_str()
      ->check(CLI::IsMember({"on", "off"}));
  std::string iam_mode = "enforce";
  serve->add_option("--iam-mode", iam_mode,
                    "'enforce' authorizes every call by IAM policies; 'off' lets every "
                    "authenticated user of the account do everything (berth before IAM)")
      ->capture_default_str()
      ->check(CLI::IsMember({"enforce", "off"}));
  int64_t upload_timeout_s = 3600;
  serve->add_option("--upload-timeout", upload_timeout_s,
                    "seconds an unfinished upload may go without receiving bytes before it is "
                    "abandoned and removed")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve->add_option("--max-uploads", config.max_uploads,
                    "unfinished layer uploads the account may have at once; past it starting "
                    "one is refused (ECR LimitExceededException, /v2 429 TOOMANYREQUESTS) "
                    "(0: no cap)")
      ->capture_default_str();

  int64_t lifecycle_s = config.lifecycle_interval.count();
  serve->add_option("--lifecycle-interval", lifecycle_s,
                    "seconds between applications of every ECR lifecycle policy (a repository "
                    "is also evaluated within seconds of a push or of its policy being set)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  // Memory bounds: what a long-running berth levels off at (bench/soak.sh).
  int64_t db_cache_mib = config.db_writer_cache_bytes >> 20;
  int64_t db_read_cache_mib = config.db_reader_cache_bytes >> 20;
  int64_t db_mmap_mib = config.db_mmap_bytes >> 20;
  serve->add_option("--db-cache-mib", db_cache_mib,
                    "page cache of the database's writer connection, MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 65536));
  serve->add_option("--db-read-cache-mib", db_read_cache_mib,
                    "page cache of each database read connection, MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 65536));
  serve->add_option("--db-readers", config.db_read_connections,
                    "database read connections (reads running at once)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  serve->add_option("--db-mmap-mib", db_mmap_mib,
                    "memory-mapped window of the database file, MiB, per connection (file "
                    "pages, counted in RSS once per connection; 0: reads through the page "
                    "caches)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20));
  size_t insights_results_mib = config.insights_results_bytes >> 20;
  size_t insights_query_mib = config.insights_query_bytes >> 20;
  serve->add_option("--insights-results-mib", insights_results_mib,
                    "rows of finished Logs Insights queries kept for GetQueryResults, MiB "
                    "(the oldest are forgotten first)")
      ->capture_default_str()
      ->check(CLI::Range(1, 65536));
  serve->add_option("--insights-query-mib", insights_query_mib,
                    "what one running Logs Insights query may hold, MiB (past it the query "
                    "fails instead of growing)")
      ->capture_default_str()
      ->check(CLI::Range(1, 65536));

  int64_t export_delay_ms = 0;
  serve->add_option("--logs-export-start-delay-ms", export_delay_ms,
                    "milliseconds a CloudWatch Logs export task stays PENDING before it runs")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{3600000}));

  std::string metrics_from = "loopback";
  serve->add_option("--metrics-access", metrics_from,
                    "who may scrape GET /metrics (Prometheus text, unauthenticated): "
                    "'loopback' clients only, 'any' client, or 'off' (the path is then S3's "
                    "like any other)")
      ->capture_default_str()
      ->check(CLI::IsMember({"loopback", "any", "off"}));

  uint64_t disk_reserve_mib = config.disk_reserve_bytes >> 20;
  serve->add_option("--disk-reserve-mib", disk_reserve_mib,
                    "free MiB kept on the data dir's file system: below it, calls that add data "
                    "are refused while reads, pulls and deletes go on (0: no reserve)")
      ->capture_default_str();

  services::registry::GcOptions gc_options;
  int64_t grace_s = 3600;
  auto* gc = cli.add_subcommand(
      "gc", "delete blobs no manifest references and abandoned uploads (safe while serving)");
  gc->add_option("--data-dir", config.data_dir)->capture_default_str();
  gc->add_option("--grace", grace_s, "spare blobs written or linked within this many seconds")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  gc->add_option("--upload-timeout", upload_timeout_s,
                 "seconds an unfinished upload may go without receiving bytes before it is "
                 "abandoned")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  gc->add_flag("--dry-run", gc_options.dry_run, "report what would be deleted, delete nothing");

  auto* user = cli.add_subcommand("user", "manage IAM users and their access keys");
  user->require_subcommand(1);
  auto* user_create = user->add_subcommand(
      "create",
      "create a user with AdministratorAccess attached and print a new access key (users "
      "made with `aws iam create-user` start with no permissions)");
  user_create->add_option("name", user_name, "user name")->required();
  user_create->add_option("--data-dir", config.data_dir)->capture_default_str();
  std::string account_name;
  user_create->add_option("--account", account_name,
                          "the account's id or alias (default: the bootstrap account)");
  auto* user_list = user->add_subcommand("list", "list users");
  user_list->add_option("--data-dir", config.data_dir)->capture_default_str();
  user_list->add_option("--account", account_name,
                        "the account's id or alias (default: the bootstrap account)");

  auto* account = cli.add_subcommand("account", "manage accounts");
  account->require_subcommand(1);
  std::string alias;
  auto* account_create = account->add_subcommand(
      "create",
      "create another account (a new 12-digit id, alias NAME) with its own administrator "
      "user `admin` (AdministratorAccess) and print its access key");
  account_create->add_option("name", alias, "the account's alias")->required();
  account_create->add_option("--data-dir", config.data_dir)->capture_default_str();
  auto* account_list = account->add_subcommand("list", "list accounts: id and alias");
  account_list->add_option("--data-dir", config.data_dir)->capture_default_str();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  config.record_events = record == "on";
  config.event_journal_compression = journal_compression == "zstd";
  config.db_writer_cache_bytes = db_cache_mib << 20;
  config.db_reader_cache_bytes = db_read_cache_mib << 20;
  config.db_mmap_bytes = db_mmap_mib << 20;
  config.insights_results_bytes = insights_results_mib << 20;
  config.insights_query_bytes = insights_query_mib << 20;
  config.disk_reserve_bytes = disk_reserve_mib << 20;
  config.enforce_iam = iam_mode == "enforce";
  config.trail_delivery_interval = std::chrono::seconds(delivery_s);
  config.logs_export_start_delay = std::chrono::milliseconds(export_delay_ms);

  config.lifecycle_interval = std::chrono::seconds(lifecycle_s);
  config.trail_digest_interval = std::chrono::seconds(digest_s);
  config.insights_minute = std::chrono::seconds(insights_minute_s);
  config.insights_baseline = std::chrono::seconds(insights_baseline_s);
  if (*serve) {
    const auto metrics_access = metrics_from == "any"   ? observability::MetricsAccess::kAny
                                : metrics_from == "off" ? observability::MetricsAccess::kOff
                                                        : observability::MetricsAccess::kLoopback;
    return Serve(config, listen, threads, max_connections,
                 std::chrono::seconds(upload_timeout_s), metrics_access);
  }
  if (*gc) {
    gc_options.grace = std::chrono::seconds(grace_s);
    gc_options.upload_timeout = std::chrono::seconds(upload_timeout_s);
    return CollectGarbage(config, gc_options);
  }
  if (*user_create) return UserCreate(config, user_name, account_name);
  if (*user_list) return UserList(config, account_name);
  if (*account_create) return AccountCreate(config, alias);
  if (*account_list) return AccountList(config);
  return 1;
}

}  // namespace berth::app
