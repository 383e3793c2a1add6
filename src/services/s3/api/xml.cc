#include "services/s3/api/xml.h"

#include <expat.h>

#include <climits>

#include "core/crypto.h"
#include "core/time_format.h"
#include "core/xml_writer.h"
#include "services/s3/model/errors.h"

namespace berth::services::s3 {
namespace {

constexpr size_t kMaxDepth = 16;
constexpr size_t kMaxElements = 100000;

}  // namespace

XmlWriter::XmlWriter(std::string_view root) : root_(root) {
  out_.reserve(512);
  out_.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root);
  out_.append(" xmlns=\"").append(kS3Namespace).append("\">");
}

XmlWriter& XmlWriter::Open(std::string_view name) {
  out_.append("<").append(name).append(">");
  return *this;
}

XmlWriter& XmlWriter::Close(std::string_view name) {
  out_.append("</").append(name).append(">");
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, std::string_view text) {
  Open(name);
  xml::AppendEscaped(out_, text);
  return Close(name);
}

XmlWriter& XmlWriter::Element(std::string_view name, uint64_t value) {
  return Element(name, std::to_string(value));
}

XmlWriter& XmlWriter::Bool(std::string_view name, bool value) {
  return Element(name, value ? "true" : "false");
}

XmlWriter& XmlWriter::Time(std::string_view name, TimePoint t) {
  return Element(name, timefmt::Iso8601Millis(t));
}

std::string XmlWriter::Finish() {
  Close(root_);
  return std::move(out_);
}

Response XmlResponse(std::string body, int status) {
  Response response;
  response.status = status;
  response.SetHeader("Content-Type", "application/xml");
  response.body = std::move(body);
  return response;
}

Response ErrorResponse(const Error& error, const ErrorDetails& details,
                       std::string_view request_id) {
  // S3's error body carries no namespace.
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>";
  xml::AppendEscaped(body, error.code);
  body.append("</Code><Message>");
  xml::AppendEscaped(body, error.message);
  body.append("</Message>");
  for (const auto& [name, value] : details) {
    body.append("<").append(name).append(">");
    xml::AppendEscaped(body, value);
    body.append("</").append(name).append(">");
  }
  body.append("<RequestId>");
  xml::AppendEscaped(body, request_id);
  body.append("</RequestId><HostId>");
  body.append(crypto::Base64Encode(request_id));
  body.append("</HostId></Error>");
  return XmlResponse(std::move(body), error.http_status);
}

const XmlElement* XmlElement::Child(std::string_view child_name) const {
  for (const auto& child : children)
    if (child.name == child_name) return &child;
  return nullptr;
}

namespace {

struct ParseState {
  XML_Parser parser;
  XmlElement root;
  std::vector<XmlElement*> stack;
  size_t elements = 0;
  bool refused = false;

  void Refuse() {
    refused = true;
    XML_StopParser(parser, XML_FALSE);
  }
};

std::string LocalName(const char* name) {
  std::string_view n(name);
  const size_t colon = n.rfind(':');
  return std::string(colon == std::string_view::npos ? n : n.substr(colon + 1));
}

void OnStart(void* data, const XML_Char* name, const XML_Char**) {
  auto& s = *static_cast<ParseState*>(data);
  if (s.refused) return;
  if (++s.elements > kMaxElements || s.stack.size() >= kMaxDepth) return s.Refuse();
  if (s.stack.empty()) {
    s.root.name = LocalName(name);
    s.stack.push_back(&s.root);
    return;
  }
  XmlElement& parent = *s.stack.back();
  parent.children.push_back(XmlElement{LocalName(name), {}, {}});
  s.stack.push_back(&parent.children.back());
}

void OnEnd(void* data, const XML_Char*) {
  auto& s = *static_cast<ParseState*>(data);
  if (!s.refused && !s.stack.empty()) s.stack.pop_back();
}

void OnText(void* data, const XML_Char* text, int len) {
  auto& s = *static_cast<ParseState*>(data);
  if (!s.refused && !s.stack.empty()) s.stack.back()->text.append(text, static_cast<size_t>(len));
}

void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<ParseState*>(data)->Refuse();
}

}  // namespace

Result<XmlElement> ParseXml(std::string_view body) {
  if (body.size() > static_cast<size_t>(INT_MAX)) return errors::MalformedXML();
  ParseState state;
  state.parser = XML_ParserCreate(nullptr);
  if (state.parser == nullptr) return errors::InternalError("cannot create an XML parser");
  XML_SetUserData(state.parser, &state);
  XML_SetElementHandler(state.parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(state.parser, OnText);
  XML_SetStartDoctypeDeclHandler(state.parser, OnDoctype);
  const auto status = XML_Parse(state.parser, body.data(), static_cast<int>(body.size()), 1);
  XML_ParserFree(state.parser);
  if (status != XML_STATUS_OK || state.refused || state.root.name.empty()) {
    return errors::MalformedXML();
  }
  return std::move(state.root);
}

}  // namespace berth::services::s3
