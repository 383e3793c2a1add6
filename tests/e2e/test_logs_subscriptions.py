"""CloudWatch Logs subscription filters and destinations with boto3, both aws CLIs and the JS
SDK v3: a subscription to a destination whose target is another log group lands exactly the
matching events there in AWS's payload shape; one whose target is an http:// URL (berth's
extension) POSTs gzip-compressed DATA_MESSAGEs, after the CONTROL_MESSAGE, to a receiver the
test runs on a free loopback port; the 2-filter limit, AWS's errors, the refusal of Kinesis,
Firehose and Lambda ARNs; and a restart of berth between PutLogEvents and delivery loses
nothing."""
import gzip
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import botocore.exceptions
import pytest

from conftest import boto3_client, own_berth_server
from logs_fixtures import logs  # noqa: F401 (a fixture)
from test_js_sdk import js  # noqa: F401 (a fixture)

ROLE = "arn:aws:iam::123456789012:role/CWLtoBerth"


class Receiver:
    """An HTTP endpoint on a free loopback port that keeps each POST's decompressed JSON and
    answers `status`."""

    def __init__(self):
        self.status = 200
        self.posts = []
        self.headers = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.status == 200:
                    receiver.headers.append(dict(self.headers))
                    receiver.posts.append(json.loads(gzip.decompress(body)))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cwl"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def data(self):
        return [p for p in self.posts if p["messageType"] == "DATA_MESSAGE"]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def wait_for(check, timeout=20):
    deadline = time.time() + timeout
    while True:
        value = check()
        if value or time.time() > deadline:
            return value
        time.sleep(0.1)


def unique(prefix):
    return f"/e2e/sub/{prefix}-{uuid.uuid4().hex[:8]}"


def messages(payloads):
    return [e["message"] for p in payloads for e in p["logEvents"]]


def landed(logs, group, kind="DATA_MESSAGE"):
    events = logs.filter_log_events(logGroupName=group)["events"]
    payloads = [json.loads(e["message"]) for e in events]
    return [p for p in payloads if p["messageType"] == kind]


def put(logs, group, stream, texts):
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=stream,
                        logEvents=[{"timestamp": now + i, "message": t}
                                   for i, t in enumerate(texts)])


def destination_to(logs, name, target):
    return logs.put_destination(destinationName=name, targetArn=target,
                                roleArn=ROLE)["destination"]


def group_arn(logs, group):
    [g] = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    return g["arn"][:-2]  # without ":*"


def test_log_group_destination_receives_exactly_the_matching_events(logs):
    source, sink = unique("app"), unique("sink")
    for g in (source, sink):
        logs.create_log_group(logGroupName=g)
    logs.create_log_stream(logGroupName=source, logStreamName="web-1")
    dest = destination_to(logs, "sink-" + uuid.uuid4().hex[:8], group_arn(logs, sink))
    assert dest["arn"].startswith("arn:aws:logs:us-east-1:")
    assert dest["targetArn"] == group_arn(logs, sink)
    logs.put_subscription_filter(logGroupName=source, filterName="errors",
                                 filterPattern='{ $.level = "ERROR" }',
                                 destinationArn=dest["arn"])
    texts = [json.dumps({"level": lvl, "n": i}) for i, lvl in
             enumerate(["INFO", "ERROR", "DEBUG", "ERROR", "ERROR", "INFO"])]
    put(logs, source, "web-1", texts)
    expected = [t for t in texts if '"ERROR"' in t]
    got = wait_for(lambda: messages(landed(logs, sink)) == expected and landed(logs, sink))
    assert messages(landed(logs, sink)) == expected
    [payload] = got
    assert payload["owner"] == dest["arn"].split(":")[4]
    assert payload["logGroup"] == source
    assert payload["logStream"] == "web-1"
    assert payload["subscriptionFilters"] == ["errors"]
    assert all(set(e) == {"id", "timestamp", "message"} for e in payload["logEvents"])
    [control] = landed(logs, sink, "CONTROL_MESSAGE")
    assert control["owner"] == "CloudwatchLogs"
    assert control["logEvents"][0]["message"].startswith("CWL CONTROL MESSAGE")


