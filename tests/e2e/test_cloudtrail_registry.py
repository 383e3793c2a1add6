"""/v2 registry traffic in CloudTrail as ECR records it on AWS: the ping every client sends
first is no event, a refused `login` is one (with the user name presented and the source IP),
a blob HEAD that finds nothing is a BatchCheckLayerAvailability reporting the missing layer in
its response (not a failed call), and registry errors carry the ECR API's exception names."""
import base64
import hashlib
import json
import os
import shutil
import tempfile
import uuid

import pytest

import oci
from conftest import boto3_client
from registry_client import V2, Skopeo, authorization_token, password


@pytest.fixture
def trail(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "cloudtrail")


def lookup(trail, key, value):
    events = []
    for page in trail.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}]):
        events += page["Events"]
    for e in events:
        e["record"] = json.loads(e["CloudTrailEvent"])
    return events


def repository_events(ecr, trail, name):
    arn = f"arn:aws:ecr:us-east-1:{ecr.describe_registry()['registryId']}:repository/{name}"
    return lookup(trail, "ResourceName", arn)


def test_the_ping_is_no_event(berth, ecr, trail):
    agent = f"ping-probe/{uuid.uuid4().hex}"
    status, headers, _ = V2(berth.host).request("GET", "/v2/", headers={"User-Agent": agent})
    assert status == 401 and "www-authenticate" in headers
    status, _, _ = V2(berth.host, authorization_token(ecr)).request(
        "GET", "/v2/", headers={"User-Agent": agent})
    assert status == 200
    assert lookup(trail, "EventName", "Ping") == []
    assert not [e for e in lookup(trail, "EventSource", "ecr.amazonaws.com")
                if e["record"].get("userAgent") == agent]


def test_a_refused_login_is_recorded_with_the_user_and_source(berth, trail):
    work = tempfile.mkdtemp(prefix="berth-login-")
    try:
        skopeo = Skopeo(berth.host, work)
        proc = skopeo.run("login", "--authfile", skopeo.authfile, "--tls-verify=false",
                          "--username", "AWS", "--password-stdin", berth.host,
                          input="not-a-token", check=False)
        assert proc.returncode != 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # Raw, with a user name of its own, to tell the attempts apart.
    user = f"probe-{uuid.uuid4().hex[:8]}"
    token = base64.b64encode(f"{user}:wrong-password".encode()).decode()
    status, _, _ = V2(berth.host, token).request("GET", "/v2/")
    assert status == 401

    logins = lookup(trail, "EventName", "RegistryLogin")
    records = [e["record"] for e in logins]
    mine = [r for r in records if r["requestParameters"]["userName"] == user]
    assert len(mine) == 1
    record = mine[0]
    assert record["eventSource"] == "ecr.amazonaws.com"
    assert record["errorCode"] == "UnrecognizedClientException"
    assert record["sourceIPAddress"] == "127.0.0.1"
    assert "wrong-password" not in json.dumps(record)
    assert any(r["userAgent"].startswith("skopeo/") and
               r["requestParameters"]["userName"] == "AWS" for r in records)
    assert not any("not-a-token" in json.dumps(r) for r in records)


def test_a_refused_token_on_any_call_is_recorded_as_such(berth, trail, name):
    token = base64.b64encode(b"AWS:expired-or-forged").decode()
    status, _, body = V2(berth.host, token).json("GET", f"/v2/{name}/tags/list")
    assert status == 401 and body["errors"][0]["code"] == "UNAUTHORIZED"
    records = [e["record"] for e in lookup(trail, "EventName", "ListImages")
               if e["record"]["requestParameters"].get("repositoryName") == name]
    assert len(records) == 1
    assert records[0]["errorCode"] == "UnrecognizedClientException"
    assert records[0]["userIdentity"]["type"] == "Unknown"


