"""Logs Insights end to end: a few hundred CloudTrail-shaped events in two log groups, queried with
both aws CLIs (start-query, then get-query-results until Complete) and boto3, each answer checked
against the same computation done here in plain Python over the events put; then StopQuery,
DescribeQueries, the query definitions and the errors."""
import collections
import datetime
import json
import math
import random
import time
import uuid

import botocore.exceptions
import pytest

from conftest import boto3_client

SOURCES = [("ecr.amazonaws.com", ["PutImage", "BatchGetImage", "GetAuthorizationToken",
                                  "DescribeRepositories", "CreateRepository"]),
           ("s3.amazonaws.com", ["GetObject", "PutObject"]),
           ("logs.amazonaws.com", ["PutLogEvents"])]
USERS = ["alice", "bob", "carol", "dave"]
ERRORS = ["AccessDenied", "RepositoryNotFoundException", "AccessDeniedException"]
FINAL = ("Complete", "Failed", "Cancelled", "Timeout")


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def shown_time(ms):
    """A timestamp as Logs Insights shows it: yyyy-MM-dd HH:mm:ss.SSS, UTC."""
    t = datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d}"


def make_events(rng, count, now_ms):
    """(timestamp ms, record) pairs, distinct timestamps over the last 55 minutes, in order."""
    stamps = sorted(rng.sample(range(now_ms - 55 * 60 * 1000, now_ms - 1000), count))
    events = []
    for t in stamps:
        source, names = rng.choice(SOURCES)
        record = {"eventVersion": "1.11", "eventTime": iso(t), "eventSource": source,
                  "eventName": rng.choice(names), "awsRegion": "us-east-1",
                  "sourceIPAddress": "127.0.0.1",
                  "userIdentity": {"type": "IAMUser", "userName": rng.choice(USERS)},
                  "requestParameters": {"repositoryName": f"repo{rng.randrange(5)}"},
                  "bytes": rng.randrange(1, 100000)}
        if rng.random() < 0.25:
            record["errorCode"] = rng.choice(ERRORS)
        events.append((t, record))
    return events


def message(record):
    return json.dumps(record, separators=(",", ":"))


class Data:
    """Two log groups and what was put in them."""

    def __init__(self, client):
        rng = random.Random(5)
        now = int(time.time() * 1000)
        run = uuid.uuid4().hex[:8]
        self.a, self.b = f"/e2e/insights/{run}/a", f"/e2e/insights/{run}/b"
        self.events = {self.a: make_events(rng, 300, now), self.b: make_events(rng, 200, now)}
        for group, events in self.events.items():
            client.create_log_group(logGroupName=group)
            for stream in ("s1", "s2"):
                client.create_log_stream(logGroupName=group, logStreamName=stream)
                mine = [e for i, e in enumerate(events) if (i % 2 == 0) == (stream == "s1")]
                client.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
                    {"timestamp": t, "message": message(r)} for t, r in mine])
        self.start = min(t for es in self.events.values() for t, _ in es) // 1000
        self.end = now // 1000 + 1

    def all(self, *groups):
        return [(g, t, r) for g in groups for t, r in self.events[g]]


@pytest.fixture(scope="module")
def client(berth):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
        mp.setenv("AWS_CONFIG_FILE", "/dev/null")
        return boto3_client(berth, "logs")


@pytest.fixture(scope="module")
def data(client):
    return Data(client)


def wait(client, query_id, want="Complete"):
    deadline = time.time() + 120
    while True:
        out = client.get_query_results(queryId=query_id)
        if out["status"] in FINAL or time.time() > deadline:
            break
        time.sleep(0.05)
    assert out["status"] == want, out
    return out


def rows_of(out):
    return [{f["field"]: f["value"] for f in row} for row in out["results"]]


def run(client, data, query, groups=None, start=None, end=None, **kwargs):
    query_id = client.start_query(logGroupNames=groups or [data.a], queryString=query,
                                  startTime=data.start if start is None else start,
                                  endTime=data.end if end is None else end, **kwargs)["queryId"]
    out = wait(client, query_id)
    assert "encryptionKey" not in out
    return rows_of(out), out


