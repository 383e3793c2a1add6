"""CloudTrail's event history: every call berth answers — AWS API calls of every service and /v2
registry calls mapped to their ECR events — is found with `aws cloudtrail lookup-events`, with
AWS's fields; failed and denied calls too; nothing secret is recorded."""
import datetime
import json
import os
import shutil
import tempfile
import uuid

import botocore.exceptions
import pytest

import oci
from conftest import boto3_client
from registry_client import Skopeo, password


@pytest.fixture
def trail(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "cloudtrail")


def lookup(trail, key, value, **kwargs):
    """Every event for one attribute (all pages), newest first, records parsed."""
    events = []
    for page in trail.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}], **kwargs):
        events += page["Events"]
    for e in events:
        e["record"] = json.loads(e["CloudTrailEvent"])
    return events


def test_a_push_and_a_pull_are_recorded_as_ecr_events(berth, ecr, trail, name):
    ecr.create_repository(repositoryName=name)
    work = tempfile.mkdtemp(prefix="berth-trail-")
    try:
        skopeo = Skopeo(berth.host, work)
        skopeo.login(password(ecr))
        image = oci.Image("audited", layer_count=2)
        src = os.path.join(work, "src")
        oci.image_layout(src, image, "v1")
        skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{name}:v1")
        skopeo.copy(f"docker://{berth.host}/{name}:v1", f"oci:{os.path.join(work, 'dst')}:v1")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    arn = f"arn:aws:ecr:us-east-1:{ecr.describe_registry()['registryId']}:repository/{name}"
    events = lookup(trail, "ResourceName", arn)
    names = {e["EventName"] for e in events}
    assert {"CreateRepository", "BatchCheckLayerAvailability", "InitiateLayerUpload",
            "UploadLayerPart", "CompleteLayerUpload", "PutImage", "BatchGetImage",
            "GetDownloadUrlForLayer"} <= names, names
    push = next(e for e in events if e["EventName"] == "PutImage")
    record = push["record"]
    assert push["Username"] == "admin" and push["ReadOnly"] == "false"
    assert push["EventSource"] == "ecr.amazonaws.com"
    assert record["eventSource"] == "ecr.amazonaws.com"
    assert record["sourceIPAddress"] == "127.0.0.1"
    assert record["userAgent"].startswith("skopeo/")
    assert record["userIdentity"]["type"] == "IAMUser"
    assert record["userIdentity"]["userName"] == "admin"
    assert record["requestParameters"]["repositoryName"] == name
    assert record["requestParameters"]["imageTag"] == "v1"
    assert record["readOnly"] is False
    assert record["eventType"] == "AwsApiCall" and record["managementEvent"] is True
    assert record["eventCategory"] == "Management" and record["eventVersion"] == "1.11"
    assert record["recipientAccountId"] == record["userIdentity"]["accountId"]
    assert {"accountId", "type", "ARN"} <= set(record["resources"][0])
    pull = next(e for e in events if e["EventName"] == "BatchGetImage")
    assert pull["ReadOnly"] == "true"
    # Found by event source as well, newest first.
    by_source = lookup(trail, "EventSource", "ecr.amazonaws.com", MaxResults=50)
    times = [e["EventTime"] for e in by_source]
    assert times == sorted(times, reverse=True)


def test_failed_and_denied_calls_carry_their_error(berth, ecr, trail):
    missing = f"e2e/missing-{uuid.uuid4().hex[:8]}"
    with pytest.raises(botocore.exceptions.ClientError):
        ecr.describe_repositories(repositoryNames=[missing])
    events = [e for e in lookup(trail, "EventName", "DescribeRepositories")
              if missing in e["CloudTrailEvent"]]
    assert len(events) == 1
    record = events[0]["record"]
    assert record["errorCode"] == "RepositoryNotFoundException"
    assert missing in record["errorMessage"]

    # A call signed with a wrong secret is recorded against the key that signed it.
    creds = open(berth.credentials_file).read()
    key_id = creds.split("aws_access_key_id = ")[1].split()[0]
    bad = boto3_client(berth, "ecr", aws_access_key_id=key_id, aws_secret_access_key="wrong" * 8)
    with pytest.raises(botocore.exceptions.ClientError) as denied:
        bad.describe_registry()
    code = denied.value.response["Error"]["Code"]
    request_id = denied.value.response["ResponseMetadata"]["RequestId"]
    found = [e for e in lookup(trail, "AccessKeyId", key_id)
             if e["record"]["requestID"] == request_id]
    assert len(found) == 1 and found[0]["record"]["errorCode"] == code
    assert found[0]["record"]["userIdentity"]["accessKeyId"] == key_id


