#include "services/sts/handlers/handlers.h"

namespace berth::services::sts::handlers {

Document CredentialsShape(const auth::IssuedCredentials& issued) {
  Document credentials = Document::MakeMap();
  credentials["AccessKeyId"] = issued.access_key_id;
  credentials["SecretAccessKey"] = issued.secret_access_key;
  credentials["SessionToken"] = issued.session_token;
  credentials["Expiration"] = Document::Timestamp(issued.expiration);
  return credentials;
}

}  // namespace berth::services::sts::handlers
