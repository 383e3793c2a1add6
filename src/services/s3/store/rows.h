#pragma once
// SQL pieces the local store's files share: the "s3" schema, how metadata maps are kept in a
// column, and the lookups every write starts with.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/s3/bucket_store.h"
#include "store/database.h"

namespace berth::services::s3::rows {

std::span<const store::Migration> Migrations();

// Whole seconds, as S3 keeps modification times.
TimePoint ToSeconds(TimePoint t);

// "name\0value\0…": names and values never hold NUL (they are HTTP header text).
std::string EncodeMap(const std::map<std::string, std::string>& map);
std::map<std::string, std::string> DecodeMap(std::string_view encoded);
// The same encoding for a list that keeps its order (bucket tags).
std::string EncodeList(const std::vector<std::pair<std::string, std::string>>& list);
std::vector<std::pair<std::string, std::string>> DecodeList(std::string_view encoded);

// The id of bucket `name`; NoSuchBucket when it does not exist.
Result<int64_t> BucketId(store::Connection& c, std::string_view name);

// Marks a replaced or deleted file for unlinking after the grace period (same transaction as
// the change that let it go).
Status Doom(store::Connection& c, std::string_view bucket, std::string_view file, TimePoint now);

// Inserts or replaces the row of `info.key` in bucket `id` (named `bucket`), stored in `file`;
// the file of the version it replaces is doomed. Errors: NoSuchBucket (no bucket has this id
// any more).
Status WriteObject(store::Connection& c, int64_t id, std::string_view bucket,
                   const ObjectInfo& info, std::string_view file, TimePoint now);

}  // namespace berth::services::s3::rows
