#pragma once
// Persistence of IAM's groups, customer managed policies (and versions), attachments and
// inline policies. Users and keys are auth::CredentialStore's; the store checks that a user
// exists in the same transaction as the change that names it. Errors are IAM's own
// (model/errors.h). Implementations are thread-safe.
//
// Everything belongs to an account: a call naming an entity by name takes the account it
// acts in (names are unique per account). Customer managed policies are named by ARN, which
// carries their account; the handlers keep callers to their own account's ARNs.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/iam/model/types.h"
#include "store/database.h"

namespace berth::services::iam {

class IamStore {
 public:
  virtual ~IamStore() = default;

  // --- groups ---
  // Errors: EntityAlreadyExists.
  virtual Status CreateGroup(std::string_view account, const Group& group) = 0;
  // Errors: NoSuchEntity.
  virtual Result<Group> GetGroup(std::string_view account, std::string_view name) = 0;
  virtual Result<std::vector<Group>> ListGroups(std::string_view account) = 0;
  // Errors: NoSuchEntity, DeleteConflict (members, attached or inline policies).
  virtual Status DeleteGroup(std::string_view account, std::string_view name) = 0;
  // Errors: NoSuchEntity (group or user), LimitExceeded.
  virtual Status AddUserToGroup(std::string_view account,
                                std::string_view group, std::string_view user) = 0;
  // Errors: NoSuchEntity (group, user, or the user not in the group).
  virtual Status RemoveUserFromGroup(std::string_view account,
                                     std::string_view group, std::string_view user) = 0;
  virtual Result<std::vector<Group>> ListGroupsForUser(std::string_view account,
                                                       std::string_view user) = 0;
  virtual Result<std::vector<std::string>> ListGroupMembers(std::string_view account,
                                                            std::string_view group) = 0;

  // --- roles ---
  // Errors: EntityAlreadyExists.
  virtual Status CreateRole(std::string_view account, const Role& role) = 0;
  // Errors: NoSuchEntity.
  virtual Result<Role> GetRole(std::string_view account, std::string_view name) = 0;
  virtual Result<std::vector<Role>> ListRoles(std::string_view account) = 0;
  // Errors: NoSuchEntity, DeleteConflict (attached or inline policies).
  virtual Status DeleteRole(std::string_view account, std::string_view name) = 0;
  // Errors: NoSuchEntity.
  virtual Status UpdateTrustPolicy(std::string_view account,
                                   std::string_view name, std::string_view document) = 0;

  // --- customer managed policies ---
  // Stores the policy with `document` as its default version v1. Errors: EntityAlreadyExists.
  virtual Status CreatePolicy(std::string_view account,
                              const CustomerPolicy& policy, std::string_view document) = 0;
  // Errors: NoSuchEntity.
  virtual Result<CustomerPolicy> GetPolicy(std::string_view arn) = 0;
  virtual Result<std::vector<CustomerPolicy>> ListPolicies(std::string_view account) = 0;
  // Errors: NoSuchEntity, DeleteConflict (attached, or versions besides the default).
  virtual Status DeletePolicy(std::string_view arn) = 0;
  // Errors: NoSuchEntity, LimitExceeded (kMaxPolicyVersions).
  virtual Result<PolicyVersion> CreatePolicyVersion(std::string_view arn, std::string_view document,
                                                    bool set_default, int64_t now) = 0;
  // Errors: NoSuchEntity.
  virtual Result<PolicyVersion> GetPolicyVersion(std::string_view arn, int version) = 0;
  virtual Result<std::vector<PolicyVersion>> ListPolicyVersions(std::string_view arn) = 0;
  // Errors: NoSuchEntity, DeleteConflict (the default version).
  virtual Status DeletePolicyVersion(std::string_view arn, int version) = 0;
  // Errors: NoSuchEntity.
  virtual Status SetDefaultPolicyVersion(std::string_view arn, int version, int64_t now) = 0;

  // --- attachments (managed policies, AWS's or the account's, by ARN) ---
  // The caller has checked that `arn` names a policy. Errors: NoSuchEntity (owner),
  // LimitExceeded (kMaxAttachedPolicies). Attaching twice is no change.
  virtual Status Attach(std::string_view account,
                        OwnerKind kind, std::string_view owner, std::string_view arn) = 0;
  // Errors: NoSuchEntity (owner, or the policy not attached).
  virtual Status Detach(std::string_view account,
                        OwnerKind kind, std::string_view owner, std::string_view arn) = 0;
  // How many of the account's users, groups and roles a policy is attached to.
  virtual Result<int64_t> CountAttachments(std::string_view account, std::string_view arn) = 0;
  // Errors: NoSuchEntity (owner).
  virtual Result<std::vector<std::string>> ListAttached(std::string_view account,
                                                        OwnerKind kind, std::string_view owner) = 0;

  // --- inline policies ---
  // Creates or replaces; returns the owner's inline policies' documents after the change (for
  // the size quota, checked by the caller before anything is kept: `check` runs inside the
  // transaction and a failure rolls the change back). Errors: NoSuchEntity (owner).
  virtual Status PutInline(std::string_view account,
                           OwnerKind kind, std::string_view owner, const InlinePolicy& policy,
                           const std::function<Status(const std::vector<std::string>&)>& check) = 0;
  // Errors: NoSuchEntity (owner or policy).
  virtual Result<InlinePolicy> GetInline(std::string_view account,
                                         OwnerKind kind, std::string_view owner,
                                         std::string_view name) = 0;
  virtual Result<std::vector<std::string>> ListInline(std::string_view account,
                                                      OwnerKind kind, std::string_view owner) = 0;
  virtual Status DeleteInline(std::string_view account,
                              OwnerKind kind, std::string_view owner, std::string_view name) = 0;

  // --- tags (users and roles) ---
  // Adds or replaces (a key matching one held without regard to case replaces its value).
  // Errors: NoSuchEntity (owner), LimitExceeded (more than kMaxTags after the change).
  virtual Status TagOwner(std::string_view account, OwnerKind kind, std::string_view owner,
                          const std::vector<Tag>& tags) = 0;
  // Keys not held are no change. Errors: NoSuchEntity (owner).
  virtual Status UntagOwner(std::string_view account, OwnerKind kind, std::string_view owner,
                       const std::vector<std::string>& keys) = 0;
  // In key order. Errors: NoSuchEntity (owner).
  virtual Result<std::vector<Tag>> ListOwnerTags(std::string_view account,
                                                 OwnerKind kind, std::string_view owner) = 0;

  // --- users (rows the credential store's user changes carry along) ---
  // Inside DeleteUser's transaction: DeleteConflict while the user is in a group or holds
  // policies; otherwise its tags go.
  virtual Status CheckUserDeletable(store::Connection& c, std::string_view account,
                                    std::string_view user) = 0;
  // Inside UpdateUser's transaction.
  virtual Status RenameUser(store::Connection& c, std::string_view account,
                            std::string_view from, std::string_view to) = 0;

  // Every user's and group's policies and every customer policy's default document, read in
  // one snapshot: what the authorizer compiles.
  virtual Result<PolicyData> LoadPolicyData() = 0;
};

}  // namespace berth::services::iam
