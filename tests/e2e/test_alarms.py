"""CloudWatch alarms on all three front-ends — AWS JSON 1.0 (boto3, pip aws, the JS SDK), AWS
query (Debian aws 2.9, boto3 forced onto it) and Smithy RPC v2 CBOR (boto3 forced onto it):
an alarm on a 10-second metric reaching ALARM on live data and going back to OK, its history,
composite alarms following their children, paging, tags, bad input, and state kept across a
restart. Waits poll with a timeout; nothing sleeps a fixed time."""
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid

import botocore.exceptions
import pytest

from conftest import REGION, Berth
from test_metrics import cloudwatch, PROTOCOLS

ACCOUNT_ARN = re.compile(r"^arn:aws:cloudwatch:us-east-1:\d{12}:alarm:")
TOPIC = "arn:aws:sns:us-east-1:123456789012:ops"


@pytest.fixture(params=list(PROTOCOLS))
def cw(request, berth):
    return cloudwatch(berth, request.param)


@pytest.fixture
def json_cw(berth):
    return cloudwatch(berth, "json")


@pytest.fixture
def prefix():
    return f"e2e-{uuid.uuid4().hex[:8]}-"


def wait_for(check, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.5)


def alarm(cw, name):
    out = cw.describe_alarms(AlarmNames=[name], AlarmTypes=["MetricAlarm", "CompositeAlarm"])
    found = out["MetricAlarms"] + out["CompositeAlarms"]
    return found[0] if found else None


def code_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def test_high_resolution_alarm_goes_to_alarm_and_back_to_ok(cw, prefix):
    ns = f"E2E/{prefix}"
    name = prefix + "latency"
    cw.put_metric_alarm(AlarmName=name, Namespace=ns, MetricName="Latency",
                        Dimensions=[{"Name": "Host", "Value": "a"}], Statistic="Maximum",
                        Period=10, EvaluationPeriods=1, Threshold=100.0,
                        ComparisonOperator="GreaterThanThreshold", TreatMissingData="notBreaching",
                        AlarmActions=[TOPIC], AlarmDescription="latency too high")
    a = alarm(cw, name)
    assert a["StateValue"] == "INSUFFICIENT_DATA"
    assert a["StateReason"] == "Unchecked: Initial alarm creation"
    assert ACCOUNT_ARN.match(a["AlarmArn"]) and a["AlarmArn"].endswith(":alarm:" + name)
    assert a["Period"] == 10 and a["Threshold"] == 100.0 and a["AlarmActions"] == [TOPIC]

    def publish(value):
        cw.put_metric_data(Namespace=ns, MetricData=[{
            "MetricName": "Latency", "Dimensions": [{"Name": "Host", "Value": "a"}],
            "Value": value, "StorageResolution": 1}])

    def in_state(state, value):
        def check():
            publish(value)
            a = alarm(cw, name)
            return a if a["StateValue"] == state else None
        return check

    a = wait_for(in_state("ALARM", 150.0), what="ALARM")
    assert re.fullmatch(
        r"Threshold Crossed: 1 out of the last 1 datapoints \[150\.0 \(\d\d/\d\d/\d\d "
        r"\d\d:\d\d:\d\d\)\] was greater than the threshold \(100\.0\) \(minimum 1 datapoint "
        r"for (INSUFFICIENT_DATA|OK) -> ALARM transition\)\.", a["StateReason"]), a["StateReason"]
    data = json.loads(a["StateReasonData"])
    assert data["version"] == "1.0" and data["statistic"] == "Maximum" and data["period"] == 10
    assert data["recentDatapoints"] == [150.0] and data["threshold"] == 100.0
    a = wait_for(in_state("OK", 5.0), what="OK")
    assert "was not greater than the threshold (100.0)" in a["StateReason"]

    history = cw.describe_alarm_history(AlarmName=name)["AlarmHistoryItems"]
    summaries = [h["HistorySummary"] for h in history]
    assert any(s.endswith(" to ALARM") for s in summaries), summaries
    assert any(s == "Alarm updated from ALARM to OK" for s in summaries), summaries
    assert f'Alarm "{name}" created' in summaries
    # No delivery is configured: the action's failure is recorded as AWS records one.
    actions = wait_for(lambda: cw.describe_alarm_history(
        AlarmName=name, HistoryItemType="Action")["AlarmHistoryItems"], what="action item")
    assert actions[0]["HistorySummary"].startswith(f"Failed to execute action {TOPIC}.")
    updates = cw.describe_alarm_history(AlarmName=name, HistoryItemType="StateUpdate",
                                        ScanBy="TimestampAscending")["AlarmHistoryItems"]
    assert [u["HistoryItemType"] for u in updates] == ["StateUpdate"] * len(updates)
    assert updates[0]["Timestamp"] <= updates[-1]["Timestamp"]
    assert json.loads(updates[-1]["HistoryData"])["newState"]["stateValue"] == "OK"
    cw.delete_alarms(AlarmNames=[name])
    assert alarm(cw, name) is None
    # History outlives the alarm.
    assert cw.describe_alarm_history(AlarmName=name)["AlarmHistoryItems"]


