"""The issue's end-to-end alarm story with real clients: an SNS topic with a confirmed HTTP
subscriber (the test's receiver), a metric alarm on a 10-second high-resolution metric whose
AlarmActions and OKActions are the topic; breaching data takes it to ALARM and the receiver gets
a signed Notification carrying AWS's alarm message, non-breaching data takes it back to OK with a
second one; the history records the transitions and the executed actions, and an unknown topic
ARN is recorded as a failed action. Evaluations happen every 10 s: waits poll with a timeout."""
import datetime
import json
import queue
import re
import time
import uuid

import pytest

from conftest import Cli, boto3_client
from sns_receiver import Receiver, verify_signature
from test_metrics import cloudwatch
from test_sns import subscribe_confirmed

REGION_NAME = "US East (N. Virginia)"


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture
def sns(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "sns")


def wait_for(check, timeout=90, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.5)


def next_notification(receiver, publish, timeout=90):
    """The next Notification POST, publishing a datapoint every half second meanwhile (the
    alarm needs data in the period it evaluates)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        publish()
        try:
            headers, body, _ = receiver.get(timeout=0.5)
        except queue.Empty:
            continue
        msg = json.loads(body)
        if msg["Type"] == "Notification":
            return headers, msg
    raise AssertionError("no notification arrived")


def history(cw, name, kind):
    # Without AlarmTypes, DescribeAlarmHistory answers metric alarms only (as AWS does).
    return cw.describe_alarm_history(AlarmName=name, HistoryItemType=kind,
                                     AlarmTypes=["MetricAlarm", "CompositeAlarm"],
                                     ScanBy="TimestampAscending")["AlarmHistoryItems"]


def check_alarm_message(msg, name, alarm, new, old):
    assert msg["Subject"] == f'{new}: "{name}" in {REGION_NAME}'
    body = json.loads(msg["Message"])
    assert body["AlarmName"] == name
    assert body["AlarmArn"] == alarm["AlarmArn"]
    assert body["NewStateValue"] == new and body["OldStateValue"] == old
    assert body["NewStateReason"].startswith("Threshold Crossed: 1 out of the last 1 datapoints")
    assert body["Region"] == REGION_NAME
    assert body["AWSAccountId"] == alarm["AlarmArn"].split(":")[4]
    # AWS's format: 2026-12-07T20:30:10.123+0000
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000", body["StateChangeTime"])
    trigger = body["Trigger"]
    assert trigger["MetricName"] == "Latency" and trigger["Namespace"] == alarm["Namespace"]
    assert trigger["Period"] == 10 and trigger["EvaluationPeriods"] == 1
    assert trigger["Threshold"] == 100.0
    assert trigger["ComparisonOperator"] == "GreaterThanThreshold"
    assert trigger["Statistic"] == "MAXIMUM" and trigger["StatisticType"] == "Statistic"
    assert trigger["Dimensions"] == [{"value": "a", "name": "Host"}]
    return body


def test_alarm_notifies_a_confirmed_http_subscriber_and_records_its_actions(
        berth, sns, receiver):
    cw = cloudwatch(berth, "json")
    suffix = uuid.uuid4().hex[:8]
    topic = sns.create_topic(Name=f"alarms-{suffix}")["TopicArn"]
    subscribe_confirmed(sns, topic, receiver)
    ns, name = f"E2E/notify-{suffix}", f"latency-{suffix}"
    cw.put_metric_alarm(AlarmName=name, Namespace=ns, MetricName="Latency",
                        Dimensions=[{"Name": "Host", "Value": "a"}], Statistic="Maximum",
                        Period=10, EvaluationPeriods=1, Threshold=100.0,
                        ComparisonOperator="GreaterThanThreshold",
                        # "missing": no transition before the first datapoint, so the first
                        # notification is INSUFFICIENT_DATA -> ALARM whatever the timing.
                        TreatMissingData="missing", AlarmActions=[topic],
                        OKActions=[topic])
    alarm = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]

    def publish(value):
        return lambda: cw.put_metric_data(Namespace=ns, MetricData=[{
            "MetricName": "Latency", "Dimensions": [{"Name": "Host", "Value": "a"}],
            "Value": value, "StorageResolution": 1}])

    headers, msg = next_notification(receiver, publish(150.0))
    assert headers["x-amz-sns-message-type"] == "Notification"
    assert headers["x-amz-sns-topic-arn"] == topic
    assert msg["TopicArn"] == topic
    verify_signature(msg)
    first = check_alarm_message(msg, name, alarm, "ALARM", "INSUFFICIENT_DATA")
    assert "was greater than the threshold (100.0)" in first["NewStateReason"]
    assert cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]["StateValue"] == "ALARM"

    _, msg = next_notification(receiver, publish(5.0))
    verify_signature(msg)
    back = check_alarm_message(msg, name, alarm, "OK", "ALARM")
    assert "was not greater than the threshold (100.0)" in back["NewStateReason"]
    assert back["StateChangeTime"] > first["StateChangeTime"]
    assert cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]["StateValue"] == "OK"

    updates = [h["HistorySummary"] for h in history(cw, name, "StateUpdate")]
    assert updates == ["Alarm updated from INSUFFICIENT_DATA to ALARM",
                       "Alarm updated from ALARM to OK"], updates
    actions = wait_for(lambda: (a := history(cw, name, "Action")) and len(a) == 2 and a,
                       what="two action items")
    for item in actions:
        assert item["HistorySummary"] == f"Successfully executed action {topic}", item
        data = json.loads(item["HistoryData"])
        assert data["actionState"] == "Succeeded"
    cw.delete_alarms(AlarmNames=[name])


def test_unknown_topic_is_recorded_as_a_failed_action_with_the_pip_cli(berth, sns, receiver):
    aws = Cli(berth, "pip")  # JSON 1.0
    suffix = uuid.uuid4().hex[:8]
    _, created, _ = aws("sns", "create-topic", "--name", f"cli-{suffix}")
    topic = created["TopicArn"]
    subscribe_confirmed(sns, topic, receiver)
    missing = topic + "-missing"
    name = f"cli-{suffix}"
    aws("cloudwatch", "put-metric-alarm", "--alarm-name", name, "--namespace", f"E2E/{suffix}",
        "--metric-name", "Latency", "--statistic", "Maximum", "--period", "10",
        "--evaluation-periods", "1", "--threshold", "100",
        "--comparison-operator", "GreaterThanThreshold",
        "--alarm-actions", topic, missing)
    # SetAlarmState runs the new state's actions as a real transition does.
    aws("cloudwatch", "set-alarm-state", "--alarm-name", name, "--state-value", "ALARM",
        "--state-reason", "drill")
    _, body, _ = receiver.get(timeout=30)
    msg = json.loads(body)
    assert msg["Type"] == "Notification"
    verify_signature(msg)
    assert json.loads(msg["Message"])["NewStateReason"] == "drill"

    def actions():
        _, out, _ = aws("cloudwatch", "describe-alarm-history", "--alarm-name", name,
                        "--history-item-type", "Action")
        items = out["AlarmHistoryItems"]
        return items if len(items) == 2 else None

    summaries = sorted(i["HistorySummary"] for i in wait_for(actions, 30, "two action items"))
    assert summaries[0].startswith(f"Failed to execute action {missing}."), summaries
    assert summaries[1] == f"Successfully executed action {topic}", summaries
    aws("cloudwatch", "delete-alarms", "--alarm-names", name)


def test_composite_alarm_notifies_with_its_rule(berth, sns, receiver):
    cw = cloudwatch(berth, "query")  # boto3 on the query protocol
    suffix = uuid.uuid4().hex[:8]
    topic = sns.create_topic(Name=f"composite-{suffix}")["TopicArn"]
    sub_arn, _, _ = subscribe_confirmed(sns, topic, receiver)
    child, parent = f"child-{suffix}", f"parent-{suffix}"
    cw.put_metric_alarm(AlarmName=child, Namespace=f"E2E/{suffix}", MetricName="M",
                        Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1.0,
                        ComparisonOperator="GreaterThanThreshold")
    rule = f'ALARM("{child}")'
    cw.put_composite_alarm(AlarmName=parent, AlarmRule=rule, AlarmActions=[topic])
    cw.set_alarm_state(AlarmName=child, StateValue="ALARM", StateReason="drill")
    headers, body, _ = receiver.get(timeout=30)
    assert headers["x-amz-sns-subscription-arn"] == sub_arn
    msg = json.loads(body)
    verify_signature(msg)
    assert msg["Subject"] == f'ALARM: "{parent}" in {REGION_NAME}'
    message = json.loads(msg["Message"])
    assert message["AlarmName"] == parent and message["AlarmRule"] == rule
    assert message["NewStateValue"] == "ALARM" and "Trigger" not in message
    actions = wait_for(lambda: history(cw, parent, "Action"), 30, "the action item")
    assert actions[0]["HistorySummary"] == f"Successfully executed action {topic}"
    cw.delete_alarms(AlarmNames=[parent])
    cw.delete_alarms(AlarmNames=[child])
