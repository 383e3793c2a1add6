#include "services/cloudtrail/model/insight_selector_codec.h"

#include <algorithm>

#include "services/cloudtrail/model/errors.h"

namespace berth::services::cloudtrail {
namespace {

constexpr std::string_view kManagement = "Management";

// Whether an advanced selector can select management events, and write ones.
void AdvancedSelects(const AdvancedEventSelector& s, bool& management, bool& writes) {
  bool is_management = false, read_only_only = false;
  for (const FieldSelector& f : s.fields) {
    if (f.field == "eventCategory") {
      is_management = std::find(f.equals.begin(), f.equals.end(), kManagement) != f.equals.end();
    } else if (f.field == "readOnly") {
      read_only_only = f.equals.size() == 1 && f.equals[0] == "true";
    }
  }
  management = management || is_management;
  writes = writes || (is_management && !read_only_only);
}

}  // namespace

Document EncodeInsightSelectors(const std::vector<InsightSelector>& selectors) {
  Document list = Document::MakeList();
  for (const InsightSelector& s : selectors) {
    Document d;
    d["InsightType"] = std::string(InsightTypeName(s.type));
    if (s.categories_given) {
      Document categories = Document::MakeList();
      categories.Push(std::string(kManagement));
      d["EventCategories"] = std::move(categories);
    }
    list.Push(std::move(d));
  }
  return list;
}

Result<std::vector<InsightSelector>> DecodeInsightSelectors(const Document& list) {
  std::vector<InsightSelector> out;
  if (!list.is_list()) {
    return errors::InvalidInsightSelectors("InsightSelectors must be a list of selectors.");
  }
  for (const Document& item : list.as_list()) {
    if (!item.is_map()) {
      return errors::InvalidInsightSelectors("Each insight selector must be a structure.");
    }
    FieldReader r(item);
    const auto type = r.OptionalString("InsightType");
    const auto categories = r.OptionalStringList("EventCategories");
    BERTH_RETURN_IF_ERROR(r.status());
    InsightSelector s;
    if (type == "ApiCallRateInsight") {
      s.type = InsightType::kApiCallRate;
    } else if (type == "ApiErrorRateInsight") {
      s.type = InsightType::kApiErrorRate;
    } else {
      return errors::InvalidInsightSelectors(
          "Invalid InsightType: " + type.value_or("null") +
          ". Valid values are ApiCallRateInsight and ApiErrorRateInsight.");
    }
    if (categories) {
      for (const std::string& c : *categories) {
        if (c == "Data") {
          return errors::InvalidInsightSelectors(
              "Insights on data events need a trail that logs data events; berth records "
              "management events only.");
        }
        if (c != kManagement) {
          return errors::InvalidInsightSelectors("Invalid EventCategories value: " + c +
                                                 ". Valid values are Management and Data.");
        }
      }
      s.categories_given = true;
    }
    if (std::any_of(out.begin(), out.end(),
                    [&](const InsightSelector& o) { return o.type == s.type; })) {
      return errors::InvalidInsightSelectors("Duplicate InsightType: " + *type + ".");
    }
    out.push_back(s);
  }
  return out;
}

Status CheckTrailLogsInsightSources(const Trail& trail,
                                    const std::vector<InsightSelector>& selectors) {
  bool management = false, writes = false;
  if (!trail.advanced_selectors.empty()) {
    for (const auto& s : trail.advanced_selectors) AdvancedSelects(s, management, writes);
  } else {
    for (const auto& s : trail.selectors) {
      if (!s.include_management_events) continue;
      management = true;
      writes = writes || s.read_write_type != "ReadOnly";
    }
  }
  for (const InsightSelector& s : selectors) {
    if (s.type == InsightType::kApiCallRate && !writes) {
      return errors::InvalidInsightSelectors(
          "ApiCallRateInsight requires the trail to log write management events. Update the "
          "trail's event selectors, and then try again.");
    }
    if (s.type == InsightType::kApiErrorRate && !management) {
      return errors::InvalidInsightSelectors(
          "ApiErrorRateInsight requires the trail to log management events. Update the "
          "trail's event selectors, and then try again.");
    }
  }
  return Ok();
}

}  // namespace berth::services::cloudtrail
