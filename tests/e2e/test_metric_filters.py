"""CloudWatch Logs metric filters end to end: the workshop's "alarm source" (a trail delivers
CloudTrail records into a log group, a metric filter counts repository deletions, the count is
read back with get-metric-statistics), space-delimited filters with `$field` values and
dimensions, TestMetricFilter, the management operations' errors, AWS/Logs IncomingLogEvents
and IncomingBytes."""
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import time
import uuid

import botocore.exceptions
import pytest

import oci
from conftest import PIP_AWS, Berth, boto3_client, cli_env
from registry_client import Skopeo, password

ROLE = "role/CloudTrail_CloudWatchLogs_Role"


@pytest.fixture(scope="module")
def server():
    tmp = tempfile.mkdtemp(prefix="berth-metric-filters-")
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
        return {name: boto3_client(server, name)
                for name in ("cloudtrail", "s3", "logs", "ecr", "cloudwatch")}


def aws(server, *args, check=True):
    proc = subprocess.run([PIP_AWS, "--endpoint-url", server.endpoint, "--output", "json", *args],
                          env=cli_env(server.credentials_file), capture_output=True, text=True,
                          timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout.strip() else None), proc.stderr


def now_ms():
    return int(time.time() * 1000)


def statistic(cw, namespace, metric, dimensions=(), stat="Sum"):
    """The statistic over the last hour, summed over the periods (None when no datapoint)."""
    end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
    out = cw.get_metric_statistics(
        Namespace=namespace, MetricName=metric,
        Dimensions=[{"Name": k, "Value": v} for k, v in dimensions],
        StartTime=end - datetime.timedelta(hours=1), EndTime=end, Period=60, Statistics=[stat])
    points = out["Datapoints"]
    if not points:
        return None
    if stat in ("Sum", "SampleCount"):
        return sum(p[stat] for p in points)
    return points


def wait_for(fn, timeout=30):
    deadline = time.time() + timeout
    while True:
        value = fn()
        if value:
            return value
        assert time.time() < deadline, "timed out"
        time.sleep(0.3)