def test_composite_alarm_follows_its_children(cw, prefix):
    a, b, c = prefix + "a", prefix + "b", prefix + "c"
    for child in (a, b):
        cw.put_metric_alarm(AlarmName=child, Namespace="E2E/none", MetricName="Quiet",
                            Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1.0,
                            ComparisonOperator="GreaterThanOrEqualToThreshold",
                            TreatMissingData="ignore")
        cw.set_alarm_state(AlarmName=child, StateValue="OK", StateReason="test")
    arn_b = alarm(cw, b)["AlarmArn"]
    cw.put_composite_alarm(AlarmName=c, AlarmRule=f'ALARM("{a}") OR ALARM({arn_b})',
                           AlarmActions=[TOPIC])
    assert wait_for(lambda: alarm(cw, c)["StateValue"] == "OK", what="composite OK")
    cw.set_alarm_state(AlarmName=b, StateValue="ALARM", StateReason="by hand",
                       StateReasonData='{"why": "test"}')
    comp = wait_for(lambda: (x := alarm(cw, c)) and x["StateValue"] == "ALARM" and x,
                    what="composite ALARM")
    assert comp["StateReason"].startswith(arn_b + " transitioned to ALARM at ")
    assert comp["AlarmRule"] == f'ALARM("{a}") OR ALARM({arn_b})'
    triggering = json.loads(comp["StateReasonData"])["triggeringAlarms"]
    assert {t["arn"] for t in triggering} == {alarm(cw, a)["AlarmArn"], arn_b}
    cw.set_alarm_state(AlarmName=b, StateValue="OK", StateReason="by hand")
    wait_for(lambda: alarm(cw, c)["StateValue"] == "OK", what="composite back to OK")

    # The default type is metric alarms only; the relations list both ways.
    assert cw.describe_alarms(AlarmNames=[c])["CompositeAlarms"] == []
    children = cw.describe_alarms(ChildrenOfAlarmName=c)
    assert sorted(x["AlarmName"] for x in children["MetricAlarms"]) == [a, b]
    parents = cw.describe_alarms(ParentsOfAlarmName=a)
    assert [x["AlarmName"] for x in parents["CompositeAlarms"]] == [c]
    history = cw.describe_alarm_history(AlarmName=c, AlarmTypes=["CompositeAlarm"])
    assert any(h["HistorySummary"] == "Alarm updated from OK to ALARM"
               for h in history["AlarmHistoryItems"])
    cw.delete_alarms(AlarmNames=[c, a, b])


