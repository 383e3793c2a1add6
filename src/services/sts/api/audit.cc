#include "services/sts/api/audit.h"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace berth::services::sts {
namespace {

const std::string* Text(const Document& doc, std::string_view name) {
  const Document* v = doc.is_map() ? doc.Find(name) : nullptr;
  return v != nullptr && v->is_string() ? &v->as_string() : nullptr;
}

// A number AWS records as one (the query wire carries it as text).
void CopyNumber(const Document& in, std::string_view from, Document& out, std::string_view to) {
  const std::string* text = Text(in, from);
  if (text == nullptr) return;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec == std::errc() && ptr == text->data() + text->size()) {
    out[std::string(to)] = n;
  } else {
    out[std::string(to)] = *text;
  }
}

void CopyText(const Document& in, std::string_view from, Document& out, std::string_view to) {
  if (const std::string* text = Text(in, from)) out[std::string(to)] = *text;
}

// "Mar 5, 2014 8:57:13 PM", UTC: how AWS's STS records write an expiration.
std::string RecordedTime(TimePoint t) {
  const std::time_t seconds =
      std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int hour12 = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%s %d, %d %d:%02d:%02d %s", kMonths[tm.tm_mon],
                tm.tm_mday, tm.tm_year + 1900, hour12, tm.tm_min, tm.tm_sec,
                tm.tm_hour < 12 ? "AM" : "PM");
  return buffer;
}

}  // namespace

Document RecordAssumeRoleRequest(const Document& input) {
  Document out = Document::MakeMap();
  CopyText(input, "RoleArn", out, "roleArn");
  CopyText(input, "RoleSessionName", out, "roleSessionName");
  CopyNumber(input, "DurationSeconds", out, "durationSeconds");
  CopyText(input, "ExternalId", out, "externalId");
  CopyText(input, "Policy", out, "policy");
  return out;
}

Document RecordSessionTokenRequest(const Document& input) {
  Document out = Document::MakeMap();
  CopyNumber(input, "DurationSeconds", out, "durationSeconds");
  if (out.as_map().empty()) return Document();
  return out;
}

Document RecordCredentialsResponse(const Document& output) {
  Document out = Document::MakeMap();
  if (const Document* credentials = output.Find("Credentials")) {
    Document recorded = Document::MakeMap();
    CopyText(*credentials, "AccessKeyId", recorded, "accessKeyId");
    CopyText(*credentials, "SessionToken", recorded, "sessionToken");
    if (const Document* expiration = credentials->Find("Expiration");
        expiration != nullptr && expiration->kind() == Document::Kind::kTimestamp) {
      recorded["expiration"] = RecordedTime(expiration->as_timestamp());
    }
    out["credentials"] = std::move(recorded);
  }
  if (const Document* user = output.Find("AssumedRoleUser")) {
    Document recorded = Document::MakeMap();
    CopyText(*user, "AssumedRoleId", recorded, "assumedRoleId");
    CopyText(*user, "Arn", recorded, "arn");
    out["assumedRoleUser"] = std::move(recorded);
  }
  if (const Document* size = output.Find("PackedPolicySize")) out["packedPolicySize"] = *size;
  return out;
}

}  // namespace berth::services::sts
