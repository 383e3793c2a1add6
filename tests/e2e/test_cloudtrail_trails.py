"""Trails, as the walkthrough sets one up: `ecr-monitor-trail` delivering management events to a
new bucket and to the log group /aws/cloudtrail/ecr-logs, with log file validation — then the
files seen with `aws s3`, the events with `aws logs get-log-events`, and the real
`aws cloudtrail validate-logs` passing and catching tampering."""
import datetime
import gzip
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid

import botocore.exceptions
import pytest

from conftest import Berth, Cli, boto3_client, cli_env, PIP_AWS

DELIVERY_S = 1
DIGEST_S = 3
ROLE = "role/CloudTrail_CloudWatchLogs_Role"


@pytest.fixture(scope="module")
def server():
    tmp = tempfile.mkdtemp(prefix="berth-trails-")
    berth = Berth(os.path.join(tmp, "data"))
    berth.extra_args = ["--trail-delivery-interval", str(DELIVERY_S),
                        "--trail-digest-interval", str(DIGEST_S)]
    berth.start()
    yield berth
    code = berth.stop()
    logs = berth.logs()
    shutil.rmtree(tmp, ignore_errors=True)
    assert code == 0, logs
    assert "ERROR: AddressSanitizer" not in logs and "runtime error:" not in logs, logs


@pytest.fixture(scope="module")
def clients(server):
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = server.credentials_file
    os.environ["AWS_CONFIG_FILE"] = "/dev/null"
    return {name: boto3_client(server, name) for name in ("cloudtrail", "s3", "logs", "ecr")}


@pytest.fixture(scope="module")
def account(clients):
    return clients["ecr"].describe_registry()["registryId"]


def wait_for(predicate, timeout=20, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def aws(server, *args, env_extra=None, check=True):
    env = cli_env(server.credentials_file)
    env.update(env_extra or {})
    proc = subprocess.run([PIP_AWS, "--endpoint-url", server.endpoint, *args], env=env,
                          capture_output=True, text=True, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def seed_trail(server, clients, account):
    """The walkthrough's trail, logging, with a few ECR calls delivered."""
    bucket = f"ecr-trail-{uuid.uuid4().hex[:8]}"
    group = "/aws/cloudtrail/ecr-logs"
    aws(server, "s3", "mb", f"s3://{bucket}")
    aws(server, "logs", "create-log-group", "--log-group-name", group)
    trail = clients["cloudtrail"].create_trail(
        Name="ecr-monitor-trail", S3BucketName=bucket, EnableLogFileValidation=True,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{account}:log-group:{group}:*",
        CloudWatchLogsRoleArn=f"arn:aws:iam::{account}:{ROLE}")
    clients["cloudtrail"].put_event_selectors(
        TrailName="ecr-monitor-trail",
        EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}])
    started = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    clients["cloudtrail"].start_logging(Name="ecr-monitor-trail")
    repo = f"trail/{uuid.uuid4().hex[:8]}"
    clients["ecr"].create_repository(repositoryName=repo)
    clients["ecr"].describe_repositories(repositoryNames=[repo])
    return {"bucket": bucket, "group": group, "arn": trail["TrailARN"], "repo": repo,
            "started": started}


def delivered_keys(clients, bucket, kind="CloudTrail"):
    out = []
    for page in clients["s3"].get_paginator("list_objects_v2").paginate(Bucket=bucket):
        out += [o["Key"] for o in page.get("Contents", []) if f"/{kind}/" in o["Key"]]
    return out


def test_the_seed_trail_is_created_as_aws_answers(clients, seed_trail, account):
    trail = clients["cloudtrail"].get_trail(Name="ecr-monitor-trail")["Trail"]
    assert trail["TrailARN"] == f"arn:aws:cloudtrail:us-east-1:{account}:trail/ecr-monitor-trail"
    assert trail["S3BucketName"] == seed_trail["bucket"]
    assert trail["LogFileValidationEnabled"] is True
    assert trail["HasCustomEventSelectors"] is True and trail["HomeRegion"] == "us-east-1"
    assert trail["CloudWatchLogsLogGroupArn"].endswith(":log-group:/aws/cloudtrail/ecr-logs:*")
    listed = clients["cloudtrail"].list_trails()["Trails"]
    assert {"TrailARN": trail["TrailARN"], "Name": "ecr-monitor-trail",
            "HomeRegion": "us-east-1"} in listed
    described = clients["cloudtrail"].describe_trails(trailNameList=[trail["TrailARN"]])
    assert described["trailList"][0]["Name"] == "ecr-monitor-trail"
    selectors = clients["cloudtrail"].get_event_selectors(TrailName="ecr-monitor-trail")
    assert selectors["EventSelectors"][0]["ReadWriteType"] == "All"


