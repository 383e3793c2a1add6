#pragma once
// SnsStore on SQLite (component "sns" of the shared database).

#include <memory>

#include "services/sns/store/sns_store.h"
#include "store/database.h"

namespace berth::services::sns {

Result<std::unique_ptr<SnsStore>> OpenSqliteSnsStore(store::Database& db);

}  // namespace berth::services::sns
