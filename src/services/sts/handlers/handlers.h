#pragma once
// STS's operations. AssumeRole and GetSessionToken issue temporary credentials
// (auth::TemporaryCredentials) through the IAM service, which holds the roles, their trust
// policies and the authorizer that decides who may assume them.

#include "auth/temporary_credentials.h"
#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/iam/iam_service.h"

namespace berth::services::sts::handlers {

// Who the caller is: UserId, Account, Arn. Needs no permission (the authorizer allows it
// under any policy, as AWS does).
Result<Document> GetCallerIdentity(pipeline::CallContext& ctx, const Document& in);

// Temporary credentials for a role the caller may assume (its trust policy, and unless that
// names the caller itself, the caller's sts:AssumeRole permission), for DurationSeconds (900 to
// the role's MaxSessionDuration; 1 hour when a role session assumes another), optionally
// narrowed by a session Policy. Errors: ValidationError, MalformedPolicyDocument,
// PackedPolicyTooLarge, AccessDenied (unknown role, not trusted, root caller, MFA).
Result<Document> AssumeRole(iam::IamService& s, pipeline::CallContext& ctx, const Document& in);

// Temporary credentials speaking as the calling IAM user (or root) with its own permissions,
// for DurationSeconds (900–129600, default 43200; root at most 3600). Errors: ValidationError,
// AccessDenied (called with temporary credentials, MFA).
Result<Document> GetSessionToken(iam::IamService& s, pipeline::CallContext& ctx,
                                 const Document& in);

// The Credentials structure both answer.
Document CredentialsShape(const auth::IssuedCredentials& issued);

}  // namespace berth::services::sts::handlers
