#include "services/ecr/store/sqlite_ecr_store.h"

#include "services/ecr/model/errors.h"

#include <algorithm>
#include <map>

namespace berth::services::ecr {
namespace {

using store::Connection;
using store::Statement;

// The exclusion filters of IMMUTABLE_WITH_EXCLUSION / MUTABLE_WITH_EXCLUSION, comma-separated
// (a filter is [0-9a-zA-Z._*-]): a component of its own so that its version does not depend on
// the order other changes to the ecr schema land in.
const store::Migration kTagMutabilityMigrations[] = {
    {1, "ALTER TABLE ecr_repositories ADD COLUMN tag_mutability_exclusions TEXT;"},
};

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE ecr_repositories(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
     " registry_id TEXT NOT NULL, created_at INTEGER NOT NULL, tag_mutability TEXT NOT NULL,"
     " scan_on_push INTEGER NOT NULL, encryption_type TEXT NOT NULL, kms_key TEXT,"
     " policy TEXT, lifecycle_policy TEXT, lifecycle_evaluated_at INTEGER);"
     "CREATE TABLE ecr_repository_tags(repository_id INTEGER NOT NULL"
     " REFERENCES ecr_repositories(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL,"
     " PRIMARY KEY(repository_id, key));"
     "CREATE TABLE ecr_images(repository_id INTEGER NOT NULL"
     " REFERENCES ecr_repositories(id) ON DELETE CASCADE, digest TEXT NOT NULL,"
     " media_type TEXT NOT NULL, artifact_media_type TEXT, artifact_type TEXT, subject TEXT,"
     " size INTEGER NOT NULL, manifest_size INTEGER NOT NULL, pushed_at INTEGER NOT NULL,"
     " last_pulled_at INTEGER, PRIMARY KEY(repository_id, digest));"
     "CREATE INDEX ecr_images_subject ON ecr_images(repository_id, subject);"
     "CREATE TABLE ecr_image_tags(repository_id INTEGER NOT NULL, tag TEXT NOT NULL,"
     " digest TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY(repository_id, tag),"
     " FOREIGN KEY(repository_id, digest) REFERENCES ecr_images(repository_id, digest)"
     " ON DELETE CASCADE);"
     "CREATE INDEX ecr_image_tags_digest ON ecr_image_tags(repository_id, digest);"
     // What each manifest refers to (layers, config, child manifests): for GC and checks.
     "CREATE TABLE ecr_image_references(repository_id INTEGER NOT NULL, digest TEXT NOT NULL,"
     " child TEXT NOT NULL, PRIMARY KEY(repository_id, digest, child),"
     " FOREIGN KEY(repository_id, digest) REFERENCES ecr_images(repository_id, digest)"
     " ON DELETE CASCADE);"
     "CREATE INDEX ecr_image_references_child ON ecr_image_references(child);"
     "CREATE TABLE ecr_repository_blobs(repository_id INTEGER NOT NULL"
     " REFERENCES ecr_repositories(id) ON DELETE CASCADE, digest TEXT NOT NULL,"
     " size INTEGER NOT NULL, PRIMARY KEY(repository_id, digest));"
     "CREATE TABLE ecr_uploads(id TEXT PRIMARY KEY, repository_id INTEGER NOT NULL"
     " REFERENCES ecr_repositories(id) ON DELETE CASCADE, started_at INTEGER NOT NULL);"},
    // When a blob was linked to its repository: garbage collection spares recent links, which
    // may belong to a push whose manifest has not arrived yet. Links from before this
    // migration count as old.
    {2,
     "ALTER TABLE ecr_repository_blobs ADD COLUMN linked_at INTEGER NOT NULL DEFAULT 0;"
     "CREATE INDEX ecr_repository_blobs_digest ON ecr_repository_blobs(digest);"
     "CREATE INDEX ecr_images_digest ON ecr_images(digest);"
     "CREATE INDEX ecr_uploads_started ON ecr_uploads(started_at);"},
    // Accounts: a repository's name is unique within its registry (account), not on the
    // server, so two accounts may each have "app". SQLite cannot drop the old UNIQUE(name), so
    // the tables are rebuilt, keeping every id; the children go before their parents, so no
    // drop cascades into rows still wanted, and the renames carry the references along.
    {3,
     "CREATE TABLE ecr_repositories_v3(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
     " registry_id TEXT NOT NULL, created_at INTEGER NOT NULL, tag_mutability TEXT NOT NULL,"
     " scan_on_push INTEGER NOT NULL, encryption_type TEXT NOT NULL, kms_key TEXT,"
     " policy TEXT, lifecycle_policy TEXT, lifecycle_evaluated_at INTEGER,"
     " UNIQUE(registry_id, name));"
     "INSERT INTO ecr_repositories_v3 SELECT id, name, registry_id, created_at, tag_mutability,"
     " scan_on_push, encryption_type, kms_key, policy, lifecycle_policy, lifecycle_evaluated_at"
     " FROM ecr_repositories;"
     "CREATE TABLE ecr_repository_tags_v3(repository_id INTEGER NOT NULL"
     " REFERENCES ecr_repositories_v3(id) ON DELETE CASCADE, key TEXT NOT NULL,"
     " value TEXT NOT NULL, PRIMARY KEY(repository_id, key));"
     "INSERT INTO ecr_repository_tags_v3 SELECT repository_id, key, value"
     " FROM ecr_repository_tags;"
     "CREATE TABLE ecr_images_v3(repository_id INTEGER NOT NULL"
     " REFERENCES ecr_repositories_v3(id) ON DELETE CASCADE, digest TEXT NOT NULL,"
     " media_type TEXT NOT NULL, artifact_media_type TEXT, artifact_type TEXT, subject TEXT,"
     " size INTEGER NOT NULL, manifest_size INTEGER NOT NULL, pushed_at INTEGER NOT NULL,"
     " last_pulled_at INTEGER, PRIMARY KEY(repository_id, digest));"
     "INSERT INTO ecr_images_v3 SELECT repository_id, digest, media_type, artifact_media_type,"
     " artifact_type, subject, size, manifest_size, pushed_at, last_pulled_at FROM ecr_images;"
     "CREATE TABLE ecr_image_tags_v3(repository_id INTEGER NOT NULL, tag TEXT NOT NULL,"
     " digest TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY(repository_id, tag),"
     " FOREIGN KEY(repository_id, digest) REFERENCES ecr_images_v3(repository_id, digest)"
     " ON DELETE CASCADE);"
     "INSERT INTO ecr_image_tags_v3 SELECT repository_id, tag, digest, updated_at"
     " FROM ecr_image_tags;"
     "CREATE TABLE ecr_image_references_v3(repository_id INTEGER NOT NULL,"
     " digest TEXT NOT NULL, child TEXT NOT NULL, PRIMARY KEY(repository_id, digest, child),"
     " FOREIGN KEY(repository_id, digest) REFERENCES ecr_images_v3(repository_id, digest)"
     " ON DELETE CASCADE);"
     "INSERT INTO ecr_image_references_v3 SELECT repository_id, digest, child"
     " FROM ecr_image_references;"
     "CREATE TABLE ecr_repository_blobs_v3(repository_id INTEGER NOT NULL"
     " REFERENCES ecr_repositories_v3(id) ON DELETE CASCADE, digest TEXT NOT NULL,"
     " size INTEGER NOT NULL, linked_at INTEGER NOT NULL DEFAULT 0,"
     " PRIMARY KEY(repository_id, digest));"
     "INSERT INTO ecr_repository_blobs_v3 SELECT repository_id, digest, size, linked_at"
     " FROM ecr_repository_blobs;"
     "CREATE TABLE ecr_uploads_v3(id TEXT PRIMARY KEY, repository_id INTEGER NOT NULL"
     " REFERENCES ecr_repositories_v3(id) ON DELETE CASCADE, started_at INTEGER NOT NULL);"
     "INSERT INTO ecr_uploads_v3 SELECT id, repository_id, started_at FROM ecr_uploads;"
     "DROP TABLE ecr_image_tags; DROP TABLE ecr_image_references; DROP TABLE ecr_images;"
     "DROP TABLE ecr_repository_tags; DROP TABLE ecr_repository_blobs; DROP TABLE ecr_uploads;"
     "DROP TABLE ecr_repositories;"
     "ALTER TABLE ecr_repositories_v3 RENAME TO ecr_repositories;"
     "ALTER TABLE ecr_repository_tags_v3 RENAME TO ecr_repository_tags;"
     "ALTER TABLE ecr_images_v3 RENAME TO ecr_images;"
     "ALTER TABLE ecr_image_tags_v3 RENAME TO ecr_image_tags;"
     "ALTER TABLE ecr_image_references_v3 RENAME TO ecr_image_references;"
     "ALTER TABLE ecr_repository_blobs_v3 RENAME TO ecr_repository_blobs;"
     "ALTER TABLE ecr_uploads_v3 RENAME TO ecr_uploads;"
     "CREATE INDEX ecr_images_subject ON ecr_images(repository_id, subject);"
     "CREATE INDEX ecr_image_tags_digest ON ecr_image_tags(repository_id, digest);"
     "CREATE INDEX ecr_image_references_child ON ecr_image_references(child);"
     "CREATE INDEX ecr_repository_blobs_digest ON ecr_repository_blobs(digest);"
     "CREATE INDEX ecr_images_digest ON ecr_images(digest);"
     "CREATE INDEX ecr_uploads_started ON ecr_uploads(started_at);"},
};

constexpr char kRepositoryColumns[] =
    "SELECT id, name, registry_id, created_at, tag_mutability, scan_on_push, encryption_type,"
    " kms_key, policy, lifecycle_policy, lifecycle_evaluated_at, tag_mutability_exclusions"
    " FROM ecr_repositories ";

Repository ReadRepository(const Statement& s) {
  Repository r;
  r.id = s.ColumnInt(0);
  r.name = s.ColumnText(1);
  r.registry_id = s.ColumnText(2);
  r.created_at = FromMillis(s.ColumnInt(3));
  r.tag_mutability = ParseTagMutability(s.ColumnText(4)).value_or(TagMutability::kMutable);
  r.scan_on_push = s.ColumnInt(5) != 0;
  r.encryption_type = s.ColumnText(6);
  r.kms_key = s.ColumnOptionalText(7);
  r.policy_text = s.ColumnOptionalText(8);
  r.lifecycle_policy_text = s.ColumnOptionalText(9);
  if (!s.ColumnIsNull(10)) r.lifecycle_evaluated_at = FromMillis(s.ColumnInt(10));
  const std::string exclusions = s.ColumnOptionalText(11).value_or("");
  for (size_t at = 0; at < exclusions.size();) {
    const size_t comma = std::min(exclusions.find(',', at), exclusions.size());
    r.tag_mutability_exclusions.push_back(exclusions.substr(at, comma - at));
    at = comma + 1;
  }
  return r;
}

Status LoadRepositoryTags(Connection& c, Repository& r) {
  BERTH_ASSIGN_OR_RETURN(
      auto stmt, c.Prepare("SELECT key, value FROM ecr_repository_tags WHERE repository_id = ?"));
  stmt.Bind(1, r.id);
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    r.tags[stmt.ColumnText(0)] = stmt.ColumnText(1);
  }
}

