// Benchmark of CloudTrail's event history, without the HTTP server (on 2 cores the server cannot
// make 50,000 calls a second, so the recording capacity is measured here): how fast events can be
// recorded (batched appends, as the recorder commits them, durable) and indexed while a logging
// trail delivers them (the real CloudTrail service, delivering gzipped log files into a bucket of
// the real S3 store and every record into a log group of the real Logs service, as `berth serve`
// does every --trail-delivery-interval), and how fast LookupEvents pages come back for each
// lookup attribute once the history is large.
//
//   bench_cloudtrail_history EVENTS [DIR]
//
// Prints one line per measurement; bench/cloudtrail.py runs it and writes bench/RESULTS.md.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <atomic>
#include <thread>

#include "app/trail_destinations.h"
#include "core/ids.h"
#include "pipeline/call_record.h"
#include "services/cloudtrail/model/event.h"
#include "services/cloudtrail/cloudtrail_service.h"
#include "services/cloudtrail/delivery/trail_delivery.h"
#include "services/cloudtrail/store/journaled_event_store.h"
#include "services/logs/logs_service.h"
#include "services/s3/store/local_bucket_store.h"
#include "store/database.h"

namespace {

using namespace berth;
using namespace berth::services::cloudtrail;
using Steady = std::chrono::steady_clock;

constexpr int kUsers = 50;
constexpr int kRepos = 2000;
const char* kReads[] = {"BatchGetImage", "GetDownloadUrlForLayer", "BatchCheckLayerAvailability",
                        "DescribeRepositories", "DescribeImages", "ListImages",
                        "GetAuthorizationToken"};
const char* kWrites[] = {"PutImage", "InitiateLayerUpload", "UploadLayerPart",
                         "CompleteLayerUpload", "CreateRepository", "BatchDeleteImage"};

// A realistic mix: mostly pulls, some pushes, a few calls of other services.
pipeline::CallRecord MakeCall(std::mt19937_64& rng, TimePoint t) {
  pipeline::CallRecord c;
  c.request_id = ids::NewUuid();
  c.time = t;
  const int user = static_cast<int>(rng() % kUsers);
  auth::Principal p;
  p.account_id = "123456789012";
  p.user_name = "user" + std::to_string(user);
  p.principal_id = "AIDA" + std::to_string(1000000 + user);
  p.arn = "arn:aws:iam::123456789012:user/" + p.user_name;
  p.access_key_id = "AKIA" + std::to_string(9000000000000000LL + user);
  c.principal = p;
  c.authenticated = true;
  c.region = "us-east-1";
  c.source_ip = "10.0." + std::to_string(user) + ".7";
  c.user_agent = "skopeo/1.9.3";
  const uint64_t kind = rng() % 100;
  if (kind < 3) {
    c.service = "cloudtrail";
    c.event_source = "cloudtrail.amazonaws.com";
    c.operation = "LookupEvents";
    c.read_only = true;
  } else if (kind < 5) {
    c.service = "logs";
    c.event_source = "logs.amazonaws.com";
    c.operation = "PutLogEvents";
  } else {
    c.service = "ecr";
    c.event_source = "ecr.amazonaws.com";
    c.read_only = kind < 80;
    c.operation = c.read_only ? kReads[rng() % std::size(kReads)]
                              : kWrites[rng() % std::size(kWrites)];
    const std::string repo = "team/app" + std::to_string(rng() % kRepos);
    c.request_parameters["repositoryName"] = repo;
    c.resources.push_back(
        {"AWS::ECR::Repository", "arn:aws:ecr:us-east-1:123456789012:repository/" + repo});
  }
  if (rng() % 50 == 0) c.error = Error{"RepositoryNotFoundException", "not found", 400};
  return c;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const long events = argc > 1 ? std::atol(argv[1]) : 1000000;
  const std::string dir = argc > 2 ? argv[2] : "/tmp/berth-bench-history";
  std::system(("rm -rf '" + dir + "' && mkdir -p '" + dir + "'").c_str());
  store::Database::Options options;
  options.path = dir + "/berth.db";
  auto db = store::Database::Open(options);
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.error().message.c_str()), 1;
  auto fail = [](const char* what, const Error& e) {
    std::fprintf(stderr, "%s: %s\n", what, e.message.c_str());
    return 1;
  };
  // The services as `berth serve` wires them, and the seed's trail: management events into a
  // bucket and a log group.
  SystemClock clock;
  auto logs = services::logs::LogsService::Open(**db, clock, {});
  if (!logs.ok()) return fail("logs", logs.error());
  auto buckets = services::s3::LocalBucketStore::Open(**db, dir + "/buckets", clock);
  if (!buckets.ok()) return fail("buckets", buckets.error());
  app::TrailDestinations destinations(**buckets, **logs);
  CloudTrailOptions trail_options;
  trail_options.journal_dir = dir + "/journal";
  // BENCH_JOURNAL_COMPRESSION=off: the plain journal, to compare (bench/journal_compression.py).
  const char* compression = std::getenv("BENCH_JOURNAL_COMPRESSION");
  trail_options.journal.compress = compression == nullptr || std::string(compression) != "off";
  trail_options.recording = true;
  trail_options.digest_key_path = dir + "/digest.pem";
  auto cloudtrail = CloudTrailService::Open(**db, clock, trail_options, &destinations);
  if (!cloudtrail.ok()) return fail("cloudtrail", cloudtrail.error());
  auto& history = dynamic_cast<JournaledEventStore&>((*cloudtrail)->events());
  const std::string account = "123456789012";
  if (Status s = (*buckets)->CreateBucket({"ecr-audit-logs", account, "us-east-1", clock.Now()});
      !s.ok()) {
    return fail("bucket", s.error());
  }
  services::logs::LogGroup group;
  group.account_id = account;
  group.name = "/aws/cloudtrail/ecr-logs";
  group.created_at = clock.Now();
  if (auto g = (*logs)->store().CreateGroup(group); !g.ok()) return fail("log group", g.error());
  Trail trail;
  trail.name = "ecr-monitor-trail";
  trail.account_id = account;
  trail.home_region = "us-east-1";
  trail.s3_bucket = "ecr-audit-logs";
  trail.log_group_arn = "arn:aws:logs:us-east-1:" + account + ":log-group:/aws/cloudtrail/ecr-logs:*";
  // BENCH_DELIVERY=0: no logging trail (a history of 10 million events without 12 GB of copies).
  trail.logging = std::getenv("BENCH_DELIVERY") == nullptr || std::string(std::getenv("BENCH_DELIVERY")) != "0";
  trail.created_at = trail.start_logging_time.emplace(clock.Now());
  if (auto t = (*cloudtrail)->trails().Create(trail); !t.ok()) return fail("trail", t.error());
  // Delivery as the housekeeper runs it, every second (berth's default is 5).
  std::atomic<bool> recording{true};
  std::atomic<long> delivery_rounds{0};
  std::thread delivery([&] {
    while (recording) {
      const auto next = Steady::now() + std::chrono::seconds(1);
      if (Status s = DeliverLogs(**cloudtrail, clock.Now()); !s.ok()) {
        std::fprintf(stderr, "delivery: %s\n", s.error().message.c_str());
      }
      ++delivery_rounds;
      std::this_thread::sleep_until(next);
    }
  });