def test_http_destination_receives_gzip_data_messages(logs, receiver):
    source = unique("http")
    logs.create_log_group(logGroupName=source)
    logs.create_log_stream(logGroupName=source, logStreamName="s")
    dest = destination_to(logs, "http-" + uuid.uuid4().hex[:8], receiver.url)
    assert dest["targetArn"] == receiver.url
    logs.put_subscription_filter(logGroupName=source, filterName="all", filterPattern="",
                                 destinationArn=dest["arn"], distribution="Random")
    put(logs, source, "s", ["first", "second"])
    assert wait_for(lambda: messages(receiver.data()) == ["first", "second"]), receiver.posts
    assert receiver.posts[0]["messageType"] == "CONTROL_MESSAGE"
    assert receiver.headers[0]["Content-Encoding"] == "gzip"
    [data] = receiver.data()
    assert data["logGroup"] == source and data["logStream"] == "s"
    [f] = logs.describe_subscription_filters(logGroupName=source)["subscriptionFilters"]
    assert f["distribution"] == "Random" and f["destinationArn"] == dest["arn"]


def test_limit_errors_and_unserved_targets(logs):
    source, sink = unique("lim"), unique("limsink")
    for g in (source, sink):
        logs.create_log_group(logGroupName=g)
    dest = destination_to(logs, "lim-" + uuid.uuid4().hex[:8], group_arn(logs, sink))
    for name in ("b", "a"):
        logs.put_subscription_filter(logGroupName=source, filterName=name, filterPattern="",
                                     destinationArn=dest["arn"])
    with pytest.raises(logs.exceptions.LimitExceededException) as e:
        logs.put_subscription_filter(logGroupName=source, filterName="c", filterPattern="",
                                     destinationArn=dest["arn"])
    assert e.value.response["Error"]["Message"] == "Resource limit exceeded."
    page = logs.describe_subscription_filters(logGroupName=source, limit=1)
    assert [f["filterName"] for f in page["subscriptionFilters"]] == ["a"]
    rest = logs.describe_subscription_filters(logGroupName=source, limit=1,
                                              nextToken=page["nextToken"])
    assert [f["filterName"] for f in rest["subscriptionFilters"]] == ["b"]
    assert "nextToken" not in rest
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as e:
        logs.put_subscription_filter(logGroupName=unique("none"), filterName="x",
                                     filterPattern="", destinationArn=dest["arn"])
    assert e.value.response["Error"]["Message"] == "The specified log group does not exist."
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.delete_subscription_filter(logGroupName=source, filterName="zzz")
    for arn in ("arn:aws:kinesis:us-east-1:123456789012:stream/s",
                "arn:aws:firehose:us-east-1:123456789012:deliverystream/f",
                "arn:aws:lambda:us-east-1:123456789012:function:fn"):
        logs.delete_subscription_filter(logGroupName=source, filterName="a")
        with pytest.raises(logs.exceptions.InvalidParameterException) as e:
            logs.put_subscription_filter(logGroupName=source, filterName="a", filterPattern="",
                                         destinationArn=arn)
        assert "berth cannot deliver log events to" in e.value.response["Error"]["Message"]
        with pytest.raises(logs.exceptions.InvalidParameterException):
            logs.put_destination(destinationName="d", targetArn=arn, roleArn=ROLE)
        logs.put_subscription_filter(logGroupName=source, filterName="a", filterPattern="",
                                     destinationArn=dest["arn"])
    with pytest.raises(logs.exceptions.InvalidParameterException) as e:
        logs.put_subscription_filter(logGroupName=source, filterName="b",
                                     filterPattern="{ $.x = ", destinationArn=dest["arn"])
    with pytest.raises(logs.exceptions.ResourceNotFoundException) as e:
        logs.delete_destination(destinationName="none-" + uuid.uuid4().hex[:6])
    assert e.value.response["Error"]["Message"] == "The specified destination does not exist."
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.put_destination_policy(destinationName=dest["destinationName"],
                                    accessPolicy="{not a policy")


def test_destination_policy_round_trip(logs):
    sink = unique("pol")
    logs.create_log_group(logGroupName=sink)
    dest = destination_to(logs, "pol-" + uuid.uuid4().hex[:8], group_arn(logs, sink))
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "111122223333"},
        "Action": "logs:PutSubscriptionFilter", "Resource": dest["arn"]}]})
    logs.put_destination_policy(destinationName=dest["destinationName"], accessPolicy=policy,
                                forceUpdate=True)
    [d] = logs.describe_destinations(
        DestinationNamePrefix=dest["destinationName"])["destinations"]
    assert json.loads(d["accessPolicy"]) == json.loads(policy)
    assert d["roleArn"] == ROLE and d["creationTime"] > 0
    logs.delete_destination(destinationName=dest["destinationName"])
    assert logs.describe_destinations(
        DestinationNamePrefix=dest["destinationName"])["destinations"] == []


