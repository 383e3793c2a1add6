"""What an anonymous client on the network can and cannot cost berth (issue 16): refused calls
without credentials are recorded within a per-source budget and counted beyond it, and no record
keeps more than a bounded share of what the caller sent."""
import datetime
import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import botocore.exceptions
import pytest

import oci
from conftest import Berth, boto3_client
from test_metrics import cloudwatch

UA_BYTES = 15 * 1024


@pytest.fixture
def own_berth(monkeypatch):
    """A berth of this test's own: the flood must not spend the shared server's budget."""
    tmp = tempfile.mkdtemp(prefix="berth-e2e-harden-")
    server = Berth(os.path.join(tmp, "data"))
    server.start()
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", server.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    yield server
    code = server.stop()
    logs = server.logs()
    shutil.rmtree(tmp, ignore_errors=True)
    assert code == 0, logs
    assert "ERROR: AddressSanitizer" not in logs and "runtime error:" not in logs, logs


def events_between(trail, start, end):
    events = []
    for page in trail.get_paginator("lookup_events").paginate(StartTime=start, EndTime=end):
        events += page["Events"]
    return events


def flood(host, user_agent, calls):
    """`calls` anonymous requests on one keep-alive connection: half JSON API calls without a
    signature, half /v2 requests with a password that is no token."""
    conn = http.client.HTTPConnection(host, timeout=30)
    statuses = set()
    try:
        for i in range(calls):
            if i % 2 == 0:
                conn.request("POST", "/", body=b"{}", headers={
                    "User-Agent": user_agent,
                    "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories",
                    "Content-Type": "application/x-amz-json-1.1"})
            else:
                conn.request("GET", "/v2/", headers={
                    "User-Agent": user_agent, "Authorization": "Basic QVdTOm5vdC1hLXRva2Vu"})
            r = conn.getresponse()
            r.read()
            statuses.add(r.status)
    finally:
        conn.close()
    return statuses


def test_anonymous_flood_costs_the_journal_a_bounded_amount(own_berth):
    trail = boto3_client(own_berth, "cloudtrail")
    marker = "flood-" + uuid.uuid4().hex
    user_agent = marker + "x" * (UA_BYTES - len(marker))
    calls = 400
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=5)
    assert flood(own_berth.host, user_agent, calls) <= {400, 401, 403}
    end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=5)

    recorded = [e for e in events_between(trail, start, end) if marker in e["CloudTrailEvent"]]
    journal_bytes = sum(len(e["CloudTrailEvent"]) for e in recorded)
    print(f"{len(recorded)} of {calls} refused calls recorded, "
          f"{journal_bytes / calls:.0f} record bytes per refused call")
    assert recorded, "the first refused calls of a source are recorded in full"
    assert len(recorded) < calls / 4
    for e in recorded:
        record = json.loads(e["CloudTrailEvent"])
        assert record["userAgent"].startswith(marker)
        assert len(record["userAgent"]) <= 1024
    assert journal_bytes / calls < 1024, journal_bytes
    # The access log (the operational log) keeps a line per request, each bounded too.
    time.sleep(0.5)  # its flusher writes what waited longer than 200 ms
    with open(own_berth.access_log, "rb") as f:
        lines = [line for line in f if marker.encode() in line]
    assert len(lines) == calls, len(lines)
    assert max(len(line) for line in lines) < 2048

    # Nothing is dropped silently: the rest are counted in a summary, written at the latest
    # when berth stops.
    own_berth.stop()
    own_berth.start()
    trail = boto3_client(own_berth, "cloudtrail")  # a new port
    summaries = [json.loads(e["CloudTrailEvent"]) for e in events_between(
        trail, start, datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=5))
        if e["EventName"] == "RefusedCallsSummary"]
    assert len(summaries) == 1, summaries
    params = summaries[0]["requestParameters"]
    assert params["countedCalls"] == calls - len(recorded)
    assert params["sources"] == [{"sourceIPAddress": "127.0.0.1",
                                  "count": calls - len(recorded)}]