Status SaveRepositoryTags(Connection& c, const Repository& r) {
  BERTH_ASSIGN_OR_RETURN(auto del,
                         c.Prepare("DELETE FROM ecr_repository_tags WHERE repository_id = ?"));
  del.Bind(1, r.id);
  BERTH_RETURN_IF_ERROR(del.Run());
  for (const auto& [key, value] : r.tags) {
    BERTH_ASSIGN_OR_RETURN(auto ins, c.Prepare("INSERT INTO ecr_repository_tags(repository_id, "
                                               "key, value) VALUES (?, ?, ?)"));
    ins.Bind(1, r.id).Bind(2, key).Bind(3, value);
    BERTH_RETURN_IF_ERROR(ins.Run());
  }
  return Ok();
}

constexpr char kImageColumns[] =
    "SELECT digest, media_type, artifact_media_type, artifact_type, subject, size, manifest_size,"
    " pushed_at, last_pulled_at FROM ecr_images ";

Image ReadImage(const Statement& s) {
  Image i;
  i.digest = s.ColumnText(0);
  i.media_type = s.ColumnText(1);
  i.artifact_media_type = s.ColumnOptionalText(2);
  i.artifact_type = s.ColumnOptionalText(3);
  i.subject = s.ColumnOptionalText(4);
  i.size = static_cast<uint64_t>(s.ColumnInt(5));
  i.manifest_size = static_cast<uint64_t>(s.ColumnInt(6));
  i.pushed_at = FromMillis(s.ColumnInt(7));
  if (!s.ColumnIsNull(8)) i.last_pulled_at = FromMillis(s.ColumnInt(8));
  return i;
}