def test_both_clis(aws, logs):
    source, sink = unique(f"cli-{aws.which}"), unique(f"clisink-{aws.which}")
    for g in (source, sink):
        aws("logs", "create-log-group", "--log-group-name", g)
    name = f"cli-{aws.which}-{uuid.uuid4().hex[:6]}"
    _, out, _ = aws("logs", "put-destination", "--destination-name", name,
                    "--target-arn", group_arn(logs, sink), "--role-arn", ROLE)
    arn = out["destination"]["arn"]
    aws("logs", "put-subscription-filter", "--log-group-name", source, "--filter-name", "f",
        "--filter-pattern", "ERROR", "--destination-arn", arn)
    _, out, _ = aws("logs", "describe-subscription-filters", "--log-group-name", source)
    assert [(f["filterName"], f["filterPattern"], f["destinationArn"])
            for f in out["subscriptionFilters"]] == [("f", "ERROR", arn)]
    _, out, _ = aws("logs", "describe-destinations", "--destination-name-prefix", name)
    assert [d["destinationName"] for d in out["destinations"]] == [name]
    code, _, err = aws("logs", "put-subscription-filter", "--log-group-name", source,
                       "--filter-name", "k", "--filter-pattern", "",
                       "--destination-arn", "arn:aws:kinesis:us-east-1:123456789012:stream/s",
                       check=False)
    assert code != 0 and "InvalidParameterException" in err and "Kinesis" in err
    aws("logs", "delete-subscription-filter", "--log-group-name", source, "--filter-name", "f")
    aws("logs", "delete-destination", "--destination-name", name)
    _, out, _ = aws("logs", "describe-subscription-filters", "--log-group-name", source)
    assert out["subscriptionFilters"] == []


def test_js_sdk(js, logs, receiver):
    source = unique("js")
    logs.create_log_group(logGroupName=source)
    logs.create_log_stream(logGroupName=source, logStreamName="s")
    name = "js-" + uuid.uuid4().hex[:8]
    out = js("logs", "PutDestination", destinationName=name, targetArn=receiver.url,
             roleArn=ROLE)
    assert out["ok"], out
    arn = out["output"]["destination"]["arn"]
    out = js("logs", "PutSubscriptionFilter", logGroupName=source, filterName="js",
             filterPattern="[level=ERROR, ...]", destinationArn=arn)
    assert out["ok"], out
    out = js("logs", "DescribeSubscriptionFilters", logGroupName=source)
    assert out["ok"], out
    [f] = out["output"]["subscriptionFilters"]
    assert f["filterName"] == "js" and f["destinationArn"] == arn
    out = js("logs", "DescribeDestinations", DestinationNamePrefix=name)
    assert [d["targetArn"] for d in out["output"]["destinations"]] == [receiver.url]
    out = js("logs", "PutSubscriptionFilter", logGroupName=source, filterName="fh",
             filterPattern="", destinationArn="arn:aws:firehose:us-east-1:1:deliverystream/x")
    assert not out["ok"] and out["name"] == "InvalidParameterException", out
    put(logs, source, "s", ["INFO a", "ERROR b", "ERROR c d"])
    assert wait_for(lambda: messages(receiver.data()) == ["ERROR b", "ERROR c d"]), receiver.posts
    out = js("logs", "DeleteSubscriptionFilter", logGroupName=source, filterName="js")
    assert out["ok"], out
    out = js("logs", "DeleteDestination", destinationName=name)
    assert out["ok"], out


@pytest.mark.parametrize("how", ["sigterm", "sigkill"])
def test_restart_between_put_and_delivery_loses_nothing(monkeypatch, receiver, how):
    receiver.status = 503  # the subscriber is down: nothing is taken
    with own_berth_server(monkeypatch, prefix="berth-e2e-sub-") as server:
        logs = boto3_client(server, "logs")
        logs.create_log_group(logGroupName="app")
        logs.create_log_stream(logGroupName="app", logStreamName="s")
        dest = destination_to(logs, "down", receiver.url)
        logs.put_subscription_filter(logGroupName="app", filterName="all", filterPattern="",
                                     destinationArn=dest["arn"])
        texts = [f"event {i}" for i in range(200)]
        for i in range(0, 200, 50):
            put(logs, "app", "s", texts[i:i + 50])
        if how == "sigterm":
            assert server.stop() == 0
        else:  # a crash: whatever was acknowledged was fsynced, owed with it
            server.proc.kill()
            server.proc.wait()
            server.proc = None
        receiver.status = 200
        server.start()
        # Delivered after the restart, each acknowledged event once.
        assert wait_for(lambda: len(messages(receiver.data())) >= 200, timeout=30)
        time.sleep(0.5)
        assert messages(receiver.data()) == texts
