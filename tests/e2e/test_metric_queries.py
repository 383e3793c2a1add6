"""GetMetricData's query features — SEARCH(), dynamic labels, Metrics Insights SQL — and
GetMetricStatistics' ExtendedStatistics, on JSON 1.0, query and RPC v2 CBOR (boto3 forced onto
each), the JS SDK v3 and both aws CLIs. (ExtendedStatistics on the three protocols through boto3:
test_metrics.py's test_percentiles_from_values_and_counts.)"""
import datetime
import json
import uuid

import pytest

from test_js_sdk import js  # noqa: F401 (fixture)
from test_metrics import PROTOCOLS, cloudwatch, minute, now


@pytest.fixture(params=list(PROTOCOLS))
def cw(request, berth):
    return cloudwatch(berth, request.param)


@pytest.fixture
def ns():
    return f"E2EQ/{uuid.uuid4().hex[:10]}"


def put_repos(cw, ns, t):
    """Pulls per repository over three minutes: app 1 2 3, api 10 10 10, web 0 100 200."""
    data = []
    for i in range(3):
        for repo, value in (("app", 1.0 + i), ("api", 10.0), ("web", 100.0 * i)):
            data.append({"MetricName": "RepositoryPullCount", "Timestamp": t + datetime.timedelta(minutes=i),
                         "Dimensions": [{"Name": "RepositoryName", "Value": repo}], "Value": value})
    data.append({"MetricName": "RepositoryPullCount", "Timestamp": t, "Value": 7.0})
    cw.put_metric_data(Namespace=ns, MetricData=data)


def by_id(out):
    results = {}
    for r in out["MetricDataResults"]:
        results.setdefault(r["Id"], []).append(r)
    return results


def test_search_math_and_dynamic_labels(cw, ns):
    t = minute(now()) - datetime.timedelta(minutes=10)
    put_repos(cw, ns, t)
    schema = "{%s,RepositoryName}" % ns
    out = cw.get_metric_data(
        MetricDataQueries=[
            {"Id": "s", "Expression": f"SEARCH('{schema} MetricName=\"RepositoryPullCount\"', 'Sum', 60)"},
            {"Id": "total", "Expression": f"SUM(SEARCH('{schema} RepositoryPullCount', 'Sum', 60))",
             "Label": "all repos"},
            {"Id": "dyn", "Expression": f"SEARCH('{schema} app OR web', 'Maximum', 60)",
             "Label": "${PROP('Dim.RepositoryName')}: max ${MAX}, ${DATAPOINT_COUNT} points, ${PROP('Stat')}"},
        ],
        StartTime=t, EndTime=t + datetime.timedelta(minutes=5), ScanBy="TimestampAscending")
    results = by_id(out)
    assert [r["Label"] for r in results["s"]] == ["api", "app", "web"]
    assert results["s"][1]["Values"] == [1.0, 2.0, 3.0]
    assert results["s"][1]["Timestamps"] == [t + datetime.timedelta(minutes=i) for i in range(3)]
    [total] = results["total"]
    assert total["Label"] == "all repos" and total["Values"] == [11.0, 112.0, 213.0]
    assert [r["Label"] for r in results["dyn"]] == ["app: max 3, 3 points, Maximum",
                                                    "web: max 200, 3 points, Maximum"]


def test_search_errors_are_awss_codes(cw, ns):
    t = minute(now())
    for bad in ["SEARCH('{AWS/ECR', 'Sum', 60)", "SEARCH('x', 'Median', 60)", "SEARCH('x AND', 'Sum', 60)"]:
        with pytest.raises(Exception) as e:
            cw.get_metric_data(MetricDataQueries=[{"Id": "s", "Expression": bad}],
                               StartTime=t - datetime.timedelta(minutes=5), EndTime=t)
        assert e.value.response["Error"]["Code"] == "InvalidParameterValue", bad
        assert "Error in expression s" in e.value.response["Error"]["Message"]