Status LoadImageTags(Connection& c, int64_t repo_id, Image& image) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT tag FROM ecr_image_tags WHERE "
                                              "repository_id = ? AND digest = ? ORDER BY tag"));
  stmt.Bind(1, repo_id).Bind(2, image.digest);
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    image.tags.push_back(stmt.ColumnText(0));
  }
}

Result<std::optional<std::string>> TagTarget(Connection& c, int64_t repo_id,
                                             std::string_view tag) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT digest FROM ecr_image_tags WHERE "
                                              "repository_id = ? AND tag = ?"));
  stmt.Bind(1, repo_id).Bind(2, tag);
  BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(stmt.ColumnText(0));
}

Result<bool> ImageExists(Connection& c, int64_t repo_id, std::string_view digest) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT 1 FROM ecr_images WHERE repository_id = ? "
                                              "AND digest = ?"));
  stmt.Bind(1, repo_id).Bind(2, digest);
  return stmt.Step();
}

// The manifests of the repository that list `digest` among their children.
Result<std::vector<std::string>> ParentManifests(Connection& c, int64_t repo_id,
                                                 std::string_view digest) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT digest FROM ecr_image_references WHERE "
                                              "repository_id = ? AND child = ? ORDER BY digest"));
  stmt.Bind(1, repo_id).Bind(2, digest);
  std::vector<std::string> parents;
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return parents;
    parents.push_back(stmt.ColumnText(0));
  }
}

