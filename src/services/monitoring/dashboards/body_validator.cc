#include "services/monitoring/dashboards/body_validator.h"

#include "protocol/json_reader.h"
#include "services/monitoring/dashboards/metrics_array.h"

namespace berth::services::monitoring::dashboards {
namespace {

void CheckAxis(const Document& axis, const std::string& path, Checker& check) {
  if (!check.Object(axis, path)) return;
  check.OnlyProperties(axis, path, {"min", "max", "label", "showUnits"});
  for (const auto& [key, v] : axis.as_map()) {
    const std::string p = Child(path, key);
    if (key == "min" || key == "max") check.Number(v, p);
    if (key == "label") check.String(v, p);
    if (key == "showUnits") check.Boolean(v, p);
  }
}

void CheckAnnotation(const Document& a, const std::string& path, Checker& check, bool horizontal) {
  if (!check.Object(a, path)) return;
  check.OnlyProperties(a, path, {"value", "label", "color", "fill", "visible", "yAxis"});
  if (check.Required(a, path, "value")) {
    const std::string p = Child(path, "value");
    if (horizontal)
      check.Number(*a.Find("value"), p);
    else
      check.String(*a.Find("value"), p);
  }
  for (const auto& [key, v] : a.as_map()) {
    const std::string p = Child(path, key);
    if (key == "label") check.String(v, p);
    if (key == "color") check.Color(v, p);
    if (key == "visible") check.Boolean(v, p);
    if (key == "yAxis") check.Enum(v, p, {"left", "right"});
    if (key == "fill") {
      if (horizontal)
        check.Enum(v, p, {"above", "below"});
      else
        check.Enum(v, p, {"before", "after"});
    }
  }
}

void CheckAnnotations(const Document& an, const std::string& path, Checker& check) {
  if (!check.Object(an, path)) return;
  check.OnlyProperties(an, path, {"horizontal", "vertical", "alarms"});
  if (const Document* h = an.Find("horizontal"); h && check.Array(*h, Child(path, "horizontal"))) {
    for (size_t i = 0; i < h->as_list().size(); ++i) {
      const Document& item = h->as_list()[i];
      const std::string p = Child(Child(path, "horizontal"), i);
      if (item.is_list()) {  // a band: [ {from}, {to} ]
        for (size_t k = 0; k < item.as_list().size(); ++k)
          CheckAnnotation(item.as_list()[k], Child(p, k), check, true);
      } else {
        CheckAnnotation(item, p, check, true);
      }
    }
  }
  if (const Document* v = an.Find("vertical"); v && check.Array(*v, Child(path, "vertical"))) {
    for (size_t i = 0; i < v->as_list().size(); ++i) {
      const Document& item = v->as_list()[i];
      const std::string p = Child(Child(path, "vertical"), i);
      if (item.is_list()) {
        for (size_t k = 0; k < item.as_list().size(); ++k)
          CheckAnnotation(item.as_list()[k], Child(p, k), check, false);
      } else {
        CheckAnnotation(item, p, check, false);
      }
    }
  }
  if (const Document* al = an.Find("alarms"); al && check.Array(*al, Child(path, "alarms"))) {
    for (size_t i = 0; i < al->as_list().size(); ++i)
      check.String(al->as_list()[i], Child(Child(path, "alarms"), i));
  }
}

void CheckTextProperties(const Document& props, const std::string& path, Checker& check) {
  check.OnlyProperties(props, path, {"markdown", "background"});
  if (check.Required(props, path, "markdown"))
    check.String(*props.Find("markdown"), Child(path, "markdown"));
  if (const Document* b = props.Find("background"))
    check.Enum(*b, Child(path, "background"), {"transparent", "solid"});
}

void CheckLogProperties(const Document& props, const std::string& path, Checker& check) {
  if (check.Required(props, path, "query"))
    check.String(*props.Find("query"), Child(path, "query"));
  if (check.Required(props, path, "region"))
    check.String(*props.Find("region"), Child(path, "region"));
  if (const Document* v = props.Find("view"))
    check.Enum(*v, Child(path, "view"), {"table", "timeSeries", "bar", "pie"});
  if (const Document* t = props.Find("title")) check.String(*t, Child(path, "title"));
  if (const Document* s = props.Find("stacked")) check.Boolean(*s, Child(path, "stacked"));
}

void CheckAlarmProperties(const Document& props, const std::string& path, Checker& check) {
  if (check.Required(props, path, "alarms")) {
    const Document& al = *props.Find("alarms");
    if (check.Array(al, Child(path, "alarms"))) {
      for (size_t i = 0; i < al.as_list().size(); ++i)
        check.String(al.as_list()[i], Child(Child(path, "alarms"), i));
    }
  }
  if (const Document* t = props.Find("title")) check.String(*t, Child(path, "title"));
}

void CheckWidget(const Document& w, const std::string& path, Checker& check) {
  if (!check.Object(w, path)) return;
  check.OnlyProperties(w, path, {"type", "x", "y", "width", "height", "properties"});
  const Document* type = w.Find("type");
  bool type_ok = false;
  if (check.Required(w, path, "type"))
    type_ok = check.Enum(*type, Child(path, "type"),
                         {"metric", "text", "log", "alarm", "explorer", "custom"});
  if (const Document* x = w.Find("x")) check.Integer(*x, Child(path, "x"), 0, 23);
  if (const Document* y = w.Find("y")) check.Integer(*y, Child(path, "y"), 0, 1000000);
  if (const Document* wd = w.Find("width")) check.Integer(*wd, Child(path, "width"), 1, 24);
  if (const Document* h = w.Find("height")) check.Integer(*h, Child(path, "height"), 1, 1000);
  if (!check.Required(w, path, "properties")) return;
  const Document& props = *w.Find("properties");
  const std::string pp = Child(path, "properties");
  if (!check.Object(props, pp) || !type_ok) return;
  const std::string& t = type->as_string();
  if (t == "metric")
    CheckMetricProperties(props, pp, check, true);
  else if (t == "text")
    CheckTextProperties(props, pp, check);
  else if (t == "log")
    CheckLogProperties(props, pp, check);
  else if (t == "alarm")
    CheckAlarmProperties(props, pp, check);
  else if (t == "custom" && check.Required(props, pp, "endpoint"))
    check.String(*props.Find("endpoint"), Child(pp, "endpoint"));
  // explorer widgets carry free-form metric templates: only their being an object is checked.
}

}  // namespace

void CheckMetricProperties(const Document& props, const std::string& path, Checker& check,
                           bool in_dashboard) {
  const Document* metrics = props.Find("metrics");
  const Document* annotations = props.Find("annotations");
  // The anyOf(metrics, annotations) of AWS's schema, with its semantic region check between
  // the two branches' messages, in the order AWS reports them.
  if (metrics == nullptr && annotations == nullptr) check.Required(props, path, "metrics");
  const bool alarm_annotation = annotations != nullptr && annotations->Find("alarms") != nullptr;
  if (in_dashboard &&
      (props.Find("region") == nullptr || (metrics == nullptr && !alarm_annotation)))
    check.Add(path,
              "The metric widget should have specified a region and a data source or an alarm "
              "annotation");
  if (metrics == nullptr && annotations == nullptr) check.Required(props, path, "annotations");
  if (metrics != nullptr) ResolveMetricRows(*metrics, Child(path, "metrics"), check);
  if (annotations != nullptr) CheckAnnotations(*annotations, Child(path, "annotations"), check);
  for (const auto& [key, v] : props.as_map()) {
    const std::string p = Child(path, key);
    if (key == "view") {
      check.Enum(v, p, {"timeSeries", "singleValue", "bar", "pie", "gauge", "table"});
    } else if (key == "stacked" || key == "liveData" || key == "setPeriodToTimeRange" ||
               key == "sparkline" || key == "trend" || key == "singleValueFullPrecision") {
      check.Boolean(v, p);
    } else if (key == "period") {
      check.Integer(v, p, 1, 31536000);
    } else if (key == "stat" || key == "region" || key == "title" || key == "timezone" ||
               key == "start" || key == "end" || key == "accountId") {
      check.String(v, p);
    } else if (key == "yAxis") {
      if (check.Object(v, p)) {
        check.OnlyProperties(v, p, {"left", "right"});
        if (const Document* l = v.Find("left")) CheckAxis(*l, Child(p, "left"), check);
        if (const Document* r = v.Find("right")) CheckAxis(*r, Child(p, "right"), check);
      }
    } else if (key == "legend") {
      if (check.Object(v, p)) {
        check.OnlyProperties(v, p, {"position"});
        if (const Document* pos = v.Find("position"))
          check.Enum(*pos, Child(p, "position"), {"right", "bottom", "hidden"});
      }
    } else if (!in_dashboard && (key == "width" || key == "height")) {
      check.Integer(v, p, 1, 2000);
    }
  }
}

std::vector<ValidationMessage> ValidateDashboardBody(std::string_view body) {
  Checker check;
  Result<Document> parsed = protocol::ParseJson(body);
  if (!parsed.ok()) {
    check.Add("", "Should be a valid JSON object");
    return check.Take();
  }
  const Document& root = *parsed;
  if (!check.Object(root, "")) return check.Take();
  check.OnlyProperties(root, "", {"widgets", "start", "end", "periodOverride", "variables"});
  if (check.Required(root, "", "widgets")) {
    const Document& widgets = *root.Find("widgets");
    if (check.Array(widgets, "/widgets")) {
      if (widgets.as_list().size() > kMaxWidgets) {
        check.Add("/widgets",
                  "Should NOT have more than " + std::to_string(kMaxWidgets) + " items");
      } else {
        for (size_t i = 0; i < widgets.as_list().size(); ++i)
          CheckWidget(widgets.as_list()[i], Child(std::string("/widgets"), i), check);
      }
    }
  }
  for (const char* key : {"start", "end"})
    if (const Document* v = root.Find(key)) check.String(*v, Child(std::string(), key));
  if (const Document* p = root.Find("periodOverride"))
    check.Enum(*p, "/periodOverride", {"auto", "inherit"});
  if (const Document* v = root.Find("variables")) check.Array(*v, "/variables");
  return check.Take();
}

}  // namespace berth::services::monitoring::dashboards
