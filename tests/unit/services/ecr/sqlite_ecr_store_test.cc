// SqliteEcrStore on a real Database in a temp dir: the rules the store itself enforces, each in
// one transaction.
#include <unistd.h>

#include <gtest/gtest.h>

#include "services/ecr/store/sqlite_ecr_store.h"

namespace berth::services::ecr {
namespace {

std::string D(char c) { return "sha256:" + std::string(64, c); }

class SqliteEcrStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_ecr_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    Reopen();
    repo_ = NewRepository("app");
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
  }
  void Reopen() {
    store_.reset();
    db_.reset();
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    auto db = store::Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    auto store = SqliteEcrStore::Open(*db_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
  }
  int64_t NewRepository(const std::string& name) {
    Repository repo;
    repo.name = name;
    repo.registry_id = "123456789012";
    repo.created_at = TimePoint(std::chrono::seconds(100));
    auto created = store_->CreateRepository(repo);
    EXPECT_TRUE(created.ok() && *created);
    return repo.id;
  }
  Image MakeImage(char c) {
    Image image;
    image.digest = D(c);
    image.media_type = "application/vnd.oci.image.manifest.v1+json";
    image.size = 10;
    image.pushed_at = TimePoint(std::chrono::seconds(200));
    return image;
  }
  PutImageOutcome Put(const Image& image, std::optional<std::string> tag,
                      std::vector<std::string> refs = {},
                      TagMutability m = TagMutability::kMutable) {
    auto out = store_->PutImage(repo_, image, tag, refs, m);
    EXPECT_TRUE(out.ok()) << out.error().message;
    return out.ok() ? *out : PutImageOutcome::kStored;
  }
  std::vector<std::string> Digests(TagStatus filter) {
    std::vector<std::string> out;
    auto images = store_->ListImages(repo_, filter);
    EXPECT_TRUE(images.ok());
    for (const auto& i : *images) out.push_back(i.digest);
    return out;
  }

  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<SqliteEcrStore> store_;
  int64_t repo_ = 0;
};

TEST_F(SqliteEcrStoreTest, RepositoryNamesAreUniqueAndSettingsPersist) {
  Repository dup;
  dup.name = "app";
  dup.registry_id = "123456789012";
  EXPECT_FALSE(*store_->CreateRepository(dup));

  Repository repo = **store_->GetRepository("123456789012", "app");
  repo.tag_mutability = TagMutability::kImmutable;
  repo.policy_text = R"({"Statement":[]})";
  repo.lifecycle_evaluated_at = TimePoint(std::chrono::seconds(300));
  repo.tags = {{"a", "1"}, {"b", "2"}};
  ASSERT_TRUE(store_->UpdateRepository(repo).ok());
  Reopen();
  Repository back = **store_->GetRepository("123456789012", "app");
  EXPECT_EQ(back.tag_mutability, TagMutability::kImmutable);
  EXPECT_EQ(back.policy_text, repo.policy_text);
  EXPECT_EQ(back.lifecycle_evaluated_at, repo.lifecycle_evaluated_at);
  EXPECT_EQ(back.tags, repo.tags);
  EXPECT_EQ(back.created_at, TimePoint(std::chrono::seconds(100)));
}

TEST_F(SqliteEcrStoreTest, RepositoryNamesAreUniquePerRegistryNotPerServer) {
  Repository other;
  other.name = "app";
  other.registry_id = "210987654321";
  ASSERT_TRUE(*store_->CreateRepository(other));
  EXPECT_NE(other.id, repo_);
  EXPECT_EQ((*store_->GetRepository("210987654321", "app"))->id, other.id);
  EXPECT_EQ((*store_->GetRepository("123456789012", "app"))->id, repo_);
  EXPECT_FALSE(store_->GetRepository("111111111111", "app")->has_value());
  // Each registry lists its own; the images of one are not the other's.
  EXPECT_EQ(store_->ListRepositories("210987654321", "", 10)->size(), 1u);
  Put(MakeImage('a'), "v1");
  EXPECT_TRUE((*store_->LookupImage("123456789012", "app", "v1")).image.has_value());
  auto lookup = *store_->LookupImage("210987654321", "app", "v1");
  ASSERT_TRUE(lookup.repo.has_value());
  EXPECT_FALSE(lookup.image.has_value());
  // Repository policies are listed across registries, for the authorizer.
  other.policy_text = R"({"Statement":[]})";
  ASSERT_TRUE(store_->UpdateRepository(other).ok());
  auto policies = *store_->ListRepositoryPolicies();
  ASSERT_EQ(policies.size(), 1u);
  EXPECT_EQ(policies[0].registry_id, "210987654321");
}

TEST_F(SqliteEcrStoreTest, ListsRepositoriesAfterAKeyInNameOrder) {
  NewRepository("zeta");
  NewRepository("beta");
  auto page = *store_->ListRepositories("123456789012", "app", 10);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].name, "beta");
  EXPECT_EQ(page[1].name, "zeta");
  EXPECT_EQ(store_->ListRepositories("123456789012", "", 1)->size(), 1u);
}