def without_ptr(rows):
    return [{k: v for k, v in r.items() if k != "@ptr"} for r in rows]


def cli_query(aws, data, query, groups):
    _, started, _ = aws("logs", "start-query", "--log-group-names", *groups,
                        "--start-time", str(data.start), "--end-time", str(data.end),
                        "--query-string", query)
    deadline = time.time() + 120
    while True:
        _, out, _ = aws("logs", "get-query-results", "--query-id", started["queryId"])
        if out["status"] in FINAL or time.time() > deadline:
            break
        time.sleep(0.1)
    assert out["status"] == "Complete", out
    return rows_of(out), out


def test_latest_events_with_both_clis(aws, data):
    rows, out = cli_query(aws, data, "fields @timestamp, eventName | sort @timestamp desc | limit 5",
                          [data.a])
    latest = sorted(data.events[data.a], key=lambda e: -e[0])[:5]
    assert without_ptr(rows) == [{"@timestamp": shown_time(t), "eventName": r["eventName"]}
                                 for t, r in latest]
    assert all(len(r["@ptr"]) > 0 for r in rows)
    assert out["statistics"]["recordsScanned"] == len(data.events[data.a])
    assert out["statistics"]["recordsMatched"] == len(data.events[data.a])


def test_count_by_event_name_of_one_source_with_both_clis(aws, data):
    rows, _ = cli_query(aws, data,
                        'filter eventSource = "ecr.amazonaws.com" | stats count(*) by eventName',
                        [data.a, data.b])
    want = collections.Counter(r["eventName"] for _, _, r in data.all(data.a, data.b)
                               if r["eventSource"] == "ecr.amazonaws.com")
    assert {r["eventName"]: int(r["count(*)"]) for r in rows} == dict(want)


def test_count_by_five_minute_bins(client, data):
    rows, _ = run(client, data, "stats count(*) by bin(5m)")
    bins = collections.Counter(t - t % 300000 for t, _ in data.events[data.a])
    assert {r["bin(5m)"]: int(r["count(*)"]) for r in rows} == {
        shown_time(b): n for b, n in bins.items()}


def test_denied_calls_by_user(client, data):
    rows, out = run(client, data,
                    "filter errorCode like /Denied/ | stats count(*) as n by userIdentity.userName")
    denied = [r for _, r in data.events[data.a] if "Denied" in r.get("errorCode", "")]
    want = collections.Counter(r["userIdentity"]["userName"] for r in denied)
    assert {r["userIdentity.userName"]: int(r["n"]) for r in rows} == dict(want)
    assert out["statistics"]["recordsMatched"] == len(denied)


def test_parse_a_glob_out_of_the_message(client, data):
    rows, _ = run(client, data, 'parse @message "\\"eventName\\":\\"*\\"" as name '
                                "| stats count(*) by name")
    want = collections.Counter(r["eventName"] for _, r in data.events[data.a])
    assert {r["name"]: int(r["count(*)"]) for r in rows} == dict(want)


def test_numeric_aggregates(client, data):
    rows, _ = run(client, data, "stats avg(bytes), max(bytes), min(bytes), sum(bytes), "
                                "pct(bytes, 90) by eventSource")
    by_source = collections.defaultdict(list)
    for _, r in data.events[data.a]:
        by_source[r["eventSource"]].append(r["bytes"])
    assert len(rows) == len(by_source)
    for row in rows:
        values = sorted(by_source[row["eventSource"]])
        assert float(row["avg(bytes)"]) == pytest.approx(sum(values) / len(values), rel=1e-12)
        assert int(row["max(bytes)"]) == max(values)
        assert int(row["min(bytes)"]) == min(values)
        assert int(row["sum(bytes)"]) == sum(values)
        # Nearest rank: the smallest value with at least 90% of the values at or below it.
        assert int(row["pct(bytes, 90)"]) == values[math.ceil(0.9 * len(values)) - 1]


