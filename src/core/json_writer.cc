#include "core/json_writer.h"

#include <array>
#include <charconv>
#include <cstring>
#include <cmath>

#include "core/crypto.h"
#include "core/time_format.h"

namespace berth {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t cp;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xe0) == 0xc0) { n = 2; cp = b0 & 0x1f; }
  else if ((b0 & 0xf0) == 0xe0) { n = 3; cp = b0 & 0x0f; }
  else if ((b0 & 0xf8) == 0xf0) { n = 4; cp = b0 & 0x07; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
      cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

}  // namespace

// Bytes that can be copied as they are: printable ASCII but '"' and '\\'.
constexpr auto kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
  return t;
}();

uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Whether any of the eight bytes is a control character, '"', '\\' or non-ASCII (the SWAR
// "has zero byte" trick: a byte b is zero exactly when (b - 1) & ~b has its top bit set).
bool NeedsAttention(uint64_t v) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [&](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const uint64_t control = (v - kOnes * 0x20) & ~v & kHigh;  // some byte < 0x20
  return (v & kHigh) != 0 || control != 0 || has_zero(v ^ (kOnes * '"')) != 0 ||
         has_zero(v ^ (kOnes * '\\')) != 0;
}

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run of plain ASCII at once, finding its end eight bytes at a time.
    size_t j = i;
    while (j + 8 <= s.size() && !NeedsAttention(Load8(s.data() + j))) j += 8;
    while (j < s.size() && kPlain[static_cast<unsigned char>(s[j])]) ++j;
    if (j > i) {
      out.append(s.data() + i, j - i);
      i = j;
      if (i == s.size()) break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out.append("\\\""); ++i; continue;
      case '\\': out.append("\\\\"); ++i; continue;
      case '\n': out.append("\\n"); ++i; continue;
      case '\r': out.append("\\r"); ++i; continue;
      case '\t': out.append("\\t"); ++i; continue;
      case '\b': out.append("\\b"); ++i; continue;
      case '\f': out.append("\\f"); ++i; continue;
      default: break;
    }
    if (c < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
      ++i;
      continue;
    }
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out.append("\xef\xbf\xbd");  // U+FFFD
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  out.push_back('"');
}

void JsonWriter::Key(std::string_view name) {
  Separate();
  AppendJsonString(out_, name);
  out_.push_back(':');
  after_key_ = true;
}

void JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(out_, value);
}

void JsonWriter::Int(int64_t value) {
  Separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, end);
}

void JsonWriter::Double(double value) {
  Separate();
  if (!std::isfinite(value)) {
    out_.append("null");
    return;
  }
  // -0 would be written "-0", which reads back as the integer 0: written as 0 at once, so that
  // what berth writes reads back as itself (fuzz/json.cc).
  if (value == 0) value = 0;
  char buf[32];
  // The shortest round-trip form, but never an integer literal past 64 bits: 2^64 as a double
  // is shortest as "18446744073709551616", which JSON readers (simdjson, berth's own) refuse
  // as a big integer. Exponent form reads back as the same double everywhere (fuzz/json.cc).
  const auto [end, ec] =
      std::fabs(value) >= 1e18
          ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific)
          : std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, end);
}

void JsonWriter::Bool(bool value) {
  Separate();
  out_.append(value ? "true" : "false");
}

void JsonWriter::Null() {
  Separate();
  out_.append("null");
}

void JsonWriter::Value(const Document& doc) {
  switch (doc.kind()) {
    case Document::Kind::kNull: Null(); break;
    case Document::Kind::kBool: Bool(doc.as_bool()); break;
    case Document::Kind::kInt: Int(doc.as_int()); break;
    case Document::Kind::kDouble: Double(doc.as_double()); break;
    case Document::Kind::kString: String(doc.as_string()); break;
    case Document::Kind::kBlob: String(crypto::Base64Encode(doc.as_blob())); break;
    case Document::Kind::kTimestamp: Double(timefmt::EpochSeconds(doc.as_timestamp())); break;
    case Document::Kind::kList:
      BeginArray();
      for (const auto& item : doc.as_list()) Value(item);
      EndArray();
      break;
    case Document::Kind::kMap:
      BeginObject();
      for (const auto& [key, value] : doc.as_map()) {
        Key(key);
        Value(value);
      }
      EndObject();
      break;
  }
}

std::string ToJson(const Document& doc) {
  std::string out;
  out.reserve(1024);
  JsonWriter writer(out);
  writer.Value(doc);
  return out;
}

}  // namespace berth
