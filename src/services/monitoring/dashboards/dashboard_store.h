#pragma once
// CloudWatch dashboards, kept in berth's state database (table monitoring_dashboards). A
// dashboard is a name and the body exactly as the caller sent it: GetDashboard answers the
// stored bytes, never a re-serialisation.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace berth::services::monitoring::dashboards {

struct DashboardRecord {
  std::string name;
  std::string body;  // empty in List results (only its size is kept)
  int64_t modified_ms = 0;
  int64_t size = 0;  // body bytes
};

// Dashboards are global: no region in the ARN (arn:aws:cloudwatch::<account>:dashboard/<name>).
std::string DashboardArn(const std::string& account, const std::string& name);
// The account and name of a dashboard ARN; nullopt for anything else.
std::optional<std::pair<std::string, std::string>> ParseDashboardArn(const std::string& arn);

class DashboardStore {
 public:
  // Applies the table's migrations (component "monitoring_dashboards").
  static Status Migrate(store::Database& db);
  explicit DashboardStore(store::Database& db) : db_(db) {}

  // Creates or replaces the body; true when it created the dashboard.
  Result<bool> Put(const std::string& account, const std::string& name, const std::string& body,
                   int64_t now_ms);
  Result<std::optional<DashboardRecord>> Get(const std::string& account, const std::string& name);
  // Names starting with `prefix`, after `after` (exclusive), in name order, at most `limit`.
  Result<std::vector<DashboardRecord>> List(const std::string& account, const std::string& prefix,
                                            const std::string& after, size_t limit);
  // Deletes those that exist (one transaction); returns the names that did not.
  Result<std::vector<std::string>> Delete(const std::string& account,
                                          const std::vector<std::string>& names);

 private:
  store::Database& db_;
};

}  // namespace berth::services::monitoring::dashboards
