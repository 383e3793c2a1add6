#include "services/monitoring/dashboards/widget_image_op.h"

#include "services/monitoring/api/wire.h"
#include "services/monitoring/dashboards/metric_widget.h"
#include "services/monitoring/model/errors.h"
#include "services/monitoring/query/metric_query.h"

namespace berth::services::monitoring::dashboards {

Result<Document> GetMetricWidgetImage(MonitoringService& s, pipeline::CallContext& ctx,
                                      const Document& in) {
  const Document* widget_doc = wire::Member(in, "MetricWidget");
  if (widget_doc == nullptr) return errors::MissingParameter("MetricWidget");
  BERTH_ASSIGN_OR_RETURN(std::string json, wire::String(*widget_doc, "MetricWidget"));
  std::string format = "png";
  if (const Document* f = wire::Member(in, "OutputFormat")) {
    BERTH_ASSIGN_OR_RETURN(format, wire::String(*f, "OutputFormat"));
  }
  // "png" answers the SDK shape (base64 in MetricWidgetImage); "image/png", meant for custom
  // HTTP requests, answers the PNG itself as the body (Content-Type image/png).
  if (format != "png" && format != "image/png") return errors::InvalidValue("OutputFormat", format);
  BERTH_ASSIGN_OR_RETURN(MetricWidget widget, ParseMetricWidget(json, ctx.now));
  BERTH_ASSIGN_OR_RETURN(
      std::vector<QuerySeries> results,
      RunMetricQueries(s.store(), widget.queries, FromMillis(widget.chart.start_ms),
                       FromMillis(widget.chart.end_ms)));
  for (QuerySeries& r : results) {
    render::Series series;
    series.label = std::move(r.label);
    if (auto it = widget.colors.find(r.id); it != widget.colors.end()) series.color = it->second;
    series.right_axis = widget.right_axis.count(r.id) > 0;
    series.times_ms = std::move(r.timestamps);
    series.values = std::move(r.values);
    widget.chart.series.push_back(std::move(series));
  }
  BERTH_ASSIGN_OR_RETURN(std::string png, render::RenderPng(widget.chart));
  if (format == "image/png") ctx.raw_content_type = "image/png";
  Document out = Document::MakeMap(1);
  out["MetricWidgetImage"] = Document::Blob(std::move(png));
  return out;
}

}  // namespace berth::services::monitoring::dashboards