// The exclusion filters as the column keeps them; NULL when there are none.
std::optional<std::string> JoinExclusions(const Repository& r) {
  if (r.tag_mutability_exclusions.empty()) return std::nullopt;
  std::string out;
  for (const auto& f : r.tag_mutability_exclusions) out += (out.empty() ? "" : ",") + f;
  return out;
}

Status DeleteImageRow(Connection& c, int64_t repo_id, std::string_view digest) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("DELETE FROM ecr_images WHERE repository_id = ? "
                                              "AND digest = ?"));
  stmt.Bind(1, repo_id).Bind(2, digest);
  return stmt.Run();
}

}  // namespace

Result<std::unique_ptr<SqliteEcrStore>> SqliteEcrStore::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("ecr", kMigrations));
  BERTH_RETURN_IF_ERROR(db.Migrate("ecr_tag_mutability", kTagMutabilityMigrations));
  return std::unique_ptr<SqliteEcrStore>(new SqliteEcrStore(db));
}

Result<bool> SqliteEcrStore::CreateRepository(Repository& repo) {
  Status status = db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("INSERT INTO ecr_repositories(name, registry_id, created_at,"
                             " tag_mutability, scan_on_push, encryption_type, kms_key,"
                             " tag_mutability_exclusions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    stmt.Bind(1, repo.name).Bind(2, repo.registry_id).Bind(3, Millis(repo.created_at));
    stmt.Bind(4, ToString(repo.tag_mutability)).Bind(5, int64_t{repo.scan_on_push});
    stmt.Bind(6, repo.encryption_type).BindOptional(7, repo.kms_key);
    stmt.BindOptional(8, JoinExclusions(repo));
    BERTH_RETURN_IF_ERROR(stmt.Run());
    repo.id = c.LastInsertRowId();
    return SaveRepositoryTags(c, repo);
  });
  if (!status.ok() && store::IsConstraintViolation(status.error())) return false;
  BERTH_RETURN_IF_ERROR(status);
  return true;
}

Result<std::optional<Repository>> SqliteEcrStore::GetRepository(std::string_view registry_id,
                                                               std::string_view name) {
  std::optional<Repository> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kRepositoryColumns) +
                                                "WHERE registry_id = ? AND name = ?"));
    stmt.Bind(1, registry_id).Bind(2, name);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    out = ReadRepository(stmt);
    return LoadRepositoryTags(c, *out);
  }));
  return out;
}

Result<std::vector<Repository>> SqliteEcrStore::ListRepositories(std::string_view registry_id,
                                                                 std::string_view after,
                                                                 size_t limit) {
  std::vector<Repository> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare(std::string(kRepositoryColumns) +
                             "WHERE registry_id = ? AND name > ? ORDER BY name LIMIT ?"));
    stmt.Bind(1, registry_id).Bind(2, after).Bind(3, static_cast<int64_t>(limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(ReadRepository(stmt));
    }
  }));
  return out;
}

Result<std::vector<Repository>> SqliteEcrStore::RepositoriesWhere(std::string_view condition) {
  std::vector<Repository> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kRepositoryColumns) + "WHERE " +
                                                std::string(condition)));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(ReadRepository(stmt));
    }
  }));
  return out;
}

Result<std::vector<Repository>> SqliteEcrStore::ListRepositoryPolicies() {
  return RepositoriesWhere("policy IS NOT NULL");
}