def test_a_trail_feeds_a_metric_filter_counting_repository_deletions(server, clients):
    logs, ecr, trail, cw = clients["logs"], clients["ecr"], clients["cloudtrail"], clients["cloudwatch"]
    account = ecr.describe_registry()["registryId"]
    bucket = f"ecr-trail-{uuid.uuid4().hex[:8]}"
    group = "/aws/cloudtrail/ecr-alarms"
    clients["s3"].create_bucket(Bucket=bucket)
    logs.create_log_group(logGroupName=group)
    # As the README's walkthrough does it, with the pip aws CLI.
    aws(server, "cloudtrail", "create-trail", "--name", "ecr-alarm-trail", "--s3-bucket-name",
        bucket, "--cloud-watch-logs-log-group-arn",
        f"arn:aws:logs:us-east-1:{account}:log-group:{group}:*",
        "--cloud-watch-logs-role-arn", f"arn:aws:iam::{account}:{ROLE}")
    aws(server, "cloudtrail", "start-logging", "--name", "ecr-alarm-trail")
    aws(server, "logs", "put-metric-filter", "--log-group-name", group,
        "--filter-name", "repository-deletions",
        "--filter-pattern", '{ $.eventName = "DeleteRepository" }',
        "--metric-transformations",
        "metricName=RepositoryDeletions,metricNamespace=ECRAudit,metricValue=1,unit=Count")
    _, described, _ = aws(server, "logs", "describe-metric-filters", "--log-group-name", group)
    [f] = described["metricFilters"]
    assert f["filterName"] == "repository-deletions" and f["logGroupName"] == group
    assert f["metricTransformations"] == [{"metricName": "RepositoryDeletions",
                                           "metricNamespace": "ECRAudit", "metricValue": "1",
                                           "unit": "Count"}]

    repos = [f"alarm/{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for repo in repos:
        ecr.create_repository(repositoryName=repo)
    ecr.describe_repositories(repositoryNames=repos)  # matches nothing
    for repo in repos:
        ecr.delete_repository(repositoryName=repo)

    def counted():
        _, out, _ = aws(server, "cloudwatch", "get-metric-statistics", "--namespace", "ECRAudit",
                        "--metric-name", "RepositoryDeletions", "--statistics", "Sum",
                        "--period", "60", "--start-time",
                        str(int(time.time()) - 3600), "--end-time", str(int(time.time()) + 300))
        total = sum(p["Sum"] for p in out["Datapoints"])
        return out if total >= 2 else None

    out = wait_for(counted, timeout=40)
    assert sum(p["Sum"] for p in out["Datapoints"]) == 2
    assert all(p["Unit"] == "Count" for p in out["Datapoints"])
    # The creations and the describe were delivered too, and matched nothing.
    assert statistic(cw, "ECRAudit", "RepositoryDeletions", stat="SampleCount") == 2
    # The trail's deliveries count as the group's incoming events.
    assert wait_for(lambda: statistic(cw, "AWS/Logs", "IncomingLogEvents",
                                      [("LogGroupName", group)])) >= 5


def test_space_delimited_filter_takes_value_and_dimension_from_fields(server, clients):
    logs, cw = clients["logs"], clients["cloudwatch"]
    group = f"/app/access-{uuid.uuid4().hex[:6]}"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="web")
    logs.put_metric_filter(
        logGroupName=group, filterName="bytes-by-status",
        filterPattern="[ip, user, status, bytes > 0]",
        metricTransformations=[{"metricName": "ResponseBytes", "metricNamespace": "App",
                                "metricValue": "$bytes", "unit": "Bytes",
                                "dimensions": {"Status": "$status"}}])
    t = now_ms()
    messages = ["10.0.0.1 alice 200 1000", "10.0.0.2 bob 200 500", "10.0.0.3 carol 404 20",
                "10.0.0.4 dave 500 0", "not enough fields"]
    logs.put_log_events(logGroupName=group, logStreamName="web",
                        logEvents=[{"timestamp": t + i, "message": m}
                                   for i, m in enumerate(messages)])
    ok = wait_for(lambda: statistic(cw, "App", "ResponseBytes", [("Status", "200")]))
    assert ok == 1500
    assert wait_for(lambda: statistic(cw, "App", "ResponseBytes", [("Status", "404")])) == 20
    assert statistic(cw, "App", "ResponseBytes", [("Status", "500")]) is None
    [point] = statistic(cw, "App", "ResponseBytes", [("Status", "200")], stat="Maximum")
    assert point["Maximum"] == 1000 and point["Unit"] == "Bytes"
    listed = cw.list_metrics(Namespace="App", MetricName="ResponseBytes")["Metrics"]
    assert sorted(m["Dimensions"][0]["Value"] for m in listed) == ["200", "404"]

    # AWS/Logs: five events, their bytes (message + 26 each).
    assert wait_for(lambda: statistic(cw, "AWS/Logs", "IncomingLogEvents",
                                      [("LogGroupName", group)])) == 5
    assert statistic(cw, "AWS/Logs", "IncomingBytes", [("LogGroupName", group)]) == sum(
        len(m) + 26 for m in messages)


def test_json_filter_with_a_field_value(server, clients):
    logs, cw = clients["logs"], clients["cloudwatch"]
    group = f"/app/json-{uuid.uuid4().hex[:6]}"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    logs.put_metric_filter(
        logGroupName=group, filterName="latency",
        filterPattern='{ $.status = 200 }',
        metricTransformations=[{"metricName": "Latency", "metricNamespace": "App",
                                "metricValue": "$.timing.ms", "unit": "Milliseconds"}])
    t = now_ms()
    events = [{"status": 200, "timing": {"ms": 12.5}}, {"status": 200, "timing": {"ms": 7}},
              {"status": 500, "timing": {"ms": 900}}, {"status": 200, "timing": {"ms": "x"}}]
    logs.put_log_events(logGroupName=group, logStreamName="s",
                        logEvents=[{"timestamp": t + i, "message": json.dumps(e)}
                                   for i, e in enumerate(events)])
    assert wait_for(lambda: statistic(cw, "App", "Latency")) == 19.5


def test_test_metric_filter(server):
    _, out, _ = aws(server, "logs", "test-metric-filter", "--filter-pattern",
                    "[ip, user, status=4*, bytes]", "--log-event-messages",
                    "10.0.0.1 alice 200 1000", "10.0.0.3 carol 404 20", "x y 403 7")
    assert out["matches"] == [
        {"eventNumber": 2, "eventMessage": "10.0.0.3 carol 404 20",
         "extractedValues": {"$ip": "10.0.0.3", "$user": "carol", "$status": "404",
                             "$bytes": "20"}},
        {"eventNumber": 3, "eventMessage": "x y 403 7",
         "extractedValues": {"$ip": "x", "$user": "y", "$status": "403", "$bytes": "7"}}]
    _, out, _ = aws(server, "logs", "test-metric-filter", "--filter-pattern", "ERROR",
                    "--log-event-messages", "ok", "an ERROR here")
    assert [m["eventNumber"] for m in out["matches"]] == [2]
    code, _, err = aws(server, "logs", "test-metric-filter", "--filter-pattern", '{ $.a = ',
                       "--log-event-messages", "x", check=False)
    assert code != 0 and "InvalidParameterException" in err


