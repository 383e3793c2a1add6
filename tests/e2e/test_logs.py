"""CloudWatch Logs log groups, streams, retention and tags through both aws CLIs and boto3."""
import uuid

import botocore.exceptions
import pytest

from conftest import REGION
from logs_fixtures import logs  # noqa: F401 - a fixture


@pytest.fixture
def group():
    """A fresh log group name per test."""
    return f"/e2e/{uuid.uuid4().hex[:10]}"


def test_create_describe_and_delete_a_log_group(aws, group):
    aws("logs", "create-log-group", "--log-group-name", group, "--tags", "team=platform,env=dev")
    _, out, _ = aws("logs", "describe-log-groups", "--log-group-name-prefix", group)
    [g] = out["logGroups"]
    assert g["logGroupName"] == group
    account = g["arn"].split(":")[4]
    assert g["arn"] == f"arn:aws:logs:{REGION}:{account}:log-group:{group}:*"
    assert g["storedBytes"] == 0 and g["metricFilterCount"] == 0
    if aws.which == "pip":  # members newer than the Debian CLI's model, which drops them
        assert g["logGroupArn"] == f"arn:aws:logs:{REGION}:{account}:log-group:{group}"
        assert g["logGroupClass"] == "STANDARD"
    assert "retentionInDays" not in g
    _, tags, _ = aws("logs", "list-tags-log-group", "--log-group-name", group)
    assert tags["tags"] == {"team": "platform", "env": "dev"}
    aws("logs", "delete-log-group", "--log-group-name", group)
    _, out, _ = aws("logs", "describe-log-groups", "--log-group-name-prefix", group)
    assert out["logGroups"] == []


def test_errors_carry_aws_codes_and_messages(aws, group):
    aws("logs", "create-log-group", "--log-group-name", group)
    code, _, err = aws("logs", "create-log-group", "--log-group-name", group, check=False)
    assert code != 0
    assert "ResourceAlreadyExistsException" in err
    assert "The specified log group already exists" in err
    code, _, err = aws("logs", "delete-log-group", "--log-group-name", group + "-gone",
                       check=False)
    assert "ResourceNotFoundException" in err and "The specified log group does not exist." in err
    code, _, err = aws("logs", "create-log-group", "--log-group-name", "bad name", check=False)
    assert code != 0 and "InvalidParameterException" in err
    code, _, err = aws("logs", "put-retention-policy", "--log-group-name", group,
                       "--retention-in-days", "8", check=False)
    assert "InvalidParameterException" in err and "enum value set" in err


def test_client_errors_are_400_so_the_cli_does_not_retry(logs, group):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.delete_log_group(logGroupName=group)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_unknown_operation_gets_the_unknown_operation_error(pip_aws):
    # Anomaly detection is one of the Logs APIs berth does not serve.
    code, _, err = pip_aws("logs", "list-log-anomaly-detectors", check=False)
    assert code != 0 and "UnknownOperationException" in err


def test_describe_log_groups_pages_to_the_end(aws, logs, group):
    names = [f"{group}/{i:02d}" for i in range(7)]
    for name in names:
        logs.create_log_group(logGroupName=name)
    # The CLI pages on its own: --page-size makes it ask for 2 at a time.
    _, out, _ = aws("logs", "describe-log-groups", "--log-group-name-prefix", group,
                    "--page-size", "2")
    assert [g["logGroupName"] for g in out["logGroups"]] == names
    pages = list(logs.get_paginator("describe_log_groups").paginate(
        logGroupNamePrefix=group, PaginationConfig={"PageSize": 3}))
    assert len(pages) == 3
    assert [g["logGroupName"] for p in pages for g in p["logGroups"]] == names
    pattern = logs.describe_log_groups(logGroupNamePattern=group.split("/")[-1] + "/03")
    assert [g["logGroupName"] for g in pattern["logGroups"]] == [names[3]]
    assert set(pattern["logGroups"][0]) == {"arn", "creationTime", "logGroupName"}


def test_retention_policy_is_kept_and_removed(aws, group):
    aws("logs", "create-log-group", "--log-group-name", group)
    aws("logs", "put-retention-policy", "--log-group-name", group, "--retention-in-days", "14")
    _, out, _ = aws("logs", "describe-log-groups", "--log-group-name-prefix", group)
    assert out["logGroups"][0]["retentionInDays"] == 14
    aws("logs", "delete-retention-policy", "--log-group-name", group)
    _, out, _ = aws("logs", "describe-log-groups", "--log-group-name-prefix", group)
    assert "retentionInDays" not in out["logGroups"][0]


def test_streams_are_ordered_and_paged(aws, logs, group):
    logs.create_log_group(logGroupName=group)
    for name in ["b", "a", "c", "web/1", "web/2"]:
        logs.create_log_stream(logGroupName=group, logStreamName=name)
    code, _, err = aws("logs", "create-log-stream", "--log-group-name", group,
                       "--log-stream-name", "a", check=False)
    assert "ResourceAlreadyExistsException" in err
    _, out, _ = aws("logs", "describe-log-streams", "--log-group-name", group, "--page-size", "2")
    assert [s["logStreamName"] for s in out["logStreams"]] == ["a", "b", "c", "web/1", "web/2"]
    _, out, _ = aws("logs", "describe-log-streams", "--log-group-name", group,
                    "--log-stream-name-prefix", "web/", "--descending")
    assert [s["logStreamName"] for s in out["logStreams"]] == ["web/2", "web/1"]
    code, _, err = aws("logs", "describe-log-streams", "--log-group-name", group,
                       "--order-by", "LastEventTime", "--log-stream-name-prefix", "a",
                       check=False)
    assert "InvalidParameterException" in err
    aws("logs", "delete-log-stream", "--log-group-name", group, "--log-stream-name", "c")
    code, _, err = aws("logs", "delete-log-stream", "--log-group-name", group,
                       "--log-stream-name", "c", check=False)
    assert "The specified log stream does not exist." in err


def test_tags_by_arn_and_by_name(aws, logs, group):
    logs.create_log_group(logGroupName=group)
    arn = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["logGroupArn"]
    aws("logs", "tag-resource", "--resource-arn", arn, "--tags", "a=1,b=2")
    aws("logs", "untag-resource", "--resource-arn", arn, "--tag-keys", "a")
    _, out, _ = aws("logs", "list-tags-for-resource", "--resource-arn", arn)
    assert out["tags"] == {"b": "2"}
    logs.tag_log_group(logGroupName=group, tags={"c": "3"})
    logs.untag_log_group(logGroupName=group, tags=["b"])
    assert logs.list_tags_log_group(logGroupName=group)["tags"] == {"c": "3"}
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.tag_resource(resourceArn=arn, tags={f"k{i}": "v" for i in range(51)})
    assert e.value.response["Error"]["Code"] in ("TooManyTagsException",
                                                 "InvalidParameterException")
    with pytest.raises(logs.exceptions.ResourceNotFoundException):
        logs.list_tags_for_resource(resourceArn=arn + "-missing")


def test_log_group_identifier_takes_an_arn(logs, group):
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    arn = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["logGroupArn"]
    streams = logs.describe_log_streams(logGroupIdentifier=arn)["logStreams"]
    assert [s["logStreamName"] for s in streams] == ["s"]
    with pytest.raises(logs.exceptions.InvalidParameterException):
        logs.describe_log_streams(logGroupIdentifier=arn, logGroupName=group)
