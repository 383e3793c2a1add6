"""CloudWatch Logs export tasks into berth's own S3 buckets, through boto3, both aws CLIs and the
JS SDK: the objects read back from S3 as AWS writes them (gzip, "<ISO time> <message>" lines
under <prefix>/<taskId>/<stream>/000000.gz), the bucket-policy check, cancellation, the one
active task per account, AWS's errors."""
import gzip
import json
import time
import uuid

import botocore.exceptions
import pytest

from conftest import Cli, boto3_client, own_berth_server
from logs_fixtures import logs  # noqa: F401 - a fixture
from test_js_sdk import js  # noqa: F401 - a fixture
from test_s3_features import s3  # noqa: F401 - a fixture


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def logs_may_write(bucket, principal="logs.us-east-1.amazonaws.com"):
    """The bucket policy AWS's documentation gives for exports."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": principal}, "Action": "s3:GetBucketAcl",
         "Resource": f"arn:aws:s3:::{bucket}"},
        {"Effect": "Allow", "Principal": {"Service": principal}, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{bucket}/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}]})


@pytest.fixture
def bucket(s3):
    """A bucket whose policy lets CloudWatch Logs export into it."""
    name = unique("export")
    s3.create_bucket(Bucket=name)
    s3.put_bucket_policy(Bucket=name, Policy=logs_may_write(name))
    return name


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def wait_until_finished(logs, task_id, timeout=20):
    deadline = time.time() + timeout
    while True:
        [task] = logs.describe_export_tasks(taskId=task_id)["exportTasks"]
        if task["status"]["code"] not in ("PENDING", "RUNNING", "PENDING_CANCEL"):
            return task
        assert time.time() < deadline, task
        time.sleep(0.1)


def read_export(s3, bucket, key):
    return gzip.decompress(s3.get_object(Bucket=bucket, Key=key)["Body"].read()).decode()


def put_events(logs, group, stream, events):
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    logs.put_log_events(logGroupName=group, logStreamName=stream,
                        logEvents=[{"timestamp": t, "message": m} for t, m in events])


def test_exported_events_read_back_from_s3_line_by_line(logs, s3, bucket):
    group = "/e2e/" + unique("export")
    logs.create_log_group(logGroupName=group)
    now = int(time.time() * 1000)
    app = [(now - 60_000 + i * 1000, f"app event {i} with spaces and \u00e9") for i in range(50)]
    put_events(logs, group, "app/web-1", app)
    put_events(logs, group, "app/web-2", [(now - 30_000, '{"json": true}')])
    put_events(logs, group, "db", [(now - 1000, "not exported: another prefix")])
    start, end = app[5][0], app[44][0]  # both ends inclusive
    task_id = logs.create_export_task(
        taskName="e2e", logGroupName=group, logStreamNamePrefix="app/", fromTime=start, to=end,
        destination=bucket, destinationPrefix="exports/e2e")["taskId"]
    task = wait_until_finished(logs, task_id)
    assert task["status"] == {"code": "COMPLETED", "message": "Completed successfully"}
    assert task["taskName"] == "e2e" and task["logGroupName"] == group
    assert (task["from"], task["to"]) == (start, end)
    assert task["destination"] == bucket and task["destinationPrefix"] == "exports/e2e"
    assert task["executionInfo"]["completionTime"] >= task["executionInfo"]["creationTime"]

    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert keys == {"exports/e2e/aws-logs-write-test",
                    f"exports/e2e/{task_id}/app/web-1/000000.gz",
                    f"exports/e2e/{task_id}/app/web-2/000000.gz"}
    body = s3.get_object(Bucket=bucket, Key="exports/e2e/aws-logs-write-test")["Body"].read()
    assert body == b"Permission Check Successful"
    lines = read_export(s3, bucket, f"exports/e2e/{task_id}/app/web-1/000000.gz").splitlines()
    assert lines == [f"{iso(t)} {m}" for t, m in app[5:45]]
    assert read_export(s3, bucket, f"exports/e2e/{task_id}/app/web-2/000000.gz") == \
        f'{iso(now - 30_000)} {{"json": true}}\n'


def test_default_prefix_is_exportedlogs(logs, s3, bucket):
    group = "/e2e/" + unique("export")
    logs.create_log_group(logGroupName=group)
    now = int(time.time() * 1000)
    put_events(logs, group, "s", [(now, "one")])
    task_id = logs.create_export_task(logGroupName=group, fromTime=now, to=now,
                                      destination=bucket)["taskId"]
    task = wait_until_finished(logs, task_id)
    assert task["destinationPrefix"] == "exportedlogs" and "taskName" not in task
    assert read_export(s3, bucket, f"exportedlogs/{task_id}/s/000000.gz") == f"{iso(now)} one\n"


def test_a_bucket_without_the_policy_is_refused_in_aws_words(aws, s3, logs):
    group = "/e2e/" + unique("export")
    logs.create_log_group(logGroupName=group)
    plain = unique("plain")
    s3.create_bucket(Bucket=plain)
    code, _, err = aws("logs", "create-export-task", "--log-group-name", group, "--from", "0",
                       "--to", "1000", "--destination", plain, check=False)
    assert code != 0
    assert "AccessDeniedException" in err
    assert ("GetBucketAcl call on the given bucket failed. Please check if CloudWatch Logs has "
            "been granted permission to perform this operation.") in err
    # Reading the ACL alone is not enough: the write is checked too.
    s3.put_bucket_policy(Bucket=plain, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{plain}"}]}))
    code, _, err = aws("logs", "create-export-task", "--log-group-name", group, "--from", "0",
                       "--to", "1000", "--destination", plain, check=False)
    assert code != 0 and "PutObject call on the given bucket failed." in err
    assert "Contents" not in s3.list_objects_v2(Bucket=plain)

    code, _, err = aws("logs", "create-export-task", "--log-group-name", group, "--from", "0",
                       "--to", "1000", "--destination", unique("missing"), check=False)
    assert code != 0 and "InvalidParameterException" in err
    assert "The given bucket does not exist. Please make sure the bucket is valid." in err
    code, _, err = aws("logs", "create-export-task", "--log-group-name", group + "-gone",
                       "--from", "0", "--to", "1000", "--destination", plain, check=False)
    assert code != 0 and "ResourceNotFoundException" in err
    code, _, err = aws("logs", "create-export-task", "--log-group-name", group, "--from", "2000",
                       "--to", "1000", "--destination", plain, check=False)
    assert code != 0 and "Specified time range of 2000 and 1000 is not valid." in err


def test_both_clis_create_and_describe_an_export(aws, logs, bucket):
    group = "/e2e/" + unique("export")
    logs.create_log_group(logGroupName=group)
    now = int(time.time() * 1000)
    put_events(logs, group, "s", [(now, "cli")])
    _, out, _ = aws("logs", "create-export-task", "--task-name", "cli", "--log-group-name", group,
                    "--from", str(now), "--to", str(now), "--destination", bucket)
    task_id = out["taskId"]
    wait_until_finished(logs, task_id)
    _, out, _ = aws("logs", "describe-export-tasks", "--task-id", task_id)
    [task] = out["exportTasks"]
    assert task["status"]["code"] == "COMPLETED" and task["taskName"] == "cli"
    _, out, _ = aws("logs", "describe-export-tasks", "--status-code", "COMPLETED")
    assert task_id in [t["taskId"] for t in out["exportTasks"]]
    code, _, err = aws("logs", "cancel-export-task", "--task-id", task_id, check=False)
    assert code != 0 and "InvalidOperationException" in err
    code, _, err = aws("logs", "cancel-export-task", "--task-id", "no-such-task", check=False)
    assert code != 0 and "ResourceNotFoundException" in err
    code, _, err = aws("logs", "describe-export-tasks", "--status-code", "DONE", check=False)
    assert code != 0 and "Member must satisfy enum value set" in err


def test_js_sdk_exports(js, logs, s3, bucket):
    group = "/e2e/" + unique("export")
    logs.create_log_group(logGroupName=group)
    now = int(time.time() * 1000)
    put_events(logs, group, "js", [(now, "from the js sdk")])
    out = js("logs", "CreateExportTask", logGroupName=group, **{"from": now, "to": now},
             destination=bucket, destinationPrefix="js")
    assert out["ok"], out
    task_id = out["output"]["taskId"]
    wait_until_finished(logs, task_id)
    out = js("logs", "DescribeExportTasks", taskId=task_id)
    assert out["ok"], out
    [task] = out["output"]["exportTasks"]
    assert task["status"]["code"] == "COMPLETED" and task["from"] == now
    assert read_export(s3, bucket, f"js/{task_id}/js/000000.gz") == f"{iso(now)} from the js sdk\n"
    out = js("logs", "CancelExportTask", taskId=task_id)
    assert not out["ok"] and out["name"] == "InvalidOperationException", out


def test_cancel_one_active_task_and_paging(monkeypatch):
    # Tasks wait 3 s before they run: long enough to see them PENDING and cancel them.
    with own_berth_server(monkeypatch, ["--logs-export-start-delay-ms", "3000"]) as server:
        logs = boto3_client(server, "logs")
        s3 = boto3_client(server, "s3")
        name = unique("export")
        s3.create_bucket(Bucket=name)
        s3.put_bucket_policy(Bucket=name, Policy=logs_may_write(name, "logs.amazonaws.com"))
        logs.create_log_group(logGroupName="g")
        now = int(time.time() * 1000)
        put_events(logs, "g", "s", [(now, "x")])
        first = logs.create_export_task(logGroupName="g", fromTime=0, to=now,
                                        destination=name)["taskId"]
        [task] = logs.describe_export_tasks(taskId=first)["exportTasks"]
        assert task["status"]["code"] == "PENDING"
        with pytest.raises(botocore.exceptions.ClientError) as e:
            logs.create_export_task(logGroupName="g", fromTime=0, to=now, destination=name)
        assert e.value.response["Error"] == {"Code": "LimitExceededException",
                                             "Message": "Resource limit exceeded."}
        logs.cancel_export_task(taskId=first)
        [task] = logs.describe_export_tasks(taskId=first)["exportTasks"]
        assert task["status"]["code"] == "CANCELLED"
        assert "completionTime" in task["executionInfo"]
        with pytest.raises(botocore.exceptions.ClientError) as e:
            logs.cancel_export_task(taskId=first)
        assert e.value.response["Error"]["Code"] == "InvalidOperationException"

        second = logs.create_export_task(logGroupName="g", fromTime=0, to=now,
                                         destination=name)["taskId"]
        task = wait_until_finished(logs, second)
        assert task["status"]["code"] == "COMPLETED"
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]]
        assert f"exportedlogs/{second}/s/000000.gz" in keys
        assert not any(first in k for k in keys)  # a cancelled pending task writes nothing

        # Newest first, one a page.
        page = logs.describe_export_tasks(limit=1)
        assert [t["taskId"] for t in page["exportTasks"]] == [second]
        page = logs.describe_export_tasks(limit=1, nextToken=page["nextToken"])
        assert [t["taskId"] for t in page["exportTasks"]] == [first]
        assert "nextToken" not in page
        cancelled = logs.describe_export_tasks(statusCode="CANCELLED")["exportTasks"]
        assert [t["taskId"] for t in cancelled] == [first]
        paginator = logs.get_paginator("describe_export_tasks")
        ids = [t["taskId"] for p in paginator.paginate(PaginationConfig={"PageSize": 1})
               for t in p["exportTasks"]]
        assert ids == [second, first]
        # The Debian CLI (query-era model) reads the same.
        _, out, _ = Cli(server, "debian")("logs", "describe-export-tasks", "--task-id", first)
        assert out["exportTasks"][0]["status"]["code"] == "CANCELLED"


def test_confused_deputy_conditions_are_evaluated(logs, s3):
    """AWS's current documentation scopes the policy with aws:SourceAccount and aws:SourceArn:
    berth evaluates them with the export's account and log group."""
    group = "/e2e/" + unique("export")
    logs.create_log_group(logGroupName=group)
    [g] = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    account = g["arn"].split(":")[4]
    name = unique("deputy")
    s3.create_bucket(Bucket=name)

    def scoped(source_account):
        condition = {"StringEquals": {"aws:SourceAccount": [source_account]},
                     "ArnLike": {"aws:SourceArn": [f"arn:aws:logs:us-east-1:{source_account}:"
                                                   "log-group:*"]}}
        return json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
             "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{name}",
             "Condition": condition},
            {"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/*",
             "Condition": dict(condition, StringEquals={
                 "aws:SourceAccount": [source_account],
                 "s3:x-amz-acl": "bucket-owner-full-control"})}]})

    s3.put_bucket_policy(Bucket=name, Policy=scoped("111122223333"))
    with pytest.raises(botocore.exceptions.ClientError) as e:
        logs.create_export_task(logGroupName=group, fromTime=0, to=1, destination=name)
    assert e.value.response["Error"]["Code"] == "AccessDeniedException"
    s3.put_bucket_policy(Bucket=name, Policy=scoped(account))
    task_id = logs.create_export_task(logGroupName=group, fromTime=0, to=1,
                                      destination=name)["taskId"]
    assert wait_until_finished(logs, task_id)["status"]["code"] == "COMPLETED"


def test_the_caller_needs_s3_put_object_too(berth, logs, s3, bucket, tmp_path):
    """Since 2019 AWS requires the caller of CreateExportTask to hold s3:PutObject on the
    destination as well as the logs permission."""
    from test_iam import User, error_of
    iam = boto3_client(berth, "iam")
    group = "/e2e/" + unique("export")
    logs.create_log_group(logGroupName=group)
    logs_only = User(berth, iam, tmp_path,
                     policies=["arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"])
    err = error_of(logs_only.client("logs").create_export_task, logGroupName=group, fromTime=0,
                   to=1, destination=bucket)
    assert err["Error"]["Code"] == "AccessDeniedException"
    assert (f"is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::{bucket}/"
            "exportedlogs/aws-logs-write-test") in err["Error"]["Message"]
    both = User(berth, iam, tmp_path,
                policies=["arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
                          "arn:aws:iam::aws:policy/AmazonS3FullAccess"])
    task_id = both.client("logs").create_export_task(logGroupName=group, fromTime=0, to=1,
                                                     destination=bucket)["taskId"]
    assert wait_until_finished(logs, task_id)["status"]["code"] == "COMPLETED"