def test_dedup_keeps_each_users_latest_event(client, data):
    rows, _ = run(client, data, "fields @timestamp, userIdentity.userName, eventName "
                                "| dedup userIdentity.userName")
    latest = {}
    for t, r in data.events[data.a]:
        latest[r["userIdentity"]["userName"]] = (t, r)  # in time order: the last one wins
    want = sorted(latest.items(), key=lambda kv: -kv[1][0])
    assert without_ptr(rows) == [{"@timestamp": shown_time(t), "userIdentity.userName": user,
                                  "eventName": r["eventName"]} for user, (t, r) in want]


def test_several_groups_at_once(client, data):
    rows, out = run(client, data, "stats count(*) as n by @log | sort @log",
                    groups=[data.a, data.b])
    counts = {r["@log"].split(":", 1)[1]: int(r["n"]) for r in rows}
    assert counts == {data.a: 300, data.b: 200}
    assert out["statistics"]["recordsScanned"] == 500
    # The same by identifiers, one of them an ARN.
    acct = rows[0]["@log"].split(":", 1)[0]
    query_id = client.start_query(
        logGroupIdentifiers=[f"arn:aws:logs:us-east-1:{acct}:log-group:{data.a}", data.b],
        startTime=data.start, endTime=data.end, queryString="stats count(*) as n")["queryId"]
    assert rows_of(wait(client, query_id)) == [{"n": "500"}]


def test_a_time_range_leaves_events_out(client, data):
    events = data.events[data.a]
    start_s = events[100][0] // 1000
    end_s = events[200][0] // 1000
    rows, out = run(client, data, "stats count(*) as n", start=start_s, end=end_s)
    want = sum(1 for t, _ in events if start_s * 1000 <= t < (end_s + 1) * 1000)
    assert 90 < want < 120
    assert rows == [{"n": str(want)}]
    assert out["statistics"]["recordsScanned"] == want


def test_a_start_query_limit_caps_the_rows(client, data):
    rows, _ = run(client, data, "fields eventName", limit=7)
    latest = sorted(data.events[data.a], key=lambda e: -e[0])[:7]
    assert [r["eventName"] for r in rows] == [r["eventName"] for _, r in latest]


def test_a_broken_query_is_malformed(client, data, aws):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client.start_query(logGroupName=data.a, startTime=data.start, endTime=data.end,
                           queryString="fields @message | stats count(* by x")
    response = e.value.response
    assert response["Error"]["Code"] == "MalformedQueryException"
    assert "at line 1 and position" in response["Error"]["Message"]
    location = response["queryCompileError"]["location"]
    assert 16 < location["startCharOffset"] <= location["endCharOffset"]
    code, _, err = aws("logs", "start-query", "--log-group-name", data.a, "--start-time",
                       str(data.start), "--end-time", str(data.end), "--query-string",
                       "bogus command", check=False)
    assert code != 0 and "MalformedQueryException" in err


def test_unknown_groups_and_bad_parameters_are_refused(client, data):
    def code_of(**kwargs):
        args = {"startTime": data.start, "endTime": data.end, "queryString": "fields @message"}
        args.update(kwargs)
        with pytest.raises(botocore.exceptions.ClientError) as e:
            client.start_query(**args)
        return e.value.response["Error"]["Code"]

    assert code_of(logGroupName="/e2e/insights/none") == "ResourceNotFoundException"
    assert code_of(logGroupNames=[data.a, "/e2e/insights/none"]) == "ResourceNotFoundException"
    assert code_of(logGroupName=data.a, logGroupNames=[data.b]) == "InvalidParameterException"
    assert code_of() == "InvalidParameterException"
    assert code_of(logGroupName=data.a, startTime=data.end, endTime=data.start) == \
        "InvalidParameterException"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client.get_query_results(queryId=str(uuid.uuid4()))
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


@pytest.fixture(scope="module")
def big_group(client):
    """200,000 small events: enough that a query takes a while."""
    group = f"/e2e/insights/{uuid.uuid4().hex[:8]}/big"
    client.create_log_group(logGroupName=group)
    client.create_log_stream(logGroupName=group, logStreamName="s")
    now = int(time.time() * 1000)
    first = now - 30 * 60 * 1000
    for batch in range(20):
        client.put_log_events(logGroupName=group, logStreamName="s", logEvents=[
            {"timestamp": first + batch * 10000 + i // 100,
             "message": f'{{"eventName":"E{i % 97}","n":{batch * 10000 + i}}}'}
            for i in range(10000)])
    return group