def test_describe_alarms_pages_and_filters(cw, prefix):
    for i in range(7):
        cw.put_metric_alarm(AlarmName=f"{prefix}{i}", Namespace="E2E/page", MetricName="M",
                            Statistic="Average", Period=300, EvaluationPeriods=2,
                            DatapointsToAlarm=1, Threshold=float(i),
                            ComparisonOperator="LessThanThreshold", TreatMissingData="ignore",
                            OKActions=[TOPIC] if i == 3 else [])
    names, token = [], None
    pages = 0
    while True:
        kwargs = {"AlarmNamePrefix": prefix, "MaxRecords": 3}
        if token:
            kwargs["NextToken"] = token
        out = cw.describe_alarms(**kwargs)
        pages += 1
        names += [a["AlarmName"] for a in out["MetricAlarms"]]
        token = out.get("NextToken")
        if not token:
            break
    assert pages == 3 and names == [f"{prefix}{i}" for i in range(7)]
    assert [a["AlarmName"] for a in cw.describe_alarms(
        AlarmNamePrefix=prefix, ActionPrefix="arn:aws:sns:")["MetricAlarms"]] == [f"{prefix}3"]
    assert len(cw.describe_alarms(AlarmNamePrefix=prefix,
                                  StateValue="INSUFFICIENT_DATA")["MetricAlarms"]) == 7
    for_metric = cw.describe_alarms_for_metric(Namespace="E2E/page", MetricName="M",
                                               Statistic="Average", Period=300)["MetricAlarms"]
    assert {f"{prefix}{i}" for i in range(7)} <= {a["AlarmName"] for a in for_metric}
    assert code_of(cw.describe_alarms, NextToken="!!!")[0] == "InvalidNextToken"
    cw.delete_alarms(AlarmNames=[f"{prefix}{i}" for i in range(7)] + [prefix + "never-existed"])
    assert cw.describe_alarms(AlarmNamePrefix=prefix)["MetricAlarms"] == []


def test_bad_input_gets_aws_shaped_errors(cw, prefix):
    base = dict(AlarmName=prefix + "x", Namespace="E2E/bad", MetricName="M", Statistic="Sum",
                Period=60, EvaluationPeriods=1, Threshold=1.0)
    base_cmp = {"ComparisonOperator": "GreaterThanThreshold"}

    def put(**changes):
        return code_of(cw.put_metric_alarm, **{**base, **base_cmp, **changes})

    assert put(Period=45)[0] == "InvalidParameterValue"
    assert put(EvaluationPeriods=3, DatapointsToAlarm=4)[0] == "InvalidParameterValue"
    assert put(Period=60, EvaluationPeriods=1441)[0] == "InvalidParameterCombination"
    assert put(ExtendedStatistic="p99")[0] == "InvalidParameterCombination"
    assert put(TreatMissingData="sometimes")[0] == "InvalidParameterValue"
    assert put(AlarmActions=[TOPIC + str(i) for i in range(6)])[0] == "InvalidParameterValue"
    anomaly = {k: v for k, v in base.items() if k != "Threshold"}
    code, message = code_of(cw.put_metric_alarm, **anomaly,
                            ComparisonOperator="GreaterThanUpperThreshold", ThresholdMetricId="ad1")
    assert code == "InvalidParameterValue" and "anomaly" in message.lower(), message
    assert put(Statistic="Median")[0] == "InvalidParameterValue"

    def composite(name, rule):
        return code_of(cw.put_composite_alarm, AlarmName=name, AlarmRule=rule)

    code, message = composite(prefix + "c", "ALARM(a) AND")
    assert code == "InvalidParameterValue" and "alarm rule" in message
    assert composite(prefix + "c", "ALARM(" + "x" * 10240 + ")")[0] == "InvalidParameterValue"
    code, message = composite(prefix + "c", f"ALARM({prefix}missing)")
    assert code == "InvalidParameterValue" and "does not exist" in message
    # A cycle: c1 names c2, and c2 would name c1.
    cw.put_metric_alarm(**base, **base_cmp)
    cw.put_composite_alarm(AlarmName=prefix + "c1", AlarmRule=f"ALARM({prefix}x)")
    cw.put_composite_alarm(AlarmName=prefix + "c2", AlarmRule=f"ALARM({prefix}c1)")
    code, message = code_of(cw.put_composite_alarm, AlarmName=prefix + "c1",
                            AlarmRule=f"ALARM({prefix}c2) OR ALARM({prefix}x)")
    assert code == "InvalidParameterValue" and "cycle" in message
    code, _ = code_of(cw.set_alarm_state, AlarmName=prefix + "x", StateValue="ALARM",
                      StateReason="r", StateReasonData="{not json")
    assert code == "InvalidFormat"
    code, _ = code_of(cw.set_alarm_state, AlarmName=prefix + "nope", StateValue="ALARM",
                      StateReason="r")
    assert code == "ResourceNotFound"
    arn = f"arn:aws:cloudwatch:{REGION}:123456789012:alarm:{prefix}nope"
    code, _ = code_of(cw.tag_resource, ResourceARN=arn, Tags=[{"Key": "k", "Value": "v"}])
    assert code == "ResourceNotFoundException"
    cw.delete_alarms(AlarmNames=[prefix + "c2", prefix + "c1", prefix + "x"])


