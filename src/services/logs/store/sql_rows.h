#pragma once
// Small helpers the logs service's SQLite stores share.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace berth::services::logs {

// Every name starting with `prefix` sorts before prefix + 0xFF: no UTF-8 text holds that byte.
inline std::string PrefixEnd(std::string_view prefix) { return std::string(prefix) + '\xFF'; }

// Every row `stmt` gives, each made a T by `read(stmt)`.
template <class T, class Read>
Result<std::vector<T>> CollectRows(store::Statement& stmt, Read read) {
  std::vector<T> out;
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    out.push_back(read(stmt));
  }
}

}  // namespace berth::services::logs
