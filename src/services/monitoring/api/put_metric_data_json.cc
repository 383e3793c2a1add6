#include "services/monitoring/api/put_metric_data_json.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "core/time_format.h"
#include "services/monitoring/model/limits.h"

namespace berth::services::monitoring {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Every call on a thread reuses one parser and one padded copy of the body: their buffers
// grow to the largest body seen and are not allocated again.
struct Scratch {
  simdjson::dom::parser parser;
  std::vector<char> padded;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// A name or dimension value as DecodePutMetricData accepts it (CheckName).
bool Name(element e, size_t max, std::string& out) {
  std::string_view s;
  if (e.get_string().get(s) || s.empty() || s.size() > max) return false;
  out.assign(s);
  return true;
}

// A number as wire::Number reads it from JSON (an integer or a double; never uint64, which
// the generic path turns into a double first: left to it).
bool Number(element e, double& out) {
  switch (e.type()) {
    case element_type::INT64: {
      int64_t v = 0;
      if (e.get_int64().get(v)) return false;
      out = static_cast<double>(v);
      return true;
    }
    case element_type::DOUBLE:
      return !e.get_double().get(out);
    default:
      return false;
  }
}

bool Storable(double v) { return std::isfinite(v) && std::fabs(v) <= kMaxAbsValue; }

bool ReadDimensions(element e, std::vector<Dimension>& out) {
  simdjson::dom::array list;
  if (e.get_array().get(list) || list.size() > kMaxDimensions) return false;
  out.reserve(list.size());
  for (element item : list) {
    simdjson::dom::object dim;
    if (item.get_object().get(dim)) return false;
    Dimension d;
    int seen = 0;
    for (auto [key, value] : dim) {
      if (key == "Name" && !(seen & 1)) {
        if (!Name(value, kMaxNameLength, d.name)) return false;
        seen |= 1;
      } else if (key == "Value" && !(seen & 2)) {
        if (!Name(value, kMaxDimensionValueLength, d.value)) return false;
        seen |= 2;
      } else {
        return false;
      }
    }
    if (seen != 3) return false;
    for (const Dimension& other : out)
      if (other.name == d.name) return false;
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(),
            [](const Dimension& a, const Dimension& b) { return a.name < b.name; });
  return true;
}

bool ReadValues(element values, const element* counts, Datum& d) {
  simdjson::dom::array list, count_list;
  if (values.get_array().get(list) || list.size() > kMaxValuesPerDatum) return false;
  if (counts != nullptr &&
      (counts->get_array().get(count_list) || count_list.size() != list.size()))
    return false;
  d.values.reserve(list.size());
  // Only an array parsed from the body has a tape to iterate: without Counts there is none.
  std::optional<simdjson::dom::array::iterator> c;
  if (counts != nullptr) c = count_list.begin();
  for (element item : list) {
    double v = 0, n = 1;
    if (!Number(item, v) || !Storable(v)) return false;
    if (c) {
      if (!Number(**c, n) || !std::isfinite(n) || n < 0) return false;
      ++*c;
    }
    if (n > 0) d.values.emplace_back(v, n);
  }
  return true;
}

bool ReadDatum(element e, Datum& d) {
  simdjson::dom::object datum;
  if (e.get_object().get(datum)) return false;
  enum : unsigned {
    kName = 1, kDims = 2, kTime = 4, kUnit = 8, kRes = 16, kValue = 32, kValues = 64, kCounts = 128
  };
  unsigned seen = 0;
  element values, counts;
  d.time_ms = kCallTime;
  for (auto [key, value] : datum) {
    unsigned bit;
    if (key == "MetricName") {
      bit = kName;
      if ((seen & bit) || !Name(value, kMaxNameLength, d.metric_name)) return false;
    } else if (key == "Dimensions") {
      bit = kDims;
      if ((seen & bit) || !ReadDimensions(value, d.dimensions)) return false;
    } else if (key == "Timestamp") {
      bit = kTime;
      double t = 0;
      if (seen & bit) return false;
      if (value.type() == element_type::INT64) {
        if (!Number(value, t)) return false;
      } else if (value.type() != element_type::DOUBLE || value.get_double().get(t) ||
                 !std::isfinite(t) || std::fabs(t) >= 1e13) {
        return false;  // wire::Timestamp's bounds for a JSON double
      }
      d.time_ms = Millis(timefmt::FromEpochSeconds(t));
    } else if (key == "Unit") {
      bit = kUnit;
      std::string_view name;
      if ((seen & bit) || value.get_string().get(name)) return false;
      auto unit = ParseUnit(name);
      if (!unit) return false;
      d.unit = *unit;
    } else if (key == "StorageResolution") {
      bit = kRes;
      int64_t res = 0;
      if ((seen & bit) || value.type() != element_type::INT64 || value.get_int64().get(res) ||
          (res != 1 && res != 60))
        return false;
      d.high_resolution = res == 1;
    } else if (key == "Value") {
      bit = kValue;
      double v = 0;
      if ((seen & bit) || !Number(value, v) || !Storable(v)) return false;
      d.values.emplace_back(v, 1.0);
    } else if (key == "Values") {
      bit = kValues;
      if (seen & bit) return false;
      values = value;
    } else if (key == "Counts") {
      bit = kCounts;
      if (seen & bit) return false;
      counts = value;
    } else {
      return false;
    }
    seen |= bit;
  }
  if (!(seen & kName)) return false;
  // Exactly one of Value and Values (StatisticValues, and the combinations AWS refuses, are
  // the generic path's); Counts only with Values, as DecodePutMetricData reads it.
  if ((seen & kValue) && (seen & (kValues | kCounts))) return false;
  if (seen & kValues) return ReadValues(values, (seen & kCounts) ? &counts : nullptr, d);
  return (seen & kValue) != 0;
}

// Above this a body's parse buffers are given back once it is decoded, so that one rare large
// body (up to 8 MiB inflated) does not stay allocated in every I/O thread.
constexpr size_t kKeptScratch = 1 << 20;

std::optional<PutMetricDataInput> Decode(Scratch& scratch, std::string_view json);

}  // namespace

std::optional<PutMetricDataInput> DecodePutMetricDataJson(std::string_view json) {
  Scratch& scratch = ThreadScratch();
  std::optional<PutMetricDataInput> out = Decode(scratch, json);
  if (json.size() > kKeptScratch) scratch = Scratch();
  return out;
}

namespace {

std::optional<PutMetricDataInput> Decode(Scratch& scratch, std::string_view json) {
  // simdjson reads up to SIMDJSON_PADDING bytes past the end.
  scratch.padded.resize(json.size() + simdjson::SIMDJSON_PADDING);
  std::copy(json.begin(), json.end(), scratch.padded.begin());
  element root;
  if (scratch.parser.parse(scratch.padded.data(), json.size(), false).get(root)) return std::nullopt;
  simdjson::dom::object top;
  if (root.get_object().get(top)) return std::nullopt;

  PutMetricDataInput out;
  bool have_ns = false;
  simdjson::dom::array data;
  bool have_data = false;
  for (auto [key, value] : top) {
    if (key == "Namespace" && !have_ns) {
      std::string_view ns;
      if (value.get_string().get(ns)) return std::nullopt;
      // CheckNamespace for a caller: AWS/ is AWS's own.
      if (ns.empty() || ns.size() > kMaxNameLength || ns[0] == ':' || ns.starts_with("AWS/"))
        return std::nullopt;
      out.ns.assign(ns);
      have_ns = true;
    } else if (key == "MetricData" && !have_data) {
      if (value.get_array().get(data)) return std::nullopt;
      have_data = true;
    } else {
      return std::nullopt;
    }
  }
  if (!have_ns || !have_data) return std::nullopt;
  const size_t n = data.size();
  if (n == 0 || n > kMaxDatumsPerPut) return std::nullopt;
  out.data.resize(n);
  size_t i = 0;
  for (element item : data) {
    if (!ReadDatum(item, out.data[i++])) return std::nullopt;
  }
  return out;
}

}  // namespace
}  // namespace berth::services::monitoring
