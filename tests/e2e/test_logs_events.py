"""CloudWatch Logs events: PutLogEvents' limits, GetLogEvents and FilterLogEvents paging to the
end, retention on reads, filter patterns on CloudTrail-shaped JSON, and `aws logs tail`."""
import json
import queue
import signal
import subprocess
import threading
import time
import uuid

import botocore.exceptions
import pytest

from conftest import DEBIAN_AWS, cli_env
from logs_fixtures import logs  # noqa: F401 - a fixture

DAY_MS = 24 * 3600 * 1000


@pytest.fixture
def stream(logs):
    """A fresh log group with one stream "s"; yields the group name."""
    group = f"/e2e/{uuid.uuid4().hex[:10]}"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    return group


def now_ms():
    return int(time.time() * 1000)


def put(logs, group, events, stream="s"):
    return logs.put_log_events(logGroupName=group, logStreamName=stream,
                               logEvents=[{"timestamp": t, "message": m} for t, m in events])


def error_of(call):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def test_put_and_get_with_the_cli(aws, logs, stream, tmp_path):
    t = now_ms()
    events = tmp_path / "events.json"
    events.write_text(json.dumps([{"timestamp": t, "message": "hello"},
                                  {"timestamp": t + 1, "message": "world"}]))
    _, out, _ = aws("logs", "put-log-events", "--log-group-name", stream, "--log-stream-name", "s",
                    "--log-events", f"file://{events}")
    assert "nextSequenceToken" in out and "rejectedLogEventsInfo" not in out
    _, out, _ = aws("logs", "get-log-events", "--log-group-name", stream, "--log-stream-name", "s",
                    "--start-from-head")
    assert [(e["timestamp"], e["message"]) for e in out["events"]] == [(t, "hello"),
                                                                        (t + 1, "world")]
    assert all(abs(e["ingestionTime"] - t) < 60000 for e in out["events"])
    [s] = logs.describe_log_streams(logGroupName=stream)["logStreams"]
    assert s["firstEventTimestamp"] == t and s["lastEventTimestamp"] == t + 1
    assert s["storedBytes"] > 0


def test_batches_over_each_limit_are_refused(logs, stream):
    t = now_ms()
    code, message = error_of(lambda: put(logs, stream, [(t, "x")] * 10001))
    assert code == "InvalidParameterException" and "10000" in message
    put(logs, stream, [(t, "x")] * 10000)
    size = (1048576 - 4 * 26) // 4
    put(logs, stream, [(t, "y" * size)] * 4)
    code, message = error_of(lambda: put(logs, stream, [(t, "y" * size)] * 3 +
                                         [(t, "y" * (size + 1))]))
    assert (code, message) == ("InvalidParameterException",
                               "Upload too large: 1048577 bytes exceeds limit of 1048576")
    code, message = error_of(lambda: put(logs, stream, [(t, "b"), (t - 1, "a")]))
    assert "chronological order" in message
    code, message = error_of(lambda: put(logs, stream, [(t - DAY_MS - 1, "a"), (t, "b")]))
    assert "cannot span more than 24 hours" in message
    code, _ = error_of(lambda: put(logs, stream, [(t, "x")], stream="missing"))
    assert code == "ResourceNotFoundException"


def test_too_old_and_too_new_events_are_reported_not_failed(logs, stream):
    t = now_ms()
    out = put(logs, stream, [(t - 15 * DAY_MS, "old"), (t, "ok"), (t + 3 * 3600 * 1000, "new")])
    assert out["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 0,
                                            "tooNewLogEventStartIndex": 2}
    got = logs.get_log_events(logGroupName=stream, logStreamName="s", startFromHead=True)
    assert [e["message"] for e in got["events"]] == ["ok"]