def test_tags_enable_and_disable_actions(cw, prefix):
    name = prefix + "tagged"
    cw.put_metric_alarm(AlarmName=name, Namespace="E2E/tags", MetricName="M", Statistic="Sum",
                        Period=60, EvaluationPeriods=1, Threshold=1.0,
                        ComparisonOperator="GreaterThanThreshold", Tags=[{"Key": "team", "Value": "a"}])
    arn = alarm(cw, name)["AlarmArn"]
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "a"}]
    cw.tag_resource(ResourceARN=arn, Tags=[{"Key": "env", "Value": "dev"}])
    cw.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert cw.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "env", "Value": "dev"}]
    cw.disable_alarm_actions(AlarmNames=[name])
    assert alarm(cw, name)["ActionsEnabled"] is False
    cw.enable_alarm_actions(AlarmNames=[name])
    assert alarm(cw, name)["ActionsEnabled"] is True
    cw.delete_alarms(AlarmNames=[name])
    assert code_of(cw.list_tags_for_resource, ResourceARN=arn)[0] == "ResourceNotFoundException"


def test_math_alarm(json_cw, prefix):
    name = prefix + "math"
    metric = {"Namespace": "E2E/math", "MetricName": "Errors", "Dimensions": []}
    json_cw.put_metric_alarm(
        AlarmName=name, EvaluationPeriods=2, DatapointsToAlarm=1, Threshold=10.0,
        ComparisonOperator="GreaterThanThreshold", TreatMissingData="missing",
        Metrics=[{"Id": "m1", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"},
                  "ReturnData": False},
                 {"Id": "e1", "Expression": "m1 * 100", "Label": "percent", "ReturnData": True}])
    a = alarm(json_cw, name)
    assert [m["Id"] for m in a["Metrics"]] == ["m1", "e1"] and "MetricName" not in a
    # Math alarms are never listed for a metric.
    assert name not in [x["AlarmName"] for x in json_cw.describe_alarms_for_metric(
        Namespace="E2E/math", MetricName="Errors")["MetricAlarms"]]
    code, _ = code_of(json_cw.put_metric_alarm, AlarmName=name, EvaluationPeriods=1,
                      Threshold=1.0, ComparisonOperator="GreaterThanThreshold",
                      Metrics=[{"Id": "e1", "Expression": "1", "Period": 60}], MetricName="X")
    assert code == "InvalidParameterCombination"
    json_cw.delete_alarms(AlarmNames=[name])


