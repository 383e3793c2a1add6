#include "services/s3/model/bucket_tags.h"

#include <set>

#include "services/s3/api/xml.h"
#include "services/s3/model/errors.h"

namespace berth::services::s3 {
namespace {

Error InvalidTag(std::string_view message) { return {"InvalidTag", std::string(message), 400}; }

// Counts UTF-8 code points and checks each is one S3 allows in tags (any letter or digit of
// any script: multi-byte characters are taken as letters).
bool ValidTagText(std::string_view text, size_t min, size_t max) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte
    ++count;
    if (c >= 0x80) continue;
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view(" +-=._:/@").find(static_cast<char>(c)) !=
                        std::string_view::npos;
    if (!ok) return false;
  }
  return count >= min && count <= max;
}

}  // namespace

Result<BucketTags> ParseBucketTagging(std::string_view body, ErrorDetails& details) {
  BERTH_ASSIGN_OR_RETURN(XmlElement root, ParseXml(body));
  if (root.name != "Tagging") return errors::MalformedXML();
  const XmlElement* set = root.Child("TagSet");
  if (set == nullptr) return errors::MalformedXML();
  BucketTags tags;
  std::set<std::string> seen;
  for (const XmlElement& tag : set->children) {
    if (tag.name != "Tag") return errors::MalformedXML();
    const XmlElement* key = tag.Child("Key");
    const XmlElement* value = tag.Child("Value");
    if (key == nullptr || value == nullptr) return errors::MalformedXML();
    if (!ValidTagText(key->text, 1, 128)) {
      details = {{"TagKey", key->text}};
      return InvalidTag("The TagKey you have provided is invalid");
    }
    if (!ValidTagText(value->text, 0, 256)) {
      details = {{"TagKey", key->text}, {"TagValue", value->text}};
      return InvalidTag("The TagValue you have provided is invalid");
    }
    if (key->text.rfind("aws:", 0) == 0) {
      details = {{"TagKey", key->text}};
      return InvalidTag("System tags cannot be added/updated by requester");
    }
    if (!seen.insert(key->text).second) {
      details = {{"TagKey", key->text}};
      return InvalidTag("Cannot provide multiple Tags with the same key");
    }
    tags.emplace_back(key->text, value->text);
  }
  if (tags.size() > kMaxBucketTags) {
    return InvalidTag("Bucket tag count cannot be greater than 50");
  }
  return tags;
}

}  // namespace berth::services::s3
