"""GET /metrics: berth's own health in Prometheus text, read by prometheus_client's own parser
and checked against the calls this test made on a berth of its own; the path stays S3's for
signed requests (a bucket named "metrics") and for everyone when the endpoint is off."""
import http.client
import json
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import boto3_client, own_berth_server


@pytest.fixture
def own_berth(monkeypatch):
    with own_berth_server(monkeypatch, prefix="berth-e2e-prom-") as server:
        yield server


def get(host, path, method="GET"):
    conn = http.client.HTTPConnection(host, timeout=30)
    conn.request(method, path)
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res.status, {k.lower(): v for k, v in res.getheaders()}, body


def scrape(server):
    status, headers, body = get(server.host, "/metrics")
    assert status == 200, body
    assert headers["content-type"].startswith("text/plain; version=0.0.4"), headers
    families = {f.name: f for f in text_string_to_metric_families(body.decode())}
    return families


def sample(families, family, name, **labels):
    """The value of the sample `name` with exactly these labels (0 when absent)."""
    for s in families[family].samples:
        if s.name == name and s.labels == labels:
            return s.value
    return 0


def test_scrape_counts_the_calls_made_and_is_itself_not_a_call(own_berth):
    ecr = boto3_client(own_berth)
    logs = boto3_client(own_berth, "logs")
    s3 = boto3_client(own_berth, "s3")
    for _ in range(3):
        ecr.describe_repositories()
    for _ in range(2):
        with pytest.raises(ecr.exceptions.RepositoryNotFoundException):
            ecr.describe_repositories(repositoryNames=["e2e/none"])
    logs.describe_log_groups()
    # A bucket named like the endpoint: signed requests to it are S3's.
    s3.create_bucket(Bucket="metrics")
    s3.put_object(Bucket="metrics", Key="k", Body=b"x")
    listed = s3.list_objects_v2(Bucket="metrics")
    assert [o["Key"] for o in listed["Contents"]] == ["k"]
    ecr.create_repository(repositoryName="e2e/prom")
    upload = ecr.initiate_layer_upload(repositoryName="e2e/prom")

    families = scrape(own_berth)
    requests = "berth_http_requests"
    assert families[requests].type == "counter"
    assert sample(families, requests, "berth_http_requests_total", service="ecr",
                  operation="DescribeRepositories", status="200") == 3
    assert sample(families, requests, "berth_http_requests_total", service="ecr",
                  operation="DescribeRepositories", status="400") == 2
    assert sample(families, requests, "berth_http_requests_total", service="logs",
                  operation="DescribeLogGroups", status="200") == 1
    assert sample(families, requests, "berth_http_requests_total", service="s3",
                  operation="ListObjectsV2", status="200") == 1
    assert sample(families, requests, "berth_http_requests_total", service="s3",
                  operation="CreateBucket", status="200") == 1
    durations = families["berth_request_duration_seconds"]
    assert durations.type == "histogram"
    assert sample(families, "berth_request_duration_seconds",
                  "berth_request_duration_seconds_count", service="ecr",
                  operation="DescribeRepositories") == 5
    assert sample(families, "berth_request_duration_seconds",
                  "berth_request_duration_seconds_bucket", service="ecr",
                  operation="DescribeRepositories", le="+Inf") == 5
    total_calls = sum(s.value for s in families[requests].samples
                      if s.name == "berth_http_requests_total")
    # Every call made so far was recorded, in group commits the histograms saw.
    commits = sample(families, "berth_audit_commit_batch_events",
                     "berth_audit_commit_batch_events_count")
    assert commits >= 1
    assert sample(families, "berth_audit_commit_batch_events",
                  "berth_audit_commit_batch_events_sum") >= total_calls
    assert sample(families, "berth_audit_commit_duration_seconds",
                  "berth_audit_commit_duration_seconds_count") == commits
    assert sample(families, "berth_storage_bytes", "berth_storage_bytes", store="database") > 0
    assert sample(families, "berth_active_uploads", "berth_active_uploads") == 1
    assert families["berth_blob_store_bytes"].type == "gauge"
    assert sample(families, "berth_sqlite_memory_bytes", "berth_sqlite_memory_bytes") > 0
    assert sample(families, "process_resident_memory_bytes", "process_resident_memory_bytes") > 0

    ecr.upload_layer_part(repositoryName="e2e/prom", uploadId=upload["uploadId"],
                          partFirstByte=0, partLastByte=2, layerPartBlob=b"abc")
    # Scrapes are no calls: a second scrape counts exactly the one call made since.
    again = scrape(own_berth)
    assert sum(s.value for s in again[requests].samples
               if s.name == "berth_http_requests_total") == total_calls + 1
    # Nor are they in the access log (every call is: here only S3's, all signed), nor in
    # CloudTrail.
    time.sleep(1.5)  # the access log is flushed once a second
    with open(own_berth.access_log) as f:
        on_path = [json.loads(line) for line in f if '"/metrics' in line]
    assert sorted(r.get("operation") for r in on_path) == ["CreateBucket", "ListObjectsV2",
                                                          "PutObject"], on_path
    trail = boto3_client(own_berth, "cloudtrail")
    names = {e["EventName"] for e in trail.lookup_events(MaxResults=50)["Events"]}
    assert "DescribeRepositories" in names
    assert not names & {"ListObjects", "", "GetMetrics"}


def test_head_answers_headers_only(own_berth):
    status, headers, body = get(own_berth.host, "/metrics", "HEAD")
    assert status == 200 and body == b""
    assert headers["content-type"].startswith("text/plain; version=0.0.4")


def test_endpoint_off_leaves_the_path_to_s3(monkeypatch):
    with own_berth_server(monkeypatch, ["--metrics-access", "off"]) as server:
        status, _, body = get(server.host, "/metrics")
        # S3's answer to an unsigned ListObjects: AccessDenied, as AWS gives it.
        assert status == 403, body
        assert b"<Code>AccessDenied</Code>" in body
        assert boto3_client(server, "s3").list_buckets()["Buckets"] == []
