#pragma once
// S3's XML: responses written in the 2006-03-01 namespace, error bodies, and request bodies
// (DeleteObjects, CompleteMultipartUpload, CreateBucketConfiguration) read with expat into a
// small bounded tree.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/http_types.h"
#include "core/result.h"
#include "services/s3/auth/s3_auth.h"

namespace berth::services::s3 {

inline constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

// Builds one XML document: the declaration, the root element in S3's namespace, and what is
// added in between.
class XmlWriter {
 public:
  explicit XmlWriter(std::string_view root);
  XmlWriter& Open(std::string_view name);
  XmlWriter& Close(std::string_view name);
  XmlWriter& Element(std::string_view name, std::string_view text);
  XmlWriter& Element(std::string_view name, uint64_t value);
  XmlWriter& Bool(std::string_view name, bool value);
  XmlWriter& Time(std::string_view name, TimePoint t);  // ISO 8601 with milliseconds
  // Closes the root; the writer is spent.
  std::string Finish();

 private:
  std::string root_;
  std::string out_;
};

// An XML answer (Content-Type application/xml).
Response XmlResponse(std::string body, int status = 200);

// <Error><Code/><Message/>…details…<RequestId/><HostId/></Error> with the error's status.
Response ErrorResponse(const Error& error, const ErrorDetails& details,
                       std::string_view request_id);

// A parsed element: its local name (any namespace prefix dropped), its text, its children.
struct XmlElement {
  std::string name;
  std::string text;
  std::vector<XmlElement> children;

  // The first child of that name, or nullptr.
  const XmlElement* Child(std::string_view child_name) const;
};

// Parses a request body. MalformedXML on anything not well-formed, on a DOCTYPE (no entity
// tricks), deeper than 16 levels or with more than 100,000 elements.
Result<XmlElement> ParseXml(std::string_view body);

}  // namespace berth::services::s3