Result<std::vector<Repository>> SqliteEcrStore::ListLifecyclePolicies() {
  return RepositoriesWhere("lifecycle_policy IS NOT NULL");
}

Status SqliteEcrStore::UpdateRepository(const Repository& repo) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("UPDATE ecr_repositories SET tag_mutability = ?, scan_on_push = ?,"
                             " encryption_type = ?, kms_key = ?, policy = ?, lifecycle_policy = ?,"
                             " lifecycle_evaluated_at = ?, tag_mutability_exclusions = ?"
                             " WHERE id = ?"));
    stmt.Bind(1, ToString(repo.tag_mutability)).Bind(2, int64_t{repo.scan_on_push});
    stmt.Bind(3, repo.encryption_type).BindOptional(4, repo.kms_key);
    stmt.BindOptional(5, repo.policy_text).BindOptional(6, repo.lifecycle_policy_text);
    if (repo.lifecycle_evaluated_at) {
      stmt.Bind(7, Millis(*repo.lifecycle_evaluated_at));
    } else {
      stmt.BindNull(7);
    }
    stmt.BindOptional(8, JoinExclusions(repo)).Bind(9, repo.id);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    return SaveRepositoryTags(c, repo);
  });
}

Status SqliteEcrStore::SetLifecycleEvaluatedAt(int64_t repo_id, TimePoint when) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare("UPDATE ecr_repositories SET lifecycle_evaluated_at = ? WHERE id = ?"));
    stmt.Bind(1, Millis(when)).Bind(2, repo_id);
    return stmt.Run();
  });
}

Result<bool> SqliteEcrStore::DeleteRepository(int64_t repo_id, bool force) {
  bool deleted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    if (!force) {
      BERTH_ASSIGN_OR_RETURN(auto count,
                             c.Prepare("SELECT 1 FROM ecr_images WHERE repository_id = ? LIMIT 1"));
      count.Bind(1, repo_id);
      BERTH_ASSIGN_OR_RETURN(bool has_images, count.Step());
      if (has_images) return Ok();
    }
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("DELETE FROM ecr_repositories WHERE id = ?"));
    stmt.Bind(1, repo_id);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    deleted = c.Changes() > 0;
    return Ok();
  }));
  return deleted;
}

Result<std::optional<Image>> SqliteEcrStore::FindImageByDigest(int64_t repo_id,
                                                               std::string_view digest) {
  std::optional<Image> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kImageColumns) +
                                                "WHERE repository_id = ? AND digest = ?"));
    stmt.Bind(1, repo_id).Bind(2, digest);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    out = ReadImage(stmt);
    return LoadImageTags(c, repo_id, *out);
  }));
  return out;
}

Result<std::optional<std::string>> SqliteEcrStore::ResolveTag(int64_t repo_id,
                                                              std::string_view tag) {
  std::optional<std::string> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(out, TagTarget(c, repo_id, tag));
    return Ok();
  }));
  return out;
}

Result<std::vector<Image>> SqliteEcrStore::ListImages(int64_t repo_id, TagStatus filter) {
  std::vector<Image> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kImageColumns) +
                                                "WHERE repository_id = ? ORDER BY digest"));
    stmt.Bind(1, repo_id);
    std::map<std::string, size_t> index;
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      index[stmt.ColumnText(0)] = out.size();
      out.push_back(ReadImage(stmt));
    }
    BERTH_ASSIGN_OR_RETURN(auto tags, c.Prepare("SELECT digest, tag FROM ecr_image_tags WHERE "
                                                "repository_id = ? ORDER BY tag"));
    tags.Bind(1, repo_id);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, tags.Step());
      if (!row) break;
      if (auto it = index.find(tags.ColumnText(0)); it != index.end())
        out[it->second].tags.push_back(tags.ColumnText(1));
    }
    return Ok();
  }));
  if (filter != TagStatus::kAny) {
    const bool want_tagged = filter == TagStatus::kTagged;
    std::erase_if(out, [&](const Image& i) { return i.tags.empty() == want_tagged; });
  }
  return out;
}

