#include "services/cloudtrail/model/selector_codec.h"

#include "core/json_writer.h"
#include "protocol/json_reader.h"
#include "services/cloudtrail/model/errors.h"

namespace berth::services::cloudtrail {
namespace {

constexpr size_t kMaxSelectors = 5;
constexpr size_t kMaxAdvancedSelectors = 500;

Document StringList(const std::vector<std::string>& items) {
  Document list = Document::MakeList();
  for (const auto& i : items) list.Push(i);
  return list;
}

Result<std::vector<std::string>> ReadStrings(const Document* list, std::string_view what) {
  std::vector<std::string> out;
  if (list == nullptr) return out;
  if (!list->is_list()) return errors::InvalidEventSelectors(std::string(what) + " must be a list");
  for (const auto& item : list->as_list()) {
    if (!item.is_string() || item.as_string().empty()) {
      return errors::InvalidEventSelectors(std::string(what) + " must hold non-empty strings");
    }
    out.push_back(item.as_string());
  }
  return out;
}

constexpr std::string_view kFields[] = {"eventCategory", "eventSource",    "eventName",
                                        "readOnly",      "resources.type", "resources.ARN",
                                        "eventType",     "userIdentity.arn"};

}  // namespace

Document EncodeEventSelectors(const std::vector<EventSelector>& selectors) {
  Document list = Document::MakeList();
  for (const auto& s : selectors) {
    Document d;
    d["ReadWriteType"] = s.read_write_type;
    d["IncludeManagementEvents"] = s.include_management_events;
    auto resources = protocol::ParseJson(s.data_resources_json);
    d["DataResources"] = resources.ok() ? std::move(*resources) : Document::MakeList();
    d["ExcludeManagementEventSources"] = StringList(s.exclude_management_event_sources);
    list.Push(std::move(d));
  }
  return list;
}

Document EncodeAdvancedEventSelectors(const std::vector<AdvancedEventSelector>& selectors) {
  Document list = Document::MakeList();
  for (const auto& s : selectors) {
    Document d;
    if (!s.name.empty()) d["Name"] = s.name;
    Document fields = Document::MakeList();
    for (const auto& f : s.fields) {
      Document fd;
      fd["Field"] = f.field;
      if (!f.equals.empty()) fd["Equals"] = StringList(f.equals);
      if (!f.starts_with.empty()) fd["StartsWith"] = StringList(f.starts_with);
      if (!f.ends_with.empty()) fd["EndsWith"] = StringList(f.ends_with);
      if (!f.not_equals.empty()) fd["NotEquals"] = StringList(f.not_equals);
      if (!f.not_starts_with.empty()) fd["NotStartsWith"] = StringList(f.not_starts_with);
      if (!f.not_ends_with.empty()) fd["NotEndsWith"] = StringList(f.not_ends_with);
      fields.Push(std::move(fd));
    }
    d["FieldSelectors"] = std::move(fields);
    list.Push(std::move(d));
  }
  return list;
}

Result<std::vector<EventSelector>> DecodeEventSelectors(const Document& list) {
  if (!list.is_list()) return errors::InvalidEventSelectors("EventSelectors must be a list");
  if (list.as_list().size() > kMaxSelectors) {
    return errors::InvalidEventSelectors("You can have no more than 5 event selectors per trail.");
  }
  std::vector<EventSelector> out;
  for (const auto& item : list.as_list()) {
    if (!item.is_map()) return errors::InvalidEventSelectors("An event selector must be a structure");
    FieldReader r(item);
    EventSelector s;
    s.read_write_type = r.OptionalString("ReadWriteType").value_or("All");
    s.include_management_events = r.OptionalBool("IncludeManagementEvents").value_or(true);
    const Document* resources = r.OptionalList("DataResources");
    const Document* excluded = r.OptionalList("ExcludeManagementEventSources");
    BERTH_RETURN_IF_ERROR(r.status());
    if (s.read_write_type != "All" && s.read_write_type != "ReadOnly" &&
        s.read_write_type != "WriteOnly") {
      return errors::InvalidEventSelectors("ReadWriteType must be ReadOnly, WriteOnly or All.");
    }
    if (resources != nullptr) s.data_resources_json = ToJson(*resources);
    BERTH_ASSIGN_OR_RETURN(s.exclude_management_event_sources,
                           ReadStrings(excluded, "ExcludeManagementEventSources"));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<AdvancedEventSelector>> DecodeAdvancedEventSelectors(const Document& list) {
  if (!list.is_list()) {
    return errors::InvalidEventSelectors("AdvancedEventSelectors must be a list");
  }
  if (list.as_list().size() > kMaxAdvancedSelectors) {
    return errors::InvalidEventSelectors("Too many advanced event selectors.");
  }
  std::vector<AdvancedEventSelector> out;
  for (const auto& item : list.as_list()) {
    if (!item.is_map()) return errors::InvalidEventSelectors("A selector must be a structure");
    FieldReader r(item);
    AdvancedEventSelector s;
    s.name = r.OptionalString("Name").value_or("");
    const Document* fields = r.OptionalList("FieldSelectors");
    BERTH_RETURN_IF_ERROR(r.status());
    if (fields == nullptr || fields->as_list().empty()) {
      return errors::InvalidEventSelectors("FieldSelectors must not be empty.");
    }
    bool has_category = false;
    for (const auto& f : fields->as_list()) {
      if (!f.is_map()) return errors::InvalidEventSelectors("A field selector must be a structure");
      FieldReader fr(f);
      FieldSelector fs;
      fs.field = fr.RequiredString("Field");
      BERTH_RETURN_IF_ERROR(fr.status());
      if (std::find(std::begin(kFields), std::end(kFields), fs.field) == std::end(kFields)) {
        return errors::InvalidEventSelectors("Field " + fs.field + " is not valid.");
      }
      BERTH_ASSIGN_OR_RETURN(fs.equals, ReadStrings(f.Find("Equals"), "Equals"));
      BERTH_ASSIGN_OR_RETURN(fs.starts_with, ReadStrings(f.Find("StartsWith"), "StartsWith"));
      BERTH_ASSIGN_OR_RETURN(fs.ends_with, ReadStrings(f.Find("EndsWith"), "EndsWith"));
      BERTH_ASSIGN_OR_RETURN(fs.not_equals, ReadStrings(f.Find("NotEquals"), "NotEquals"));
      BERTH_ASSIGN_OR_RETURN(fs.not_starts_with,
                             ReadStrings(f.Find("NotStartsWith"), "NotStartsWith"));
      BERTH_ASSIGN_OR_RETURN(fs.not_ends_with, ReadStrings(f.Find("NotEndsWith"), "NotEndsWith"));
      if (fs.equals.empty() && fs.starts_with.empty() && fs.ends_with.empty() &&
          fs.not_equals.empty() && fs.not_starts_with.empty() && fs.not_ends_with.empty()) {
        return errors::InvalidEventSelectors("Field " + fs.field + " has no operator.");
      }
      if (fs.field == "eventCategory") {
        has_category = true;
        for (const auto& v : fs.equals) {
          if (v != "Management" && v != "Data" && v != "NetworkActivity") {
            return errors::InvalidEventSelectors("eventCategory " + v + " is not valid.");
          }
        }
      }
      s.fields.push_back(std::move(fs));
    }
    if (!has_category) {
      return errors::InvalidEventSelectors(
          "Each advanced event selector must have an eventCategory field.");
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace berth::services::cloudtrail