TEST_F(SqliteEcrStoreTest, PutImageReportsRepeatsAndHonoursImmutability) {
  EXPECT_EQ(Put(MakeImage('a'), "v1"), PutImageOutcome::kStored);
  EXPECT_EQ(Put(MakeImage('a'), "v1"), PutImageOutcome::kAlreadyExists);
  EXPECT_EQ(Put(MakeImage('a'), std::nullopt), PutImageOutcome::kAlreadyExists);
  EXPECT_EQ(Put(MakeImage('a'), "v2"), PutImageOutcome::kStored);  // a second tag
  EXPECT_EQ(Put(MakeImage('b'), "v1", {}, TagMutability::kImmutable),
            PutImageOutcome::kTagImmutable);
  EXPECT_EQ(store_->FindImageByDigest(repo_, D('b'))->has_value(), false);
  EXPECT_EQ(Put(MakeImage('b'), "v1"), PutImageOutcome::kStored);  // mutable: the tag moves
  EXPECT_EQ(*store_->ResolveTag(repo_, "v1"), D('b'));
  auto a = **store_->FindImageByDigest(repo_, D('a'));
  EXPECT_EQ(a.tags, std::vector<std::string>{"v2"});
}

TEST_F(SqliteEcrStoreTest, ListImagesFiltersByTagStatus) {
  Put(MakeImage('a'), "v1");
  Put(MakeImage('b'), std::nullopt);
  EXPECT_EQ(Digests(TagStatus::kAny), (std::vector<std::string>{D('a'), D('b')}));
  EXPECT_EQ(Digests(TagStatus::kTagged), std::vector<std::string>{D('a')});
  EXPECT_EQ(Digests(TagStatus::kUntagged), std::vector<std::string>{D('b')});
}

TEST_F(SqliteEcrStoreTest, RemovingTheLastTagDeletesTheImage) {
  Put(MakeImage('a'), "v1");
  Put(MakeImage('a'), "v2");
  auto first = *store_->RemoveTag(repo_, "v1");
  EXPECT_EQ(first.outcome, ImageDeletion::Outcome::kDeleted);
  EXPECT_EQ(first.digest, D('a'));
  EXPECT_TRUE(store_->FindImageByDigest(repo_, D('a'))->has_value());
  EXPECT_EQ(store_->RemoveTag(repo_, "v2")->outcome, ImageDeletion::Outcome::kDeleted);
  EXPECT_FALSE(store_->FindImageByDigest(repo_, D('a'))->has_value());
  EXPECT_EQ(store_->RemoveTag(repo_, "v2")->outcome, ImageDeletion::Outcome::kNotFound);
}

TEST_F(SqliteEcrStoreTest, ImagesNamedByAManifestListStayUntilTheListGoes) {
  Put(MakeImage('a'), "child");
  Image index = MakeImage('i');
  index.media_type = "application/vnd.oci.image.index.v1+json";
  Put(index, "multi", {D('a')});

  auto by_digest = *store_->DeleteImage(repo_, D('a'));
  EXPECT_EQ(by_digest.outcome, ImageDeletion::Outcome::kReferenced);
  EXPECT_EQ(by_digest.parents, std::vector<std::string>{D('i')});
  EXPECT_EQ(store_->RemoveTag(repo_, "child")->outcome, ImageDeletion::Outcome::kReferenced);
  EXPECT_EQ(*store_->ResolveTag(repo_, "child"), D('a'));

  EXPECT_EQ(store_->DeleteImage(repo_, D('i'))->outcome, ImageDeletion::Outcome::kDeleted);
  EXPECT_FALSE(store_->ResolveTag(repo_, "multi")->has_value());  // tags go with the image
  EXPECT_EQ(store_->DeleteImage(repo_, D('a'))->outcome, ImageDeletion::Outcome::kDeleted);
  EXPECT_EQ(store_->DeleteImage(repo_, D('a'))->outcome, ImageDeletion::Outcome::kNotFound);
}