def test_get_log_events_pages_to_the_end_both_ways(logs, stream):
    t = now_ms() - 100000
    for batch in range(5):
        put(logs, stream, [(t + batch * 1000 + i, f"m{batch * 100 + i}") for i in range(100)])
    seen, token, tokens = [], None, set()
    while True:
        kwargs = {"nextToken": token} if token else {}
        out = logs.get_log_events(logGroupName=stream, logStreamName="s", startFromHead=True,
                                  limit=37, **kwargs)
        seen += [e["message"] for e in out["events"]]
        if out["nextForwardToken"] == token:
            assert out["events"] == []
            break
        assert out["nextForwardToken"] not in tokens
        tokens.add(out["nextForwardToken"])
        token = out["nextForwardToken"]
    assert seen == [f"m{b * 100 + i}" for b in range(5) for i in range(100)]
    # Backwards from the newest.
    out = logs.get_log_events(logGroupName=stream, logStreamName="s", limit=50)
    back, token = [e["message"] for e in out["events"]], out["nextBackwardToken"]
    while True:
        out = logs.get_log_events(logGroupName=stream, logStreamName="s", limit=50,
                                  nextToken=token)
        back = [e["message"] for e in out["events"]] + back
        if out["nextBackwardToken"] == token:
            break
        token = out["nextBackwardToken"]
    assert back == seen


def test_filter_log_events_paginators_terminate(aws, logs, stream):
    logs.create_log_stream(logGroupName=stream, logStreamName="t")
    t = now_ms() - 60000
    put(logs, stream, [(t + 2 * i, f"ERROR s{i}" if i % 4 == 0 else f"INFO s{i}")
                       for i in range(400)])
    put(logs, stream, [(t + 2 * i + 1, f"ERROR t{i}") for i in range(100)], stream="t")
    pages = list(logs.get_paginator("filter_log_events").paginate(
        logGroupName=stream, filterPattern="ERROR", PaginationConfig={"PageSize": 30}))
    events = [e for p in pages for e in p["events"]]
    assert len(events) == 200 and len(pages) >= 7
    assert [e["timestamp"] for e in events] == sorted(e["timestamp"] for e in events)
    assert len({e["eventId"] for e in events}) == 200
    assert "nextToken" not in pages[-1]
    # The CLI pages on its own too.
    _, out, _ = aws("logs", "filter-log-events", "--log-group-name", stream, "--filter-pattern",
                    "ERROR", "--log-stream-names", "t", "--page-size", "25")
    assert [e["message"] for e in out["events"]] == [f"ERROR t{i}" for i in range(100)]
    code, _, err = aws("logs", "filter-log-events", "--log-group-name", stream,
                       "--filter-pattern", "{ $.x = ", check=False)
    assert code != 0 and "InvalidParameterException" in err and "Invalid filter pattern" in err


def test_reads_never_return_events_past_retention(logs, stream):
    t = now_ms()
    put(logs, stream, [(t - 3 * DAY_MS, "three days old")])
    put(logs, stream, [(t - 1000, "fresh")])
    logs.put_retention_policy(logGroupName=stream, retentionInDays=1)
    got = logs.get_log_events(logGroupName=stream, logStreamName="s", startFromHead=True)
    assert [e["message"] for e in got["events"]] == ["fresh"]
    filtered = logs.filter_log_events(logGroupName=stream)
    assert [e["message"] for e in filtered["events"]] == ["fresh"]
    # And new ones that old are refused as expired.
    out = put(logs, stream, [(t - 2 * DAY_MS, "expired"), (t, "kept")])
    assert out["rejectedLogEventsInfo"] == {"expiredLogEventEndIndex": 0}


def cloudtrail_record(i, t):
    sources = ["ecr.amazonaws.com", "s3.amazonaws.com", "logs.amazonaws.com"]
    errors = [None, "AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation",
              "ThrottlingException"]
    record = {
        "eventVersion": "1.11",
        "userIdentity": {"type": "IAMUser", "userName": f"user{i % 3}",
                         "accountId": "123456789012"},
        "eventTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t / 1000)),
        "eventSource": sources[i % 3],
        "eventName": ["BatchGetImage", "PutImage", "GetObject", "PutLogEvents"][i % 4],
        "awsRegion": "us-east-1",
        "sourceIPAddress": f"10.0.{i % 7}.{i % 200}",
        "requestParameters": {"repositoryName": f"repo{i % 5}"},
        "resources": [{"ARN": f"arn:aws:ecr:us-east-1:123456789012:repository/repo{i % 5}",
                       "type": "AWS::ECR::Repository"}],
        "readOnly": i % 2 == 0,
        "latency": i % 1000,
    }
    if errors[i % 5]:
        record["errorCode"] = errors[i % 5]
    return record


