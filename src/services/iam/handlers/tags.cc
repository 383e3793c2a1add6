// Tags on users and roles (TagUser, UntagUser, ListUserTags and the same for roles), with
// IAM's checks: keys 1–128 and values 0–256 characters of letters, digits, spaces and
// _.:/=+-@, no "aws:" prefix, no key twice in one call, at most 50 per user or role.
#include <algorithm>
#include <cctype>

#include "services/iam/handlers/handlers.h"
#include "services/iam/handlers/paging.h"
#include "services/iam/handlers/params.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {
namespace {

// IAM's tag characters: \p{L}\p{Z}\p{N}_.:/=+\-@ (non-ASCII bytes are letters here).
bool IsTagText(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || std::string_view(" _.:/=+-@").find(c) != std::string_view::npos;
  });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Status CheckKey(const std::string& key) {
  if (key.empty() || key.size() > 128 || !IsTagText(key)) {
    return errors::Validation("1 validation error detected: Value '" + key +
                              "' at 'tags.member.key' failed to satisfy constraint: Member must "
                              "have length between 1 and 128 and satisfy regular expression "
                              "pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
  }
  if (Lower(key).rfind("aws:", 0) == 0) {
    return errors::InvalidInput("User-defined tag keys can't start with \"aws:\".");
  }
  return Ok();
}

Result<std::vector<Tag>> ReadTags(const Document& in) {
  const Document* list = in.is_map() ? in.Find("Tags") : nullptr;
  if (list == nullptr || !list->is_list()) {
    return errors::Validation(
        "1 validation error detected: Value null at 'tags' failed to satisfy constraint: "
        "Member must not be null");
  }
  std::vector<Tag> tags;
  std::vector<std::string> seen;
  for (const Document& item : list->as_list()) {
    Tag tag{Optional(item, "Key").value_or(""), Optional(item, "Value").value_or("")};
    BERTH_RETURN_IF_ERROR(CheckKey(tag.key));
    if (tag.value.size() > 256 || !IsTagText(tag.value)) {
      return errors::Validation("1 validation error detected: Value '" + tag.value +
                                "' at 'tags.member.value' failed to satisfy constraint: Member "
                                "must have length less than or equal to 256 and satisfy regular "
                                "expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    }
    std::string lower = Lower(tag.key);
    if (std::find(seen.begin(), seen.end(), lower) != seen.end()) {
      return errors::InvalidInput(
          "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }
    seen.push_back(std::move(lower));
    tags.push_back(std::move(tag));
  }
  if (tags.size() > static_cast<size_t>(kMaxTags)) {
    return errors::LimitExceeded("The number of tags has reached the maximum limit.");
  }
  return tags;
}

Result<std::vector<std::string>> ReadKeys(const Document& in) {
  const Document* list = in.is_map() ? in.Find("TagKeys") : nullptr;
  if (list == nullptr || !list->is_list()) {
    return errors::Validation(
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: "
        "Member must not be null");
  }
  std::vector<std::string> keys;
  for (const Document& item : list->as_list()) {
    if (!item.is_string()) continue;
    BERTH_RETURN_IF_ERROR(CheckKey(item.as_string()));
    keys.push_back(item.as_string());
  }
  return keys;
}

const char* OwnerParam(OwnerKind kind) { return kind == OwnerKind::kUser ? "UserName" : "RoleName"; }

Result<Document> TagOwner(IamService& s, std::string_view account, OwnerKind kind,
                         const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerParam(kind)));
  BERTH_ASSIGN_OR_RETURN(std::vector<Tag> tags, ReadTags(in));
  BERTH_RETURN_IF_ERROR(s.store().TagOwner(account, kind, owner, tags));
  return Document::MakeMap();
}

Result<Document> UntagOwner(IamService& s, std::string_view account, OwnerKind kind,
                         const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerParam(kind)));
  BERTH_ASSIGN_OR_RETURN(std::vector<std::string> keys, ReadKeys(in));
  BERTH_RETURN_IF_ERROR(s.store().UntagOwner(account, kind, owner, keys));
  return Document::MakeMap();
}

Result<Document> ListOwnerTags(IamService& s, std::string_view account, OwnerKind kind,
                         const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerParam(kind)));
  BERTH_ASSIGN_OR_RETURN(std::vector<Tag> tags, s.store().ListOwnerTags(account, kind, owner));
  Document list = Document::MakeList();
  for (Tag& tag : tags) {
    Document item = Document::MakeMap();
    item["Key"] = std::move(tag.key);
    item["Value"] = std::move(tag.value);
    list.Push(std::move(item));
  }
  Document out = Document::MakeMap();
  BERTH_RETURN_IF_ERROR(PageInto(out, "Tags", std::move(list), in));
  return out;
}

}  // namespace

Result<Document> TagUser(IamService& s, CallContext& ctx, const Document& in) {
  return TagOwner(s, ctx.principal.account_id, OwnerKind::kUser, in);
}
Result<Document> UntagUser(IamService& s, CallContext& ctx, const Document& in) {
  return UntagOwner(s, ctx.principal.account_id, OwnerKind::kUser, in);
}
Result<Document> ListUserTags(IamService& s, CallContext& ctx, const Document& in) {
  return ListOwnerTags(s, ctx.principal.account_id, OwnerKind::kUser, in);
}
Result<Document> TagRole(IamService& s, CallContext& ctx, const Document& in) {
  return TagOwner(s, ctx.principal.account_id, OwnerKind::kRole, in);
}
Result<Document> UntagRole(IamService& s, CallContext& ctx, const Document& in) {
  return UntagOwner(s, ctx.principal.account_id, OwnerKind::kRole, in);
}
Result<Document> ListRoleTags(IamService& s, CallContext& ctx, const Document& in) {
  return ListOwnerTags(s, ctx.principal.account_id, OwnerKind::kRole, in);
}

}  // namespace berth::services::iam::handlers
