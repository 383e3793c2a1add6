#pragma once
// EcrStore on the embedded SQLite database (component "ecr").

#include <memory>

#include "services/ecr/store/ecr_store.h"
#include "store/database.h"

namespace berth::services::ecr {

class SqliteEcrStore final : public EcrStore {
 public:
  // Applies the "ecr" migrations.
  static Result<std::unique_ptr<SqliteEcrStore>> Open(store::Database& db);

  Result<bool> CreateRepository(Repository& repo) override;
  Result<std::optional<Repository>> GetRepository(std::string_view registry_id,
                                                  std::string_view name) override;
  Result<std::vector<Repository>> ListRepositories(std::string_view registry_id,
                                                   std::string_view after, size_t limit) override;
  Result<std::vector<Repository>> ListRepositoryPolicies() override;
  Result<std::vector<Repository>> ListLifecyclePolicies() override;
  Status SetLifecycleEvaluatedAt(int64_t repo_id, TimePoint when) override;
  Status UpdateRepository(const Repository& repo) override;
  Result<bool> DeleteRepository(int64_t repo_id, bool force) override;
  Result<std::optional<Image>> FindImageByDigest(int64_t repo_id,
                                                 std::string_view digest) override;
  Result<std::optional<std::string>> ResolveTag(int64_t repo_id, std::string_view tag) override;
  Result<std::vector<Image>> ListImages(int64_t repo_id, TagStatus filter) override;
  Result<PutImageOutcome> PutImage(int64_t repo_id, const Image& image,
                                   const std::optional<std::string>& tag,
                                   const std::vector<std::string>& references,
                                   TagMutability mutability) override;
  Result<ImageDeletion> DeleteImage(int64_t repo_id, std::string_view digest) override;
  Result<ImageDeletion> RemoveTag(int64_t repo_id, std::string_view tag) override;
  Status RecordPull(int64_t repo_id, std::string_view digest, TimePoint when) override;
  Result<ImageLookup> LookupImage(std::string_view registry_id, std::string_view repo_name,
                                  std::string_view reference) override;
  Result<std::vector<std::string>> ListTags(int64_t repo_id, std::string_view after,
                                            size_t limit) override;
  Result<std::vector<Image>> ListReferrers(int64_t repo_id, std::string_view subject) override;
  Result<std::optional<LayerInfo>> FindLayer(int64_t repo_id, std::string_view digest) override;
  Status LinkLayer(int64_t repo_id, const LayerInfo& layer) override;
  Status CreateUpload(std::string_view upload_id, int64_t repo_id, TimePoint when,
                      size_t max_uploads = 0) override;
  Result<std::optional<int64_t>> UploadRepository(std::string_view upload_id) override;
  Status DeleteUpload(std::string_view upload_id) override;
  Result<std::vector<std::string>> UploadsStartedBefore(TimePoint before) override;
  Result<size_t> UnlinkUnreferencedBlobs(TimePoint before) override;
  Result<bool> IsDigestInUse(std::string_view digest) override;
  Result<std::vector<RepositoryFootprint>> RepositoryFootprints(
      const std::vector<std::string>& names) override;

 private:
  explicit SqliteEcrStore(store::Database& db) : db_(db) {}
  // Every repository, of every registry, meeting an SQL condition on ecr_repositories.
  Result<std::vector<Repository>> RepositoriesWhere(std::string_view condition);
  store::Database& db_;
};

}  // namespace berth::services::ecr