def test_management_errors_paging_and_the_limit(server, clients):
    logs = clients["logs"]
    group = f"/app/limits-{uuid.uuid4().hex[:6]}"
    transformation = [{"metricName": "M", "metricNamespace": "Limits", "metricValue": "1"}]

    def error(fn, **kwargs):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            fn(**kwargs)
        return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]

    assert error(logs.put_metric_filter, logGroupName="/none", filterName="f",
                 filterPattern="", metricTransformations=transformation)[0] == \
        "ResourceNotFoundException"
    logs.create_log_group(logGroupName=group)
    code, message = error(logs.put_metric_filter, logGroupName=group, filterName="f",
                          filterPattern="ERROR", metricTransformations=[
                              {**transformation[0], "metricValue": "$.latency"}])
    assert code == "InvalidParameterException", message
    code, message = error(logs.put_metric_filter, logGroupName=group, filterName="f",
                          filterPattern="[a, b]", metricTransformations=[
                              {**transformation[0], "metricValue": "$c"}])
    assert code == "InvalidParameterException", message
    code, _ = error(logs.put_metric_filter, logGroupName=group, filterName="f",
                    filterPattern="{ $.a = ", metricTransformations=transformation)
    assert code == "InvalidParameterException"
    code, _ = error(logs.put_metric_filter, logGroupName=group, filterName="f",
                    filterPattern="[a]", metricTransformations=[
                        {**transformation[0], "defaultValue": 0,
                         "dimensions": {"A": "$a"}}])
    assert code == "InvalidParameterException"
    code, _ = error(logs.put_metric_filter, logGroupName=group, filterName="f",
                    filterPattern="[a, b, c, d]", metricTransformations=[
                        {**transformation[0],
                         "dimensions": {"A": "$a", "B": "$b", "C": "$c", "D": "$d"}}])
    assert code == "InvalidParameterException"
    assert error(logs.delete_metric_filter, logGroupName=group, filterName="nope")[0] == \
        "ResourceNotFoundException"
    assert error(logs.describe_metric_filters, metricName="M")[0] == "InvalidParameterException"

    for i in range(100):
        logs.put_metric_filter(logGroupName=group, filterName=f"f{i:03d}", filterPattern="ERROR",
                               metricTransformations=transformation)
    code, _ = error(logs.put_metric_filter, logGroupName=group, filterName="one-more",
                    filterPattern="ERROR", metricTransformations=transformation)
    assert code == "LimitExceededException"
    # Replacing one of the hundred is no new filter.
    logs.put_metric_filter(logGroupName=group, filterName="f000", filterPattern="WARN",
                           metricTransformations=transformation)

    names = []
    for page in logs.get_paginator("describe_metric_filters").paginate(
            logGroupName=group, PaginationConfig={"PageSize": 7}):
        assert len(page["metricFilters"]) <= 7
        names += [f["filterName"] for f in page["metricFilters"]]
    assert names == [f"f{i:03d}" for i in range(100)]
    found = logs.describe_metric_filters(logGroupName=group, filterNamePrefix="f09")
    assert [f["filterName"] for f in found["metricFilters"]] == [f"f09{i}" for i in range(10)]
    found = logs.describe_metric_filters(metricName="M", metricNamespace="Limits", limit=50)
    assert len(found["metricFilters"]) == 50 and "nextToken" in found
    assert logs.describe_metric_filters(logGroupName=group, filterNamePrefix="f000")[
        "metricFilters"][0]["filterPattern"] == "WARN"

    logs.delete_metric_filter(logGroupName=group, filterName="f000")
    logs.put_metric_filter(logGroupName=group, filterName="one-more", filterPattern="ERROR",
                           metricTransformations=transformation)
    logs.delete_log_group(logGroupName=group)
    assert logs.describe_metric_filters(metricName="M", metricNamespace="Limits")[
        "metricFilters"] == []


