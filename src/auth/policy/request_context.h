#pragma once
// The request context a policy's conditions and variables read: condition keys (names compared
// without regard to case, as IAM does) to one or more values. The pipeline fills it per call
// with the keys that apply offline: aws:SourceIp, aws:CurrentTime, aws:EpochTime,
// aws:SecureTransport, aws:UserAgent, aws:username, aws:userid, aws:PrincipalArn,
// aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalTag/K, aws:RequestTag/K, aws:TagKeys,
// aws:ResourceTag/K, aws:MultiFactorAuthPresent, and service keys (ecr:ResourceTag/K,
// s3:prefix, …). A key that does not apply is left out (not set to ""): absence is what
// …IfExists, Null and the negated operators test.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::auth::policy {

class RequestContext {
 public:
  // Adds a value to `key` (a multi-valued key such as aws:TagKeys is added to repeatedly).
  void Add(std::string_view key, std::string value);
  // Replaces `key`'s values with one.
  void Set(std::string_view key, std::string value);
  void Remove(std::string_view key);

  // The values of `key`, or nullptr when it is absent. `lower_key` must be ASCII lower case
  // (compiled conditions keep their keys lowered); Find folds for callers that have not.
  const std::vector<std::string>* FindLowered(std::string_view lower_key) const;
  const std::vector<std::string>* Find(std::string_view key) const;

  size_t size() const { return entries_.size(); }

 private:
  // Few keys (a dozen or two) per request: a flat vector beats a hash map here.
  std::vector<std::pair<std::string, std::vector<std::string>>> entries_;
};

}  // namespace berth::auth::policy
