#include "services/iam/api/shapes.h"

#include "core/time_format.h"
#include "core/url.h"

namespace berth::services::iam {

Document EpochSeconds(int64_t seconds) { return Document::Timestamp(FromMillis(seconds * 1000)); }

Document EncodedPolicyDocument(std::string_view document) {
  return Document(url::UriEncode(document));
}

Document UserShape(const auth::User& user) {
  Document d = Document::MakeMap();
  d["Path"] = user.path;
  d["UserName"] = user.name;
  d["UserId"] = user.user_id;
  d["Arn"] = user.arn;
  d["CreateDate"] = EpochSeconds(user.created_at);
  return d;
}

Document AccessKeyMetadataShape(const auth::AccessKeyInfo& key) {
  Document d = Document::MakeMap();
  d["UserName"] = key.user_name;
  d["AccessKeyId"] = key.access_key_id;
  d["Status"] = key.status;
  d["CreateDate"] = EpochSeconds(key.created_at);
  return d;
}

Document GroupShape(const Group& group) {
  Document d = Document::MakeMap();
  d["Path"] = group.path;
  d["GroupName"] = group.name;
  d["GroupId"] = group.group_id;
  d["Arn"] = group.arn;
  d["CreateDate"] = EpochSeconds(group.created_at);
  return d;
}

Document RoleShape(const Role& role) {
  Document d = Document::MakeMap();
  d["Path"] = role.path;
  d["RoleName"] = role.name;
  d["RoleId"] = role.role_id;
  d["Arn"] = role.arn;
  d["CreateDate"] = EpochSeconds(role.created_at);
  d["AssumeRolePolicyDocument"] = EncodedPolicyDocument(role.trust_policy);
  if (!role.description.empty()) d["Description"] = role.description;
  d["MaxSessionDuration"] = role.max_session_duration;
  return d;
}

Document PolicyShape(const CustomerPolicy& policy) {
  Document d = Document::MakeMap();
  d["PolicyName"] = policy.name;
  d["PolicyId"] = policy.policy_id;
  d["Arn"] = policy.arn;
  d["Path"] = policy.path;
  d["DefaultVersionId"] = VersionId(policy.default_version);
  d["AttachmentCount"] = policy.attachment_count;
  d["PermissionsBoundaryUsageCount"] = 0;
  d["IsAttachable"] = true;
  if (!policy.description.empty()) d["Description"] = policy.description;
  d["CreateDate"] = EpochSeconds(policy.created_at);
  d["UpdateDate"] = EpochSeconds(policy.updated_at);
  return d;
}

Document ManagedPolicyShape(const auth::policy::ManagedPolicy& policy, int64_t attachments) {
  Document d = Document::MakeMap();
  d["PolicyName"] = policy.name;
  // AWS's own ids are not published per policy; berth's is stable per name.
  d["PolicyId"] = "ANPA" + std::string(policy.name.substr(0, 17));
  d["Arn"] = policy.arn;
  d["Path"] = policy.path;
  d["DefaultVersionId"] = policy.version_id;
  d["AttachmentCount"] = attachments;
  d["PermissionsBoundaryUsageCount"] = 0;
  d["IsAttachable"] = true;
  if (!policy.description.empty()) d["Description"] = policy.description;
  if (auto t = timefmt::ParseIso8601(policy.create_date)) d["CreateDate"] = Document::Timestamp(*t);
  if (auto t = timefmt::ParseIso8601(policy.update_date)) d["UpdateDate"] = Document::Timestamp(*t);
  return d;
}

Document PolicyVersionShape(const PolicyVersion& version, bool with_document) {
  Document d = Document::MakeMap();
  if (with_document) d["Document"] = EncodedPolicyDocument(version.document);
  d["VersionId"] = VersionId(version.version);
  d["IsDefaultVersion"] = version.is_default;
  d["CreateDate"] = EpochSeconds(version.created_at);
  return d;
}

Document AttachedPolicyShape(std::string_view arn) {
  Document d = Document::MakeMap();
  const size_t slash = arn.rfind('/');
  d["PolicyName"] = std::string(slash == std::string_view::npos ? arn : arn.substr(slash + 1));
  d["PolicyArn"] = std::string(arn);
  return d;
}

}  // namespace berth::services::iam
