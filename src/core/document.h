#pragma once
// Document: the protocol-neutral value that every AWS request and response passes through.
// The protocol codecs (protocol/) turn JSON bodies and query forms into Documents and
// Documents back into JSON or XML; a service's api/ layer turns Documents into typed inputs
// and typed outputs into Documents. Timestamps and blobs are kinds of their own because the
// wire forms differ per protocol (epoch seconds vs ISO 8601; base64 in both).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace berth {

class Document {
 public:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kBlob, kTimestamp, kList, kMap };
  using List = std::vector<Document>;
  // Members in insertion order (so responses list them as written). A vector rather than a
  // tree: AWS shapes have a handful of members, and one allocation per map instead of one per
  // member is most of the cost of building a response. Names are unique.
  using Map = std::vector<std::pair<std::string, Document>>;

  Document() = default;  // null
  Document(bool b) : v_(b) {}                                  // NOLINT
  Document(int i) : v_(static_cast<int64_t>(i)) {}             // NOLINT
  Document(int64_t i) : v_(i) {}                               // NOLINT
  Document(double d) : v_(d) {}                                // NOLINT
  Document(std::string s) : v_(std::move(s)) {}               // NOLINT
  Document(std::string_view s) : v_(std::string(s)) {}         // NOLINT
  Document(const char* s) : v_(std::string(s)) {}             // NOLINT
  Document(List l) : v_(std::move(l)) {}                       // NOLINT
  Document(Map m) : v_(std::move(m)) {}                        // NOLINT

  static Document MakeMap() { return Document(Map{}); }
  // An empty map with room for `members` members, for building responses without regrowth.
  static Document MakeMap(size_t members) {
    Map m;
    m.reserve(members);
    return Document(std::move(m));
  }
  static Document MakeList() { return Document(List{}); }
  static Document Timestamp(TimePoint t) { Document d; d.v_ = TimestampValue{t}; return d; }
  // Raw bytes; encoded as base64 on every wire.
  static Document Blob(std::string bytes) { Document d; d.v_ = BlobValue{std::move(bytes)}; return d; }

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_map() const { return kind() == Kind::kMap; }
  bool is_list() const { return kind() == Kind::kList; }
  bool is_string() const { return kind() == Kind::kString; }

  // Unchecked accessors: the caller has checked kind().
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const std::string& as_blob() const { return std::get<BlobValue>(v_).bytes; }
  TimePoint as_timestamp() const { return std::get<TimestampValue>(v_).time; }
  const List& as_list() const { return std::get<List>(v_); }
  List& as_list() { return std::get<List>(v_); }
  const Map& as_map() const { return std::get<Map>(v_); }
  Map& as_map() { return std::get<Map>(v_); }

  // Map member lookup; nullptr when this is not a map or the key is absent.
  const Document* Find(std::string_view key) const;
  // Map member insert-or-get; a null document becomes an empty map first. Linear in the
  // number of members: for building small maps (parsers use FromMembers).
  Document& operator[](std::string_view key);
  // A map of the given members, where a repeated name keeps its last value. O(n log n), so
  // hostile input with many members stays cheap.
  static Document FromMembers(Map members);
  // List append; a null document becomes an empty list first.
  void Push(Document d);

  bool operator==(const Document& other) const = default;

 private:
  struct TimestampValue {
    TimePoint time;
    bool operator==(const TimestampValue&) const = default;
  };
  struct BlobValue {
    std::string bytes;
    bool operator==(const BlobValue&) const = default;
  };
  // Index order must match Kind.
  std::variant<std::monostate, bool, int64_t, double, std::string, BlobValue, TimestampValue, List,
               Map>
      v_;
};

// Reads typed fields out of a decoded input map for a service's api/ decoders. The first
// problem is kept (with the field's name) and every later read is a no-op; check ok() once at
// the end. Type mismatches are SerializationException (what AWS's JSON front end answers);
// a missing required member is a ValidationException naming it, as AWS does.
class FieldReader {
 public:
  explicit FieldReader(const Document& input);
  // The reader keeps a reference: a temporary would dangle.
  explicit FieldReader(const Document&& input) = delete;

  std::optional<std::string> OptionalString(std::string_view key);
  std::string RequiredString(std::string_view key);
  std::optional<int64_t> OptionalInt(std::string_view key);
  std::optional<bool> OptionalBool(std::string_view key);
  // Accepts epoch seconds (JSON) or ISO 8601 (query).
  std::optional<TimePoint> OptionalTimestamp(std::string_view key);
  // Base64 text on the wire, bytes here.
  std::optional<std::string> OptionalBlob(std::string_view key);
  std::optional<std::vector<std::string>> OptionalStringList(std::string_view key);
  // A nested structure or list, for the caller to read with another FieldReader.
  const Document* OptionalMap(std::string_view key);
  const Document* OptionalList(std::string_view key);

  // Records a problem found by the caller's own validation (only the first is kept).
  void Fail(Error error);

  bool ok() const { return !error_.has_value(); }
  Status status() const;

 private:
  const Document* Get(std::string_view key, Document::Kind want, const char* want_name);
  const Document& input_;
  std::optional<Error> error_;
};

}  // namespace berth
