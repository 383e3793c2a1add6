#include "services/cloudtrail/delivery/log_file.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/gzip.h"
#include "core/time_format.h"

namespace berth::services::cloudtrail {
namespace {

// 16 letters and digits, as the random part of AWS's file names.
std::string RandomSuffix() {
  static constexpr char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const std::string bytes = crypto::RandomBytes(16);
  std::string out;
  for (unsigned char b : bytes) out.push_back(kChars[b % 62]);
  return out;
}

std::string LogFileKey(const Trail& t, std::string_view kind, const std::string& region,
                       TimePoint now) {
  const std::string& a = t.account_id;
  const std::string k(kind);
  return WithTrailPrefix(t, "AWSLogs/" + a + "/" + k + "/" + region + "/" +
                                timefmt::DatePath(now) + "/" + a + "_" + k + "_" + region + "_" +
                                timefmt::AmzDateMinutes(now) + "_" + RandomSuffix() + ".json.gz");
}

}  // namespace

std::string WithTrailPrefix(const Trail& t, const std::string& key) {
  return t.s3_prefix ? *t.s3_prefix + "/" + key : key;
}

Result<DeliveredLogFile> WriteLogFile(Destinations& destinations, const Trail& t,
                                      std::string_view kind, const std::string& region,
                                      const std::vector<const TrailEvent*>& events,
                                      TimePoint now) {
  std::string body = "{\"Records\":[";
  TimePoint oldest = events.front()->event_time, newest = oldest;
  for (size_t i = 0; i < events.size(); ++i) {
    if (i) body.push_back(',');
    body += events[i]->json;
    oldest = std::min(oldest, events[i]->event_time);
    newest = std::max(newest, events[i]->event_time);
  }
  body += "]}";
  DeliveredLogFile file;
  file.bucket = t.s3_bucket;
  file.key = LogFileKey(t, kind, region, now);
  file.hash = crypto::Sha256Hex(body);  // of the uncompressed file, as digests list it
  file.oldest_event = oldest;
  file.newest_event = newest;
  BERTH_ASSIGN_OR_RETURN(std::string gz, gzip::Compress(body));
  BERTH_RETURN_IF_ERROR(destinations.PutObject(t.s3_bucket, file.key, gz, "application/json", {}));
  return file;
}

}  // namespace berth::services::cloudtrail
