"""The walkthrough's closing step end to end: a trail delivers the registry's CloudTrail records into
a log group, then Logs Insights analyses them — `filter eventSource = "ecr.amazonaws.com" |
stats count(*) by eventName, bin(5m)` — and the answer matches the records read back from the
group."""
import collections
import datetime
import json
import os
import shutil
import tempfile
import time
import uuid

import botocore.exceptions
import pytest

from conftest import Berth, boto3_client

ROLE = "role/CloudTrail_CloudWatchLogs_Role"
QUERY = 'filter eventSource = "ecr.amazonaws.com" | stats count(*) by eventName, bin(5m)'


@pytest.fixture(scope="module")
def server():
    tmp = tempfile.mkdtemp(prefix="berth-insights-trail-")
    berth = Berth(os.path.join(tmp, "data"))
    berth.extra_args = ["--trail-delivery-interval", "1"]
    berth.start()
    yield berth
    code = berth.stop()
    logs = berth.logs()
    shutil.rmtree(tmp, ignore_errors=True)
    assert code == 0, logs
    assert "ERROR: AddressSanitizer" not in logs and "runtime error:" not in logs, logs


@pytest.fixture(scope="module")
def clients(server):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", server.credentials_file)
        mp.setenv("AWS_CONFIG_FILE", "/dev/null")
        return {name: boto3_client(server, name) for name in ("cloudtrail", "s3", "logs", "ecr")}


def shown_bin(ms):
    ms -= ms % 300000
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M:%S.000")


def records(logs, group):
    out = []
    for page in logs.get_paginator("filter_log_events").paginate(logGroupName=group):
        out += [(e["timestamp"], json.loads(e["message"])) for e in page["events"]]
    return out


def test_a_trails_records_are_analysed_with_logs_insights(clients):
    logs, ecr, trail = clients["logs"], clients["ecr"], clients["cloudtrail"]
    account = ecr.describe_registry()["registryId"]
    bucket = f"ecr-trail-{uuid.uuid4().hex[:8]}"
    group = "/aws/cloudtrail/ecr-logs"
    clients["s3"].create_bucket(Bucket=bucket)
    logs.create_log_group(logGroupName=group)
    trail.create_trail(
        Name="ecr-monitor-trail", S3BucketName=bucket,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{account}:log-group:{group}:*",
        CloudWatchLogsRoleArn=f"arn:aws:iam::{account}:{ROLE}")
    trail.start_logging(Name="ecr-monitor-trail")
    started = int(time.time())
    repos = [f"insights/{uuid.uuid4().hex[:8]}" for _ in range(3)]
    for repo in repos:
        ecr.create_repository(repositoryName=repo)
    ecr.describe_repositories(repositoryNames=repos)
    with pytest.raises(botocore.exceptions.ClientError):
        ecr.describe_repositories(repositoryNames=["insights/none"])

    def delivered():
        found = records(logs, group)
        names = [r["requestParameters"].get("repositoryName") for _, r in found
                 if r["eventName"] == "CreateRepository" and r.get("requestParameters")]
        return found if all(repo in names for repo in repos) and any(
            r.get("errorCode") == "RepositoryNotFoundException" for _, r in found) else None

    deadline = time.time() + 30
    while not (found := delivered()):
        assert time.time() < deadline, "the trail's records did not reach the log group"
        time.sleep(0.3)

    query_id = logs.start_query(logGroupName=group, startTime=started - 60,
                                endTime=int(time.time()) + 60, queryString=QUERY)["queryId"]
    deadline = time.time() + 60
    while (out := logs.get_query_results(queryId=query_id))["status"] != "Complete":
        assert out["status"] in ("Scheduled", "Running") and time.time() < deadline, out
        time.sleep(0.1)
    # No ECR call was made after the last one seen delivered: reading the group again gives
    # the very records the query scanned.
    found = records(logs, group)
    rows = {(r["eventName"], r["bin(5m)"]): int(r["count(*)"])
            for r in ({f["field"]: f["value"] for f in row} for row in out["results"])}
    want = collections.Counter((r["eventName"], shown_bin(t)) for t, r in found
                               if r["eventSource"] == "ecr.amazonaws.com")
    assert rows == dict(want)
    assert sum(n for (name, _), n in rows.items() if name == "CreateRepository") == 3
    assert any(name == "DescribeRepositories" for name, _ in rows)
