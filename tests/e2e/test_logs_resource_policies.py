"""CloudWatch Logs resource policies through boto3, both aws CLIs and the JS SDK: put, describe
(paged), delete, AWS's errors and limit, and the authorizer honouring them (a Deny binds)."""
import json
import uuid

import botocore.exceptions
import pytest

from conftest import boto3_client, own_berth_server
from logs_fixtures import logs  # noqa: F401 - a fixture
from test_js_sdk import js  # noqa: F401 - a fixture


def route53_policy(sid="Route53"):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": sid, "Effect": "Allow", "Principal": {"Service": "route53.amazonaws.com"},
         "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": "arn:aws:logs:us-east-1:*:log-group:/aws/route53/*"}]})


def test_put_describe_delete_with_both_clis(aws):
    name = f"e2e-{uuid.uuid4().hex[:8]}"
    _, out, _ = aws("logs", "put-resource-policy", "--policy-name", name,
                    "--policy-document", route53_policy())
    policy = out["resourcePolicy"]
    assert policy["policyName"] == name
    assert json.loads(policy["policyDocument"]) == json.loads(route53_policy())
    assert policy["lastUpdatedTime"] > 0
    _, out, _ = aws("logs", "describe-resource-policies")
    assert name in [p["policyName"] for p in out["resourcePolicies"]]
    # Putting the same name replaces the document.
    aws("logs", "put-resource-policy", "--policy-name", name,
        "--policy-document", route53_policy("Replaced"))
    _, out, _ = aws("logs", "describe-resource-policies")
    [mine] = [p for p in out["resourcePolicies"] if p["policyName"] == name]
    assert json.loads(mine["policyDocument"])["Statement"][0]["Sid"] == "Replaced"
    aws("logs", "delete-resource-policy", "--policy-name", name)
    code, _, err = aws("logs", "delete-resource-policy", "--policy-name", name, check=False)
    assert code != 0 and "ResourceNotFoundException" in err
    assert f"Policy with name [{name}] does not exist" in err


def test_malformed_documents_are_refused(logs):
    for document, words in [
            ("{", "Syntax errors in policy."),
            ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*",'
             '"Resource":"*"}]}', "Missing required field Principal."),
            ('{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Principal":"*",'
             '"Action":"logs:*","Resource":"*"}]}', "Syntax errors in policy.")]:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            logs.put_resource_policy(policyName="bad", policyDocument=document)
        assert e.value.response["Error"]["Code"] == "InvalidParameterException"
        assert words in e.value.response["Error"]["Message"]


def test_ten_per_region_paging_and_a_deny_that_binds(monkeypatch):
    with own_berth_server(monkeypatch) as server:
        logs = boto3_client(server, "logs")
        for i in range(10):
            logs.put_resource_policy(policyName=f"p{i:02d}", policyDocument=route53_policy())
        with pytest.raises(botocore.exceptions.ClientError) as e:
            logs.put_resource_policy(policyName="p10", policyDocument=route53_policy())
        assert e.value.response["Error"] == {"Code": "LimitExceededException",
                                             "Message": "Resource limit exceeded."}
        # Another region has room of its own.
        west = boto3_client(server, "logs", region_name="us-west-2")
        west.put_resource_policy(policyName="west", policyDocument=route53_policy())
        assert [p["policyName"] for p in west.describe_resource_policies()["resourcePolicies"]] \
            == ["west"]
        names = [p["policyName"]
                 for page in logs.get_paginator("describe_resource_policies").paginate(
                     PaginationConfig={"PageSize": 3})
                 for p in page["resourcePolicies"]]
        assert names == [f"p{i:02d}" for i in range(10)]
        for i in range(10):
            logs.delete_resource_policy(policyName=f"p{i:02d}")

        # A Deny in the account's resource policy binds even the administrator.
        logs.put_resource_policy(policyName="no-new-groups", policyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "logs:CreateLogGroup",
                 "Resource": "arn:aws:logs:us-east-1:*:log-group:/locked/*"}]}))
        with pytest.raises(botocore.exceptions.ClientError) as e:
            logs.create_log_group(logGroupName="/locked/app")
        assert e.value.response["Error"]["Code"] == "AccessDeniedException"
        assert "with an explicit deny in a resource-based policy" in \
            e.value.response["Error"]["Message"]
        logs.create_log_group(logGroupName="/open/app")
        logs.delete_resource_policy(policyName="no-new-groups")
        logs.create_log_group(logGroupName="/locked/app")


def test_js_sdk_resource_policies(js):
    name = f"js-{uuid.uuid4().hex[:8]}"
    out = js("logs", "PutResourcePolicy", policyName=name, policyDocument=route53_policy())
    assert out["ok"], out
    assert out["output"]["resourcePolicy"]["policyName"] == name
    out = js("logs", "DescribeResourcePolicies")
    assert out["ok"] and name in [p["policyName"] for p in out["output"]["resourcePolicies"]]
    out = js("logs", "DeleteResourcePolicy", policyName=name)
    assert out["ok"], out
    out = js("logs", "DeleteResourcePolicy", policyName=name)
    assert not out["ok"] and out["name"] == "ResourceNotFoundException", out