TEST_F(SqliteEcrStoreTest, DeletingARepositoryNeedsForceWhileItHoldsImages) {
  Put(MakeImage('a'), "v1");
  ASSERT_TRUE(store_->LinkLayer(repo_, {D('l'), 5}).ok());
  ASSERT_TRUE(store_->CreateUpload("up-1", repo_, TimePoint()).ok());
  EXPECT_FALSE(*store_->DeleteRepository(repo_, false));
  EXPECT_TRUE(*store_->DeleteRepository(repo_, true));
  EXPECT_FALSE(store_->GetRepository("123456789012", "app")->has_value());
  // Everything the repository held went with it.
  EXPECT_FALSE(store_->UploadRepository("up-1")->has_value());
  const int64_t again = NewRepository("app");
  EXPECT_FALSE(store_->FindLayer(again, D('l'))->has_value());
  EXPECT_TRUE(store_->ListImages(again, TagStatus::kAny)->empty());
}

TEST_F(SqliteEcrStoreTest, LayersAreLinkedPerRepository) {
  const int64_t other = NewRepository("other");
  ASSERT_TRUE(store_->LinkLayer(repo_, {D('l'), 5}).ok());
  ASSERT_TRUE(store_->LinkLayer(repo_, {D('l'), 5}).ok());  // linking twice is harmless
  EXPECT_EQ((*store_->FindLayer(repo_, D('l')))->size, 5u);
  EXPECT_FALSE(store_->FindLayer(other, D('l'))->has_value());
}

TEST_F(SqliteEcrStoreTest, FootprintsCountSharedBlobsOnceAndOnlyReferencedOnes) {
  NewRepository("other");
  for (auto [c, size] : {std::pair{'l', 5}, {'m', 7}, {'c', 3}, {'z', 100}}) {
    ASSERT_TRUE(store_->LinkLayer(repo_, {D(c), static_cast<uint64_t>(size)}).ok());
  }
  Image a = MakeImage('a');
  a.manifest_size = 400;
  Image b = MakeImage('b');
  b.manifest_size = 500;
  Put(a, "a", {D('l'), D('c')});
  Put(b, "b", {D('l'), D('m')});
  Put(b, "b2", {D('l'), D('m')});  // another tag: the same image

  auto all = store_->RepositoryFootprints({});
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "app");
  EXPECT_EQ((*all)[0].image_count, 2);
  // Manifests, then l once, c and m; z is linked but no manifest refers to it.
  EXPECT_EQ((*all)[0].size_bytes, 400 + 500 + 5 + 3 + 7);
  EXPECT_EQ((*all)[1].name, "other");
  EXPECT_EQ((*all)[1].image_count, 0);
  EXPECT_EQ((*all)[1].size_bytes, 0);

  EXPECT_EQ(store_->DeleteImage(repo_, D('b'))->outcome, ImageDeletion::Outcome::kDeleted);
  auto some = store_->RepositoryFootprints({"app", "gone", "app"});
  ASSERT_TRUE(some.ok());
  ASSERT_EQ(some->size(), 1u);
  EXPECT_EQ((*some)[0].image_count, 1);
  EXPECT_EQ((*some)[0].size_bytes, 400 + 5 + 3);
}

TEST_F(SqliteEcrStoreTest, RecordsPullTimes) {
  Put(MakeImage('a'), "v1");
  ASSERT_TRUE(store_->RecordPull(repo_, D('a'), TimePoint(std::chrono::seconds(900))).ok());
  EXPECT_EQ((*store_->FindImageByDigest(repo_, D('a')))->last_pulled_at,
            TimePoint(std::chrono::seconds(900)));
}

}  // namespace
}  // namespace berth::services::ecr

namespace berth::services::ecr {
namespace {

TEST_F(SqliteEcrStoreTest, UploadsPastTheAccountsCapAreRefusedAcrossItsRepositories) {
  const int64_t other = NewRepository("other");
  ASSERT_TRUE(store_->CreateUpload("up-1", repo_, TimePoint(), 3).ok());
  ASSERT_TRUE(store_->CreateUpload("up-2", other, TimePoint(), 3).ok());
  ASSERT_TRUE(store_->CreateUpload("up-3", repo_, TimePoint(), 3).ok());
  Status refused = store_->CreateUpload("up-4", other, TimePoint(), 3);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "LimitExceededException");
  EXPECT_EQ(refused.error().http_status, 400);
  EXPECT_FALSE(store_->UploadRepository("up-4")->has_value());
  // A finished (or expired) upload makes room; no cap, no refusal.
  ASSERT_TRUE(store_->DeleteUpload("up-2").ok());
  EXPECT_TRUE(store_->CreateUpload("up-4", other, TimePoint(), 3).ok());
  EXPECT_TRUE(store_->CreateUpload("up-5", other, TimePoint()).ok());
}

}  // namespace
}  // namespace berth::services::ecr
