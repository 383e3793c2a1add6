#include "services/sts/handlers/handlers.h"
#include "services/sts/model/errors.h"
#include "services/sts/model/validation.h"

namespace berth::services::sts::handlers {

Result<Document> GetSessionToken(iam::IamService& s, pipeline::CallContext& ctx,
                                 const Document& in) {
  const auth::Principal& caller = ctx.principal;
  const bool root = caller.type == auth::PrincipalType::kRoot;
  BERTH_ASSIGN_OR_RETURN(
      std::chrono::seconds duration,
      SessionDuration(in, root ? kRootSessionTokenMax : kDefaultSessionToken,
                      root ? kRootSessionTokenMax : kMaxSessionToken));
  if (caller.session_created) {
    return errors::AccessDenied("Cannot call GetSessionToken with session credentials");
  }
  const Document* serial = in.is_map() ? in.Find("SerialNumber") : nullptr;
  if (serial != nullptr || (in.is_map() && in.Find("TokenCode") != nullptr)) {
    // berth has no MFA devices: no code can be validated.
    return errors::AccessDenied("MultiFactorAuthentication failed, unable to validate MFA code.");
  }
  auth::Principal session = caller;
  session.access_key_id.clear();
  BERTH_ASSIGN_OR_RETURN(auth::IssuedCredentials issued,
                         s.credentials().sessions().Issue(session, ctx.now, ctx.now + duration));
  Document out = Document::MakeMap();
  out["Credentials"] = CredentialsShape(issued);
  return out;
}

}  // namespace berth::services::sts::handlers
