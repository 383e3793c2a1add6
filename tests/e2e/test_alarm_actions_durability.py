"""Alarm actions survive a kill -9: a transition's actions are saved with its state, so every
alarm set to ALARM right before berth is killed still notifies its topic once berth is back
(at least once: a kill between sending and recording may send one twice, as AWS's SNS may).
Composite alarms on them catch up too: the kill may land between a child's committed
transition and its composite's re-evaluation."""
import json
import os
import queue
import shutil
import signal
import tempfile
import time
import uuid

from conftest import Berth, boto3_client
from sns_receiver import Receiver
from test_metrics import cloudwatch
from test_sns import subscribe_confirmed


def test_alarm_notifications_are_not_lost_across_kill_minus_nine(monkeypatch):
    tmp = tempfile.mkdtemp(prefix="berth-alarm-actions-crash-")
    server = Berth(os.path.join(tmp, "data"))
    receiver = Receiver()
    try:
        server.start()
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", server.credentials_file)
        monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
        sns = boto3_client(server, "sns")
        cw = cloudwatch(server)
        suffix = uuid.uuid4().hex[:8]
        topic = sns.create_topic(Name=f"crash-{suffix}")["TopicArn"]
        subscribe_confirmed(sns, topic, receiver)
        names = [f"crash-{suffix}-{i:02d}" for i in range(20)]
        for name in names:
            cw.put_metric_alarm(AlarmName=name, Namespace=f"E2E/{suffix}", MetricName="M",
                                Statistic="Sum", Period=60, EvaluationPeriods=1, Threshold=1.0,
                                ComparisonOperator="GreaterThanThreshold", AlarmActions=[topic])
        # A composite on each of the last alarms set, the likeliest to be cut off by the kill.
        composites = {f"{name}-parent": name for name in names[-5:]}
        for parent, child in composites.items():
            cw.put_composite_alarm(AlarmName=parent, AlarmRule=f'ALARM("{child}")')
        # Each call returns once the new state (and its pending action) is committed; the kill
        # lands while the actions of the last ones are still being executed or queued.
        for name in names:
            cw.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="drill")
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        server.proc = None
        server.start()

        notified = set()
        deadline = time.monotonic() + 60
        while notified != set(names) and time.monotonic() < deadline:
            try:
                _, body, _ = receiver.get(timeout=1)
            except queue.Empty:
                continue
            msg = json.loads(body)
            if msg["Type"] == "Notification":
                notified.add(json.loads(msg["Message"])["AlarmName"])
        assert notified == set(names), sorted(set(names) - notified)

        cw = cloudwatch(server)
        deadline = time.monotonic() + 30
        while True:
            states = {a["AlarmName"]: a["StateValue"] for a in cw.describe_alarms(
                AlarmNames=list(composites), AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]}
            if set(states.values()) == {"ALARM"} or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert states == {parent: "ALARM" for parent in composites}, states
        for name in names:
            items = cw.describe_alarm_history(AlarmName=name, HistoryItemType="Action")
            summaries = [i["HistorySummary"] for i in items["AlarmHistoryItems"]]
            assert summaries and all(s == f"Successfully executed action {topic}"
                                     for s in summaries), (name, summaries)
        assert server.stop() == 0
    finally:
        receiver.stop()
        if server.proc is not None:
            server.proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