def test_log_files_arrive_in_the_bucket_under_awss_layout(server, clients, seed_trail, account):
    bucket = seed_trail["bucket"]
    keys = wait_for(lambda: delivered_keys(clients, bucket), what="a log file")
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y/%m/%d")
    key = keys[0]
    assert key.startswith(f"AWSLogs/{account}/CloudTrail/us-east-1/{today}/"
                          f"{account}_CloudTrail_us-east-1_")
    assert key.endswith(".json.gz") and len(key.rsplit("_", 1)[1]) == len("XXXXXXXXXXXXXXXX.json.gz")

    def records():
        found = []
        for k in delivered_keys(clients, bucket):
            body = clients["s3"].get_object(Bucket=bucket, Key=k)["Body"].read()
            found += json.loads(gzip.decompress(body))["Records"]
        return found

    recs = wait_for(lambda: [r for r in records()
                             if r.get("requestParameters") and
                             r["requestParameters"].get("repositoryName") == seed_trail["repo"]],
                    what="the CreateRepository record")
    assert recs[0]["eventName"] == "CreateRepository"
    assert recs[0]["eventSource"] == "ecr.amazonaws.com"
    # The same with the aws CLI: ls and cp.
    ls = aws(server, "s3", "ls", "--recursive", f"s3://{bucket}/AWSLogs/").stdout
    assert "CloudTrail/us-east-1" in ls
    with tempfile.TemporaryDirectory() as tmp:
        dest = os.path.join(tmp, "log.json.gz")
        aws(server, "s3", "cp", f"s3://{bucket}/{key}", dest)
        with gzip.open(dest) as f:
            assert "Records" in json.load(f)


def test_events_arrive_in_the_log_group(server, clients, seed_trail, account):
    stream = f"{account}_CloudTrail_us-east-1"
    logs = clients["logs"]

    def messages():
        try:
            res = logs.get_log_events(logGroupName=seed_trail["group"], logStreamName=stream,
                                      startFromHead=True)
        except botocore.exceptions.ClientError:
            return []
        return [json.loads(e["message"]) for e in res["events"]]

    found = wait_for(lambda: [m for m in messages() if m["eventName"] == "CreateRepository" and
                              m["requestParameters"]["repositoryName"] == seed_trail["repo"]],
                     what="the record in the log group")
    assert found[0]["userIdentity"]["userName"] == "admin"
    out = json.loads(aws(server, "logs", "get-log-events", "--log-group-name",
                         seed_trail["group"], "--log-stream-name", stream).stdout)
    assert any(seed_trail["repo"] in e["message"] for e in out["events"])


def test_trail_status_reports_deliveries(clients, seed_trail):
    def delivered():
        st = clients["cloudtrail"].get_trail_status(Name="ecr-monitor-trail")
        return st if ("LatestDeliveryTime" in st and "LatestDigestDeliveryTime" in st and
                      "LatestCloudWatchLogsDeliveryTime" in st) else None
    status = wait_for(delivered, what="delivery times in the status")
    assert status["IsLogging"] is True
    assert "StartLoggingTime" in status and "LatestDeliveryError" not in status


def validate(server, seed_trail):
    return aws(server, "cloudtrail", "validate-logs", "--trail-arn", seed_trail["arn"],
               "--start-time", seed_trail["started"].strftime("%Y-%m-%dT%H:%M:%SZ"),
               "--verbose", env_extra={"AWS_ENDPOINT_URL": server.endpoint}, check=False)


