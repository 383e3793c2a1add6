#include "services/sts/handlers/handlers.h"

namespace berth::services::sts::handlers {

Result<Document> GetCallerIdentity(pipeline::CallContext& ctx, const Document&) {
  Document out = Document::MakeMap();
  out["UserId"] = ctx.principal.principal_id;
  out["Account"] = ctx.principal.account_id;
  out["Arn"] = ctx.principal.arn;
  return out;
}

}  // namespace berth::services::sts::handlers
