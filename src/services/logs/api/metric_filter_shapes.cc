#include "services/logs/api/metric_filter_shapes.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "services/logs/api/field_checks.h"
#include "services/logs/model/errors.h"
#include "services/logs/model/validation.h"

namespace berth::services::logs {
namespace {

constexpr size_t kMaxFilterPatternLength = 1024;
constexpr size_t kMaxTestMessages = 50;

// CloudWatch's StandardUnit (Logs validates a transformation's unit against it).
constexpr std::array<std::string_view, 27> kUnits = {"Seconds",
                                                     "Microseconds",
                                                     "Milliseconds",
                                                     "Bytes",
                                                     "Kilobytes",
                                                     "Megabytes",
                                                     "Gigabytes",
                                                     "Terabytes",
                                                     "Bits",
                                                     "Kilobits",
                                                     "Megabits",
                                                     "Gigabits",
                                                     "Terabits",
                                                     "Percent",
                                                     "Count",
                                                     "Bytes/Second",
                                                     "Kilobytes/Second",
                                                     "Megabytes/Second",
                                                     "Gigabytes/Second",
                                                     "Terabytes/Second",
                                                     "Bits/Second",
                                                     "Kilobits/Second",
                                                     "Megabits/Second",
                                                     "Gigabits/Second",
                                                     "Terabits/Second",
                                                     "Count/Second",
                                                     "None"};

// A string member of [1, max] characters without any of `forbidden` (the model's patterns
// [^:*]* and [^:*$]*).
std::string ReadName(FieldReader& r, const char* member, size_t max, std::string_view forbidden,
                     const char* pattern) {
  std::string value = r.RequiredString(member);
  if (!r.ok()) return value;
  CheckLength(r, member, value, 1, max);
  if (r.ok() && value.find_first_of(forbidden) != std::string::npos) {
    r.Fail(errors::ConstraintViolated(member, value,
                                      std::string("Member must satisfy regular expression "
                                                  "pattern: ") +
                                          pattern));
  }
  return value;
}

std::string ReadFilterPattern(FieldReader& r) {
  // Required, but may be empty (matches every event).
  std::string pattern = r.RequiredString("filterPattern");
  if (r.ok()) CheckLength(r, "filterPattern", pattern, 0, kMaxFilterPatternLength);
  return pattern;
}

MetricTransformation ReadTransformation(FieldReader& r, const Document& in) {
  MetricTransformation t;
  if (!in.is_map()) {
    r.Fail(Error{"SerializationException", "Expected an object for metricTransformations", 400});
    return t;
  }
  FieldReader tr(in);
  t.metric_name = ReadName(tr, "metricName", 255, ":*$", "[^:*$]*");
  t.metric_namespace = ReadName(tr, "metricNamespace", 255, ":*$", "[^:*$]*");
  t.metric_value = tr.RequiredString("metricValue");
  if (tr.ok()) CheckLength(tr, "metricValue", t.metric_value, 0, 100);
  if (const Document* d = in.Find("defaultValue")) {
    if (d->kind() == Document::Kind::kDouble) {
      t.default_value = d->as_double();
    } else if (d->kind() == Document::Kind::kInt) {
      t.default_value = static_cast<double>(d->as_int());
    } else if (!d->is_null()) {
      tr.Fail(Error{"SerializationException", "Expected a number for defaultValue", 400});
    }
  }
  t.unit = tr.OptionalString("unit");
  if (tr.ok() && t.unit && std::find(kUnits.begin(), kUnits.end(), *t.unit) == kUnits.end()) {
    tr.Fail(errors::ConstraintViolated(
        "metricTransformations.1.member.unit", *t.unit,
        "Member must satisfy enum value set: [Seconds, Microseconds, Milliseconds, Bytes, "
        "Kilobytes, Megabytes, Gigabytes, Terabytes, Bits, Kilobits, Megabits, Gigabits, "
        "Terabits, Percent, Count, Bytes/Second, Kilobytes/Second, Megabytes/Second, "
        "Gigabytes/Second, Terabytes/Second, Bits/Second, Kilobits/Second, Megabits/Second, "
        "Gigabits/Second, Terabits/Second, Count/Second, None]"));
  }
  if (const Document* dims = tr.OptionalMap("dimensions")) {
    for (const auto& [name, value] : dims->as_map()) {
      if (!value.is_string()) {
        tr.Fail(Error{"SerializationException",
                      "Value for 'dimensions." + name + "' must be a string", 400});
        break;
      }
      CheckLength(tr, "dimensions.key", name, 1, 255);
      CheckLength(tr, "dimensions.value", value.as_string(), 0, 255);
      t.dimensions[name] = value.as_string();
    }
  }
  if (!tr.ok()) r.Fail(tr.status().error());
  return t;
}

}  // namespace

Result<PutMetricFilterInput> DecodePutMetricFilter(const Document& in) {
  FieldReader r(in);
  PutMetricFilterInput out;
  out.group = ReadGroupName(r);
  if (r.ok()) out.name = ReadName(r, "filterName", 512, ":*", "[^:*]*");
  if (r.ok()) out.pattern = ReadFilterPattern(r);
  const Document* list = r.ok() ? r.OptionalList("metricTransformations") : nullptr;
  if (r.ok() && list == nullptr) r.RequiredString("metricTransformations");  // "must not be null"
  if (r.ok() && list->as_list().size() != 1) {
    r.Fail(errors::ConstraintViolated("metricTransformations", "[...]",
                                      list->as_list().empty()
                                          ? "Member must have length greater than or equal to 1"
                                          : "Member must have length less than or equal to 1"));
  }
  if (r.ok()) out.transformation = ReadTransformation(r, list->as_list().front());
  if (!r.ok()) return r.status().error();
  const MetricTransformation& t = out.transformation;
  if (t.dimensions.size() > kMaxMetricFilterDimensions) {
    return errors::InvalidParameter(
        "Invalid metric transformation: a metric filter can have at most 3 dimensions.");
  }
  if (!t.dimensions.empty() && t.default_value) {
    // AWS: "If you specify dimensions, you can't also specify a default value."
    return errors::InvalidParameter(
        "Invalid metric transformation: dimensions and defaultValue cannot both be specified.");
  }
  return out;
}

Result<DescribeMetricFiltersInput> DecodeDescribeMetricFilters(const Document& in) {
  FieldReader r(in);
  DescribeMetricFiltersInput out;
  if (in.Find("logGroupName") != nullptr) out.group = ReadGroupName(r);
  out.prefix = r.OptionalString("filterNamePrefix");
  if (r.ok() && out.prefix) CheckLength(r, "filterNamePrefix", *out.prefix, 1, 512);
  out.metric_name = r.OptionalString("metricName");
  out.metric_namespace = r.OptionalString("metricNamespace");
  out.next_token = r.OptionalString("nextToken");
  if (auto limit = ReadLimit(r, "limit", 50)) out.limit = *limit;
  if (!r.ok()) return r.status().error();
  if (out.metric_name.has_value() != out.metric_namespace.has_value()) {
    return errors::InvalidParameter(
        "If you include the metricName parameter in your request, you must also include the "
        "metricNamespace parameter.");
  }
  if (out.prefix && !out.group) {
    // AWS uses filterNamePrefix only with a log group named.
    out.prefix.reset();
  }
  return out;
}

Result<DeleteMetricFilterInput> DecodeDeleteMetricFilter(const Document& in) {
  FieldReader r(in);
  DeleteMetricFilterInput out;
  out.group = ReadGroupName(r);
  if (r.ok()) out.name = ReadName(r, "filterName", 512, ":*", "[^:*]*");
  return Finish(r, std::move(out));
}

Result<TestMetricFilterInput> DecodeTestMetricFilter(const Document& in) {
  FieldReader r(in);
  TestMetricFilterInput out;
  out.pattern = ReadFilterPattern(r);
  auto messages = r.ok() ? r.OptionalStringList("logEventMessages") : std::nullopt;
  if (r.ok() && !messages) r.RequiredString("logEventMessages");
  if (r.ok() && (messages->empty() || messages->size() > kMaxTestMessages)) {
    r.Fail(errors::ConstraintViolated("logEventMessages", "[...]",
                                      messages->empty()
                                          ? "Member must have length greater than or equal to 1"
                                          : "Member must have length less than or equal to 50"));
  }
  if (!r.ok()) return r.status().error();
  out.messages = std::move(*messages);
  return out;
}

Document EncodeMetricFilter(const MetricFilter& f) {
  Document out = Document::MakeMap(6);
  out["filterName"] = f.name;
  out["filterPattern"] = f.pattern;
  Document transformations = Document::MakeList();
  for (const MetricTransformation& t : f.transformations) {
    Document td = Document::MakeMap(6);
    td["metricName"] = t.metric_name;
    td["metricNamespace"] = t.metric_namespace;
    td["metricValue"] = t.metric_value;
    if (t.default_value) td["defaultValue"] = *t.default_value;
    if (!t.dimensions.empty()) {
      Document dims = Document::MakeMap(t.dimensions.size());
      for (const auto& [name, value] : t.dimensions) dims[name] = value;
      td["dimensions"] = std::move(dims);
    }
    if (t.unit) td["unit"] = *t.unit;
    transformations.Push(std::move(td));
  }
  out["metricTransformations"] = std::move(transformations);
  out["creationTime"] = f.created_ms;
  out["logGroupName"] = f.group_name;
  out["applyOnTransformedLogs"] = false;
  return out;
}

}  // namespace berth::services::logs
