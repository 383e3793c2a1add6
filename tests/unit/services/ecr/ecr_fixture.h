#pragma once
// A fixture for ECR's handlers: the operation table on a real SQLite store and blob store in a
// temp dir, with a fake clock: no server, no wire. Calls go through the table as the
// dispatcher makes them (Document in, Document or Error out).
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "auth/registry_token.h"
#include "core/crypto.h"
#include "core/url.h"
#include "protocol/json_reader.h"
#include "services/ecr/api/operations.h"
#include "services/ecr/ecr_service.h"
#include "store/blob_store.h"
#include "store/database.h"

namespace berth::services::ecr::ecr_test {

inline std::string Sha(std::string_view bytes) { return "sha256:" + crypto::Sha256Hex(bytes); }

class EcrHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_ecr_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    blobs_ = std::move(*store::OpenLocalBlobStore(root_));
    tokens_ = std::make_unique<auth::RegistryTokens>(std::string(32, 's'), clock_);
    service_ = std::move(*EcrService::Open(*db_, *blobs_, *tokens_, clock_));
    spec_ = MakeEcrService(*service_);
    principal_.account_id = "123456789012";
    principal_.access_key_id = "AKIATEST";
    principal_.arn = "arn:aws:iam::123456789012:user/t";
  }
  void TearDown() override {
    service_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
  }

  Result<Document> Call(const std::string& op, const std::string& json) {
    const pipeline::OperationSpec* spec = spec_.Find(op);
    EXPECT_NE(spec, nullptr) << op;
    auto input = protocol::ParseJson(json);
    EXPECT_TRUE(input.ok()) << json;
    pipeline::CallContext ctx{principal_, "us-east-1", "req", "127.0.0.1", "test",
                              "registry.test:5000", clock_.Now()};
    return spec->handler(ctx, *input);
  }
  Document Ok(const std::string& op, const std::string& json) {
    auto out = Call(op, json);
    EXPECT_TRUE(out.ok()) << op << ": " << (out.ok() ? "" : out.error().message);
    return out.ok() ? *out : Document();
  }
  std::string ErrorCode(const std::string& op, const std::string& json) {
    auto out = Call(op, json);
    return out.ok() ? "ok" : out.error().code;
  }
  void Upload(const std::string& repo, const std::string& bytes) {
    Document up = Ok("InitiateLayerUpload", R"({"repositoryName":")" + repo + R"("})");
    const std::string id = up.Find("uploadId")->as_string();
    Ok("UploadLayerPart", R"({"repositoryName":")" + repo + R"(","uploadId":")" + id +
                              R"(","partFirstByte":0,"partLastByte":)" +
                              std::to_string(bytes.size() - 1) + R"(,"layerPartBlob":")" +
                              crypto::Base64Encode(bytes) + R"("})");
    Ok("CompleteLayerUpload", R"({"repositoryName":")" + repo + R"(","uploadId":")" + id +
                                  R"(","layerDigests":[")" + Sha(bytes) + R"("]})");
  }
  std::string Manifest(const std::string& config, const std::string& layer) {
    return R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
           R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" +
           Sha(config) + R"(","size":)" + std::to_string(config.size()) +
           R"(},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":")" +
           Sha(layer) + R"(","size":)" + std::to_string(layer.size()) + "}]}";
  }
  static std::string Quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out + "\"";
  }

  // The member `key` of `d`; a test failure (and a null document) when it is absent.
  static const Document& At(const Document& d, std::string_view key) {
    static const Document kMissing;
    const Document* found = d.Find(key);
    if (found == nullptr) ADD_FAILURE() << "no member " << key;
    return found != nullptr ? *found : kMissing;
  }
  // The failureCode of each failure in `out`.
  static std::vector<std::string> FailureCodes(const Document& out) {
    std::vector<std::string> codes;
    for (const auto& f : At(out, "failures").as_list()) {
      codes.push_back(At(f, "failureCode").as_string());
    }
    return codes;
  }

  FakeClock clock_{TimePoint(std::chrono::milliseconds(1795583947000))};
  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<auth::RegistryTokens> tokens_;
  std::unique_ptr<EcrService> service_;
  pipeline::ServiceSpec spec_;
  auth::Principal principal_;
};

}  // namespace berth::services::ecr::ecr_test