def test_a_blob_head_miss_reports_the_missing_layer(berth, ecr, trail, name):
    ecr.create_repository(repositoryName=name)
    digest = "sha256:" + hashlib.sha256(uuid.uuid4().bytes).hexdigest()
    v2 = V2(berth.host, authorization_token(ecr))
    status, _, _ = v2.request("HEAD", f"/v2/{name}/blobs/{digest}")
    assert status == 404

    checks = [e["record"] for e in repository_events(ecr, trail, name)
              if e["EventName"] == "BatchCheckLayerAvailability"]
    assert len(checks) == 1
    record = checks[0]
    assert "errorCode" not in record and "errorMessage" not in record
    assert record["requestParameters"] == {"repositoryName": name, "layerDigests": [digest],
                                           "registryId": ecr.describe_registry()["registryId"]}
    assert record["responseElements"] == {
        "failures": [{"layerDigest": digest, "failureCode": "MissingLayerDigest",
                      "failureReason": "Could not find layer"}],
        "layers": []}


def test_a_healthy_push_and_pull_record_no_error(berth, ecr, trail, name):
    ecr.create_repository(repositoryName=name)
    work = tempfile.mkdtemp(prefix="berth-healthy-")
    try:
        skopeo = Skopeo(berth.host, work)
        skopeo.login(password(ecr))
        src = os.path.join(work, "src")
        oci.image_layout(src, oci.Image("healthy", layer_count=2), "v1")
        skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{name}:v1")
        skopeo.copy(f"docker://{berth.host}/{name}:v1", f"oci:{os.path.join(work, 'dst')}:v1")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    events = repository_events(ecr, trail, name)
    assert "BatchCheckLayerAvailability" in {e["EventName"] for e in events}
    failed = [(e["EventName"], e["record"]["errorCode"]) for e in events
              if "errorCode" in e["record"]]
    assert failed == []

    # requestParameters in the ECR API's request shapes, as AWS's ECR examples show them.
    registry_id = ecr.describe_registry()["registryId"]
    params = {}
    for e in events:
        params.setdefault(e["EventName"], e["record"]["requestParameters"])
    assert params["PutImage"] == {"repositoryName": name, "imageTag": "v1",
                                  "registryId": registry_id}
    pulls = [e["record"]["requestParameters"] for e in events
             if e["EventName"] == "BatchGetImage"]
    pull = next(p for p in pulls if p["imageIds"] == [{"imageTag": "v1"}])
    assert pull["registryId"] == registry_id
    assert "application/vnd.oci.image.manifest.v1+json" in pull["acceptedMediaTypes"]
    complete = params["CompleteLayerUpload"]
    assert complete["registryId"] == registry_id and complete["uploadId"]
    assert [d.startswith("sha256:") for d in complete["layerDigests"]] == [True]
    assert params["InitiateLayerUpload"] == {"repositoryName": name, "registryId": registry_id}


@pytest.mark.parametrize("method,path,event,code", [
    ("GET", "/v2/{name}/manifests/missing", "BatchGetImage", "ImageNotFoundException"),
    ("GET", "/v2/{name}/blobs/{digest}", "GetDownloadUrlForLayer", "LayersNotFoundException"),
    ("GET", "/v2/{name}/blobs/uploads/{upload}", "GetLayerUploadStatus",
     "UploadNotFoundException"),
    ("GET", "/v2/{absent}/tags/list", "ListImages", "RepositoryNotFoundException"),
])
def test_registry_errors_carry_ecr_exception_names(berth, ecr, trail, name, method, path,
                                                   event, code):
    ecr.create_repository(repositoryName=name)
    absent = f"e2e/absent-{uuid.uuid4().hex[:8]}"
    digest = "sha256:" + hashlib.sha256(uuid.uuid4().bytes).hexdigest()
    upload = str(uuid.uuid4())
    target = absent if "{absent}" in path else name
    path = path.format(name=name, absent=absent, digest=digest, upload=upload)
    status, _, body = V2(berth.host, authorization_token(ecr)).json(method, path)
    assert status == 404
    assert body["errors"][0]["code"] != code  # the client still sees the OCI code
    records = [e["record"] for e in repository_events(ecr, trail, target)
               if e["EventName"] == event]
    assert len(records) == 1
    assert records[0]["errorCode"] == code
