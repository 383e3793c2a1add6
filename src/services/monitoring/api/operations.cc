#include "services/monitoring/api/operations.h"

#include "services/monitoring/api/put_metric_data_json.h"
#include "services/monitoring/api/shapes.h"
#include "services/monitoring/handlers/alarm_handlers.h"

#include "services/monitoring/dashboards/dashboard_ops.h"
#include "services/monitoring/handlers/handlers.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring {
namespace {

using pipeline::CallContext;
using pipeline::OperationSpec;

template <class In>
pipeline::Handler Bind(MonitoringService& s, Result<In> (*decode)(const Document&),
                       Result<Document> (*handler)(MonitoringService&, CallContext&, const In&)) {
  return [&s, decode, handler](CallContext& ctx, const Document& input) -> Result<Document> {
    BERTH_ASSIGN_OR_RETURN(In in, decode(input));
    return handler(s, ctx, in);
  };
}

// A full PutMetricData (1,000 datums of 150 values) is several MiB of JSON; gzip bodies are
// bounded again when inflated (the dispatcher).
constexpr size_t kPutLimit = 4 << 20;
constexpr size_t kDefaultLimit = 1 << 20;

OperationSpec Op(std::string name, bool read_only, pipeline::Handler handler,
                 std::vector<std::string> logged, size_t max_bytes = kDefaultLimit) {
  OperationSpec op;
  op.name = std::move(name);
  op.read_only = read_only;
  op.handler = std::move(handler);
  op.logged_request_fields = std::move(logged);
  op.max_request_bytes = max_bytes;
  return op;
}

// The output's `map` shapes (the query protocol writes them as <entry> lists).
OperationSpec WithXmlMaps(OperationSpec op, std::vector<std::string> paths) {
  op.xml_maps = std::move(paths);
  return op;
}

// PutMetricData's JSON decoded without a generic Document (api/put_metric_data_json.h); any
// body it does not take goes through DecodePutMetricData as before.
OperationSpec WithDirectJson(OperationSpec op, MonitoringService& s) {
  op.direct_json = [](std::string_view json) -> std::optional<pipeline::DirectInput> {
    std::optional<PutMetricDataInput> in = DecodePutMetricDataJson(json);
    if (!in) return std::nullopt;
    Document logged = Document::MakeMap();
    logged["Namespace"] = in->ns;
    return pipeline::DirectInput{std::move(logged), std::move(*in)};
  };
  op.direct_handler = [&s](CallContext& ctx, std::any& input) -> Result<Document> {
    return PutMetricData(s, ctx, std::move(std::any_cast<PutMetricDataInput&>(input)));
  };
  return op;
}

}  // namespace

pipeline::ServiceSpec MakeMonitoringService(MonitoringService& s) {
  pipeline::ServiceSpec spec;
  spec.name = "monitoring";
  spec.event_source = "monitoring.amazonaws.com";
  spec.display_name = "CloudWatch";
  spec.action_prefix = "cloudwatch";  // IAM names CloudWatch's actions cloudwatch:*, not monitoring:*
  spec.protocol = pipeline::Protocol::kAwsJson10;
  spec.more_protocols = {pipeline::Protocol::kAwsQuery, pipeline::Protocol::kRpcV2Cbor};
  spec.json_target_prefix = "GraniteServiceVersion20100801";
  spec.rpc_v2_service = "GraniteServiceVersion20100801";
  spec.error_namespace = "com.amazonaws.cloudwatch";
  spec.query_version = "2010-08-01";
  spec.xml_namespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";
  spec.query_compatible = true;
  spec.query_error_codes = errors::QueryErrorCodes();
  spec.operations = {
      WithDirectJson(Op("PutMetricData", false,
                        [&s](CallContext& ctx, const Document& input) -> Result<Document> {
                          BERTH_ASSIGN_OR_RETURN(PutMetricDataInput in,
                                                 DecodePutMetricData(input));
                          return PutMetricData(s, ctx, std::move(in));
                        },
                        {"Namespace"}, kPutLimit),
                     s),
      Op("ListMetrics", true, Bind(s, DecodeListMetrics, ListMetrics),
         {"Namespace", "MetricName", "Dimensions", "RecentlyActive"}),
      WithXmlMaps(Op("GetMetricStatistics", true,
                     Bind(s, DecodeGetMetricStatistics, GetMetricStatistics),
                     {"Namespace", "MetricName", "Dimensions", "StartTime", "EndTime", "Period",
                      "Statistics", "ExtendedStatistics", "Unit"}),
                  {"Datapoints.ExtendedStatistics"}),
      Op("GetMetricData", true, Bind(s, DecodeGetMetricData, GetMetricData),
         {"StartTime", "EndTime", "ScanBy", "MaxDatapoints"}),
      // Alarms (handlers/alarms.cc).
      Op("PutMetricAlarm", false, Bind(s, DecodePutMetricAlarm, PutMetricAlarm),
         {"AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions",
          "InsufficientDataActions", "MetricName", "Namespace", "Statistic", "ExtendedStatistic",
          "Dimensions", "Period", "Unit", "EvaluationPeriods", "DatapointsToAlarm", "Threshold",
          "ComparisonOperator", "TreatMissingData", "EvaluateLowSampleCountPercentile", "Metrics",
          "Tags", "ThresholdMetricId"}),
      Op("PutCompositeAlarm", false, Bind(s, DecodePutCompositeAlarm, PutCompositeAlarm),
         {"AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions",
          "InsufficientDataActions", "AlarmRule", "Tags", "ActionsSuppressor",
          "ActionsSuppressorWaitPeriod", "ActionsSuppressorExtensionPeriod"}),
      Op("DescribeAlarms", true, Bind(s, DecodeDescribeAlarms, DescribeAlarms),
         {"AlarmNames", "AlarmNamePrefix", "AlarmTypes", "ChildrenOfAlarmName",
          "ParentsOfAlarmName", "StateValue", "ActionPrefix", "MaxRecords"}),
      Op("DescribeAlarmsForMetric", true,
         Bind(s, DecodeDescribeAlarmsForMetric, DescribeAlarmsForMetric),
         {"MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period",
          "Unit"}),
      Op("DescribeAlarmHistory", true, Bind(s, DecodeDescribeAlarmHistory, DescribeAlarmHistory),
         {"AlarmName", "AlarmTypes", "HistoryItemType", "StartDate", "EndDate", "MaxRecords",
          "ScanBy"}),
      Op("DeleteAlarms", false, Bind(s, DecodeAlarmNames, DeleteAlarms), {"AlarmNames"}),
      Op("SetAlarmState", false, Bind(s, DecodeSetAlarmState, SetAlarmState),
         {"AlarmName", "StateValue", "StateReason", "StateReasonData"}),
      Op("EnableAlarmActions", false, Bind(s, DecodeAlarmNames, EnableAlarmActions),
         {"AlarmNames"}),
      Op("DisableAlarmActions", false, Bind(s, DecodeAlarmNames, DisableAlarmActions),
         {"AlarmNames"}),
      Op("TagResource", false, Bind(s, DecodeTagResource, TagResource), {"ResourceARN", "Tags"}),
      Op("UntagResource", false, Bind(s, DecodeUntagResource, UntagResource),
         {"ResourceARN", "TagKeys"}),
      Op("ListTagsForResource", true, Bind(s, DecodeResourceArn, ListTagsForResource),
         {"ResourceARN"}),
  };
  for (pipeline::OperationSpec& op : dashboards::DashboardOperations(s))
    spec.operations.push_back(std::move(op));
  return spec;
}

}  // namespace berth::services::monitoring
