"""CloudWatch dashboards and GetMetricWidgetImage with the real clients: boto3 on JSON 1.0, query
and forced RPC v2 CBOR, pip aws and Debian's aws 2.9 (query), and the JS SDK v3. The workshop's
dashboard (../shared/WALKTHROUGH.md steps 12-17: a graph of AWS/ECR RepositoryPullCount for the
user's repository) round-trips byte for byte; invalid bodies get AWS's messages; images are real
PNGs, decoded here with zlib."""
import base64
import concurrent.futures
import json
import struct
import time
import uuid
import zlib

import botocore.exceptions
import pytest

import oci
from conftest import Cli, boto3_client
from test_js_sdk import js  # noqa: F401  (the JS SDK fixture)
from test_metrics import PROTOCOLS, cloudwatch


@pytest.fixture(params=list(PROTOCOLS))
def cw(request, berth):
    cw = cloudwatch(berth, request.param)
    cw.protocol = request.param
    return cw


@pytest.fixture
def dash():
    return f"e2e-{uuid.uuid4().hex[:10]}"


def decode_png(data):
    """(width, height, raw scanlines) of a PNG, checking its signature and chunk CRCs."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, height = 8, b"", None, None
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        crc, = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert zlib.crc32(kind + body) == crc
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        at += 12 + length
    return width, height, zlib.decompress(idat)


def assert_png(data, width, height):
    w, h, raw = decode_png(data)
    assert (w, h) == (width, height)
    rows = [raw[i * len(raw) // h:(i + 1) * len(raw) // h] for i in range(h)]
    assert len(set(rows)) > 10, "the image is blank"  # rows differ: axes, lines, text


def error_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(**kwargs)
    return e.value.response


def pull_count_widget(repo):
    return {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6,
            "properties": {"metrics": [["AWS/ECR", "RepositoryPullCount", "RepositoryName", repo]],
                           "view": "timeSeries", "stacked": False, "region": "us-east-1",
                           "stat": "Sum", "period": 60, "title": f"{repo} pulls"}}


def test_workshop_dashboard_round_trip(berth, ecr, cw, name, dash):
    # Steps 12-17: a repository with pulls, a dashboard graphing its RepositoryPullCount.
    ecr.create_repository(repositoryName=name)
    oci.push(ecr, name, oci.Image("dash", layer_count=1, layer_size=500), tag="v1")
    for _ in range(3):
        ecr.batch_get_image(repositoryName=name, imageIds=[{"imageTag": "v1"}])
    widget = pull_count_widget(name)
    # Odd spacing and key order: GetDashboard must answer these bytes, not a re-serialisation.
    body = '{ "widgets" : [\n  ' + json.dumps(widget, indent=1) + "\n] }"
    out = cw.put_dashboard(DashboardName=dash, DashboardBody=body)
    assert out["DashboardValidationMessages"] == []
    got = cw.get_dashboard(DashboardName=dash)
    assert got["DashboardBody"] == body
    assert got["DashboardName"] == dash
    account = boto3_client(berth, "sts").get_caller_identity()["Account"]
    assert got["DashboardArn"] == f"arn:aws:cloudwatch::{account}:dashboard/{dash}"
    [entry] = cw.list_dashboards(DashboardNamePrefix=dash)["DashboardEntries"]
    assert entry["DashboardName"] == dash and entry["DashboardArn"] == got["DashboardArn"]
    assert entry["Size"] == len(body.encode())
    assert abs(entry["LastModified"].timestamp() - time.time()) < 60

    # The widget as the console shows it: its properties drawn by GetMetricWidgetImage, once
    # the pulls are published (berth's usage publisher flushes every few seconds).
    cwj = cloudwatch(berth)
    deadline = time.time() + 20
    while time.time() < deadline:
        data = cwj.get_metric_data(
            MetricDataQueries=[{"Id": "p", "MetricStat": {"Metric": {
                "Namespace": "AWS/ECR", "MetricName": "RepositoryPullCount",
                "Dimensions": [{"Name": "RepositoryName", "Value": name}]},
                "Period": 60, "Stat": "Sum"}}],
            StartTime=time.time() - 600, EndTime=time.time() + 60)["MetricDataResults"][0]
        if sum(data["Values"]) >= 3:
            break
        time.sleep(0.5)
    assert sum(data["Values"]) == 3
    props = dict(widget["properties"], width=640, height=320, start="-PT1H")
    png = cw.get_metric_widget_image(MetricWidget=json.dumps(props),
                                     OutputFormat="png")["MetricWidgetImage"]
    assert_png(png, 640, 320)

    cw.delete_dashboards(DashboardNames=[dash])
    err = error_of(cw.get_dashboard, DashboardName=dash)
    assert err["Error"]["Code"] == "ResourceNotFound"
    assert err["Error"]["Message"] == f"Dashboard {dash} does not exist"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 404
    # CloudTrail names the dashboard, by its ARN, in each call's resources.
    trail = boto3_client(berth, "cloudtrail")
    deadline, names = time.time() + 10, set()
    while time.time() < deadline and not {"PutDashboard", "DeleteDashboards"} <= names:
        events = trail.lookup_events(LookupAttributes=[
            {"AttributeKey": "ResourceName", "AttributeValue": got["DashboardArn"]}])["Events"]
        names = {e["EventName"] for e in events}
        time.sleep(0.2)
    assert {"PutDashboard", "DeleteDashboards"} <= names, names


INVALID = [
    ({"widgets": [{"type": "metric", "properties": {"title": "no data"}}]},
     [("/widgets/0/properties", "Should have required property 'metrics'"),
      ("/widgets/0/properties",
       "The metric widget should have specified a region and a data source or an alarm annotation"),
      ("/widgets/0/properties", "Should have required property 'annotations'")]),
    ({"widgets": [{"type": "metric", "x": 24, "width": "6", "color": 1,
                   "properties": {"region": "us-east-1", "metrics": [
                       ["AWS/ECR", "RepositoryPullCount", {"stat": 5}], [".", "."]]}}]},
     [("/widgets/0", "Should NOT have additional properties"),
      ("/widgets/0/x", "Should be <= 23"),
      ("/widgets/0/width", "Should be integer"),
      ("/widgets/0/properties/metrics/0/2/stat", "Should be string")]),
    ({"widgets": {}}, [("/widgets", "Should be array")]),
    ([], [("", "Should be object")]),
]


@pytest.mark.parametrize("body,expected", INVALID)
def test_invalid_dashboards_get_awss_messages(cw, dash, body, expected):
    err = error_of(cw.put_dashboard, DashboardName=dash, DashboardBody=json.dumps(body))
    assert err["Error"]["Code"] == "InvalidParameterInput"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 400
    listed = ", ".join(json.dumps({"dataPath": p, "message": m})
                       for p, m in expected)
    assert err["Error"]["Message"] == (
        f"The dashboard body is invalid, there are {len(expected)} validation errors: [ {listed} ]")
    if cw.protocol != "query":  # the JSON and CBOR shapes carry the list as a member too
        assert err["dashboardValidationMessages"] == [
            {"DataPath": p, "Message": m} for p, m in expected]
    assert error_of(cw.get_dashboard, DashboardName=dash)["Error"]["Code"] == "ResourceNotFound"


def test_dashboard_names_and_required_members(cw):
    body = json.dumps({"widgets": []})
    err = error_of(cw.put_dashboard, DashboardName="has space", DashboardBody=body)
    assert err["Error"]["Code"] == "InvalidParameterInput"
    assert err["Error"]["Message"] == (
        "The value for field DashboardName contains invalid characters. It can only contain "
        "alphanumerics, dash (-) and underscore (_).")
    err = error_of(cw.put_dashboard, DashboardName="x" * 256, DashboardBody=body)
    assert err["Error"]["Code"] == "InvalidParameterInput"
    err = error_of(cw.put_dashboard, DashboardName="a", DashboardBody="not json")
    assert "Should be a valid JSON object" in err["Error"]["Message"]


def test_list_pages_and_prefixes(berth, dash):
    cw = cloudwatch(berth)
    body = json.dumps({"widgets": []})
    names = [f"{dash}-{i:04d}" for i in range(1005)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: cw.put_dashboard(DashboardName=n, DashboardBody=body), names))
    first = cw.list_dashboards(DashboardNamePrefix=dash)
    assert len(first["DashboardEntries"]) == 1000 and "NextToken" in first
    second = cw.list_dashboards(DashboardNamePrefix=dash, NextToken=first["NextToken"])
    assert "NextToken" not in second
    listed = [e["DashboardName"] for e in first["DashboardEntries"] + second["DashboardEntries"]]
    assert listed == names
    # The paginator and the query protocol see the same.
    query = cloudwatch(berth, "query")
    pages = list(query.get_paginator("list_dashboards").paginate(DashboardNamePrefix=f"{dash}-00"))
    assert [e["DashboardName"] for p in pages for e in p["DashboardEntries"]] == names[:100]
    err = error_of(cw.list_dashboards, NextToken="!!!")
    assert err["Error"]["Code"] == "InvalidNextToken"
    for i in range(0, 1005, 100):
        cw.delete_dashboards(DashboardNames=names[i:i + 100])
    assert cw.list_dashboards(DashboardNamePrefix=dash)["DashboardEntries"] == []


def test_delete_deletes_what_exists_and_names_the_rest(cw, dash):
    # The model's documentation: "the operation attempts to delete as many dashboards as
    # possible"; the missing ones are the error.
    body = json.dumps({"widgets": []})
    cw.put_dashboard(DashboardName=dash + "-a", DashboardBody=body)
    cw.put_dashboard(DashboardName=dash + "-b", DashboardBody=body)
    err = error_of(cw.delete_dashboards, DashboardNames=[dash + "-a", dash + "-nope", dash + "-b"])
    assert err["Error"]["Code"] == "ResourceNotFound"
    assert err["Error"]["Message"] == f"Dashboard {dash}-nope does not exist"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert cw.list_dashboards(DashboardNamePrefix=dash)["DashboardEntries"] == []
    err = error_of(cw.delete_dashboards, DashboardNames=[f"{dash}-{i}" for i in range(101)])
    assert err["Error"]["Code"] == "InvalidParameterValue"


def test_both_clis(aws, dash):
    body = json.dumps({"widgets": [pull_count_widget("cli-repo")]})
    aws("cloudwatch", "put-dashboard", "--dashboard-name", dash, "--dashboard-body", body)
    _, got, _ = aws("cloudwatch", "get-dashboard", "--dashboard-name", dash)
    assert got["DashboardBody"] == body
    _, listed, _ = aws("cloudwatch", "list-dashboards", "--dashboard-name-prefix", dash)
    assert [e["DashboardName"] for e in listed["DashboardEntries"]] == [dash]
    widget = json.dumps({"metrics": [["AWS/ECR", "RepositoryPullCount", "RepositoryName", "x"]],
                         "width": 300, "height": 200, "title": "cli"})
    _, img, _ = aws("cloudwatch", "get-metric-widget-image", "--metric-widget", widget)
    assert_png(base64.b64decode(img["MetricWidgetImage"]), 300, 200)  # "No data available."
    code, _, err = aws("cloudwatch", "put-dashboard", "--dashboard-name", dash,
                       "--dashboard-body", '{"widgets": [{"type": "text"}]}', check=False)
    assert code != 0 and "InvalidParameterInput" in err
    assert "Should have required property 'properties'" in err
    aws("cloudwatch", "delete-dashboards", "--dashboard-names", dash)
    code, _, err = aws("cloudwatch", "get-dashboard", "--dashboard-name", dash, check=False)
    assert code != 0 and "ResourceNotFound" in err


def test_dashboard_tags_boto3(cw, dash):  # JSON 1.0, query and forced CBOR
    # The model's documentation of PutDashboard's Tags: "You can use this parameter only when
    # creating a new dashboard. If you specify Tags when updating an existing dashboard, the tag
    # updates are ignored."
    body = json.dumps({"widgets": []})
    cw.put_dashboard(DashboardName=dash, DashboardBody=body,
                     Tags=[{"Key": "team", "Value": "infra"}, {"Key": "env", "Value": "prod"}])
    arn = cw.get_dashboard(DashboardName=dash)["DashboardArn"]
    assert arn.startswith("arn:aws:cloudwatch::") and arn.endswith(f":dashboard/{dash}")

    def tags():
        return sorted((t["Key"], t["Value"])
                      for t in cw.list_tags_for_resource(ResourceARN=arn)["Tags"])

    assert tags() == [("env", "prod"), ("team", "infra")]
    cw.put_dashboard(DashboardName=dash, DashboardBody=body,
                     Tags=[{"Key": "team", "Value": "ignored"}, {"Key": "new", "Value": "x"}])
    assert tags() == [("env", "prod"), ("team", "infra")]
    cw.tag_resource(ResourceARN=arn, Tags=[{"Key": "team", "Value": "web"},
                                           {"Key": "cost", "Value": "42"}])
    cw.untag_resource(ResourceARN=arn, TagKeys=["env"])
    assert tags() == [("cost", "42"), ("team", "web")]
    err = error_of(cw.put_dashboard, DashboardName=dash + "-bad", DashboardBody=body,
                   Tags=[{"Key": "k" * 129, "Value": "v"}])
    assert err["Error"]["Code"] == "InvalidParameterValue"
    assert cw.list_dashboards(DashboardNamePrefix=dash + "-bad")["DashboardEntries"] == []

    cw.delete_dashboards(DashboardNames=[dash])
    for call, kwargs in ((cw.list_tags_for_resource, {}),
                         (cw.tag_resource, {"Tags": [{"Key": "a", "Value": "b"}]}),
                         (cw.untag_resource, {"TagKeys": ["a"]})):
        assert error_of(call, ResourceARN=arn, **kwargs)["Error"]["Code"] == \
            "ResourceNotFoundException"
    cw.put_dashboard(DashboardName=dash, DashboardBody=body)  # a new dashboard starts untagged
    assert tags() == []
    cw.delete_dashboards(DashboardNames=[dash])


def test_dashboard_tags_debian_cli(berth, dash):
    # aws 2.9 speaks query, and its model predates PutDashboard's Tags: tag after creating.
    aws = Cli(berth, "debian")
    body = json.dumps({"widgets": []})
    aws("cloudwatch", "put-dashboard", "--dashboard-name", dash, "--dashboard-body", body)
    _, got, _ = aws("cloudwatch", "get-dashboard", "--dashboard-name", dash)
    arn = got["DashboardArn"]
    _, listed, _ = aws("cloudwatch", "list-tags-for-resource", "--resource-arn", arn)
    assert listed["Tags"] == []
    aws("cloudwatch", "tag-resource", "--resource-arn", arn, "--tags", "Key=team,Value=infra")
    _, listed, _ = aws("cloudwatch", "list-tags-for-resource", "--resource-arn", arn)
    assert listed["Tags"] == [{"Key": "team", "Value": "infra"}]
    aws("cloudwatch", "tag-resource", "--resource-arn", arn, "--tags", "Key=env,Value=dev")
    aws("cloudwatch", "untag-resource", "--resource-arn", arn, "--tag-keys", "team")
    _, listed, _ = aws("cloudwatch", "list-tags-for-resource", "--resource-arn", arn)
    assert listed["Tags"] == [{"Key": "env", "Value": "dev"}]
    aws("cloudwatch", "delete-dashboards", "--dashboard-names", dash)
    code, _, err = aws("cloudwatch", "list-tags-for-resource", "--resource-arn", arn, check=False)
    assert code != 0 and "ResourceNotFoundException" in err


def test_widget_image_draws_series_math_and_options(cw):
    ns = f"E2E/{uuid.uuid4().hex[:10]}"
    now = time.time() // 60 * 60
    cw.put_metric_data(Namespace=ns, MetricData=[
        {"MetricName": "Pulls", "Dimensions": [{"Name": "Repo", "Value": repo}],
         "Timestamp": now - 60 * i, "Value": float((i * (k + 3)) % 11)}
        for k, repo in enumerate(["web", "api"]) for i in range(60)])
    widget = {
        "metrics": [[ns, "Pulls", "Repo", "web", {"id": "w", "color": "#2ca02c"}],
                    [".", ".", ".", "api", {"id": "a", "label": "API pulls"}],
                    [{"expression": "w + a", "label": "all", "id": "all"}]],
        "width": 800, "height": 400, "start": "-PT2H", "end": "P0D", "timezone": "+0130",
        "period": 60, "stat": "Sum", "title": "Pulls by repository", "stacked": True,
        "yAxis": {"left": {"min": 0, "max": 40, "label": "pulls"}},
        "annotations": {"horizontal": [{"value": 15, "label": "busy", "fill": "above"}]},
        "legend": {"position": "right"}}
    png = cw.get_metric_widget_image(MetricWidget=json.dumps(widget))["MetricWidgetImage"]
    assert_png(png, 800, 400)
    for view in ("bar", "singleValue"):
        png = cw.get_metric_widget_image(
            MetricWidget=json.dumps(dict(widget, view=view, width=400, height=250)))
        assert_png(png["MetricWidgetImage"], 400, 250)
    png = cw.get_metric_widget_image(MetricWidget=json.dumps({"metrics": [[ns, "Nothing"]]}))
    assert_png(png["MetricWidgetImage"], 600, 400)  # AWS's default size, "No data available."


def test_widget_image_refuses_hostile_input_quickly(cw):
    def refused(widget, fragment):
        t0 = time.time()
        err = error_of(cw.get_metric_widget_image,
                       MetricWidget=widget if isinstance(widget, str) else json.dumps(widget))
        assert time.time() - t0 < 5
        assert err["Error"]["Code"] == "InvalidParameterValue", err
        assert fragment in err["Error"]["Message"]

    refused({"metrics": [["N", f"M{i}"] for i in range(5000)]}, "no more than 100 metrics")
    refused({"metrics": [["N", "M"]], "width": 5000}, '"/width", "message": "Should be <= 2000"')
    refused({"metrics": [["N", "M"]], "height": 0}, '"/height", "message": "Should be >= 1"')
    refused("[" * 100 + "]" * 100, "valid JSON object")
    refused(json.dumps({"metrics": [["N", "M"]], "title": "x" * 200_000}), "102400 characters")
    refused({"metrics": [["N", "M", {"stat": "Bogus"}]]}, "The metric widget is invalid")
    refused({"metrics": [[{"expression": "m9 * 2"}]]}, "m9")
    # A two-week range at a one-second period is drawn at a longer period, not refused.
    png = cw.get_metric_widget_image(MetricWidget=json.dumps(
        {"metrics": [["N", "M"]], "start": "-P14D", "period": 1}))
    assert_png(png["MetricWidgetImage"], 600, 400)


def test_js_sdk(js, berth, dash):  # noqa: F811
    body = json.dumps({"widgets": [pull_count_widget("js-repo")]})
    out = js("cloudwatch", "PutDashboard", DashboardName=dash, DashboardBody=body)
    assert out["ok"], out
    out = js("cloudwatch", "GetDashboard", DashboardName=dash)
    assert out["ok"] and out["output"]["DashboardBody"] == body, out
    out = js("cloudwatch", "ListDashboards", DashboardNamePrefix=dash)
    assert [e["DashboardName"] for e in out["output"]["DashboardEntries"]] == [dash]
    out = js("cloudwatch", "PutDashboard", DashboardName=dash, DashboardBody="{}")
    assert not out["ok"] and out["status"] == 400
    assert out["message"] == ('The dashboard body is invalid, there are 1 validation errors: '
                              '[ {"dataPath": "", "message": "Should have required property '
                              '\'widgets\'"} ]')
    out = js("cloudwatch", "GetMetricWidgetImage", MetricWidget=json.dumps(
        {"metrics": [["AWS/ECR", "RepositoryPullCount"]], "width": 320, "height": 240}))
    assert out["ok"], out
    image = out["output"]["MetricWidgetImage"]  # a Uint8Array, stringified as {index: byte}
    assert_png(bytes(image[str(i)] for i in range(len(image))), 320, 240)
    out = js("cloudwatch", "DeleteDashboards", DashboardNames=[dash])
    assert out["ok"], out
    out = js("cloudwatch", "GetDashboard", DashboardName=dash)
    assert not out["ok"] and out["status"] == 404


@pytest.mark.parametrize("wire", ["json", "query"])
def test_image_png_output_format_answers_the_png_itself(berth, wire):
    # OutputFormat image/png is "for custom HTTP requests": the body is the PNG.
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
    import requests
    from test_metrics import credentials
    widget = json.dumps({"metrics": [["AWS/ECR", "RepositoryPullCount"]], "width": 250,
                         "height": 150})
    if wire == "json":
        body = json.dumps({"MetricWidget": widget, "OutputFormat": "image/png"})
        headers = {"X-Amz-Target": "GraniteServiceVersion20100801.GetMetricWidgetImage",
                   "Content-Type": "application/x-amz-json-1.0"}
    else:
        from urllib.parse import urlencode
        body = urlencode({"Action": "GetMetricWidgetImage", "Version": "2010-08-01",
                          "MetricWidget": widget, "OutputFormat": "image/png"})
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    request = botocore.awsrequest.AWSRequest(method="POST", url=berth.endpoint + "/", data=body,
                                             headers=headers)
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(*credentials(berth)), "monitoring",
                            "us-east-1").add_auth(request)
    r = requests.post(berth.endpoint + "/", data=body, headers=dict(request.headers.items()),
                      timeout=30)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "image/png"
    assert_png(r.content, 250, 150)


def test_images_render_concurrently(berth):
    # Cairo contexts per call, fonts shared: many renders at once must all come out whole.
    cw = cloudwatch(berth)
    widgets = [json.dumps({"metrics": [["AWS/ECR", "RepositoryPullCount"]], "title": f"w{i}",
                           "width": 200 + i, "height": 100 + i,
                           "annotations": {"horizontal": [{"value": i, "label": "x" * i}]}})
               for i in range(40)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        images = list(pool.map(lambda w: cw.get_metric_widget_image(MetricWidget=w), widgets))
    for i, image in enumerate(images):
        assert_png(image["MetricWidgetImage"], 200 + i, 100 + i)


def test_dashboards_with_thousands_of_widgets_or_series_are_refused_quickly(cw, dash):
    def refused(body, fragment):
        t0 = time.time()
        err = error_of(cw.put_dashboard, DashboardName=dash, DashboardBody=json.dumps(body))
        assert time.time() - t0 < 5
        assert err["Error"]["Code"] == "InvalidParameterInput", err
        assert fragment in err["Error"]["Message"], err["Error"]["Message"][:300]

    text = {"type": "text", "x": 0, "y": 0, "width": 1, "height": 1,
            "properties": {"markdown": "x"}}
    refused({"widgets": [text] * 5000}, "Should NOT have more than 500 items")
    widget = pull_count_widget("many")
    # Thousands of series in one widget, or a thousand broken ones: one clear answer, fast.
    many = dict(widget, properties=dict(widget["properties"], metrics=[
        ["AWS/ECR", "RepositoryPullCount", "RepositoryName", f"r{i}"] for i in range(5000)]))
    t0 = time.time()
    try:
        cw.put_dashboard(DashboardName=dash, DashboardBody=json.dumps({"widgets": [many]}))
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == "InvalidParameterInput", e.response
    assert time.time() - t0 < 5
    broken = dict(widget, properties=dict(widget["properties"], metrics=[[i] for i in range(1000)]))
    refused({"widgets": [broken]}, "The dashboard body is invalid")


def test_widget_image_at_its_limits_answers_in_time(cw):
    # 100 series (the most a widget may have), 2000x2000 (the largest image), one point a
    # minute over two hours: drawn, not refused, within seconds.
    ns = f"E2E/{uuid.uuid4().hex[:10]}"
    now = time.time() // 60 * 60
    data = [{"MetricName": "M", "Dimensions": [{"Name": "S", "Value": f"s{s}"}],
             "Timestamp": now - 60 * i, "Value": float((s * 7 + i) % 23)}
            for s in range(100) for i in range(120)]
    for i in range(0, len(data), 1000):
        cw.put_metric_data(Namespace=ns, MetricData=data[i:i + 1000])
    widget = {"metrics": [[ns, "M", "S", f"s{s}"] for s in range(100)], "width": 2000,
              "height": 2000, "start": "-PT2H", "period": 60, "stat": "Average",
              "title": "a hundred series"}
    t0 = time.time()
    png = cw.get_metric_widget_image(MetricWidget=json.dumps(widget))["MetricWidgetImage"]
    assert time.time() - t0 < 10
    assert_png(png, 2000, 2000)