Result<PutImageOutcome> SqliteEcrStore::PutImage(int64_t repo_id, const Image& image,
                                                 const std::optional<std::string>& tag,
                                                 const std::vector<std::string>& references,
                                                 TagMutability mutability) {
  PutImageOutcome outcome = PutImageOutcome::kStored;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(bool exists, ImageExists(c, repo_id, image.digest));
    std::optional<std::string> current;
    if (tag) {
      BERTH_ASSIGN_OR_RETURN(current, TagTarget(c, repo_id, *tag));
    }
    if (exists && (!tag || (current && *current == image.digest))) {
      outcome = PutImageOutcome::kAlreadyExists;
      return Ok();
    }
    if (tag && current && *current != image.digest && mutability == TagMutability::kImmutable) {
      outcome = PutImageOutcome::kTagImmutable;
      return Ok();
    }
    if (!exists) {
      BERTH_ASSIGN_OR_RETURN(
          auto ins, c.Prepare("INSERT INTO ecr_images(repository_id, digest, media_type,"
                              " artifact_media_type, artifact_type, subject, size, manifest_size,"
                              " pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      ins.Bind(1, repo_id).Bind(2, image.digest).Bind(3, image.media_type);
      ins.BindOptional(4, image.artifact_media_type).BindOptional(5, image.artifact_type);
      ins.BindOptional(6, image.subject).Bind(7, static_cast<int64_t>(image.size));
      ins.Bind(8, static_cast<int64_t>(image.manifest_size)).Bind(9, Millis(image.pushed_at));
      BERTH_RETURN_IF_ERROR(ins.Run());
      for (const auto& child : references) {
        BERTH_ASSIGN_OR_RETURN(auto ref,
                               c.Prepare("INSERT OR IGNORE INTO ecr_image_references("
                                         "repository_id, digest, child) VALUES (?, ?, ?)"));
        ref.Bind(1, repo_id).Bind(2, image.digest).Bind(3, child);
        BERTH_RETURN_IF_ERROR(ref.Run());
      }
    }
    if (tag) {
      BERTH_ASSIGN_OR_RETURN(
          auto upsert, c.Prepare("INSERT INTO ecr_image_tags(repository_id, tag, digest,"
                                 " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(repository_id, tag)"
                                 " DO UPDATE SET digest = excluded.digest,"
                                 " updated_at = excluded.updated_at"));
      upsert.Bind(1, repo_id).Bind(2, *tag).Bind(3, image.digest).Bind(4, Millis(image.pushed_at));
      BERTH_RETURN_IF_ERROR(upsert.Run());
    }
    return Ok();
  }));
  return outcome;
}

Result<ImageDeletion> SqliteEcrStore::DeleteImage(int64_t repo_id, std::string_view digest) {
  ImageDeletion out;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    out = ImageDeletion{};
    BERTH_ASSIGN_OR_RETURN(bool exists, ImageExists(c, repo_id, digest));
    if (!exists) return Ok();
    out.digest = std::string(digest);
    BERTH_ASSIGN_OR_RETURN(out.parents, ParentManifests(c, repo_id, digest));
    if (!out.parents.empty()) {
      out.outcome = ImageDeletion::Outcome::kReferenced;
      return Ok();
    }
    out.outcome = ImageDeletion::Outcome::kDeleted;
    return DeleteImageRow(c, repo_id, digest);
  }));
  return out;
}

Result<ImageDeletion> SqliteEcrStore::RemoveTag(int64_t repo_id, std::string_view tag) {
  ImageDeletion out;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    out = ImageDeletion{};
    BERTH_ASSIGN_OR_RETURN(auto digest, TagTarget(c, repo_id, tag));
    if (!digest) return Ok();
    out.digest = *digest;
    BERTH_ASSIGN_OR_RETURN(auto count, c.Prepare("SELECT count(*) FROM ecr_image_tags WHERE "
                                                 "repository_id = ? AND digest = ?"));
    count.Bind(1, repo_id).Bind(2, *digest);
    BERTH_ASSIGN_OR_RETURN(bool row, count.Step());
    const bool last_tag = row && count.ColumnInt(0) <= 1;
    if (last_tag) {
      // The image would go with its last tag: not while a manifest list needs it.
      BERTH_ASSIGN_OR_RETURN(out.parents, ParentManifests(c, repo_id, *digest));
      if (!out.parents.empty()) {
        out.outcome = ImageDeletion::Outcome::kReferenced;
        return Ok();
      }
    }
    out.outcome = ImageDeletion::Outcome::kDeleted;
    if (last_tag) return DeleteImageRow(c, repo_id, *digest);  // its tags cascade
    BERTH_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM ecr_image_tags WHERE "
                                               "repository_id = ? AND tag = ?"));
    del.Bind(1, repo_id).Bind(2, tag);
    return del.Run();
  }));
  return out;
}

