#include "core/xml_writer.h"

#include <algorithm>
#include <charconv>

#include "core/crypto.h"
#include "core/time_format.h"

namespace berth::xml {

void AppendEscaped(std::string& out, std::string_view text) {
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      case '\'': out.append("&apos;"); break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out.push_back(ch);
    }
  }
}

namespace {

void AppendScalar(std::string& out, const Document& doc) {
  char buf[32];
  switch (doc.kind()) {
    case Document::Kind::kBool: out.append(doc.as_bool() ? "true" : "false"); break;
    case Document::Kind::kInt: {
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, doc.as_int());
      out.append(buf, end);
      break;
    }
    case Document::Kind::kDouble: {
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, doc.as_double());
      out.append(buf, end);
      break;
    }
    case Document::Kind::kString: AppendEscaped(out, doc.as_string()); break;
    case Document::Kind::kBlob: out.append(crypto::Base64Encode(doc.as_blob())); break;
    case Document::Kind::kTimestamp: out.append(timefmt::Iso8601Millis(doc.as_timestamp())); break;
    default: break;
  }
}

// `path` is the dotted member path of `doc` (kept only when there are map paths to find).
void Element(std::string& out, std::string_view name, const Document& doc, std::string& path,
             const std::vector<std::string>* maps);

void Members(std::string& out, const Document& map, std::string& path,
             const std::vector<std::string>* maps) {
  if (!map.is_map()) return;
  for (const auto& [key, value] : map.as_map()) {
    if (maps == nullptr) {
      Element(out, key, value, path, maps);
      continue;
    }
    const size_t length = path.size();
    if (!path.empty()) path.push_back('.');
    path.append(key);
    Element(out, key, value, path, maps);
    path.resize(length);
  }
}

void Element(std::string& out, std::string_view name, const Document& doc, std::string& path,
             const std::vector<std::string>* maps) {
  if (doc.is_null()) return;
  out.push_back('<');
  out.append(name);
  out.push_back('>');
  if (doc.is_map() && maps != nullptr &&
      std::find(maps->begin(), maps->end(), path) != maps->end()) {
    for (const auto& [key, value] : doc.as_map()) {
      out.append("<entry><key>");
      AppendEscaped(out, key);
      out.append("</key>");
      Element(out, "value", value, path, maps);
      out.append("</entry>");
    }
  } else if (doc.is_map()) {
    Members(out, doc, path, maps);
  } else if (doc.is_list()) {
    for (const auto& item : doc.as_list()) Element(out, "member", item, path, maps);
  } else {
    AppendScalar(out, doc);
  }
  out.append("</");
  out.append(name);
  out.push_back('>');
}

}  // namespace

void AppendMembers(std::string& out, const Document& map) {
  std::string path;
  Members(out, map, path, nullptr);
}

void AppendMembers(std::string& out, const Document& map,
                   const std::vector<std::string>& map_paths) {
  std::string path;
  Members(out, map, path, map_paths.empty() ? nullptr : &map_paths);
}

void AppendElement(std::string& out, std::string_view name, const Document& doc) {
  std::string path;
  Element(out, name, doc, path, nullptr);
}

}  // namespace berth::xml