def test_validate_logs_passes_then_catches_a_changed_and_a_deleted_file(server, clients,
                                                                       seed_trail):
    bucket = seed_trail["bucket"]
    wait_for(lambda: delivered_keys(clients, bucket, "CloudTrail-Digest"), what="a digest")
    # Let a digest cover at least one log file.
    time.sleep(DIGEST_S + 1.5)
    good = validate(server, seed_trail)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "INVALID" not in good.stdout + good.stderr
    assert "valid" in good.stdout and "Log file" in good.stdout, good.stdout

    # One byte of a delivered log file changed.
    digests = delivered_keys(clients, bucket, "CloudTrail-Digest")
    listed = []
    for d in digests:
        body = clients["s3"].get_object(Bucket=bucket, Key=d)["Body"].read()
        listed += json.loads(gzip.decompress(body))["logFiles"]
    assert listed, "no digest lists a log file"
    victim, deleted = listed[0]["s3Object"], listed[-1]["s3Object"]
    raw = bytearray(gzip.decompress(clients["s3"].get_object(Bucket=bucket, Key=victim)["Body"].read()))
    raw[len(raw) // 2] ^= 0x01
    clients["s3"].put_object(Bucket=bucket, Key=victim, Body=gzip.compress(bytes(raw)))
    tampered = validate(server, seed_trail)
    assert tampered.returncode != 0
    assert victim in tampered.stderr and "INVALID" in tampered.stderr, tampered.stderr

    if deleted != victim:
        clients["s3"].delete_object(Bucket=bucket, Key=deleted)
        gone = validate(server, seed_trail)
        assert gone.returncode != 0
        assert deleted in gone.stderr and "not found" in gone.stderr, gone.stderr


def test_trail_errors_are_awss(server, clients, account):
    ct = clients["cloudtrail"]
    cases = [
        (lambda: ct.create_trail(Name="no-bucket-trail", S3BucketName="does-not-exist-" +
                                 uuid.uuid4().hex[:6]), "S3BucketDoesNotExistException"),
        (lambda: ct.create_trail(Name="-bad-", S3BucketName="x"), "InvalidTrailNameException"),
        (lambda: ct.get_trail(Name="no-such-trail"), "TrailNotFoundException"),
        (lambda: ct.start_logging(Name="no-such-trail"), "TrailNotFoundException"),
        (lambda: ct.list_public_keys(StartTime=datetime.datetime(2026, 2, 1),
                                     EndTime=datetime.datetime(2026, 1, 1)),
         "InvalidTimeRangeException"),
    ]
    bucket = f"errs-{uuid.uuid4().hex[:8]}"
    clients["s3"].create_bucket(Bucket=bucket)
    cases += [
        (lambda: ct.create_trail(
            Name="bad-group-trail", S3BucketName=bucket,
            CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{account}:log-group:nope:*",
            CloudWatchLogsRoleArn=f"arn:aws:iam::{account}:{ROLE}"),
         "InvalidCloudWatchLogsLogGroupArnException"),
        (lambda: ct.put_event_selectors(TrailName="ecr-monitor-trail",
                                        EventSelectors=[{"ReadWriteType": "Sometimes"}]),
         "InvalidEventSelectorsException"),
    ]
    for call, code in cases:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call()
        assert e.value.response["Error"]["Code"] == code
    ct.create_trail(Name="twice-trail", S3BucketName=bucket)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ct.create_trail(Name="twice-trail", S3BucketName=bucket)
    assert e.value.response["Error"]["Code"] == "TrailAlreadyExistsException"
    ct.delete_trail(Name="twice-trail")


def test_tags_and_write_only_selectors(server, clients, account):
    ct = clients["cloudtrail"]
    bucket = f"wo-{uuid.uuid4().hex[:8]}"
    clients["s3"].create_bucket(Bucket=bucket)
    arn = ct.create_trail(Name="writes-only", S3BucketName=bucket,
                          TagsList=[{"Key": "team", "Value": "registry"}])["TrailARN"]
    ct.add_tags(ResourceId=arn, TagsList=[{"Key": "env", "Value": "test"}])
    tags = ct.list_tags(ResourceIdList=[arn])["ResourceTagList"][0]["TagsList"]
    assert {"Key": "team", "Value": "registry"} in tags and {"Key": "env", "Value": "test"} in tags
    ct.remove_tags(ResourceId=arn, TagsList=[{"Key": "team"}])
    assert ct.list_tags(ResourceIdList=[arn])["ResourceTagList"][0]["TagsList"] == \
        [{"Key": "env", "Value": "test"}]

    ct.put_event_selectors(TrailName="writes-only",
                           EventSelectors=[{"ReadWriteType": "WriteOnly"}])
    ct.start_logging(Name="writes-only")
    clients["ecr"].describe_registry()  # a read: not delivered
    clients["ecr"].create_repository(repositoryName=f"wo/{uuid.uuid4().hex[:8]}")  # a write

    def records():
        out = []
        for page in clients["s3"].get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for o in page.get("Contents", []):
                body = clients["s3"].get_object(Bucket=bucket, Key=o["Key"])["Body"].read()
                out += json.loads(gzip.decompress(body))["Records"]
        return out

    recs = wait_for(lambda: [r for r in records() if r["eventName"] == "CreateRepository"],
                    what="the write")
    assert all(not r["readOnly"] for r in records())
    ct.stop_logging(Name="writes-only")
    assert ct.get_trail_status(Name="writes-only")["IsLogging"] is False
    ct.delete_trail(Name=arn)


def test_debian_cli_manages_trails(server, seed_trail):
    cli = Cli(server, "debian")
    code, out, err = cli("cloudtrail", "describe-trails")
    assert code == 0, err
    assert any(t["Name"] == "ecr-monitor-trail" for t in out["trailList"])
    code, out, err = cli("cloudtrail", "get-trail-status", "--name", "ecr-monitor-trail")
    assert code == 0 and out["IsLogging"] is True, err