Status SqliteEcrStore::RecordPull(int64_t repo_id, std::string_view digest, TimePoint when) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("UPDATE ecr_images SET last_pulled_at = ? WHERE "
                                                "repository_id = ? AND digest = ?"));
    stmt.Bind(1, Millis(when)).Bind(2, repo_id).Bind(3, digest);
    return stmt.Run();
  });
}

Result<std::optional<LayerInfo>> SqliteEcrStore::FindLayer(int64_t repo_id,
                                                           std::string_view digest) {
  std::optional<LayerInfo> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT size FROM ecr_repository_blobs WHERE "
                                                "repository_id = ? AND digest = ?"));
    stmt.Bind(1, repo_id).Bind(2, digest);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) out = LayerInfo{std::string(digest), static_cast<uint64_t>(stmt.ColumnInt(0))};
    return Ok();
  }));
  return out;
}

Status SqliteEcrStore::LinkLayer(int64_t repo_id, const LayerInfo& layer) {
  return db_.Write([&](Connection& c) -> Status {
    // A link made again (the same layer pushed anew) counts as recent again.
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("INSERT INTO ecr_repository_blobs(repository_id, digest, size,"
                             " linked_at) VALUES (?, ?, ?, ?) ON CONFLICT(repository_id, digest)"
                             " DO UPDATE SET linked_at = excluded.linked_at"));
    stmt.Bind(1, repo_id).Bind(2, layer.digest).Bind(3, static_cast<int64_t>(layer.size));
    stmt.Bind(4, Millis(layer.linked_at));
    return stmt.Run();
  });
}

Status SqliteEcrStore::CreateUpload(std::string_view upload_id, int64_t repo_id, TimePoint when,
                                   size_t max_uploads) {
  return db_.Write([&](Connection& c) -> Status {
    if (max_uploads > 0) {
      BERTH_ASSIGN_OR_RETURN(
          auto count,
          c.Prepare("SELECT COUNT(*) FROM ecr_uploads u JOIN ecr_repositories r"
                    " ON r.id = u.repository_id WHERE r.registry_id ="
                    " (SELECT registry_id FROM ecr_repositories WHERE id = ?)"));
      count.Bind(1, repo_id);
      BERTH_ASSIGN_OR_RETURN(bool row, count.Step());
      if (row && count.ColumnInt(0) >= static_cast<int64_t>(max_uploads)) {
        return errors::LimitExceeded(
            "The operation did not succeed because it would have exceeded a service limit for "
            "your account: at most " + std::to_string(max_uploads) +
            " layer uploads may be in progress at once; complete or cancel one, or wait for "
            "idle ones to expire");
      }
    }
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("INSERT INTO ecr_uploads(id, repository_id, "
                                                "started_at) VALUES (?, ?, ?)"));
    stmt.Bind(1, upload_id).Bind(2, repo_id).Bind(3, Millis(when));
    return stmt.Run();
  });
}

Result<std::optional<int64_t>> SqliteEcrStore::UploadRepository(std::string_view upload_id) {
  std::optional<int64_t> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("SELECT repository_id FROM ecr_uploads WHERE id = ?"));
    stmt.Bind(1, upload_id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) out = stmt.ColumnInt(0);
    return Ok();
  }));
  return out;
}

Status SqliteEcrStore::DeleteUpload(std::string_view upload_id) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("DELETE FROM ecr_uploads WHERE id = ?"));
    stmt.Bind(1, upload_id);
    return stmt.Run();
  });
}

Result<ImageLookup> SqliteEcrStore::LookupImage(std::string_view registry_id,
                                                std::string_view repo_name,
                                                std::string_view reference) {
  ImageLookup out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto repo, c.Prepare(std::string(kRepositoryColumns) +
                                                "WHERE registry_id = ? AND name = ?"));
    repo.Bind(1, registry_id).Bind(2, repo_name);
    BERTH_ASSIGN_OR_RETURN(bool found, repo.Step());
    if (!found) return Ok();
    out.repo = ReadRepository(repo);
    std::string digest(reference);
    if (reference.find(':') == std::string_view::npos) {
      BERTH_ASSIGN_OR_RETURN(auto target, TagTarget(c, out.repo->id, reference));
      if (!target) return Ok();
      digest = std::move(*target);
    }
    BERTH_ASSIGN_OR_RETURN(auto image, c.Prepare(std::string(kImageColumns) +
                                                 "WHERE repository_id = ? AND digest = ?"));
    image.Bind(1, out.repo->id).Bind(2, digest);
    BERTH_ASSIGN_OR_RETURN(found, image.Step());
    if (found) out.image = ReadImage(image);
    return Ok();
  }));
  return out;
}