def test_both_clis(aws, prefix):
    name = prefix + "cli"
    aws("cloudwatch", "put-metric-alarm", "--alarm-name", name, "--namespace", "E2E/cli",
        "--metric-name", "M", "--statistic", "Average", "--period", "60",
        "--evaluation-periods", "3", "--datapoints-to-alarm", "2", "--threshold", "5",
        "--comparison-operator", "GreaterThanOrEqualToThreshold", "--dimensions",
        "Name=Repo,Value=app", "--unit", "Count", "--tags", "Key=team,Value=x")
    _, out, _ = aws("cloudwatch", "describe-alarms", "--alarm-names", name)
    [a] = out["MetricAlarms"]
    assert a["Dimensions"] == [{"Name": "Repo", "Value": "app"}] and a["Unit"] == "Count"
    assert a["DatapointsToAlarm"] == 2 and a["EvaluationPeriods"] == 3
    assert a["StateValue"] == "INSUFFICIENT_DATA" and out["CompositeAlarms"] == []
    aws("cloudwatch", "put-composite-alarm", "--alarm-name", prefix + "cli-parent",
        "--alarm-rule", f'ALARM("{name}")')
    aws("cloudwatch", "set-alarm-state", "--alarm-name", name, "--state-value", "ALARM",
        "--state-reason", "testing")

    def parent_alarms():
        # Its history, not its state: the child's next evaluation (no data) may move both on.
        _, out, _ = aws("cloudwatch", "describe-alarm-history", "--alarm-name",
                        prefix + "cli-parent", "--history-item-type", "StateUpdate",
                        "--alarm-types", "CompositeAlarm")
        return "Alarm updated from OK to ALARM" in [
            i["HistorySummary"] for i in out["AlarmHistoryItems"]]

    wait_for(parent_alarms, what="the composite to follow its child")
    _, out, _ = aws("cloudwatch", "describe-alarm-history", "--alarm-name", name,
                    "--history-item-type", "StateUpdate")
    assert out["AlarmHistoryItems"][0]["HistorySummary"] == \
        "Alarm updated from INSUFFICIENT_DATA to ALARM"
    _, out, _ = aws("cloudwatch", "list-tags-for-resource", "--resource-arn", a["AlarmArn"])
    assert out["Tags"] == [{"Key": "team", "Value": "x"}]
    code, _, err = aws("cloudwatch", "put-composite-alarm", "--alarm-name", prefix + "bad",
                       "--alarm-rule", "ALARM(", check=False)
    assert code != 0 and "InvalidParameterValue" in err
    aws("cloudwatch", "delete-alarms", "--alarm-names", prefix + "cli-parent", name)
    _, out, _ = aws("cloudwatch", "describe-alarms", "--alarm-names", name)
    assert out["MetricAlarms"] == []


JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


def test_js_sdk_puts_and_describes_alarms(berth, prefix):
    if not os.path.isdir(os.path.join(JS_DIR, "node_modules", "@aws-sdk", "client-cloudwatch")):
        pytest.fail("the JS SDK's CloudWatch client is missing: npm ci in tests/e2e/js")
    from test_js_sdk import read_key
    key_id, secret = read_key(berth)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"BERTH_ENDPOINT": berth.endpoint, "BERTH_ACCESS_KEY_ID": key_id,
                "BERTH_SECRET_ACCESS_KEY": secret, "NO_PROXY": "127.0.0.1"})

    def call(operation, **params):
        proc = subprocess.run(["node", "call.mjs", "cloudwatch", operation, json.dumps(params)],
                              cwd=JS_DIR, env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout.strip().splitlines()[-1])

    name = prefix + "js"
    out = call("PutMetricAlarm", AlarmName=name, Namespace="E2E/js", MetricName="M",
               Statistic="Sum", Period=10, EvaluationPeriods=1, Threshold=1,
               ComparisonOperator="GreaterThanThreshold")
    assert out["ok"], out
    out = call("DescribeAlarms", AlarmNames=[name])
    assert out["ok"] and out["output"]["MetricAlarms"][0]["AlarmName"] == name
    out = call("PutCompositeAlarm", AlarmName=prefix + "jsc", AlarmRule="ALARM(")
    assert not out["ok"] and out["status"] == 400
    assert call("PutCompositeAlarm", AlarmName=prefix + "jsc", AlarmRule=f"ALARM({name})")["ok"]
    out = call("PutCompositeAlarm", AlarmName=name + "-loop", AlarmRule=f"ALARM({prefix}jsc)")
    assert out["ok"], out
    out = call("PutCompositeAlarm", AlarmName=prefix + "jsc",
               AlarmRule=f"ALARM({name}-loop)")  # a cycle
    assert not out["ok"] and out["status"] == 400 and "cycle" in out["message"], out
    assert call("SetAlarmState", AlarmName=name, StateValue="ALARM", StateReason="js")["ok"]

    def composite_state():  # its history: the child's next evaluation may move both on
        out = call("DescribeAlarmHistory", AlarmName=prefix + "jsc", HistoryItemType="StateUpdate",
                   AlarmTypes=["CompositeAlarm"])
        return "Alarm updated from OK to ALARM" in [
            i["HistorySummary"] for i in out["output"]["AlarmHistoryItems"]]

    wait_for(composite_state, what="the composite to follow its child")
    out = call("DescribeAlarmHistory", AlarmName=name, HistoryItemType="StateUpdate")
    assert "Alarm updated from INSUFFICIENT_DATA to ALARM" in [
        i["HistorySummary"] for i in out["output"]["AlarmHistoryItems"]], out
    out = call("DescribeAlarmsForMetric", Namespace="E2E/js", MetricName="M")
    assert name in [a["AlarmName"] for a in out["output"]["MetricAlarms"]], out
    out = call("DeleteAlarms", AlarmNames=[name + "-loop", prefix + "jsc", name])
    assert out["ok"], out