def test_repository_size_and_image_count_follow_pushes_and_deletes(server, clients):
    """berth's extension (AWS publishes neither): AWS/ECR RepositorySize and ImageCount."""
    ecr, cw = clients["ecr"], clients["cloudwatch"]
    name = f"sized/{uuid.uuid4().hex[:8]}"
    ecr.create_repository(repositoryName=name)
    workdir = tempfile.mkdtemp(prefix="berth-sized-")
    try:
        skopeo = Skopeo(server.host, workdir)
        assert "Login Succeeded" in skopeo.login(password(ecr)).stdout
        # Two images sharing their layers (another platform's config): layers count once.
        amd = oci.Image("sized", layer_count=3, layer_size=5000)
        arm = oci.Image("sized", layer_count=3, layer_size=5000, arch="arm64")
        for image, tag in ((amd, "amd"), (arm, "arm")):
            src = os.path.join(workdir, tag)
            oci.write_layout(src, [(image.manifest, image.media_type, tag)], image.blobs)
            skopeo.copy(f"oci:{src}:{tag}", f"docker://{server.host}/{name}:{tag}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    blobs = {oci.digest(b): len(b) for b in amd.blobs + arm.blobs}
    full = len(amd.manifest) + len(arm.manifest) + sum(blobs.values())
    assert len(blobs) == 5  # 3 shared layers, 2 configs
    dims = [("RepositoryName", name)]

    def published(metric, value):
        """True once `value` was among the metric's samples (PR(a:b): the share of samples in
        (a, b]; a gauge published at each change has several values a minute)."""
        end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
        out = cw.get_metric_data(
            StartTime=end - datetime.timedelta(hours=1), EndTime=end,
            MetricDataQueries=[{"Id": "q", "MetricStat": {
                "Metric": {"Namespace": "AWS/ECR", "MetricName": metric,
                           "Dimensions": [{"Name": k, "Value": v} for k, v in dims]},
                "Period": 60, "Stat": f"PR({value - 0.5}:{value + 0.5})"}}])
        return any(v > 0 for v in out["MetricDataResults"][0]["Values"])

    wait_for(lambda: published("RepositorySize", full))
    wait_for(lambda: published("ImageCount", 2))
    [point] = statistic(cw, "AWS/ECR", "RepositorySize", dims, stat="Maximum")
    assert point["Maximum"] == full and point["Unit"] == "Bytes"
    [point] = statistic(cw, "AWS/ECR", "ImageCount", dims, stat="Maximum")
    assert point["Maximum"] == 2 and point["Unit"] == "Count"

    # Deleting the amd64 image (pushed first) leaves its config unreferenced: it no longer
    # counts. The arm64 image alone is a size never published before.
    ecr.batch_delete_image(repositoryName=name, imageIds=[{"imageTag": "amd"}])
    one = len(arm.manifest) + sum(len(b) for b in arm.blobs)
    wait_for(lambda: published("RepositorySize", one), timeout=15)
    wait_for(lambda: published("ImageCount", 1), timeout=15)
    ecr.delete_repository(repositoryName=name, force=True)
    before = statistic(cw, "AWS/ECR", "ImageCount", dims, stat="SampleCount")
    wait_for(lambda: statistic(cw, "AWS/ECR", "ImageCount", dims, stat="SampleCount") > before,
             timeout=15)


def test_filters_survive_a_restart(server, clients):
    logs, cw = clients["logs"], clients["cloudwatch"]
    group = f"/app/durable-{uuid.uuid4().hex[:6]}"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s")
    logs.put_metric_filter(logGroupName=group, filterName="errors", filterPattern="ERROR",
                           metricTransformations=[{"metricName": "Errors",
                                                   "metricNamespace": "Durable",
                                                   "metricValue": "2"}])
    assert server.stop() == 0
    server.start()
    # A restart listens on another port: fresh clients (this test runs last in the module).
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", server.credentials_file)
        mp.setenv("AWS_CONFIG_FILE", "/dev/null")
        logs, cw = boto3_client(server, "logs"), boto3_client(server, "cloudwatch")
    assert [f["filterName"] for f in
            logs.describe_metric_filters(logGroupName=group)["metricFilters"]] == ["errors"]
    logs.put_log_events(logGroupName=group, logStreamName="s",
                        logEvents=[{"timestamp": now_ms(), "message": "an ERROR"}])
    assert wait_for(lambda: statistic(cw, "Durable", "Errors")) == 2