Result<std::vector<std::string>> SqliteEcrStore::ListTags(int64_t repo_id,
                                                          std::string_view after, size_t limit) {
  std::vector<std::string> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT tag FROM ecr_image_tags WHERE "
                                                "repository_id = ? AND tag > ? ORDER BY tag "
                                                "LIMIT ?"));
    stmt.Bind(1, repo_id).Bind(2, after).Bind(3, static_cast<int64_t>(limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(stmt.ColumnText(0));
    }
  }));
  return out;
}

Result<std::vector<Image>> SqliteEcrStore::ListReferrers(int64_t repo_id,
                                                         std::string_view subject) {
  std::vector<Image> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kImageColumns) +
                                                "WHERE repository_id = ? AND subject = ? "
                                                "ORDER BY digest"));
    stmt.Bind(1, repo_id).Bind(2, subject);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(ReadImage(stmt));
    }
  }));
  return out;
}

Result<std::vector<std::string>> SqliteEcrStore::UploadsStartedBefore(TimePoint before) {
  std::vector<std::string> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("SELECT id FROM ecr_uploads WHERE started_at < ?"));
    stmt.Bind(1, Millis(before));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(stmt.ColumnText(0));
    }
  }));
  return out;
}

Result<size_t> SqliteEcrStore::UnlinkUnreferencedBlobs(TimePoint before) {
  size_t removed = 0;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare("DELETE FROM ecr_repository_blobs AS b WHERE b.linked_at < ? AND NOT EXISTS ("
                  "SELECT 1 FROM ecr_image_references r WHERE r.repository_id = b.repository_id"
                  " AND r.child = b.digest)"));
    stmt.Bind(1, Millis(before));
    BERTH_RETURN_IF_ERROR(stmt.Run());
    removed = static_cast<size_t>(c.Changes());
    return Ok();
  }));
  return removed;
}

Result<bool> SqliteEcrStore::IsDigestInUse(std::string_view digest) {
  bool used = false;
  // A write transaction, so the answer cannot be overtaken by a concurrent link or push
  // before the caller acts on it within the same moment (see registry/garbage_collector.cc).
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare("SELECT EXISTS(SELECT 1 FROM ecr_repository_blobs WHERE digest = ?1)"
                  " OR EXISTS(SELECT 1 FROM ecr_images WHERE digest = ?1)"
                  " OR EXISTS(SELECT 1 FROM ecr_image_references WHERE child = ?1)"));
    stmt.Bind(1, digest);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    used = row && stmt.ColumnInt(0) != 0;
    return Ok();
  }));
  return used;
}

// In SQL over the tables that already say it: a blob counts once however many manifests
// refer to it, and only while one does (a link left by a deleted image does not count).
Result<std::vector<RepositoryFootprint>> SqliteEcrStore::RepositoryFootprints(
    const std::vector<std::string>& names) {
  constexpr char kSql[] =
      "SELECT r.name,"
      " (SELECT COUNT(*) FROM ecr_images i WHERE i.repository_id = r.id),"
      " (SELECT COALESCE(SUM(i.manifest_size), 0) FROM ecr_images i"
      "   WHERE i.repository_id = r.id)"
      " + (SELECT COALESCE(SUM(b.size), 0) FROM ecr_repository_blobs b"
      "   WHERE b.repository_id = r.id AND EXISTS (SELECT 1 FROM ecr_image_references x"
      "     WHERE x.repository_id = r.id AND x.child = b.digest))"
      " FROM ecr_repositories r ";
  std::vector<RepositoryFootprint> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    auto read = [&](Statement& stmt) -> Status {
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) return Ok();
        out.push_back({stmt.ColumnText(0), stmt.ColumnInt(1), stmt.ColumnInt(2)});
      }
    };
    if (names.empty()) {
      BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kSql) + "ORDER BY r.name"));
      return read(stmt);
    }
    std::vector<std::string> sorted = names;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (const std::string& name : sorted) {
      BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kSql) + "WHERE r.name = ?"));
      stmt.Bind(1, name);
      BERTH_RETURN_IF_ERROR(read(stmt));
    }
    return Ok();
  }));
  return out;
}

}  // namespace berth::services::ecr