def test_records_keep_at_most_a_kilobyte_of_user_agent(own_berth):
    ecr = boto3_client(own_berth, "ecr")
    trail = boto3_client(own_berth, "cloudtrail")
    marker = "long-ua-" + uuid.uuid4().hex
    ua = marker + "a" * 12000

    def add_ua(request, **_):
        request.headers["User-Agent"] = ua
    ecr.meta.events.register("before-sign.ecr.*", add_ua)
    ecr.describe_repositories()
    events = [json.loads(e["CloudTrailEvent"]) for e in trail.lookup_events(
        LookupAttributes=[{"AttributeKey": "EventName",
                           "AttributeValue": "DescribeRepositories"}])["Events"]]
    mine = [r for r in events if r["userAgent"].startswith(marker)]
    assert len(mine) == 1
    kept = mine[0]["userAgent"].encode()
    assert len(kept) <= 1024 and ua.encode().startswith(kept)


def error_of(call):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_below_the_disk_reserve_writes_are_refused_while_reads_go_on(own_berth):
    repo, bucket, group = "kept/app", "kept-bucket", "/kept/group"
    image = oci.Image("reserve")
    ecr = boto3_client(own_berth, "ecr")
    ecr.create_repository(repositoryName=repo)
    oci.push(ecr, repo, image, tag="v1")
    s3 = boto3_client(own_berth, "s3")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="a", Body=b"kept")
    logs = boto3_client(own_berth, "logs")
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="s")

    own_berth.stop()
    own_berth.extra_args = ["--disk-reserve-mib", str(1 << 40)]  # more than any disk has free
    own_berth.start()
    ecr, s3, logs, trail = (boto3_client(own_berth, s) for s in ("ecr", "s3", "logs",
                                                                 "cloudtrail"))
    # Writes that add data answer each protocol's own "unavailable".
    assert error_of(lambda: ecr.create_repository(repositoryName="new")) == (
        "ServiceUnavailable", 503)
    assert error_of(lambda: s3.put_object(Bucket=bucket, Key="b", Body=b"x" * 1000)) == (
        "ServiceUnavailable", 503)
    assert error_of(lambda: logs.put_log_events(
        logGroupName=group, logStreamName="s",
        logEvents=[{"timestamp": int(time.time() * 1000), "message": "m"}])) == (
        "ServiceUnavailable", 503)
    # The reserve is one stage of every wire: CloudWatch's PutMetricData on JSON 1.0, query
    # and RPC v2 CBOR alike; its reads go on.
    for protocol in ("json", "query", "cbor"):
        cw = cloudwatch(own_berth, protocol)
        assert error_of(lambda: cw.put_metric_data(
            Namespace="Reserve", MetricData=[{"MetricName": "m", "Value": 1.0}])) == (
            "ServiceUnavailable", 503), protocol
        assert cw.list_metrics(Namespace="Reserve")["Metrics"] == [], protocol
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    conn = http.client.HTTPConnection(own_berth.host, timeout=30)
    auth = {"Authorization": "Basic " + token}
    conn.request("POST", f"/v2/{repo}/blobs/uploads/", headers=auth)
    r = conn.getresponse()
    body = r.read()
    assert r.status == 507 and json.loads(body)["errors"][0]["code"] == "DENIED", body
    conn.close()

    # Reads and pulls go on.
    assert [x["repositoryName"] for x in ecr.describe_repositories()["repositories"]] == [repo]
    conn = http.client.HTTPConnection(own_berth.host, timeout=30)
    conn.request("GET", f"/v2/{repo}/manifests/v1",
                 headers={**auth, "Accept": image.media_type})
    r = conn.getresponse()
    assert r.status == 200 and r.read() == image.manifest
    conn.request("GET", f"/v2/{repo}/blobs/{oci.digest(image.layers[0])}", headers=auth)
    r = conn.getresponse()
    assert r.status == 200 and r.read() == image.layers[0]
    conn.close()
    assert s3.get_object(Bucket=bucket, Key="a")["Body"].read() == b"kept"
    # Deletes free space: they go on too.
    s3.delete_object(Bucket=bucket, Key="a")
    # The audit records of authenticated calls are still written; an unknown caller's are not.
    request_id = ecr.describe_registry()["ResponseMetadata"]["RequestId"]
    anonymous = http.client.HTTPConnection(own_berth.host, timeout=30)
    anonymous.request("GET", "/v2/", headers={"User-Agent": "anonymous-while-low"})
    assert anonymous.getresponse().status == 401
    anonymous.close()
    events = [json.loads(e["CloudTrailEvent"]) for e in trail.lookup_events(MaxResults=50)[
        "Events"]]
    assert any(e["requestID"] == request_id for e in events)
    assert not any(e["userAgent"] == "anonymous-while-low" for e in events)
    refused = [e for e in events if e.get("errorCode") == "ServiceUnavailable"]
    assert {e["eventName"] for e in refused} >= {"CreateRepository", "PutObject", "PutLogEvents",
                                                 "PutMetricData"}
    assert any(e["eventName"] == "InitiateLayerUpload" and e.get("errorCode") == "DENIED"
               for e in events)