  std::mt19937_64 rng(42);
  const TimePoint start = TimePoint(std::chrono::milliseconds(1795800000000));
  std::vector<std::string> sample_ids;
  // Recording: batches of 1000, as a busy recorder commits them.
  const long kBatch = std::getenv("BENCH_BATCH") ? std::atol(std::getenv("BENCH_BATCH")) : 1000;
  const auto t0 = Steady::now();
  JournalBatch batch;
  std::string json, entries;
  for (long done = 0; done < events; done += kBatch) {
    batch.Clear();
    entries.clear();
    for (long i = 0; i < kBatch && done + i < events; ++i) {
      const pipeline::CallRecord call = MakeCall(rng, start + std::chrono::milliseconds(done + i));
      json.clear();
      WriteRecord(call, "us-east-1", "123456789012", json);  // as the recorder does
      if (done / kBatch % 10 == 0 && i == done / kBatch % kBatch) {
        sample_ids.push_back(ParseAttributes(json, call.time)->event_id);
      }
      batch.Add(call.time, json);
      AppendIndexEntry(call, "us-east-1", "123456789012", json.size(), entries);
    }
    if (Status s = history.Append(batch, entries); !s.ok()) {
      std::fprintf(stderr, "append: %s\n", s.error().message.c_str());
      return 1;
    }
  }
  const double seconds = std::chrono::duration<double>(Steady::now() - t0).count();
  history.WaitIndexed();
  const double indexed = std::chrono::duration<double>(Steady::now() - t0).count();
  // Delivery catches up with the last indexed event.
  for (;;) {
    auto state = (*cloudtrail)->trails().GetDelivery(trail.id);
    if (!state.ok()) return fail("delivery state", state.error());
    if (state->delivered_seq >= events || !trail.logging) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const double delivered = std::chrono::duration<double>(Steady::now() - t0).count();
  recording = false;
  delivery.join();
  auto files = (*cloudtrail)->trails().FilesAfter(trail.id, 0);
  auto stream = (*logs)->store().GetGroup(account, group.name);
  std::printf("record events=%ld seconds=%.1f events_per_s=%.0f indexed_per_s=%.0f"
              " delivered_per_s=%.0f delivery_rounds=%ld log_files=%zu log_group_bytes=%lld\n",
              events, seconds, static_cast<double>(events) / seconds,
              static_cast<double>(events) / indexed,
              trail.logging ? static_cast<double>(events) / delivered : 0.0,
              delivery_rounds.load(), files.ok() ? files->size() : 0u,
              stream.ok() && *stream ? static_cast<long long>((*stream)->stored_bytes) : -1LL);

  struct Attr {
    const char* name;
    LookupKey key;
    std::function<std::string()> value;
  };
  std::vector<Attr> attrs = {
      {"EventName", LookupKey::kEventName, [&] { return std::string(kWrites[rng() % 6]); }},
      {"EventSource(rare)", LookupKey::kEventSource, [] { return std::string("logs.amazonaws.com"); }},
      {"EventSource", LookupKey::kEventSource, [] { return std::string("ecr.amazonaws.com"); }},
      {"ReadOnly(false)", LookupKey::kReadOnly, [] { return std::string("false"); }},
      {"Username", LookupKey::kUsername, [&] { return "user" + std::to_string(rng() % kUsers); }},
      {"AccessKeyId", LookupKey::kAccessKeyId,
       [&] { return "AKIA" + std::to_string(9000000000000000LL + static_cast<long long>(rng() % kUsers)); }},
      {"ResourceType", LookupKey::kResourceType, [] { return std::string("AWS::ECR::Repository"); }},
      {"ResourceName", LookupKey::kResourceName,
       [&] { return "arn:aws:ecr:us-east-1:123456789012:repository/team/app" + std::to_string(rng() % kRepos); }},
      {"EventId", LookupKey::kEventId,
       [&] { return sample_ids.empty() ? std::string("x") : sample_ids[rng() % sample_ids.size()]; }},
  };
  const TimePoint end = start + std::chrono::milliseconds(events);
  for (auto& attr : attrs) {
    std::vector<double> ms;
    size_t found = 0;
    for (int i = 0; i < 200; ++i) {
      LookupQuery q;
      q.account_id = "123456789012";
      q.key = attr.key;
      q.value = attr.value();
      q.start = start;
      q.end = end;
      q.limit = 51;
      // Half the queries ask for a page deep in the history (as NextToken paging does).
      if (i % 2 == 1) q.after = std::make_pair(start + std::chrono::milliseconds(events / 2), int64_t{0});
      const auto q0 = Steady::now();
      auto page = history.Lookup(q);
      ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - q0).count());
      if (!page.ok()) return std::fprintf(stderr, "lookup: %s\n", page.error().message.c_str()), 1;
      found += page->size();
    }
    std::printf("lookup attribute=%s p50_ms=%.2f p99_ms=%.2f events=%zu\n", attr.name,
                Percentile(ms, 0.5), Percentile(ms, 0.99), found);
  }
  // BENCH_KEEP_DIR=1: left for the caller to measure (bench/journal_compression.py).
  if (std::getenv("BENCH_KEEP_DIR") == nullptr) std::system(("rm -rf '" + dir + "'").c_str());
  return 0;
}