def test_every_lookup_attribute_finds_the_event(berth, ecr, trail, name):
    ecr.create_repository(repositoryName=name)
    event = [e for e in lookup(trail, "EventName", "CreateRepository")
             if e["record"]["requestParameters"]["repositoryName"] == name][0]
    record = event["record"]
    arn = event["Resources"][0]["ResourceName"]
    for key, value in [("EventId", event["EventId"]), ("EventName", "CreateRepository"),
                       ("ReadOnly", "false"), ("Username", "admin"),
                       ("ResourceType", "AWS::ECR::Repository"), ("ResourceName", arn),
                       ("EventSource", "ecr.amazonaws.com"),
                       ("AccessKeyId", record["userIdentity"]["accessKeyId"])]:
        ids = [e["EventId"] for e in lookup(trail, key, value)]
        assert event["EventId"] in ids, key
    assert lookup(trail, "EventId", event["EventId"])[0]["CloudTrailEvent"] == \
        event["CloudTrailEvent"]
    assert event["Resources"] == [{"ResourceType": "AWS::ECR::Repository", "ResourceName": arn}]


def test_paging_and_time_ranges(berth, ecr, trail):
    for _ in range(5):
        ecr.describe_registry()
    first = trail.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "DescribeRegistry"}],
        MaxResults=2)
    assert len(first["Events"]) == 2 and "NextToken" in first
    second = trail.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "DescribeRegistry"}],
        MaxResults=2, NextToken=first["NextToken"])
    assert {e["EventId"] for e in first["Events"]}.isdisjoint(e["EventId"] for e in second["Events"])
    assert second["Events"][0]["EventTime"] <= first["Events"][-1]["EventTime"]
    # A token is valid only with the parameters it came from.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        trail.lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateRepository"}],
            NextToken=first["NextToken"])
    assert e.value.response["Error"]["Code"] == "InvalidNextTokenException"
    # A time range in the future holds nothing; one ending now holds them.
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    assert trail.lookup_events(StartTime=future, EndTime=future + datetime.timedelta(hours=1))[
        "Events"] == []
    assert trail.lookup_events(MaxResults=3)["Events"]


@pytest.mark.parametrize("kwargs,code", [
    ({"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "A"},
                           {"AttributeKey": "Username", "AttributeValue": "b"}]},
     "InvalidLookupAttributesException"),
    ({"LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "maybe"}]},
     "InvalidLookupAttributesException"),
    ({"StartTime": datetime.datetime(2026, 2, 1), "EndTime": datetime.datetime(2026, 1, 1)},
     "InvalidTimeRangeException"),
    ({"MaxResults": 51}, "InvalidMaxResultsException"),
    ({"NextToken": "not-a-token"}, "InvalidNextTokenException"),
])
def test_bad_lookups_get_awss_errors(trail, kwargs, code):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        trail.lookup_events(**kwargs)
    assert e.value.response["Error"]["Code"] == code
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_secrets_and_payloads_are_never_recorded(berth, ecr, trail, name):
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    ecr.create_repository(repositoryName=name)
    layer = b"secret-layer-bytes-" + uuid.uuid4().hex.encode()
    oci.upload_blob(ecr, name, layer)
    recent = trail.lookup_events(MaxResults=50)["Events"]
    text = "".join(e["CloudTrailEvent"] for e in recent)
    assert token not in text and token[:40] not in text
    import base64
    assert base64.b64encode(layer).decode() not in text and "secret-layer-bytes" not in text
    creds = open(berth.credentials_file).read()
    secret = creds.split("aws_secret_access_key = ")[1].split()[0]
    assert secret not in text


@pytest.mark.parametrize("which", ["pip", "debian"])
def test_both_clis_look_up_events(berth, which):
    from conftest import Cli
    cli = Cli(berth, which)
    # An ECR call of its own, so the lookup has something to find whichever tests ran before.
    code, _, err = cli("ecr", "describe-repositories")
    assert code == 0, err
    code, out, err = cli("cloudtrail", "lookup-events", "--lookup-attributes",
                         "AttributeKey=EventSource,AttributeValue=ecr.amazonaws.com",
                         "--max-results", "5")
    assert code == 0, err
    assert 0 < len(out["Events"]) <= 5
    assert all(e["EventSource"] == "ecr.amazonaws.com" for e in out["Events"])
