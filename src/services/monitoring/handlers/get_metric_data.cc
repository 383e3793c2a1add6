#include <algorithm>

#include "core/crypto.h"
#include "services/monitoring/handlers/handlers.h"
#include "services/monitoring/query/metric_query.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring {

Result<Document> GetMetricData(MonitoringService& s, pipeline::CallContext& ctx,
                               const GetMetricDataInput& in) {
  // The token is how many datapoints earlier pages returned (results are recomputed alike).
  size_t skip = 0;
  if (in.next_token) {
    auto decoded = crypto::Base64UrlDecode(*in.next_token);
    if (!decoded || decoded->empty() || decoded->size() > 12 ||
        decoded->find_first_not_of("0123456789") != std::string::npos)
      return errors::InvalidNextToken();
    skip = std::stoull(*decoded);
  }
  QueryOptions options;
  options.tz_offset_minutes = in.tz_offset_minutes;
  options.now_ms = Millis(ctx.now);
  options.account_id = ctx.principal.account_id;
  options.region = std::string(ctx.region);
  BERTH_ASSIGN_OR_RETURN(std::vector<QuerySeries> results,
                         RunMetricQueries(s.store(), in.queries, in.start, in.end, options));
  // Page through the datapoints in result order.
  size_t budget = static_cast<size_t>(in.max_datapoints), seen = 0;
  bool more = false;
  Document list = Document::MakeList();
  for (QuerySeries& r : results) {
    if (!in.ascending) {
      std::reverse(r.timestamps.begin(), r.timestamps.end());
      std::reverse(r.values.begin(), r.values.end());
    }
    const size_t n = r.timestamps.size();
    const size_t from = skip > seen ? std::min(n, skip - seen) : 0;
    const size_t take = std::min(n - from, budget);
    seen += n;
    if (from + take < n) more = true;
    budget -= take;
    Document result = Document::MakeMap(7);
    result["Id"] = r.id;
    result["Label"] = r.label;
    Document ts = Document::MakeList(), vs = Document::MakeList();
    ts.as_list().reserve(take);
    vs.as_list().reserve(take);
    for (size_t i = from; i < from + take; ++i) {
      ts.Push(Document::Timestamp(FromMillis(r.timestamps[i])));
      vs.Push(r.values[i]);
    }
    result["Timestamps"] = std::move(ts);
    result["Values"] = std::move(vs);
    result["StatusCode"] = from + take < n || !r.messages.empty() ? "PartialData" : "Complete";
    if (!r.messages.empty()) {
      Document messages = Document::MakeList();
      for (const QueryMessage& m : r.messages) {
        Document message = Document::MakeMap(2);
        message["Code"] = m.code;
        message["Value"] = m.value;
        messages.Push(std::move(message));
      }
      result["Messages"] = std::move(messages);
    }
    list.Push(std::move(result));
  }
  Document out = Document::MakeMap(3);
  out["MetricDataResults"] = std::move(list);
  out["Messages"] = Document::MakeList();
  if (more) {
    out["NextToken"] =
        crypto::Base64UrlEncode(std::to_string(skip + static_cast<size_t>(in.max_datapoints)));
  }
  return out;
}

}  // namespace berth::services::monitoring
