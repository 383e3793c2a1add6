#pragma once
// How CloudTrail records STS's calls, as AWS does: requestParameters and responseElements in
// lower camel case, credentials without their secret, and the expiration in the form AWS's
// records show ("Dec 8, 2026 1:02:03 AM").

#include "core/document.h"

namespace berth::services::sts {

Document RecordAssumeRoleRequest(const Document& input);
Document RecordSessionTokenRequest(const Document& input);
// AssumeRole's and GetSessionToken's answers: credentials {accessKeyId, sessionToken,
// expiration} and (AssumeRole) assumedRoleUser {assumedRoleId, arn}, packedPolicySize.
Document RecordCredentialsResponse(const Document& output);

}  // namespace berth::services::sts