def test_metrics_insights_sql(cw, ns):
    t = minute(now()) - datetime.timedelta(minutes=10)
    put_repos(cw, ns, t)
    window = dict(StartTime=t, EndTime=t + datetime.timedelta(minutes=5), ScanBy="TimestampAscending")
    out = cw.get_metric_data(MetricDataQueries=[
        {"Id": "q", "Expression": f"SELECT SUM(RepositoryPullCount) FROM \"{ns}\"", "Period": 60}], **window)
    [q] = out["MetricDataResults"]
    assert q["Values"] == [18.0, 112.0, 213.0]
    out = cw.get_metric_data(MetricDataQueries=[
        {"Id": "q", "Period": 60, "Expression":
            f"SELECT MAX(RepositoryPullCount) FROM SCHEMA(\"{ns}\", RepositoryName) "
            "WHERE RepositoryName != 'app' GROUP BY RepositoryName ORDER BY SUM() DESC LIMIT 5"},
        {"Id": "avg", "Period": 60, "Label": "avg ${LAST}", "Expression":
            f"select avg(RepositoryPullCount) from schema(\"{ns}\", RepositoryName) "
            "where RepositoryName IN ('app', 'api')"}], **window)
    results = by_id(out)
    assert [(r["Label"], r["Values"]) for r in results["q"]] == [
        ("web", [0.0, 100.0, 200.0]), ("api", [10.0, 10.0, 10.0])]
    assert results["avg"][0]["Values"] == [5.5, 6.0, 6.5]
    assert results["avg"][0]["Label"] == "avg 6.5"
    with pytest.raises(Exception) as e:
        cw.get_metric_data(MetricDataQueries=[
            {"Id": "q", "Period": 60, "Expression": f"SELECT STDDEV(x) FROM \"{ns}\""}], **window)
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_both_clis_search_and_extended_statistics(aws, ns):
    t = minute(now()) - datetime.timedelta(minutes=4)
    stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (t + datetime.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for repo, value in (("app", "3"), ("api", "5")):
        aws("cloudwatch", "put-metric-data", "--namespace", ns, "--metric-name", "Pulls",
            "--dimensions", f"Repo={repo}", "--value", value, "--timestamp", stamp)
    queries = json.dumps([{"Id": "s", "Label": "${PROP('Dim.Repo')} ${SUM}",
                           "Expression": "SEARCH('{%s,Repo} Pulls', 'Sum', 60)" % ns}])
    _, out, _ = aws("cloudwatch", "get-metric-data", "--metric-data-queries", queries,
                    "--start-time", stamp, "--end-time", end)
    assert sorted(r["Label"] for r in out["MetricDataResults"]) == ["api 5", "app 3"]
    _, out, _ = aws("cloudwatch", "get-metric-statistics", "--namespace", ns, "--metric-name", "Pulls",
                    "--dimensions", "Name=Repo,Value=app", "--start-time", stamp, "--end-time", end,
                    "--period", "60", "--extended-statistics", "p90", "p50")
    [point] = out["Datapoints"]
    assert point["ExtendedStatistics"] == {"p90": 3.0, "p50": 3.0}


def test_js_sdk_search_insights_and_extended_statistics(js, berth, ns):  # noqa: F811
    t = minute(now()) - datetime.timedelta(minutes=10)
    put_repos(cloudwatch(berth), ns, t)
    window = {"StartTime": t.isoformat(), "EndTime": (t + datetime.timedelta(minutes=5)).isoformat(),
              "ScanBy": "TimestampAscending"}
    out = js("cloudwatch", "GetMetricData", MetricDataQueries=[
        {"Id": "s", "Label": "${LABEL} ${SUM}",
         "Expression": "SEARCH('{%s,RepositoryName} RepositoryPullCount', 'Sum', 60)" % ns},
        {"Id": "q", "Period": 60,
         "Expression": f"SELECT SUM(RepositoryPullCount) FROM \"{ns}\" GROUP BY RepositoryName ORDER BY MAX() DESC LIMIT 1"},
    ], **window)
    assert out["ok"], out
    results = by_id(out["output"])
    assert [r["Label"] for r in results["s"]] == ["api 30", "app 6", "web 300"]
    [top] = results["q"]
    assert top["Label"] == "web" and top["Values"] == [0, 100, 200]
    out = js("cloudwatch", "GetMetricStatistics", Namespace=ns, MetricName="RepositoryPullCount",
             Dimensions=[{"Name": "RepositoryName", "Value": "web"}], Period=180,
             ExtendedStatistics=["p50"], StartTime=t.isoformat(),
             EndTime=(t + datetime.timedelta(minutes=3)).isoformat())
    assert out["ok"], out
    [point] = out["output"]["Datapoints"]
    assert point["ExtendedStatistics"] == {"p50": 100}