def read_response(sock):
    """(status line, lower-cased headers, body) of one response with a Content-Length."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk
        rest += chunk
    return lines[0], headers, rest[:length]


def test_http10_keep_alive_is_announced_and_kept(berth):
    # Issue 16: ApacheBench and HTTP/1.0 health checkers hung until their timeout.
    with socket.create_connection((berth.host.split(":")[0], int(berth.host.split(":")[1])),
                                  timeout=10) as sock:
        for _ in range(3):
            sock.sendall(b"GET /v2/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            status, headers, _ = read_response(sock)
            assert status.split()[1] == "401", status
            assert headers.get("connection", "").lower() == "keep-alive", headers


def test_http10_without_keep_alive_is_closed(berth):
    with socket.create_connection((berth.host.split(":")[0], int(berth.host.split(":")[1])),
                                  timeout=10) as sock:
        sock.sendall(b"GET /v2/ HTTP/1.0\r\n\r\n")
        status, headers, _ = read_response(sock)
        assert status.split()[1] == "401", status
        assert headers.get("connection", "").lower() == "close", headers
        assert sock.recv(1) == b""  # closed by the server, not left to the client's timeout


def raw_exchange(berth, request: bytes):
    host, port = berth.host.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        return read_response(sock)


@pytest.mark.parametrize("path", ["/some-bucket/some/key", "/some-bucket", "/"])
def test_unsigned_s3_requests_are_access_denied(berth, path):
    # Issue 16: they answered 404 (no route); S3 refuses anonymous access with 403.
    status, headers, body = raw_exchange(berth, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status.split()[1] == "403", (status, body)
    assert b"<Code>AccessDenied</Code>" in body, body


def test_malformed_chunk_size_is_answered_400(berth):
    status, headers, body = raw_exchange(berth, (
        b"POST / HTTP/1.1\r\nHost: x\r\n"
        b"X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.DescribeRepositories\r\n"
        b"Content-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"zz\r\n{}\r\n0\r\n\r\n"))
    assert status.split()[1] == "400", (status, body)
    assert headers.get("connection", "").lower() == "close"


def test_invalid_tag_reads_are_manifest_unknown_and_digest_errors_name_no_upload(berth, ecr,
                                                                                 name):
    ecr.create_repository(repositoryName=name)
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    conn = http.client.HTTPConnection(berth.host, timeout=30)
    auth = {"Authorization": "Basic " + token}
    for method in ("GET", "HEAD"):
        conn.request(method, f"/v2/{name}/manifests/.INVALID_MANIFEST_NAME", headers=auth)
        r = conn.getresponse()
        body = r.read()
        assert r.status == 404, (method, r.status, body)
        if method == "GET":
            assert json.loads(body)["errors"][0]["code"] == "MANIFEST_UNKNOWN"
    conn.request("GET", f"/v2/{name}/blobs/sha256:nothex", headers=auth)
    r = conn.getresponse()
    error = json.loads(r.read())["errors"][0]
    assert r.status == 400 and error["code"] == "DIGEST_INVALID"
    assert "upload" not in error["message"], error
    conn.close()


# ---- A store that fails (issue 16, defect 4) ----

LEAKS = ("/tmp", "berth-e2e", "sqlite", "SQLite", "database or disk", "No space left",
         "disk I/O", "errno", ".db")


@pytest.fixture
def berth_on_a_small_disk(monkeypatch):
    """A berth whose data dir is a 24 MiB tmpfs (no disk reserve, so writes reach the stores),
    and a way to fill that file system and free it again."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    tmp = tempfile.mkdtemp(prefix="berth-e2e-fullfs-")
    mount = os.path.join(tmp, "fs")
    os.mkdir(mount)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m,mode=700", "tmpfs", mount]
                      ).returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.skip("cannot mount a tmpfs here")
    server = Berth(os.path.join(mount, "data"))
    server.stdout_path = os.path.join(tmp, "berth.stdout")
    server.stderr_path = os.path.join(tmp, "berth.stderr")
    server.access_log = os.path.join(tmp, "access.log")
    server.extra_args = ["--disk-reserve-mib", "0"]
    server.start()
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", server.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    filler = os.path.join(mount, "filler")

    def fill():
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (1 << 20, 4096):  # then the last partial megabyte
                try:
                    while True:
                        os.write(fd, b"\0" * size)
                except OSError:
                    pass
        finally:
            os.close(fd)

    def free():
        os.unlink(filler)

    try:
        yield server, fill, free
    finally:
        code = server.stop()
        logs = server.logs()
        subprocess.run(["umount", mount])
        shutil.rmtree(tmp, ignore_errors=True)
    assert code == 0, logs
    assert "ERROR: AddressSanitizer" not in logs and "runtime error:" not in logs, logs


