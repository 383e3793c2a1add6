#include "services/cloudtrail/delivery/trail_delivery.h"

#include <algorithm>
#include <future>
#include <map>
#include <optional>

#include "core/crypto.h"
#include "core/gzip.h"
#include "core/json_writer.h"
#include "core/time_format.h"
#include "services/cloudtrail/delivery/log_file.h"

namespace berth::services::cloudtrail {
namespace {

constexpr size_t kReadBatch = 10000;           // events read per step (a log file's worth)
constexpr size_t kMaxRecordsPerFile = 10000;
constexpr size_t kMaxLogEventBytes = 256 * 1024;  // CloudWatch Logs' per-event limit
constexpr size_t kLogBatchEvents = 10000;
constexpr size_t kLogBatchBytes = 1048576;
constexpr size_t kLogEventOverhead = 26;

std::string DigestKey(const Trail& t, TimePoint end) {
  const std::string& a = t.account_id;
  const std::string& r = t.home_region;
  return WithTrailPrefix(t, "AWSLogs/" + a + "/CloudTrail-Digest/" + r + "/" +
                           timefmt::DatePath(end) + "/" + a + "_CloudTrail-Digest_" + r + "_" +
                           t.name + "_" + r + "_" + timefmt::AmzDate(end) + ".json.gz");
}

// Appends the records of one region's events to the trail's log group, in batches within
// PutLogEvents' limits, oldest first.
Status DeliverToLogGroup(CloudTrailService& s, const Trail& t, const std::string& group,
                         const std::string& region, std::vector<const TrailEvent*> events) {
  std::stable_sort(events.begin(), events.end(),
                   [](const TrailEvent* a, const TrailEvent* b) {
                     return a->event_time < b->event_time;
                   });
  const std::string stream = t.account_id + "_CloudTrail_" + region;
  std::vector<std::pair<TimePoint, std::string_view>> batch;
  size_t bytes = 0;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Ok();
    Status sent = s.destinations()->AppendLogEvents(t.account_id, group, stream, batch);
    batch.clear();
    bytes = 0;
    return sent;
  };
  for (const TrailEvent* e : events) {
    if (e->json.size() > kMaxLogEventBytes) continue;  // AWS skips records over 256 KB
    const size_t size = e->json.size() + kLogEventOverhead;
    if (batch.size() == kLogBatchEvents || bytes + size > kLogBatchBytes ||
        (!batch.empty() && e->event_time - batch.front().first > std::chrono::hours(23))) {
      BERTH_RETURN_IF_ERROR(flush());
    }
    batch.emplace_back(e->event_time, e->json);
    bytes += size;
  }
  return flush();
}

// One step of a trail's delivery: up to kReadBatch events after its cursor.
// Returns false when it reached the end of the history.
Result<bool> DeliverStep(CloudTrailService& s, const Trail& t, DeliveryState& state,
                         TimePoint now) {
  BERTH_ASSIGN_OR_RETURN(auto events, s.events().ReadFrom(state.delivered_seq, kReadBatch));
  if (events.empty()) return false;
  std::map<std::string, std::vector<const TrailEvent*>> by_region;
  for (const auto& e : events) {
    if (e.account_id == t.account_id && Selects(t, e)) by_region[e.region].push_back(&e);
  }
  std::vector<DeliveredLogFile> files;
  state.latest_delivery_attempt = now;
  for (auto& [region, selected] : by_region) {
    // The log group's copy goes out beside the log files (each waits on its own fsyncs).
    std::future<Status> to_log_group;
    if (t.log_group_arn) {
      to_log_group = std::async(std::launch::async, [&s, &t, &region, &selected] {
        return DeliverToLogGroup(s, t, *LogGroupNameOf(*t.log_group_arn, nullptr), region,
                                 selected);
      });
    }
    std::optional<Error> file_error;
    for (size_t at = 0; at < selected.size() && !file_error; at += kMaxRecordsPerFile) {
      std::vector<const TrailEvent*> part(
          selected.begin() + static_cast<long>(at),
          selected.begin() + static_cast<long>(std::min(selected.size(), at + kMaxRecordsPerFile)));
      auto file = WriteLogFile(*s.destinations(), t, kLogFileKind, region, part, now);
      if (file.ok()) {
        files.push_back(std::move(*file));
      } else {
        file_error = file.error();
      }
    }
    if (to_log_group.valid()) {
      Status sent = to_log_group.get();
      if (sent.ok()) {
        state.latest_logs_delivery_time = now;
        state.latest_logs_delivery_error.reset();
      } else {
        state.latest_logs_delivery_error = sent.error().message;
      }
    }
    if (file_error) {
      // Keep the cursor: the next round tries these events again, and sends them to the log
      // group again too (delivery is at least once, as CloudTrail's is).
      state.latest_delivery_error = file_error->message;
      BERTH_RETURN_IF_ERROR(s.trails().CommitDelivery(t.id, state, files));
      return *file_error;
    }
  }
  if (!files.empty()) {
    state.latest_delivery_time = now;
    state.latest_delivery_error.reset();
  }
  state.delivered_seq = events.back().seq;
  BERTH_RETURN_IF_ERROR(s.trails().CommitDelivery(t.id, state, files));
  return events.size() == kReadBatch;
}

std::string DigestJson(const Trail& t, const DeliveryState& prev, TimePoint start, TimePoint end,
                       const std::string& key, const std::string& fingerprint,
                       const std::vector<DeliveredLogFile>& files) {
  std::string out;
  JsonWriter j(out);
  j.BeginObject();
  j.Key("awsAccountId");
  j.String(t.account_id);
  j.Key("digestStartTime");
  j.String(timefmt::Iso8601(start));
  j.Key("digestEndTime");
  j.String(timefmt::Iso8601(end));
  j.Key("digestS3Bucket");
  j.String(t.s3_bucket);
  j.Key("digestS3Object");
  j.String(key);
  j.Key("digestPublicKeyFingerprint");
  j.String(fingerprint);
  j.Key("digestSignatureAlgorithm");
  j.String("SHA256withRSA");
  std::optional<TimePoint> newest, oldest;
  for (const auto& f : files) {
    newest = newest ? std::max(*newest, f.newest_event) : f.newest_event;
    oldest = oldest ? std::min(*oldest, f.oldest_event) : f.oldest_event;
  }
  j.Key("newestEventTime");
  newest ? j.String(timefmt::Iso8601(*newest)) : j.Null();
  j.Key("oldestEventTime");
  oldest ? j.String(timefmt::Iso8601(*oldest)) : j.Null();
  const bool chained = !prev.last_digest_key.empty();
  j.Key("previousDigestS3Bucket");
  chained ? j.String(prev.last_digest_bucket) : j.Null();
  j.Key("previousDigestS3Object");
  chained ? j.String(prev.last_digest_key) : j.Null();
  j.Key("previousDigestHashValue");
  chained ? j.String(prev.last_digest_hash) : j.Null();
  j.Key("previousDigestHashAlgorithm");
  chained ? j.String("SHA-256") : j.Null();
  j.Key("previousDigestSignature");
  chained ? j.String(prev.last_digest_signature) : j.Null();
  j.Key("logFiles");
  j.BeginArray();
  for (const auto& f : files) {
    j.BeginObject();
    j.Key("s3Bucket");
    j.String(f.bucket);
    j.Key("s3Object");
    j.String(f.key);
    j.Key("hashValue");
    j.String(f.hash);
    j.Key("hashAlgorithm");
    j.String("SHA-256");
    j.Key("newestEventTime");
    j.String(timefmt::Iso8601(f.newest_event));
    j.Key("oldestEventTime");
    j.String(timefmt::Iso8601(f.oldest_event));
    j.EndObject();
  }
  j.EndArray();
  j.EndObject();
  return out;
}

Status DeliverDigest(CloudTrailService& s, const Trail& t, DeliveryState& state, TimePoint now) {
  const TimePoint start =
      state.last_digest_end.value_or(t.start_logging_time.value_or(t.created_at));
  if (now - start < s.options().digest_interval) return Ok();
  // Whole seconds: the digest's times and key name carry no fraction.
  const TimePoint end = std::chrono::time_point_cast<std::chrono::seconds>(now);
  if (end <= start) return Ok();
  BERTH_ASSIGN_OR_RETURN(auto files, s.trails().FilesAfter(t.id, state.last_digested_file));
  const std::string key = DigestKey(t, end);
  const std::string body =
      DigestJson(t, state, start, end, key, s.signer().fingerprint(), files);
  const std::string hash = crypto::Sha256Hex(body);
  const std::string to_sign =
      timefmt::Iso8601(end) + "\n" + t.s3_bucket + "/" + key + "\n" + hash + "\n" +
      (state.last_digest_signature.empty() ? std::string("null") : state.last_digest_signature);
  auto fail = [&](const Error& e) {
    state.latest_digest_error = e.message;
    (void)s.trails().CommitDelivery(t.id, state, {});
    return e;
  };
  auto signature = s.signer().SignHex(to_sign);
  if (!signature.ok()) return fail(signature.error());
  auto gz = gzip::Compress(body);
  if (!gz.ok()) return fail(gz.error());
  Status put = s.destinations()->PutObject(
      t.s3_bucket, key, *gz, "application/json",
      {{"signature", *signature}, {"signature-algorithm", "SHA256withRSA"}});
  if (!put.ok()) return fail(put.error());
  state.last_digest_end = end;
  state.last_digest_bucket = t.s3_bucket;
  state.last_digest_key = key;
  state.last_digest_signature = *signature;
  state.last_digest_hash = hash;
  if (!files.empty()) state.last_digested_file = files.back().id;
  state.latest_digest_time = now;
  state.latest_digest_error.reset();
  return s.trails().CommitDelivery(t.id, state, {});
}

}  // namespace

