#pragma once
// IamStore on SQLite (component "iam" of the shared database).

#include <memory>

#include "services/iam/store/iam_store.h"
#include "store/database.h"

namespace berth::services::iam {

// Applies the "iam" migrations. The first attaches AdministratorAccess to every user that
// exists then: an install upgraded to enforced policies keeps working as before.
Result<std::unique_ptr<IamStore>> OpenSqliteIamStore(store::Database& db);

}  // namespace berth::services::iam