def test_state_and_history_survive_a_restart(prefix):
    tmp = tempfile.mkdtemp(prefix="berth-e2e-alarms-")
    server = Berth(os.path.join(tmp, "data"))
    server.start()
    try:
        cw = cloudwatch(server, "json")
        name = prefix + "durable"
        cw.put_metric_alarm(AlarmName=name, Namespace="E2E/d", MetricName="M", Statistic="Sum",
                            Period=60, EvaluationPeriods=1, Threshold=1.0,
                            ComparisonOperator="GreaterThanThreshold", TreatMissingData="ignore")
        cw.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="kept",
                           StateReasonData='{"a": 1}')
        assert server.stop() == 0
        server.start()
        cw = cloudwatch(server, "json")
        a = alarm(cw, name)
        assert a["StateValue"] == "ALARM" and a["StateReason"] == "kept"
        assert a["StateReasonData"] == '{"a": 1}'
        items = cw.describe_alarm_history(AlarmName=name)["AlarmHistoryItems"]
        assert [i["HistoryItemType"] for i in items] == ["StateUpdate", "ConfigurationUpdate"]
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def test_alarm_history_pages_and_filters_by_time(cw, prefix):
    name = prefix + "hist"
    cw.put_metric_alarm(AlarmName=name, Namespace="E2E/h", MetricName="M", Statistic="Sum",
                        Period=60, EvaluationPeriods=1, Threshold=1.0,
                        ComparisonOperator="GreaterThanThreshold", TreatMissingData="ignore")
    for state in ("ALARM", "OK", "ALARM"):
        cw.set_alarm_state(AlarmName=name, StateValue=state, StateReason="paging")
    items, token, pages = [], None, 0
    while True:
        kwargs = {"AlarmName": name, "MaxRecords": 2}
        if token:
            kwargs["NextToken"] = token
        out = cw.describe_alarm_history(**kwargs)
        pages += 1
        items += out["AlarmHistoryItems"]
        token = out.get("NextToken")
        if not token:
            break
    assert pages == 2 and len(items) == 4
    assert [i["HistorySummary"] for i in items] == [
        "Alarm updated from OK to ALARM", "Alarm updated from ALARM to OK",
        "Alarm updated from INSUFFICIENT_DATA to ALARM", f'Alarm "{name}" created']
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    assert cw.describe_alarm_history(AlarmName=name, StartDate=future)["AlarmHistoryItems"] == []
    assert len(cw.describe_alarm_history(AlarmName=name, EndDate=future)["AlarmHistoryItems"]) == 4
    assert code_of(cw.describe_alarm_history, NextToken="x!")[0] == "InvalidNextToken"
    cw.delete_alarms(AlarmNames=[name])


