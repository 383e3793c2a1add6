#include "services/iam/model/types.h"

#include <charconv>

namespace berth::services::iam {

std::string_view OwnerKindName(OwnerKind kind) {
  switch (kind) {
    case OwnerKind::kUser:
      return "user";
    case OwnerKind::kGroup:
      return "group";
    case OwnerKind::kRole:
      return "role";
  }
  return "user";
}

std::string VersionId(int version) { return "v" + std::to_string(version); }

int ParseVersionId(std::string_view id) {
  if (id.size() < 2 || id.size() > 6 || id[0] != 'v') return 0;
  int n = 0;
  auto [ptr, ec] = std::from_chars(id.data() + 1, id.data() + id.size(), n);
  return ec == std::errc() && ptr == id.data() + id.size() && n > 0 ? n : 0;
}

std::string OwnerKey(std::string_view account, std::string_view name) {
  std::string key(account);
  key.append("/").append(name);
  return key;
}

}  // namespace berth::services::iam
