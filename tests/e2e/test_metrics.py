"""CloudWatch metrics (service `monitoring`) on all three front-ends: AWS JSON 1.0 (pip aws,
boto3), AWS query (Debian aws 2.9, boto3 forced onto it) and Smithy RPC v2 CBOR (boto3 forced
onto it, as aws-sdk-go-v2 speaks it), plus bad input and crash safety."""
import concurrent.futures
import datetime
import gzip
import json
import os
import re
import shutil
import signal
import tempfile
import time
import uuid

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials
import botocore.exceptions
import pytest
import requests

from conftest import REGION, Berth

PROTOCOLS = {"json": "json", "cbor": "smithy-rpc-v2-cbor", "query": "query"}


def credentials(server):
    text = open(server.credentials_file).read()
    return (re.search(r"aws_access_key_id = (\S+)", text).group(1),
            re.search(r"aws_secret_access_key = (\S+)", text).group(1))


def cloudwatch(server, protocol="json"):
    """A boto3 CloudWatch client whose loaded model is patched onto one protocol."""
    key, secret = credentials(server)
    session = boto3.Session(aws_access_key_id=key, aws_secret_access_key=secret,
                            region_name=REGION)
    loader = session._session.get_component("data_loader")
    original = loader.load_service_model

    def load(service_name, type_name, api_version=None):
        model = original(service_name, type_name, api_version)
        if service_name == "cloudwatch" and type_name == "service-2":
            model = json.loads(json.dumps(model))
            model["metadata"]["protocols"] = [PROTOCOLS[protocol]]
            model["metadata"]["protocol"] = PROTOCOLS[protocol]
        return model

    loader.load_service_model = load
    return session.client("cloudwatch", endpoint_url=server.endpoint,
                          config=botocore.config.Config(retries={"max_attempts": 1},
                                                        max_pool_connections=16))


@pytest.fixture(params=list(PROTOCOLS))
def cw(request, berth):
    return cloudwatch(berth, request.param)


@pytest.fixture
def ns():
    return f"E2E/{uuid.uuid4().hex[:10]}"


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def minute(t):
    return t.replace(second=0)


def test_put_then_statistics_and_list_on_every_protocol(cw, ns):
    t = minute(now()) - datetime.timedelta(minutes=5)
    dims = [{"Name": "Repo", "Value": "app"}, {"Name": "Env", "Value": "dev"}]
    cw.put_metric_data(Namespace=ns, MetricData=[
        {"MetricName": "Pulls", "Dimensions": dims, "Timestamp": t, "Value": 2.0, "Unit": "Count"},
        {"MetricName": "Pulls", "Dimensions": dims[::-1], "Timestamp": t + datetime.timedelta(seconds=10),
         "Values": [1.0, 5.0], "Counts": [3.0, 1.0], "Unit": "Count"},
        {"MetricName": "Pulls", "Dimensions": dims, "Timestamp": t + datetime.timedelta(minutes=1),
         "StatisticValues": {"SampleCount": 4, "Sum": 10, "Minimum": 1, "Maximum": 4},
         "Unit": "Count"},
    ])
    out = cw.get_metric_statistics(
        Namespace=ns, MetricName="Pulls", Dimensions=dims, StartTime=t - datetime.timedelta(minutes=1),
        EndTime=t + datetime.timedelta(minutes=3), Period=60,
        Statistics=["Sum", "SampleCount", "Average", "Minimum", "Maximum"])
    assert out["Label"] == "Pulls"
    points = sorted(out["Datapoints"], key=lambda p: p["Timestamp"])
    assert [p["Timestamp"] for p in points] == [t, t + datetime.timedelta(minutes=1)]
    first, second = points
    assert (first["Sum"], first["SampleCount"], first["Minimum"], first["Maximum"]) == (10.0, 5.0, 1.0, 5.0)
    assert first["Average"] == 2.0 and first["Unit"] == "Count"
    assert (second["Sum"], second["SampleCount"]) == (10.0, 4.0)

    metrics = cw.list_metrics(Namespace=ns)["Metrics"]
    assert metrics == [{"Namespace": ns, "MetricName": "Pulls",
                        "Dimensions": sorted(dims, key=lambda d: d["Name"])}]
    assert cw.list_metrics(Namespace=ns, Dimensions=[{"Name": "Repo", "Value": "other"}])["Metrics"] == []
    assert len(cw.list_metrics(Namespace=ns, Dimensions=[{"Name": "Env"}], RecentlyActive="PT3H")["Metrics"]) == 1


