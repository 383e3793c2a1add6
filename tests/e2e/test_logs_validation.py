"""CloudWatch Logs' validation in AWS's words, through boto3, both aws CLIs and the JS SDK: a log
group ARN ending in ":*" (what DescribeLogGroups shows as `arn`) is refused where the model's
patterns refuse it (logGroupIdentifier, logGroupIdentifiers, tagging's resourceArn), and names
past 512 characters get AWS's length message."""
import uuid

import botocore.exceptions
import pytest

from logs_fixtures import logs  # noqa: F401 - a fixture
from test_js_sdk import js  # noqa: F401 - a fixture

IDENTIFIER_PATTERN = r"Member must satisfy regular expression pattern: [\w#+=/:,.@-]*"


@pytest.fixture
def group(logs):
    name = f"/e2e/{uuid.uuid4().hex[:10]}"
    logs.create_log_group(logGroupName=name)
    logs.create_log_stream(logGroupName=name, logStreamName="s")
    return name


def arns(logs, group):
    [g] = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    assert g["arn"] == g["logGroupArn"] + ":*"
    return g["arn"], g["logGroupArn"]


def test_an_arn_ending_in_star_is_refused_as_a_log_group_identifier(aws, logs, group):
    star, plain = arns(logs, group)
    _, out, _ = aws("logs", "describe-log-streams", "--log-group-identifier", plain)
    assert [s["logStreamName"] for s in out["logStreams"]] == ["s"]
    code, _, err = aws("logs", "describe-log-streams", "--log-group-identifier", star,
                       check=False)
    assert code != 0 and "InvalidParameterException" in err
    assert (f"1 validation error detected: Value '{star}' at 'logGroupIdentifier' failed to "
            f"satisfy constraint: {IDENTIFIER_PATTERN}") in err
    code, _, err = aws("logs", "get-log-events", "--log-group-identifier", star,
                       "--log-stream-name", "s", check=False)
    assert code != 0 and "at 'logGroupIdentifier'" in err


def test_an_arn_ending_in_star_is_refused_by_tagging_and_queries(logs, group):
    star, plain = arns(logs, group)
    logs.tag_resource(resourceArn=plain, tags={"team": "a"})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.tag_resource(resourceArn=star, tags={"team": "a"})
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    assert e.value.response["Error"]["Message"] == (
        f"1 validation error detected: Value '{star}' at 'resourceArn' failed to satisfy "
        r"constraint: Member must satisfy regular expression pattern: [\w+=/:,.@-]*")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.start_query(logGroupIdentifiers=[star], startTime=0, endTime=1,
                         queryString="fields @message")
    assert e.value.response["Error"]["Message"] == (
        f"1 validation error detected: Value '[{star}]' at 'logGroupIdentifiers' failed to "
        f"satisfy constraint: Member must satisfy constraint: [{IDENTIFIER_PATTERN}]")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.describe_log_groups(logGroupIdentifiers=[star])
    assert "at 'logGroupIdentifiers'" in e.value.response["Error"]["Message"]
    [g] = logs.describe_log_groups(logGroupIdentifiers=[plain])["logGroups"]
    assert g["logGroupName"] == group


def test_names_past_512_characters_get_awss_length_message(aws, group):
    long_group = "/e2e/" + "g" * 600
    code, _, err = aws("logs", "create-log-group", "--log-group-name", long_group, check=False)
    assert code != 0 and "InvalidParameterException" in err
    assert ("at 'logGroupName' failed to satisfy constraint: Member must have length less than "
            "or equal to 512") in err
    assert "1 validation error detected: Value '/e2e/ggg" in err
    code, _, err = aws("logs", "create-log-stream", "--log-group-name", group,
                       "--log-stream-name", "s" * 513, check=False)
    assert code != 0
    assert ("at 'logStreamName' failed to satisfy constraint: Member must have length less "
            "than or equal to 512") in err


def test_js_sdk_sees_the_same_refusals(js, logs, group):
    star, plain = arns(logs, group)
    out = js("logs", "DescribeLogStreams", logGroupIdentifier=star)
    assert not out["ok"] and out["name"] == "InvalidParameterException", out
    assert "at 'logGroupIdentifier'" in out["message"]
    out = js("logs", "DescribeLogStreams", logGroupIdentifier=plain)
    assert out["ok"], out
    out = js("logs", "CreateLogGroup", logGroupName="x" * 513)
    assert not out["ok"] and "Member must have length less than or equal to 512" in \
        out["message"], out
