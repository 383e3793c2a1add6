"""Where moto_server's CloudWatch answers differ from AWS's, next to berth's, for the calls the
ingest benchmark makes and a few reads of what it stored. Each check is one boto3 call (the
protocol botocore picks for CloudWatch) against both servers, compared with what AWS answers
(docs and /work/shared/CLOUDWATCH-NOTES.md). Prints a Markdown table; bench/metrics_ingest.py
appends it to bench/RESULTS.md after the throughput run.
"""
import datetime
import os
import subprocess
import sys
import tempfile

import boto3
import botocore.config
import botocore.exceptions

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import free_port, start_berth, stop, wait_for_port  # noqa: E402


def client(endpoint, key, secret):
    return boto3.client("cloudwatch", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 1}))


def outcome(fn):
    try:
        return fn()
    except botocore.exceptions.ClientError as e:
        return "error " + e.response["Error"]["Code"]
    except Exception as e:  # noqa: BLE001 — a server that breaks the client is a finding too
        return "failure " + type(e).__name__


def checks(cw):
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
    t = now - datetime.timedelta(minutes=5)
    dims = [{"Name": "Host", "Value": "h1"}]

    def put(**datum):
        d = {"MetricName": "Latency", "Dimensions": dims, "Timestamp": t, **datum}
        cw.put_metric_data(Namespace="Check", MetricData=[d])
        return "ok"

    def big_put():  # > 10 KiB: botocore gzips the body, as in the benchmark
        data = [{"MetricName": "Big", "Dimensions": [{"Name": "Host", "Value": f"host-{i:05d}"}],
                 "Timestamp": t, "Value": float(i)} for i in range(300)]
        cw.put_metric_data(Namespace="Check", MetricData=data)
        return "ok"

    def stats(**extra):
        r = cw.get_metric_statistics(Namespace="Check", MetricName="Latency", Dimensions=dims,
                                     StartTime=t, EndTime=t + datetime.timedelta(minutes=1),
                                     Period=60, **extra)
        if not r["Datapoints"]:
            return "no datapoints"
        p = r["Datapoints"][0]
        parts = [f"{k}={p[k]:g}" for k in ("SampleCount", "Sum", "Minimum", "Maximum", "Average")
                 if k in p]
        parts += [f"{k}={v:g}" for k, v in p.get("ExtendedStatistics", {}).items()]
        return ", ".join(parts) or "a datapoint without the statistic"

    def gmd():
        r = cw.get_metric_data(StartTime=t, EndTime=t + datetime.timedelta(minutes=1),
                               MetricDataQueries=[{"Id": "m", "MetricStat": {"Metric": {
                                   "Namespace": "Check", "MetricName": "Latency",
                                   "Dimensions": dims}, "Period": 60, "Stat": "p50"}},
                                   {"Id": "e", "Expression": "m * 2"}])
        return "; ".join(f"{x['Id']}={[round(v, 3) for v in x['Values']]}"
                         for x in r["MetricDataResults"])

    def listed():
        r = cw.list_metrics(Namespace="Check")
        return f"{len(r['Metrics'])} metrics"

    return [
        ("PutMetricData, 300 datums (gzipped by botocore)", big_put, "ok"),
        ("PutMetricData Values [1,2,3,4] Counts [1,1,1,1]",
         lambda: put(Values=[1, 2, 3, 4], Counts=[1, 1, 1, 1]), "ok"),
        ("PutMetricData Value 10", lambda: put(Value=10.0), "ok"),
        ("GetMetricStatistics of that minute, + p50",
         lambda: stats(Statistics=["SampleCount", "Sum", "Minimum", "Maximum", "Average"]),
         "SampleCount=5, Sum=20, Minimum=1, Maximum=10, Average=4"),
        ("GetMetricStatistics ExtendedStatistics p50",
         lambda: stats(ExtendedStatistics=["p50"]), "p50=3 (±1%)"),
        ("GetMetricData p50 and m * 2", gmd, "m=[3.0]; e=[6.0] (±1%)"),
        ("ListMetrics Namespace=Check", listed, "301 metrics"),
        ("PutMetricData into AWS/EC2",
         lambda: cw.put_metric_data(Namespace="AWS/EC2", MetricData=[
             {"MetricName": "X", "Value": 1.0}]) and "ok", "error InvalidParameterValue"),
        ("PutMetricData Value NaN", lambda: put(Value=float("nan")),
         "error InvalidParameterValue"),
        ("PutMetricData Timestamp 3 weeks old",
         lambda: cw.put_metric_data(Namespace="Check", MetricData=[
             {"MetricName": "Old", "Value": 1.0,
              "Timestamp": now - datetime.timedelta(days=21)}]) and "ok",
         "error InvalidParameterValue"),
        ("PutMetricData 31 dimensions",
         lambda: put(Value=1.0, Dimensions=[{"Name": f"d{i}", "Value": "v"} for i in range(31)]),
         "error InvalidParameterValue"),
        ("PutMetricData Value and Values", lambda: put(Value=1.0, Values=[1.0]),
         "error InvalidParameterCombination"),
    ]


def run(endpoint, key, secret):
    cw = client(endpoint, key, secret)
    return [(name, outcome(fn), want) for name, fn, want in checks(cw)]


def table():
    tmp = tempfile.mkdtemp(prefix="berth-moto-check-")
    berth = moto = None
    try:
        b = start_berth(os.path.abspath(os.environ.get(
            "BERTH_BIN", os.path.join(ROOT, "build/release/berth"))), tmp)
        berth = b.proc
        ours = run(b.endpoint, *b.credentials)
        port = free_port()
        moto = subprocess.Popen(["moto_server", "-p", str(port)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        wait_for_port(port, moto, timeout=60)
        theirs = run(f"http://127.0.0.1:{port}", "testing", "testing")
    finally:
        stop(berth)
        stop(moto)
    lines = ["| call | AWS | berth | moto_server |", "|---|---|---|---|"]
    for (name, b_out, want), (_, m_out, _) in zip(ours, theirs):
        lines.append(f"| {name} | {want} | {b_out} | {m_out} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