def test_percentiles_from_values_and_counts(cw, ns):
    t = minute(now()) - datetime.timedelta(minutes=3)
    cw.put_metric_data(Namespace=ns, MetricData=[{
        "MetricName": "Latency", "Timestamp": t, "Values": [float(v) for v in range(1, 101)]}])
    out = cw.get_metric_statistics(Namespace=ns, MetricName="Latency", StartTime=t,
                                   EndTime=t + datetime.timedelta(minutes=1), Period=60,
                                   ExtendedStatistics=["p50", "p99", "tm10", "IQM", "PR(:10)"])
    [point] = out["Datapoints"]
    ext = point["ExtendedStatistics"]
    assert ext["p50"] == 50.0 and ext["p99"] == 99.0
    assert ext["tm10"] == 5.5  # mean of 1..10
    assert ext["IQM"] == 50.5  # mean of 26..75
    assert ext["PR(:10)"] == 10.0


def test_get_metric_data_with_metric_math(cw, ns):
    t = minute(now()) - datetime.timedelta(minutes=10)
    data = []
    for i in range(5):
        data.append({"MetricName": "A", "Timestamp": t + datetime.timedelta(minutes=i), "Value": float(i + 1)})
        data.append({"MetricName": "B", "Timestamp": t + datetime.timedelta(minutes=i), "Value": 10.0})
    cw.put_metric_data(Namespace=ns, MetricData=data)

    def stat(name):
        return {"Metric": {"Namespace": ns, "MetricName": name}, "Period": 60, "Stat": "Sum"}

    out = cw.get_metric_data(
        MetricDataQueries=[
            {"Id": "a", "MetricStat": stat("A"), "ReturnData": True},
            {"Id": "b", "MetricStat": stat("B"), "ReturnData": False},
            {"Id": "ratio", "Expression": "a / b * 100", "Label": "pct"},
            {"Id": "rate", "Expression": "RATE(a)"},
            {"Id": "total", "Expression": "SUM(METRICS())"},
            {"Id": "run", "Expression": "RUNNING_SUM(a)"},
            {"Id": "cond", "Expression": "IF(a > 2, a, 0)"},
            {"Id": "per", "Expression": "a / PERIOD(a)"},
            {"Id": "filled", "Expression": "FILL(a, 0)"},
        ],
        StartTime=t, EndTime=t + datetime.timedelta(minutes=7), ScanBy="TimestampAscending")
    results = {r["Id"]: r for r in out["MetricDataResults"]}
    assert "b" not in results
    assert results["a"]["Values"] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert results["a"]["Label"] == "A" and results["a"]["StatusCode"] == "Complete"
    assert results["a"]["Timestamps"][0] == t
    assert results["ratio"]["Values"] == [10.0, 20.0, 30.0, 40.0, 50.0]
    assert results["ratio"]["Label"] == "pct"
    assert results["rate"]["Values"] == [1 / 60] * 4
    assert results["total"]["Values"] == [11.0, 12.0, 13.0, 14.0, 15.0]
    assert results["run"]["Values"] == [1.0, 3.0, 6.0, 10.0, 15.0]
    assert results["cond"]["Values"] == [0.0, 0.0, 3.0, 4.0, 5.0]
    assert results["per"]["Values"] == [v / 60 for v in [1.0, 2.0, 3.0, 4.0, 5.0]]
    assert results["filled"]["Values"] == [1.0, 2.0, 3.0, 4.0, 5.0, 0.0, 0.0]

    # Newest first by default; paging by MaxDatapoints.
    pages = list(cw.get_paginator("get_metric_data").paginate(
        MetricDataQueries=[{"Id": "a", "MetricStat": stat("A")}],
        StartTime=t, EndTime=t + datetime.timedelta(minutes=7),
        PaginationConfig={"PageSize": 2}))
    values = [v for p in pages for r in p["MetricDataResults"] for v in r["Values"]]
    assert values == [5.0, 4.0, 3.0, 2.0, 1.0]


