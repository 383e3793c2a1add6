"""The AWS SDK for JavaScript v3 (from npm, pinned in tests/e2e/js/package.json) against berth:
it names JSON targets by their Smithy service name (CloudTrail_20131101.LookupEvents), not
botocore's, and parses every answer with its own deserializers."""
import json
import os
import shutil
import subprocess
import uuid

import pytest

from conftest import boto3_client

JS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")


def read_key(berth):
    text = open(berth.credentials_file).read()
    return (text.split("aws_access_key_id = ")[1].split()[0],
            text.split("aws_secret_access_key = ")[1].split()[0])


def js_caller(berth):
    """call(service, operation, **params) -> {"ok", "output"} or {"ok": False, "name", …}: one
    call of the JS SDK v3 against `berth` (tests/e2e/js/call.mjs)."""
    assert shutil.which("node"), "node is missing: scripts/install-deps.sh --with-test-tools"
    assert os.path.isdir(os.path.join(JS_DIR, "node_modules", "@aws-sdk")), \
        "the JS SDK is missing: scripts/install-deps.sh --with-test-tools (npm ci in tests/e2e/js)"
    key_id, secret = read_key(berth)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"BERTH_ENDPOINT": berth.endpoint, "BERTH_ACCESS_KEY_ID": key_id,
                "BERTH_SECRET_ACCESS_KEY": secret, "NO_PROXY": "127.0.0.1"})

    def call(service, operation, **params):
        proc = subprocess.run(["node", "call.mjs", service, operation, json.dumps(params)],
                              cwd=JS_DIR, env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout.strip().splitlines()[-1])
    return call


@pytest.fixture
def js(berth):
    return js_caller(berth)


def test_describe_repositories(js, ecr, name):
    ecr.create_repository(repositoryName=name)
    out = js("ecr", "DescribeRepositories", repositoryNames=[name])
    assert out["ok"], out
    [repo] = out["output"]["repositories"]
    assert repo["repositoryName"] == name
    assert repo["repositoryUri"].endswith("/" + name)
    assert repo["createdAt"]  # a timestamp the SDK parsed into a Date


def test_lookup_events(js, ecr, name):
    arn = ecr.create_repository(repositoryName=name)["repository"]["repositoryArn"]
    out = js("cloudtrail", "LookupEvents",
             LookupAttributes=[{"AttributeKey": "ResourceName", "AttributeValue": arn}])
    assert out["ok"], out
    events = out["output"]["Events"]
    assert [e["EventName"] for e in events] == ["CreateRepository"]
    record = json.loads(events[0]["CloudTrailEvent"])
    assert record["requestParameters"]["repositoryName"] == name
    assert events[0]["EventTime"].endswith("Z")


def test_describe_log_groups(js, berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    group = f"/e2e/js/{uuid.uuid4().hex[:8]}"
    boto3_client(berth, "logs").create_log_group(logGroupName=group)
    out = js("logs", "DescribeLogGroups", logGroupNamePrefix=group)
    assert out["ok"], out
    assert [g["logGroupName"] for g in out["output"]["logGroups"]] == [group]


def test_unknown_operation_is_said_in_words(js):
    out = js("cloudtrail", "ListImports")
    assert not out["ok"]
    assert out["name"] == "UnknownOperationException", out
    assert out["status"] == 400
    assert out["message"] == "berth does not implement CloudTrail ListImports yet"
