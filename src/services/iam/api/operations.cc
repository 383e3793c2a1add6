#include "services/iam/api/operations.h"

#include "services/iam/handlers/handlers.h"

namespace berth::services::iam {
namespace {

using pipeline::CallContext;
using pipeline::ResourceRef;

pipeline::Handler Bind(IamService& s, handlers::Handler handler) {
  return [&s, handler](CallContext& ctx, const Document& input) { return handler(s, ctx, input); };
}

std::string Member(const Document& in, std::string_view name) {
  const Document* v = in.is_map() ? in.Find(name) : nullptr;
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

std::string IamArn(const CallContext& ctx, std::string_view type, std::string_view name) {
  return "arn:aws:iam::" + ctx.principal.account_id + ":" + std::string(type) + "/" +
         std::string(name);
}

// The user a call names (or the caller, when it leaves UserName out), the resource IAM
// authorizes user operations on.
std::vector<ResourceRef> UserResource(const CallContext& ctx, const Document& in, const Document*) {
  std::string name = Member(in, "UserName");
  if (name.empty()) {
    if (ctx.principal.user_name.empty()) return {};
    return {{"AWS::IAM::User", ctx.principal.arn}};
  }
  return {{"AWS::IAM::User", IamArn(ctx, "user", name)}};
}

std::vector<ResourceRef> GroupResource(const CallContext& ctx, const Document& in,
                                       const Document*) {
  std::string name = Member(in, "GroupName");
  if (name.empty()) return {};
  return {{"AWS::IAM::Group", IamArn(ctx, "group", name)}};
}

std::vector<ResourceRef> RoleResource(const CallContext& ctx, const Document& in, const Document*) {
  std::string name = Member(in, "RoleName");
  if (name.empty()) return {};
  return {{"AWS::IAM::Role", IamArn(ctx, "role", name)}};
}

std::vector<ResourceRef> PolicyResource(const CallContext&, const Document& in,
                                        const Document* out) {
  std::string arn = Member(in, "PolicyArn");
  if (arn.empty() && out != nullptr) {
    if (const Document* p = out->Find("Policy")) arn = Member(*p, "Arn");
  }
  if (arn.empty()) return {};
  return {{"AWS::IAM::ManagedPolicy", arn}};
}

std::vector<ResourceRef> NewPolicyResource(const CallContext& ctx, const Document& in,
                                           const Document* out) {
  if (out != nullptr) return PolicyResource(ctx, in, out);
  std::string path = Member(in, "Path");
  return {{"AWS::IAM::ManagedPolicy", "arn:aws:iam::" + ctx.principal.account_id + ":policy" +
                                          (path.empty() ? std::string("/") : path) +
                                          Member(in, "PolicyName")}};
}

}  // namespace

pipeline::ServiceSpec MakeIamService(IamService& s) {
  pipeline::ServiceSpec spec;
  spec.name = "iam";
  spec.event_source = "iam.amazonaws.com";
  spec.display_name = "IAM";
  spec.protocol = pipeline::Protocol::kAwsQuery;
  spec.query_version = "2010-05-08";
  spec.xml_namespace = "https://iam.amazonaws.com/doc/2010-05-08/";
  namespace h = handlers;
  const std::vector<std::string> kUser = {"UserName"};
  const std::vector<std::string> kGroupUser = {"GroupName", "UserName"};
  const std::vector<std::string> kGroup = {"GroupName"};
  const std::vector<std::string> kPolicyArn = {"PolicyArn"};
  const std::vector<std::string> kRole = {"RoleName"};
  const std::vector<std::string> kRolePolicy = {"RoleName", "PolicyArn"};
  const std::vector<std::string> kPolicyVersion = {"PolicyArn", "VersionId"};
  const std::vector<std::string> kUserPolicy = {"UserName", "PolicyArn"};
  const std::vector<std::string> kGroupPolicy = {"GroupName", "PolicyArn"};
  // Documents are logged as sent (AWS logs policyDocument in requestParameters).
  const std::vector<std::string> kUserInline = {"UserName", "PolicyName", "PolicyDocument"};
  const std::vector<std::string> kGroupInline = {"GroupName", "PolicyName", "PolicyDocument"};
  spec.operations = {
      // Users
      {.name = "CreateUser",
       .read_only = false,
       .handler = Bind(s, h::CreateUser),
       .logged_request_fields = {"UserName", "Path"},
       .logged_response_fields = {"User"},
       .resources = UserResource},
      {.name = "GetUser",
       .read_only = true,
       .handler = Bind(s, h::GetUser),
       .logged_request_fields = kUser,
       .resources = UserResource},
      {.name = "ListUsers",
       .read_only = true,
       .handler = Bind(s, h::ListUsers),
       .logged_request_fields = {"PathPrefix"}},
      {.name = "UpdateUser",
       .read_only = false,
       .handler = Bind(s, h::UpdateUser),
       .logged_request_fields = {"UserName", "NewUserName", "NewPath"},
       .resources = UserResource},
      {.name = "DeleteUser",
       .read_only = false,
       .handler = Bind(s, h::DeleteUser),
       .logged_request_fields = kUser,
       .resources = UserResource},
      // Access keys (CreateAccessKey's answer holds the secret: never logged).
      {.name = "CreateAccessKey",
       .read_only = false,
       .handler = Bind(s, h::CreateAccessKey),
       .logged_request_fields = kUser,
       .resources = UserResource},
      {.name = "ListAccessKeys",
       .read_only = true,
       .handler = Bind(s, h::ListAccessKeys),
       .logged_request_fields = kUser,
       .resources = UserResource},
      {.name = "UpdateAccessKey",
       .read_only = false,
       .handler = Bind(s, h::UpdateAccessKey),
       .logged_request_fields = {"UserName", "AccessKeyId", "Status"},
       .resources = UserResource},
      {.name = "DeleteAccessKey",
       .read_only = false,
       .handler = Bind(s, h::DeleteAccessKey),
       .logged_request_fields = {"UserName", "AccessKeyId"},
       .resources = UserResource},
      {.name = "GetAccessKeyLastUsed",
       .read_only = true,
       .handler = Bind(s, h::GetAccessKeyLastUsed),
       .logged_request_fields = {"AccessKeyId"}},
      // Groups
      {.name = "CreateGroup",
       .read_only = false,
       .handler = Bind(s, h::CreateGroup),
       .logged_request_fields = {"GroupName", "Path"},
       .logged_response_fields = {"Group"},
       .resources = GroupResource},
      {.name = "GetGroup",
       .read_only = true,
       .handler = Bind(s, h::GetGroup),
       .logged_request_fields = kGroup,
       .resources = GroupResource},
      {.name = "ListGroups",
       .read_only = true,
       .handler = Bind(s, h::ListGroups),
       .logged_request_fields = {"PathPrefix"}},
      {.name = "DeleteGroup",
       .read_only = false,
       .handler = Bind(s, h::DeleteGroup),
       .logged_request_fields = kGroup,
       .resources = GroupResource},
      {.name = "AddUserToGroup",
       .read_only = false,
       .handler = Bind(s, h::AddUserToGroup),
       .logged_request_fields = kGroupUser,
       .resources = GroupResource},
      {.name = "RemoveUserFromGroup",
       .read_only = false,
       .handler = Bind(s, h::RemoveUserFromGroup),
       .logged_request_fields = kGroupUser,
       .resources = GroupResource},
      {.name = "ListGroupsForUser",
       .read_only = true,
       .handler = Bind(s, h::ListGroupsForUser),
       .logged_request_fields = kUser,
       .resources = UserResource},
      // Roles (trust policies are logged: AWS logs assumeRolePolicyDocument)
      {.name = "CreateRole",
       .read_only = false,
       .handler = Bind(s, h::CreateRole),
       .logged_request_fields = {"RoleName", "Path", "Description", "MaxSessionDuration",
                                 "AssumeRolePolicyDocument"},
       .logged_response_fields = {"Role"},
       .resources = RoleResource},
      {.name = "GetRole",
       .read_only = true,
       .handler = Bind(s, h::GetRole),
       .logged_request_fields = kRole,
       .resources = RoleResource},
      {.name = "ListRoles",
       .read_only = true,
       .handler = Bind(s, h::ListRoles),
       .logged_request_fields = {"PathPrefix"}},
      {.name = "DeleteRole",
       .read_only = false,
       .handler = Bind(s, h::DeleteRole),
       .logged_request_fields = kRole,
       .resources = RoleResource},
      {.name = "UpdateAssumeRolePolicy",
       .read_only = false,
       .handler = Bind(s, h::UpdateAssumeRolePolicy),
       .logged_request_fields = {"RoleName", "PolicyDocument"},
       .resources = RoleResource},
      {.name = "AttachRolePolicy",
       .read_only = false,
       .handler = Bind(s, h::AttachRolePolicy),
       .logged_request_fields = kRolePolicy,
       .resources = RoleResource},
      {.name = "DetachRolePolicy",
       .read_only = false,
       .handler = Bind(s, h::DetachRolePolicy),
       .logged_request_fields = kRolePolicy,
       .resources = RoleResource},
      {.name = "ListAttachedRolePolicies",
       .read_only = true,
       .handler = Bind(s, h::ListAttachedRolePolicies),
       .logged_request_fields = kRole,
       .resources = RoleResource},
      {.name = "PutRolePolicy",
       .read_only = false,
       .handler = Bind(s, h::PutRolePolicy),
       .logged_request_fields = {"RoleName", "PolicyName", "PolicyDocument"},
       .resources = RoleResource},
      {.name = "GetRolePolicy",
       .read_only = true,
       .handler = Bind(s, h::GetRolePolicy),
       .logged_request_fields = {"RoleName", "PolicyName"},
       .resources = RoleResource},
      {.name = "ListRolePolicies",
       .read_only = true,
       .handler = Bind(s, h::ListRolePolicies),
       .logged_request_fields = kRole,
       .resources = RoleResource},
      {.name = "DeleteRolePolicy",
       .read_only = false,
       .handler = Bind(s, h::DeleteRolePolicy),
       .logged_request_fields = {"RoleName", "PolicyName"},
       .resources = RoleResource},
      // Tags on users and roles.
      {.name = "TagUser",
       .read_only = false,
       .handler = Bind(s, h::TagUser),
       .logged_request_fields = {"UserName", "Tags"},
       .resources = UserResource},
      {.name = "UntagUser",
       .read_only = false,
       .handler = Bind(s, h::UntagUser),
       .logged_request_fields = {"UserName", "TagKeys"},
       .resources = UserResource},
      {.name = "ListUserTags",
       .read_only = true,
       .handler = Bind(s, h::ListUserTags),
       .logged_request_fields = kUser,
       .resources = UserResource},
      {.name = "TagRole",
       .read_only = false,
       .handler = Bind(s, h::TagRole),
       .logged_request_fields = {"RoleName", "Tags"},
       .resources = RoleResource},
      {.name = "UntagRole",
       .read_only = false,
       .handler = Bind(s, h::UntagRole),
       .logged_request_fields = {"RoleName", "TagKeys"},
       .resources = RoleResource},
      {.name = "ListRoleTags",
       .read_only = true,
       .handler = Bind(s, h::ListRoleTags),
       .logged_request_fields = {"RoleName"},
       .resources = RoleResource},
      // The same evaluation as calls get, for a user and the actions and resources named.
      {.name = "SimulatePrincipalPolicy",
       .read_only = true,
       .handler = Bind(s, h::SimulatePrincipalPolicy),
       .logged_request_fields = {"PolicySourceArn", "ActionNames", "ResourceArns"}},
      {.name = "SimulateCustomPolicy",
       .read_only = true,
       .handler = Bind(s, h::SimulateCustomPolicy),
       .logged_request_fields = {"ActionNames", "ResourceArns", "CallerArn"}},
      // Managed policies
      {.name = "CreatePolicy",
       .read_only = false,
       .handler = Bind(s, h::CreatePolicy),
       .logged_request_fields = {"PolicyName", "Path", "Description", "PolicyDocument"},
       .logged_response_fields = {"Policy"},
       .resources = NewPolicyResource},
      {.name = "GetPolicy",
       .read_only = true,
       .handler = Bind(s, h::GetPolicy),
       .logged_request_fields = kPolicyArn,
       .resources = PolicyResource},
      {.name = "ListPolicies",
       .read_only = true,
       .handler = Bind(s, h::ListPolicies),
       .logged_request_fields = {"Scope", "OnlyAttached", "PathPrefix"}},
      {.name = "DeletePolicy",
       .read_only = false,
       .handler = Bind(s, h::DeletePolicy),
       .logged_request_fields = kPolicyArn,
       .resources = PolicyResource},
      {.name = "CreatePolicyVersion",
       .read_only = false,
       .handler = Bind(s, h::CreatePolicyVersion),
       .logged_request_fields = {"PolicyArn", "PolicyDocument", "SetAsDefault"},
       .logged_response_fields = {"PolicyVersion"},
       .resources = PolicyResource},
      {.name = "GetPolicyVersion",
       .read_only = true,
       .handler = Bind(s, h::GetPolicyVersion),
       .logged_request_fields = kPolicyVersion,
       .resources = PolicyResource},
      {.name = "ListPolicyVersions",
       .read_only = true,
       .handler = Bind(s, h::ListPolicyVersions),
       .logged_request_fields = kPolicyArn,
       .resources = PolicyResource},
      {.name = "DeletePolicyVersion",
       .read_only = false,
       .handler = Bind(s, h::DeletePolicyVersion),
       .logged_request_fields = kPolicyVersion,
       .resources = PolicyResource},
      {.name = "SetDefaultPolicyVersion",
       .read_only = false,
       .handler = Bind(s, h::SetDefaultPolicyVersion),
       .logged_request_fields = kPolicyVersion,
       .resources = PolicyResource},
      // Attachments: authorized on the user or group (as IAM does).
      {.name = "AttachUserPolicy",
       .read_only = false,
       .handler = Bind(s, h::AttachUserPolicy),
       .logged_request_fields = kUserPolicy,
       .resources = UserResource},
      {.name = "DetachUserPolicy",
       .read_only = false,
       .handler = Bind(s, h::DetachUserPolicy),
       .logged_request_fields = kUserPolicy,
       .resources = UserResource},
      {.name = "ListAttachedUserPolicies",
       .read_only = true,
       .handler = Bind(s, h::ListAttachedUserPolicies),
       .logged_request_fields = kUser,
       .resources = UserResource},
      {.name = "AttachGroupPolicy",
       .read_only = false,
       .handler = Bind(s, h::AttachGroupPolicy),
       .logged_request_fields = kGroupPolicy,
       .resources = GroupResource},
      {.name = "DetachGroupPolicy",
       .read_only = false,
       .handler = Bind(s, h::DetachGroupPolicy),
       .logged_request_fields = kGroupPolicy,
       .resources = GroupResource},
      {.name = "ListAttachedGroupPolicies",
       .read_only = true,
       .handler = Bind(s, h::ListAttachedGroupPolicies),
       .logged_request_fields = kGroup,
       .resources = GroupResource},
      // Inline policies
      {.name = "PutUserPolicy",
       .read_only = false,
       .handler = Bind(s, h::PutUserPolicy),
       .logged_request_fields = kUserInline,
       .resources = UserResource},
      {.name = "GetUserPolicy",
       .read_only = true,
       .handler = Bind(s, h::GetUserPolicy),
       .logged_request_fields = {"UserName", "PolicyName"},
       .resources = UserResource},
      {.name = "ListUserPolicies",
       .read_only = true,
       .handler = Bind(s, h::ListUserPolicies),
       .logged_request_fields = kUser,
       .resources = UserResource},
      {.name = "DeleteUserPolicy",
       .read_only = false,
       .handler = Bind(s, h::DeleteUserPolicy),
       .logged_request_fields = {"UserName", "PolicyName"},
       .resources = UserResource},
      {.name = "PutGroupPolicy",
       .read_only = false,
       .handler = Bind(s, h::PutGroupPolicy),
       .logged_request_fields = kGroupInline,
       .resources = GroupResource},
      {.name = "GetGroupPolicy",
       .read_only = true,
       .handler = Bind(s, h::GetGroupPolicy),
       .logged_request_fields = {"GroupName", "PolicyName"},
       .resources = GroupResource},
      {.name = "ListGroupPolicies",
       .read_only = true,
       .handler = Bind(s, h::ListGroupPolicies),
       .logged_request_fields = kGroup,
       .resources = GroupResource},
      {.name = "DeleteGroupPolicy",
       .read_only = false,
       .handler = Bind(s, h::DeleteGroupPolicy),
       .logged_request_fields = {"GroupName", "PolicyName"},
       .resources = GroupResource},
  };
  return spec;
}

}  // namespace berth::services::iam