def test_validation_errors_are_aws_codes(cw, ns):
    def code_of(**kwargs):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            cw.put_metric_data(**kwargs)
        return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]

    code, msg = code_of(Namespace="AWS/ECR", MetricData=[{"MetricName": "X", "Value": 1.0}])
    assert code == "InvalidParameterValue"
    assert msg == "The value AWS/ECR for parameter Namespace is invalid."
    old = now() - datetime.timedelta(days=15)
    code, msg = code_of(Namespace=ns, MetricData=[{"MetricName": "X", "Value": 1.0, "Timestamp": old}])
    assert code == "InvalidParameterValue" and "Timestamp" in msg
    code, _ = code_of(Namespace=ns, MetricData=[{"MetricName": "X", "Value": 1.0, "Values": [1.0]}])
    assert code == "InvalidParameterCombination"
    code, _ = code_of(Namespace=ns, MetricData=[{"MetricName": "X", "Value": 1.0, "StorageResolution": 5}])
    assert code == "InvalidParameterValue"
    code, _ = code_of(Namespace=ns, MetricData=[
        {"MetricName": "X", "Value": 1.0,
         "Dimensions": [{"Name": f"d{i}", "Value": "v"} for i in range(31)]}])
    assert code == "InvalidParameterValue"

    with pytest.raises(botocore.exceptions.ClientError) as e:
        cw.get_metric_statistics(Namespace=ns, MetricName="X", StartTime=now() - datetime.timedelta(days=2),
                                 EndTime=now(), Period=60, Statistics=["Sum"])
    assert e.value.response["Error"]["Code"] == "InvalidParameterCombination"
    assert "exceeds the limit of 1,440" in e.value.response["Error"]["Message"]

    with pytest.raises(botocore.exceptions.ClientError) as e:
        cw.describe_anomaly_detectors()  # berth has no anomaly detectors
    assert e.value.response["Error"]["Code"] in ("UnknownOperationException", "InvalidAction")


def test_nan_is_refused_with_awss_message(berth, ns):
    # boto3 cannot send NaN on the JSON wire: as the JS SDK does, send the string.
    status, headers, body = signed(berth, "POST", "/", json.dumps(
        {"Namespace": ns, "MetricData": [{"MetricName": "X", "Value": "NaN"}]}).encode(),
        {"X-Amz-Target": "GraniteServiceVersion20100801.PutMetricData",
         "Content-Type": "application/x-amz-json-1.0"})
    assert status == 400
    assert headers["x-amzn-query-error"] == "InvalidParameterValue;Sender"
    assert json.loads(body) == {"__type": "InvalidParameterValueException",
                                "message": "The value NaN for parameter MetricData.member.1.Value is invalid."}


def signed(server, method, path, body, headers):
    key, secret = credentials(server)
    request = botocore.awsrequest.AWSRequest(method=method, url=server.endpoint + path,
                                             data=body, headers=headers)
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret), "monitoring",
                            REGION).add_auth(request)
    r = requests.request(method, server.endpoint + path, data=body,
                         headers=dict(request.headers.items()), timeout=30)
    return r.status_code, {k.lower(): v for k, v in r.headers.items()}, r.content


CBOR = {"smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor",
        "Accept": "application/cbor"}
CBOR_PUT = "/service/GraniteServiceVersion20100801/operation/PutMetricData"


@pytest.mark.parametrize("body", [b"\xbf\x61", b"\xa1\x01\x02", b"\x9b\xff\xff\xff\xff\xff\xff\xff\xff",
                                  b"\x81" * 5000, b"\xff", b"\x82\x01"])
def test_malformed_cbor_gets_serialization_error(berth, body):
    status, headers, _ = signed(berth, "POST", CBOR_PUT, body, CBOR)
    assert status == 400
    assert headers["content-type"] == "application/cbor"
    assert headers["x-amzn-query-error"] == "SerializationException;Sender"