def test_malformed_rules_and_oversized_bodies_fail_fast_and_aws_shaped(berth, cw, prefix):
    """Rules that are malformed, nested to the length limit or circular through several alarms,
    and request bodies past the limits, each get a clear error within seconds; berth goes on."""
    from test_metrics import signed

    def refused(rule, fragment):
        t0 = time.monotonic()
        code, message = code_of(cw.put_composite_alarm, AlarmName=prefix + "bad", AlarmRule=rule)
        assert time.monotonic() - t0 < 5, rule[:40]
        assert code == "InvalidParameterValue" and fragment in message, (rule[:40], message)

    cw.put_metric_alarm(AlarmName=prefix + "m", Namespace="E2E/bad", MetricName="M",
                        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1.0,
                        ComparisonOperator="GreaterThanThreshold")
    m = prefix + "m"
    for rule in ["  ", "(", f"ALARM({m}", f"ALARM({m}))", f"BROKEN({m})", f"ALARM({m}) XOR TRUE",
                 f"ALARM({m}) AND AND ALARM({m})", "NOT", f'ALARM("{m})', "ALARM()"]:
        refused(rule, "rule")
    # Nesting: a usual depth is fine; to the 10,240-character limit it is refused, by depth,
    # without exhausting anything.
    cw.put_composite_alarm(AlarmName=prefix + "deep", AlarmRule="(" * 20 + f"ALARM({m})" + ")" * 20)
    cw.put_composite_alarm(AlarmName=prefix + "nots", AlarmRule="NOT " * 20 + f"ALARM({m})")
    refused("(" * 5000 + f"ALARM({m})" + ")" * 5000, "nested too deeply")
    refused("NOT " * 2400 + f"ALARM({m})", "nested too deeply")
    refused(" OR ".join([f"ALARM({m})"] * 600), "between 1 and 10240 characters")
    # A cycle through three composites, each naming the next, by name and by ARN.
    chain = [prefix + f"ring{i}" for i in range(3)]
    cw.put_composite_alarm(AlarmName=chain[0], AlarmRule=f"ALARM({m})")
    cw.put_composite_alarm(AlarmName=chain[1], AlarmRule=f"ALARM({chain[0]})")
    cw.put_composite_alarm(AlarmName=chain[2], AlarmRule=f"OK({chain[1]}) OR ALARM({m})")
    arn = alarm(cw, chain[2])["AlarmArn"]
    code, message = code_of(cw.put_composite_alarm, AlarmName=chain[0],
                            AlarmRule=f'ALARM("{arn}")')
    assert code == "InvalidParameterValue" and "cycle" in message, message
    code, message = code_of(cw.put_composite_alarm, AlarmName=prefix + "self",
                            AlarmRule=f"ALARM({prefix}self)")
    assert code == "InvalidParameterValue", message
    assert alarm(cw, chain[0])["AlarmRule"] == f"ALARM({m})"  # the refused rule changed nothing

    # Bodies past the 1 MiB limit: refused before they are read whole, AWS-shaped.
    huge = json.dumps({"AlarmName": prefix + "huge", "AlarmDescription": "d" * (2 << 20)})
    t0 = time.monotonic()
    status, headers, body = signed(berth, "POST", "/", huge.encode(), {
        "X-Amz-Target": "GraniteServiceVersion20100801.PutMetricAlarm",
        "Content-Type": "application/x-amz-json-1.0"})
    assert time.monotonic() - t0 < 5
    assert status == 413 and "__type" in json.loads(body), (status, body[:200])
    status, _, body = signed(berth, "POST", "/", (
        "Action=PutDashboard&Version=2010-08-01&DashboardName=" + prefix + "huge"
        "&DashboardBody=" + "x" * (2 << 20)).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413 and b"<Code>" in body, (status, body[:200])
    # Within the limit but past the fields' own: AlarmDescription is at most 1,024 characters.
    code, _ = code_of(cw.put_metric_alarm, AlarmName=prefix + "long", Namespace="E2E/bad",
                      MetricName="M", Statistic="Sum", Period=60, EvaluationPeriods=1,
                      Threshold=1.0, ComparisonOperator="GreaterThanThreshold",
                      AlarmDescription="d" * 1025)
    assert code == "InvalidParameterValue"
    assert alarm(cw, m) is not None  # still serving
    cw.delete_alarms(AlarmNames=[prefix + "deep", prefix + "nots", chain[2], chain[1], chain[0], m])