Status DeliverLogs(CloudTrailService& s, TimePoint now) {
  if (s.destinations() == nullptr) return Ok();
  BERTH_ASSIGN_OR_RETURN(auto trails, s.trails().List(""));
  Status first_error = Ok();
  for (const Trail& t : trails) {
    if (!t.logging) continue;
    BERTH_ASSIGN_OR_RETURN(DeliveryState state, s.trails().GetDelivery(t.id));
    for (;;) {
      auto more = DeliverStep(s, t, state, now);
      if (!more.ok()) {
        if (first_error.ok()) first_error = more.error();
        break;
      }
      if (!*more) break;
    }
  }
  return first_error;
}

Status DeliverDigests(CloudTrailService& s, TimePoint now) {
  if (s.destinations() == nullptr) return Ok();
  BERTH_ASSIGN_OR_RETURN(auto trails, s.trails().List(""));
  Status first_error = Ok();
  for (const Trail& t : trails) {
    if (!t.logging || !t.log_file_validation) continue;
    BERTH_ASSIGN_OR_RETURN(DeliveryState state, s.trails().GetDelivery(t.id));
    Status done = DeliverDigest(s, t, state, now);
    if (!done.ok() && first_error.ok()) first_error = done;
  }
  return first_error;
}

}  // namespace berth::services::cloudtrail
