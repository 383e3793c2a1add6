#include <algorithm>

#include "core/crypto.h"
#include "services/monitoring/handlers/handlers.h"
#include "services/monitoring/model/errors.h"
#include "services/monitoring/model/limits.h"

namespace berth::services::monitoring {

Result<Document> ListMetrics(MonitoringService& s, pipeline::CallContext& ctx,
                             const ListMetricsInput& in) {
  // The token is the canonical name of the last metric listed: a page starts after it, so a
  // metric created meanwhile never shifts another onto two pages.
  std::optional<std::string> after;
  if (in.next_token) {
    after = crypto::Base64UrlDecode(*in.next_token);
    if (!after) return errors::InvalidNextToken();
  }
  auto keep = [&](const MetricKey& key) {
    if (in.ns && key.ns != *in.ns) return false;
    if (in.metric_name && key.name != *in.metric_name) return false;
    for (const DimensionFilter& f : in.dimensions) {
      auto it = std::find_if(key.dimensions.begin(), key.dimensions.end(),
                             [&](const Dimension& d) { return d.name == f.name; });
      if (it == key.dimensions.end() || (f.value && it->value != *f.value)) return false;
    }
    return !after || key.Canonical() > *after;
  };
  const auto window = in.recently_active ? std::chrono::milliseconds(kRecentlyActive)
                                         : std::chrono::milliseconds(kListedFor);
  std::vector<SeriesInfo> found = s.store().ListSeries(keep, Millis(ctx.now - window));
  Document out = Document::MakeMap(2);
  Document metrics = Document::MakeList();
  const size_t n = std::min(found.size(), kMaxListMetrics);
  for (size_t i = 0; i < n; ++i) metrics.Push(MetricToDocument(found[i].key));
  out["Metrics"] = std::move(metrics);
  if (found.size() > n) out["NextToken"] = crypto::Base64UrlEncode(found[n - 1].key.Canonical());
  return out;
}

}  // namespace berth::services::monitoring