def first_failure(call, attempts=20):
    """The ClientError of the first of `attempts` calls that fails (a write may still fit in
    space a store had already allocated)."""
    for _ in range(attempts):
        try:
            call()
        except botocore.exceptions.ClientError as e:
            return e
    raise AssertionError("no call failed on a full disk")


def assert_server_error_without_details(error, codes):
    code = error.response["Error"]["Code"]
    message = error.response["Error"].get("Message", "")
    status = error.response["ResponseMetadata"]["HTTPStatusCode"]
    assert code in codes and status in (500, 503), (code, status, message)
    assert not any(leak in message for leak in LEAKS), message


def test_a_full_disk_is_answered_in_each_protocols_shape_naming_nothing_of_the_server(
        berth_on_a_small_disk):
    server, fill, free = berth_on_a_small_disk
    ecr, s3, logs, iam = (boto3_client(server, s) for s in ("ecr", "s3", "logs", "iam"))
    ecr.create_repository(repositoryName="full/app")
    s3.create_bucket(Bucket="full-bucket")
    logs.create_log_group(logGroupName="/full")
    logs.create_log_stream(logGroupName="/full", logStreamName="s")
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    fill()

    aws_codes = {"InternalFailure", "ServiceUnavailable"}
    big_message = "m" * (200 * 1024)
    # AWS JSON 1.1 (a SQLite write).
    assert_server_error_without_details(first_failure(lambda: logs.put_log_events(
        logGroupName="/full", logStreamName="s", logEvents=[
            {"timestamp": int(time.time() * 1000), "message": big_message}] * 4)), aws_codes)
    counter = iter(range(10 ** 6))
    assert_server_error_without_details(first_failure(lambda: ecr.create_repository(
        repositoryName=f"full/r{next(counter)}-" + "x" * 200)), aws_codes)
    # JSON 1.0, query and CBOR (the metric journal).
    datums = [{"MetricName": f"m{i}", "Value": 1.0,
               "Dimensions": [{"Name": "d", "Value": "v" * 200}]} for i in range(1000)]
    for protocol in ("json", "query", "cbor"):
        cw = cloudwatch(server, protocol)
        assert_server_error_without_details(first_failure(lambda: cw.put_metric_data(
            Namespace="Full", MetricData=datums)), aws_codes)
    # IAM, query protocol (SQLite).
    assert_server_error_without_details(first_failure(lambda: iam.create_user(
        UserName=f"u{next(counter)}" + "x" * 50, Path="/" + "p" * 400 + "/")), aws_codes)
    # S3 REST-XML.
    assert_server_error_without_details(first_failure(lambda: s3.put_object(
        Bucket="full-bucket", Key="k", Body=b"x" * (1 << 20))), {"InternalError", "SlowDown"})
    # /v2: the OCI error shape.
    layer = os.urandom(1 << 20)
    conn = http.client.HTTPConnection(server.host, timeout=30)
    conn.request("POST", f"/v2/full/app/blobs/uploads/?digest={oci.digest(layer)}", body=layer,
                 headers={"Authorization": "Basic " + token,
                          "Content-Type": "application/octet-stream"})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    assert r.status in (500, 503), (r.status, body)
    assert r.getheader("Content-Type", "").startswith("application/json"), r.getheaders()
    error = json.loads(body)["errors"][0]
    assert error["code"] == "UNKNOWN", error
    assert not any(leak.encode() in body for leak in LEAKS), body

    # The details are the operator's: in berth's log, not in any answer, and not every one.
    free()
    ecr.describe_repositories()
    s3.put_object(Bucket="full-bucket", Key="after", Body=b"space again")
    assert s3.get_object(Bucket="full-bucket", Key="after")["Body"].read() == b"space again"
