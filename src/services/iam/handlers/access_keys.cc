#include "services/iam/api/shapes.h"
#include "services/iam/handlers/handlers.h"
#include "services/iam/handlers/paging.h"
#include "services/iam/handlers/params.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {

Result<Document> CreateAccessKey(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string user, UserOrCaller(ctx, in));
  const std::string& account = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(auto existing, s.credentials().ListAccessKeys(account, user));
  if (existing.size() >= 2) {
    return errors::LimitExceeded("Cannot exceed quota for AccessKeysPerUser: 2");
  }
  BERTH_ASSIGN_OR_RETURN(auth::AccessKeyPair pair, s.credentials().CreateAccessKey(account, user));
  BERTH_ASSIGN_OR_RETURN(auth::AccessKeyInfo info,
                         s.credentials().GetAccessKey(pair.access_key_id));
  s.Changed();
  Document key = AccessKeyMetadataShape(info);
  key["SecretAccessKey"] = pair.secret_access_key;
  Document out = Document::MakeMap();
  out["AccessKey"] = std::move(key);
  return out;
}

Result<Document> ListAccessKeys(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string user, UserOrCaller(ctx, in));
  BERTH_ASSIGN_OR_RETURN(auto keys, s.credentials().ListAccessKeys(ctx.principal.account_id, user));
  Document list = Document::MakeList();
  for (const auto& key : keys) list.Push(AccessKeyMetadataShape(key));
  Document out = Document::MakeMap();
  BERTH_RETURN_IF_ERROR(PageInto(out, "AccessKeyMetadata", std::move(list), in));
  return out;
}

Result<Document> UpdateAccessKey(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string user, UserOrCaller(ctx, in));
  BERTH_ASSIGN_OR_RETURN(std::string id, Required(in, "AccessKeyId"));
  BERTH_ASSIGN_OR_RETURN(std::string status, Required(in, "Status"));
  if (status != "Active" && status != "Inactive") {
    return errors::Validation("1 validation error detected: Value '" + status +
                              "' at 'status' failed to satisfy constraint: Member must satisfy "
                              "enum value set: [Active, Inactive]");
  }
  BERTH_RETURN_IF_ERROR(
      s.credentials().UpdateAccessKey(ctx.principal.account_id, user, id, status));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> DeleteAccessKey(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string user, UserOrCaller(ctx, in));
  BERTH_ASSIGN_OR_RETURN(std::string id, Required(in, "AccessKeyId"));
  BERTH_RETURN_IF_ERROR(s.credentials().DeleteAccessKey(ctx.principal.account_id, user, id));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> GetAccessKeyLastUsed(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string id, Required(in, "AccessKeyId"));
  BERTH_ASSIGN_OR_RETURN(auth::AccessKeyInfo info, s.credentials().GetAccessKey(id));
  // Another account's key is not the caller's to ask about.
  if (info.account_id != ctx.principal.account_id) {
    return Error{"NoSuchEntity", "The Access Key with id " + id + " cannot be found.", 404};
  }
  const auth::KeyLastUse use = s.credentials().LastUse(id);
  Document last = Document::MakeMap();
  // AWS's answer for a key never used: no date, "N/A" for service and region.
  if (use.when != 0) last["LastUsedDate"] = EpochSeconds(use.when);
  last["ServiceName"] = use.when != 0 ? use.service : std::string("N/A");
  last["Region"] = use.when != 0 ? use.region : std::string("N/A");
  Document out = Document::MakeMap();
  out["UserName"] = info.user_name;
  out["AccessKeyLastUsed"] = std::move(last);
  return out;
}

}  // namespace berth::services::iam::handlers
