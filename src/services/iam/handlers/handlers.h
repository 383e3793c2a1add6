#pragma once
// IAM's operations. Each takes the decoded query parameters (a map of strings; lists are
// X.member.N) and answers the operation's output structure; the wire is the dispatcher's.
// Every change calls IamService::Changed().

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/iam/iam_service.h"

namespace berth::services::iam::handlers {

using pipeline::CallContext;
using Handler = Result<Document> (*)(IamService&, CallContext&, const Document&);

// users.cc
Result<Document> CreateUser(IamService& s, CallContext& ctx, const Document& in);
Result<Document> GetUser(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListUsers(IamService& s, CallContext& ctx, const Document& in);
Result<Document> UpdateUser(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DeleteUser(IamService& s, CallContext& ctx, const Document& in);
// access_keys.cc
Result<Document> CreateAccessKey(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListAccessKeys(IamService& s, CallContext& ctx, const Document& in);
Result<Document> UpdateAccessKey(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DeleteAccessKey(IamService& s, CallContext& ctx, const Document& in);
Result<Document> GetAccessKeyLastUsed(IamService& s, CallContext& ctx, const Document& in);
// groups.cc
Result<Document> CreateGroup(IamService& s, CallContext& ctx, const Document& in);
Result<Document> GetGroup(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListGroups(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DeleteGroup(IamService& s, CallContext& ctx, const Document& in);
Result<Document> AddUserToGroup(IamService& s, CallContext& ctx, const Document& in);
Result<Document> RemoveUserFromGroup(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListGroupsForUser(IamService& s, CallContext& ctx, const Document& in);
// roles.cc
Result<Document> CreateRole(IamService& s, CallContext& ctx, const Document& in);
Result<Document> GetRole(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListRoles(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DeleteRole(IamService& s, CallContext& ctx, const Document& in);
Result<Document> UpdateAssumeRolePolicy(IamService& s, CallContext& ctx, const Document& in);
// policies.cc (managed policies and their versions)
Result<Document> CreatePolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> GetPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListPolicies(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DeletePolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> CreatePolicyVersion(IamService& s, CallContext& ctx, const Document& in);
Result<Document> GetPolicyVersion(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListPolicyVersions(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DeletePolicyVersion(IamService& s, CallContext& ctx, const Document& in);
Result<Document> SetDefaultPolicyVersion(IamService& s, CallContext& ctx, const Document& in);
// attachments.cc (managed policies on users and groups, and inline policies)
Result<Document> AttachUserPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DetachUserPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListAttachedUserPolicies(IamService& s, CallContext& ctx, const Document& in);
Result<Document> AttachGroupPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DetachGroupPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListAttachedGroupPolicies(IamService& s, CallContext& ctx, const Document& in);
Result<Document> PutUserPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> GetUserPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListUserPolicies(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DeleteUserPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> PutGroupPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> GetGroupPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListGroupPolicies(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DeleteGroupPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> AttachRolePolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DetachRolePolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListAttachedRolePolicies(IamService& s, CallContext& ctx, const Document& in);
Result<Document> PutRolePolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> GetRolePolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListRolePolicies(IamService& s, CallContext& ctx, const Document& in);
Result<Document> DeleteRolePolicy(IamService& s, CallContext& ctx, const Document& in);

// tags.cc
Result<Document> TagUser(IamService& s, CallContext& ctx, const Document& in);
Result<Document> UntagUser(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListUserTags(IamService& s, CallContext& ctx, const Document& in);
Result<Document> TagRole(IamService& s, CallContext& ctx, const Document& in);
Result<Document> UntagRole(IamService& s, CallContext& ctx, const Document& in);
Result<Document> ListRoleTags(IamService& s, CallContext& ctx, const Document& in);

// simulate.cc
Result<Document> SimulatePrincipalPolicy(IamService& s, CallContext& ctx, const Document& in);
Result<Document> SimulateCustomPolicy(IamService& s, CallContext& ctx, const Document& in);

// The user a call names, or (UserName left out) the caller itself, as IAM does for
// GetUser, CreateAccessKey, ListAccessKeys, … Errors: ValidationError when the caller is no
// IAM user (the root user must name one).
Result<std::string> UserOrCaller(const CallContext& ctx, const Document& in);

}  // namespace berth::services::iam::handlers