def test_stop_query_cancels_a_query(client, big_group):
    now = int(time.time())
    query = "filter @message like /E1.*9/ | stats count(*) by eventName"
    ids = [client.start_query(logGroupName=big_group, startTime=now - 3600, endTime=now + 60,
                              queryString=query)["queryId"] for _ in range(4)]
    # Two workers are busy with the first two: the last is still waiting (or just started).
    assert client.stop_query(queryId=ids[-1])["success"] is True
    out = wait(client, ids[-1], want="Cancelled")
    assert out["statistics"]["recordsScanned"] < 200000
    done = wait(client, ids[0])
    assert done["statistics"]["recordsScanned"] == 200000
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client.stop_query(queryId=ids[0])
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    for query_id in ids[1:3]:
        wait(client, query_id)


def test_describe_queries(client, data, pip_aws):
    query = f'filter @message != "{uuid.uuid4().hex}" | stats count(*) as n'
    ids = [client.start_query(logGroupName=data.b, startTime=data.start, endTime=data.end,
                              queryString=query)["queryId"] for _ in range(3)]
    for query_id in ids:
        wait(client, query_id)
    mine = [q for q in client.describe_queries(logGroupName=data.b)["queries"]
            if q["queryString"] == query]
    assert [q["queryId"] for q in mine] == ids[::-1]
    assert all(q["status"] == "Complete" and q["logGroupName"] == data.b for q in mine)
    assert all(q["bytesScanned"] > 0 and q["createTime"] > 0 for q in mine)
    assert client.describe_queries(logGroupName=data.b, status="Running")["queries"] == []
    # The pip CLI pages through all of them, two at a time.
    _, out, _ = pip_aws("logs", "describe-queries", "--log-group-name", data.b,
                        "--page-size", "2")
    assert [q["queryId"] for q in out["queries"] if q["queryString"] == query] == ids[::-1]


def test_query_definitions_crud(client, aws):
    prefix = f"e2e-{uuid.uuid4().hex[:8]}/"
    _, made, _ = aws("logs", "put-query-definition", "--name", prefix + "denied",
                     "--query-string", "filter errorCode like /Denied/",
                     "--log-group-names", "/aws/cloudtrail/ecr-logs")
    definition_id = made["queryDefinitionId"]
    client.put_query_definition(name=prefix + "all", queryString="fields @message")
    listed = client.describe_query_definitions(queryDefinitionNamePrefix=prefix)
    by_name = {d["name"]: d for d in listed["queryDefinitions"]}
    assert sorted(by_name) == [prefix + "all", prefix + "denied"]
    denied = by_name[prefix + "denied"]
    assert denied["queryDefinitionId"] == definition_id
    assert denied["queryString"] == "filter errorCode like /Denied/"
    assert denied["logGroupNames"] == ["/aws/cloudtrail/ecr-logs"]
    client.put_query_definition(queryDefinitionId=definition_id, name=prefix + "denied",
                                queryString="stats count(*)")
    _, out, _ = aws("logs", "describe-query-definitions", "--query-definition-name-prefix",
                    prefix + "denied")
    [updated] = out["queryDefinitions"]
    assert updated["queryString"] == "stats count(*)" and "logGroupNames" not in updated
    page = client.describe_query_definitions(queryDefinitionNamePrefix=prefix, maxResults=1)
    assert len(page["queryDefinitions"]) == 1 and "nextToken" in page
    rest = client.describe_query_definitions(queryDefinitionNamePrefix=prefix, maxResults=1,
                                             nextToken=page["nextToken"])
    assert rest["queryDefinitions"][0]["name"] == prefix + "denied"
    _, deleted, _ = aws("logs", "delete-query-definition", "--query-definition-id",
                        definition_id)
    assert deleted["success"] is True
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client.delete_query_definition(queryDefinitionId=definition_id)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    remaining = client.describe_query_definitions(queryDefinitionNamePrefix=prefix)
    assert [d["name"] for d in remaining["queryDefinitions"]] == [prefix + "all"]