def test_malformed_json_and_form_get_aws_errors(berth):
    status, _, body = signed(berth, "POST", "/", b'{"Namespace": ', {
        "X-Amz-Target": "GraniteServiceVersion20100801.ListMetrics",
        "Content-Type": "application/x-amz-json-1.0"})
    assert status == 400 and json.loads(body)["__type"] == "SerializationException"
    status, _, body = signed(berth, "POST", "/", b"Action=ListMetrics&Version=2010-08-01&Namespace=%zz",
                             {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"<Code>MalformedQueryString</Code>" in body
    status, _, body = signed(berth, "POST", "/", b"Action=DescribeAnomalyDetectors&Version=2010-08-01",
                             {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"<Code>InvalidAction</Code>" in body


def test_gzip_bodies_inflate_and_gzip_bombs_are_refused(berth, ns):
    doc = {"Namespace": ns, "MetricData": [{"MetricName": "Gz", "Value": float(i)} for i in range(500)]}
    status, _, _ = signed(berth, "POST", "/", gzip.compress(json.dumps(doc).encode()), {
        "X-Amz-Target": "GraniteServiceVersion20100801.PutMetricData",
        "Content-Type": "application/x-amz-json-1.0", "Content-Encoding": "gzip"})
    assert status == 200
    bomb = gzip.compress(b'{"Namespace": "' + b" " * (64 << 20) + b'"}', 9)
    assert len(bomb) < 1 << 20
    status, headers, body = signed(berth, "POST", "/", bomb, {
        "X-Amz-Target": "GraniteServiceVersion20100801.PutMetricData",
        "Content-Type": "application/x-amz-json-1.0", "Content-Encoding": "gzip"})
    assert status == 413
    status, _, body = signed(berth, "POST", "/", b"\x1f\x8b\x08garbage", {
        "X-Amz-Target": "GraniteServiceVersion20100801.PutMetricData",
        "Content-Type": "application/x-amz-json-1.0", "Content-Encoding": "gzip"})
    assert status == 400 and json.loads(body)["__type"] == "SerializationException"


def test_botocore_gzips_large_puts_on_every_protocol(berth, ns):
    for protocol in PROTOCOLS:
        client = cloudwatch(berth, protocol)
        t = minute(now()) - datetime.timedelta(minutes=2)
        data = [{"MetricName": "Big", "Dimensions": [{"Name": "Series", "Value": f"s{i}"}],
                 "Timestamp": t, "Value": 1.0} for i in range(400)]
        client.put_metric_data(Namespace=f"{ns}/{protocol}", MetricData=data)  # > 10 KB: gzipped
        listed = [m for p in client.get_paginator("list_metrics").paginate(Namespace=f"{ns}/{protocol}")
                  for m in p["Metrics"]]
        assert len(listed) == 400


def test_both_clis_put_list_and_read(aws, ns):
    t = minute(now()) - datetime.timedelta(minutes=4)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    aws("cloudwatch", "put-metric-data", "--namespace", ns, "--metric-name", "Cli",
        "--dimensions", "Repo=app", "--value", "7", "--unit", "Count", "--timestamp", stamp)
    _, out, _ = aws("cloudwatch", "list-metrics", "--namespace", ns)
    assert out["Metrics"] == [{"Namespace": ns, "MetricName": "Cli",
                               "Dimensions": [{"Name": "Repo", "Value": "app"}]}]
    end = (t + datetime.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _, out, _ = aws("cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Cli",
                    "--dimensions", "Name=Repo,Value=app", "--start-time", stamp, "--end-time", end,
                    "--period", "60", "--statistics", "Sum", "Maximum")
    [point] = out["Datapoints"]
    assert point["Sum"] == 7.0 and point["Maximum"] == 7.0 and point["Unit"] == "Count"
    queries = json.dumps([{"Id": "m", "MetricStat": {"Metric": {"Namespace": ns, "MetricName": "Cli",
                                                                "Dimensions": [{"Name": "Repo", "Value": "app"}]},
                                                     "Period": 60, "Stat": "Sum"}},
                          {"Id": "double", "Expression": "m * 2"}])
    _, out, _ = aws("cloudwatch", "get-metric-data", "--metric-data-queries", queries,
                    "--start-time", stamp, "--end-time", end)
    results = {r["Id"]: r for r in out["MetricDataResults"]}
    assert results["m"]["Values"] == [7.0]
    assert results["double"]["Values"] == [14.0]
    code, _, err = aws("cloudwatch", "put-metric-data", "--namespace", "AWS/EC2", "--metric-name", "X",
                       "--value", "1", check=False)
    assert code != 0 and "InvalidParameterValue" in err


def test_acknowledged_metric_data_survives_kill_minus_nine():
    tmp = tempfile.mkdtemp(prefix="berth-metrics-crash-")
    server = Berth(os.path.join(tmp, "data"))
    try:
        server.start()
        client = cloudwatch(server)
        t = minute(now()) - datetime.timedelta(minutes=1)
        acknowledged = []
        counter = iter(range(1_000_000))

        def put_until_killed(worker):
            done = 0
            while True:
                n = next(counter)
                try:
                    client.put_metric_data(Namespace="Crash", MetricData=[
                        {"MetricName": "Acked", "Dimensions": [{"Name": "Worker", "Value": str(worker)}],
                         "Timestamp": t, "Value": 1.0}])
                except Exception:  # noqa: BLE001 - the kill cuts calls off: not acknowledged
                    return worker, done
                done += 1

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(put_until_killed, w) for w in range(8)]
            time.sleep(1.5)
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait()
            server.proc = None
            acknowledged = [f.result() for f in futures]
        assert sum(n for _, n in acknowledged) >= 10
        server.start()
        client = cloudwatch(server)
        for worker, n in acknowledged:
            out = client.get_metric_statistics(
                Namespace="Crash", MetricName="Acked", Dimensions=[{"Name": "Worker", "Value": str(worker)}],
                StartTime=t, EndTime=t + datetime.timedelta(minutes=1), Period=60, Statistics=["SampleCount"])
            got = out["Datapoints"][0]["SampleCount"] if out["Datapoints"] else 0
            # Calls cut off by the kill may have landed too: never fewer than acknowledged.
            assert got >= n, f"worker {worker}: {n} acknowledged, {got} survived"
        assert server.stop() == 0
    finally:
        if server.proc is not None:
            server.proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def test_skopeo_pulls_show_in_repository_pull_count(berth, ecr, workdir, name):
    from registry_client import Skopeo, password
    import oci
    skopeo = Skopeo(berth.host, workdir)
    skopeo.login(password(ecr))
    ecr.create_repository(repositoryName=name)
    image = oci.Image("pulls", layer_count=1, layer_size=1000)
    src = os.path.join(workdir, "src")
    oci.write_layout(src, [(image.manifest, image.media_type, "v1")], image.blobs)
    skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{name}:v1")
    start = minute(now())
    for i in range(3):
        skopeo.copy(f"docker://{berth.host}/{name}:v1", f"oci:{os.path.join(workdir, f'dst{i}')}:v1")
    ecr.batch_get_image(repositoryName=name, imageIds=[{"imageTag": "v1"}])  # the API's pull
    cw = cloudwatch(berth)
    dims = [{"Name": "RepositoryName", "Value": name}]
    deadline = time.time() + 15
    total = 0
    while time.time() < deadline:
        out = cw.get_metric_statistics(Namespace="AWS/ECR", MetricName="RepositoryPullCount",
                                       Dimensions=dims, StartTime=start - datetime.timedelta(minutes=1),
                                       EndTime=now() + datetime.timedelta(minutes=1), Period=60,
                                       Statistics=["Sum"])
        total = sum(p["Sum"] for p in out["Datapoints"])
        if total >= 4:
            break
        time.sleep(0.5)
    assert total == 4  # three skopeo pulls (manifest GETs; HEADs are not pulls) and one API call
    listed = cw.list_metrics(Namespace="AWS/ECR", MetricName="RepositoryPullCount",
                             Dimensions=dims)["Metrics"]
    assert listed == [{"Namespace": "AWS/ECR", "MetricName": "RepositoryPullCount", "Dimensions": dims}]
    usage = cw.list_metrics(Namespace="AWS/Usage", MetricName="CallCount",
                            Dimensions=[{"Name": "Service", "Value": "ECR"},
                                        {"Name": "Resource", "Value": "BatchGetImage"}])["Metrics"]
    assert len(usage) == 1
    # Publishing is no call: CloudTrail never sees it.
    trail = boto3_client_for(berth, "cloudtrail")
    events = trail.lookup_events(LookupAttributes=[{"AttributeKey": "EventName",
                                                    "AttributeValue": "PutMetricData"}])["Events"]
    records = [json.loads(e["CloudTrailEvent"]) for e in events]
    # Callers' refused attempts at AWS/ namespaces are recorded (with their errorCode); berth's
    # own publishing never is.
    namespaces = [(r.get("requestParameters") or {}).get("Namespace")
                  for r in records if "errorCode" not in r]
    assert "AWS/ECR" not in namespaces and "AWS/Usage" not in namespaces


@pytest.fixture
def workdir():
    path = tempfile.mkdtemp(prefix="berth-metrics-skopeo-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def boto3_client_for(server, service):
    key, secret = credentials(server)
    return boto3.client(service, endpoint_url=server.endpoint, region_name=REGION,
                        aws_access_key_id=key, aws_secret_access_key=secret)


def test_expression_chains_and_cycles_are_refused(berth):
    cw = cloudwatch(berth)
    t = now()
    chain = [{"Id": "e0", "Expression": "1"}] + [
        {"Id": f"e{i}", "Expression": f"e{i - 1} + 1", "ReturnData": i == 199} for i in range(1, 200)]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        cw.get_metric_data(MetricDataQueries=chain, StartTime=t - datetime.timedelta(minutes=5), EndTime=t)
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        cw.get_metric_data(MetricDataQueries=[{"Id": "a", "Expression": "b + 1"},
                                              {"Id": "b", "Expression": "a * 2"}],
                           StartTime=t - datetime.timedelta(minutes=5), EndTime=t)
    assert "Circular" in e.value.response["Error"]["Message"]
    out = cw.get_metric_data(MetricDataQueries=chain[:10], StartTime=t - datetime.timedelta(minutes=5),
                             EndTime=t)
    # e0 (ReturnData by default) answers its scalar at every period; e1..e9 return no data.
    [result] = out["MetricDataResults"]
    assert result["Id"] == "e0" and set(result["Values"]) == {1.0} and len(result["Values"]) >= 5
