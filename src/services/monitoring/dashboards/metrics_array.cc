#include "services/monitoring/dashboards/metrics_array.h"

namespace berth::services::monitoring::dashboards {
namespace {

constexpr size_t kMaxDimensions = 30;  // a metric has at most 30 dimensions

bool IdPattern(const std::string& s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

void CheckOptions(const Document& o, const std::string& path, Checker& check) {
  check.OnlyProperties(o, path,
                       {"accountId", "color", "expression", "id", "label", "period", "region",
                        "stat", "visible", "yAxis"});
  for (const auto& [key, v] : o.as_map()) {
    const std::string p = Child(path, key);
    if (key == "color") {
      check.Color(v, p);
    } else if (key == "id") {
      if (check.String(v, p) && !IdPattern(v.as_string()))
        check.Add(p, "Should match pattern \"^[a-z][a-zA-Z0-9_]*$\"");
    } else if (key == "period") {
      check.Integer(v, p, 1, 31536000);
    } else if (key == "visible") {
      check.Boolean(v, p);
    } else if (key == "yAxis") {
      check.Enum(v, p, {"left", "right"});
    } else if (key == "accountId" || key == "expression" || key == "label" || key == "region" ||
               key == "stat") {
      check.String(v, p);
    }
  }
}

}  // namespace

std::vector<MetricRow> ResolveMetricRows(const Document& metrics, const std::string& path,
                                         Checker& check) {
  std::vector<MetricRow> rows;
  if (!check.Array(metrics, path)) return rows;
  std::vector<std::string> previous;  // the last metric row's fields, for "."
  const Document::List& list = metrics.as_list();
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string row_path = Child(path, i);
    if (!check.Array(list[i], row_path)) continue;
    const Document::List& items = list[i].as_list();
    const size_t before = check.messages().size();
    MetricRow row;
    for (size_t k = 0; k < items.size(); ++k) {
      const std::string item_path = Child(row_path, k);
      if (items[k].is_map() && k + 1 == items.size()) {
        row.options = &items[k];
        CheckOptions(items[k], item_path, check);
      } else if (!check.String(items[k], item_path)) {
        continue;
      } else if (items[k].as_string() == ".") {
        if (k >= previous.size()) {
          check.Add(item_path,
                    "Should not be \".\": the metric above has no value at this position");
          continue;
        }
        row.fields.push_back(previous[k]);
      } else {
        row.fields.push_back(items[k].as_string());
      }
    }
    // The next row's "." repeats these strings even when this row's options were wrong.
    if (!row.fields.empty()) previous = row.fields;
    if (check.messages().size() != before) {
      continue;  // an item's own message says enough: no count checks on a broken row
    } else if (row.fields.empty()) {
      if (row.options == nullptr) {
        check.Add(row_path, "Should NOT have fewer than 1 items");
      } else {
        check.Required(*row.options, Child(row_path, items.size() - 1), "expression");
      }
    } else if (!row.IsExpression()) {
      if (row.fields.size() < 2) {
        check.Add(row_path, "Should NOT have fewer than 2 items");
      } else if (row.fields.size() > 2 + 2 * kMaxDimensions) {
        check.Add(row_path, "Should NOT have more than " +
                                std::to_string(2 + 2 * kMaxDimensions + 1) + " items");
      } else if (row.fields.size() % 2 != 0) {
        check.Add(row_path, "Should have dimensions as name/value pairs after the metric name");
      }
    }
    if (check.messages().size() != before) continue;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace berth::services::monitoring::dashboards