FILTERS = [
    ('{ $.eventSource = "ecr.amazonaws.com" && ($.errorCode = "AccessDenied*" || '
     '$.errorCode = "*Unauthorized*") }',
     lambda r: r["eventSource"] == "ecr.amazonaws.com" and (
         r.get("errorCode", "").startswith("AccessDenied") or
         "Unauthorized" in r.get("errorCode", ""))),
    ('{ $.errorCode NOT EXISTS }', lambda r: "errorCode" not in r),
    ('{ $.readOnly IS TRUE && $.latency >= 500 }', lambda r: r["readOnly"] and r["latency"] >= 500),
    ('{ $.resources[0].ARN = "*repository/repo3" }',
     lambda r: r["resources"][0]["ARN"].endswith("repository/repo3")),
    ('{ $.userIdentity.userName = user1 && $.eventName != PutImage }',
     lambda r: r["userIdentity"]["userName"] == "user1" and r["eventName"] != "PutImage"),
    ('{ $.sourceIPAddress = %^10\\.0\\.3\\.% }', lambda r: r["sourceIPAddress"].startswith("10.0.3.")),
    ('"AccessDeniedException" -"ecr.amazonaws.com"',
     lambda r: r.get("errorCode") == "AccessDeniedException" and
     "ecr.amazonaws.com" not in json.dumps(r)),
]


@pytest.mark.parametrize("pattern,want", FILTERS)
def test_filter_patterns_on_cloudtrail_records(logs, stream, pattern, want):
    t = now_ms() - 10000
    records = [cloudtrail_record(i, t + i) for i in range(600)]
    put(logs, stream, [(t + i, json.dumps(r)) for i, r in enumerate(records)])
    got = [json.loads(e["message"]) for p in logs.get_paginator("filter_log_events").paginate(
        logGroupName=stream, filterPattern=pattern) for e in p["events"]]
    expected = [r for r in records if want(r)]
    assert expected, "the pattern should match something"
    assert got == expected


def tail_cmd(berth, *args):
    return [DEBIAN_AWS, "--endpoint-url", berth.endpoint, "logs", "tail", *args]


def test_logs_tail_prints_events_and_filters(berth, logs, stream):
    t = now_ms() - 5000
    put(logs, stream, [(t, "first INFO"), (t + 1, "second ERROR"), (t + 2, "third INFO")])
    env = cli_env(berth.credentials_file)
    out = subprocess.run(tail_cmd(berth, stream, "--format", "short"), env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert [line.split(" ", 1)[1] for line in out.stdout.splitlines()] == [
        "first INFO", "second ERROR", "third INFO"]
    out = subprocess.run(tail_cmd(berth, stream, "--filter-pattern", "ERROR", "--since", "1h"),
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    [line] = out.stdout.splitlines()
    assert line.endswith(" s second ERROR")


class LineReader:
    """Collects a process's output lines on a thread, so the test can wait for them."""

    def __init__(self, stream):
        self.lines = queue.Queue()
        self.thread = threading.Thread(target=self._run, args=(stream,), daemon=True)
        self.thread.start()

    def _run(self, stream):
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def take(self, want, timeout):
        """Up to `want` lines, waiting at most `timeout` seconds in all."""
        lines, deadline = [], time.time() + timeout
        while len(lines) < want and time.time() < deadline:
            try:
                lines.append(self.lines.get(timeout=max(0.0, deadline - time.time())))
            except queue.Empty:
                break
        return lines


def test_logs_tail_follow_prints_new_events(berth, logs, stream):
    t = now_ms() - 2000
    put(logs, stream, [(t, "before 1"), (t + 1, "before 2")])
    # The CLI is Python: unbuffered, so each line reaches the pipe when printed.
    env = {**cli_env(berth.credentials_file), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(tail_cmd(berth, stream, "--follow", "--format", "short",
                                     "--filter-pattern=-skip"),
                            env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        reader = LineReader(proc.stdout)
        lines = reader.take(2, 30)
        assert [line.split(" ", 1)[1] for line in lines] == ["before 1", "before 2"]
        put(logs, stream, [(now_ms(), "skip me"), (now_ms() + 1, "after")])
        # tail polls every 5 s; the new event shows up once, the excluded one never.
        lines += reader.take(1, 30)
        assert [line.split(" ", 1)[1] for line in lines] == ["before 1", "before 2", "after"]
        assert proc.poll() is None, "tail --follow exited"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
