"""Benchmark: GetMetricWidgetImage of 10 series x 1,440 points at 800x400 (target p99 < 50 ms).

Starts berth (BERTH_BIN, default build/release/berth) on a free loopback port, publishes 10 series
(metric Pulls, dimension Repo) with one datapoint a minute over the last 24 hours, then sends
BENCH_CALLS (default 250) GetMetricWidgetImage calls one after another on one keep-alive
connection: a widget with the 10 series, period 60 over -P1D (1,440 points each), 800x400, title,
legend, y-axis label and an annotation. Each call is the whole server path (decode, query,
render with Cairo, PNG encode, base64 into the JSON answer); the request is signed once (SigV4 is
valid 15 minutes). The first 10 calls warm up and are not counted. Reports p50/p90/p99/max and
appends them, with the machine and the date, to bench/RESULTS.md.
"""
import datetime
import http.client
import json
import os
import shutil
import sys
import tempfile
import time

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.config
import botocore.credentials

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import machine, start_berth, stop  # noqa: E402
from logs_common import commit  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
CALLS = int(os.environ.get("BENCH_CALLS", "250"))
WARMUP = 10
SERIES, POINTS = 10, 1440
NS = "Bench/Widget"


def publish(berth):
    cw = boto3.client("cloudwatch", endpoint_url=berth.endpoint, region_name="us-east-1",
                      aws_access_key_id=berth.credentials[0],
                      aws_secret_access_key=berth.credentials[1],
                      config=botocore.config.Config(retries={"max_attempts": 1}))
    end = int(time.time()) // 60 * 60
    data = [{"MetricName": "Pulls", "Dimensions": [{"Name": "Repo", "Value": f"repo{s}"}],
             "Timestamp": end - 60 * i, "Value": float(s * 20 + (i * 7 + s) % 15)}
            for s in range(SERIES) for i in range(POINTS)]
    for i in range(0, len(data), 1000):
        cw.put_metric_data(Namespace=NS, MetricData=data[i:i + 1000])
    return cw


def cpu_seconds(pid):
    """User + system CPU time a process has used, from /proc/<pid>/stat."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def widget():
    return json.dumps({
        "metrics": [[NS, "Pulls", "Repo", f"repo{s}"] for s in range(SERIES)],
        "width": 800, "height": 400, "start": "-P1D", "end": "P0D", "period": 60,
        "stat": "Average", "title": "Pulls per repository (1 day, 1-minute points)",
        "yAxis": {"left": {"label": "pulls", "min": 0}},
        "annotations": {"horizontal": [{"value": 150, "label": "busy"}]}})


def signed(berth, body):
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=berth.endpoint + "/", data=body,
        headers={"X-Amz-Target": "GraniteServiceVersion20100801.GetMetricWidgetImage",
                 "Content-Type": "application/x-amz-json-1.0"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(*berth.credentials), "monitoring",
                            "us-east-1").add_auth(request)
    return dict(request.headers.items())


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-widget-")
    berth = None
    try:
        berth = start_berth(BERTH_BIN, tmp)
        cw = publish(berth)
        # Every series must be drawn with its 1,440 points: checked once through GetMetricData.
        out = cw.get_metric_data(
            MetricDataQueries=[{"Id": f"m{s}", "MetricStat": {"Metric": {
                "Namespace": NS, "MetricName": "Pulls",
                "Dimensions": [{"Name": "Repo", "Value": f"repo{s}"}]},
                "Period": 60, "Stat": "Average"}} for s in range(SERIES)],
            StartTime=time.time() - 86400, EndTime=time.time())
        counts = [len(r["Values"]) for r in out["MetricDataResults"]]
        assert min(counts) >= POINTS - 1, counts
        body = json.dumps({"MetricWidget": widget()}).encode()
        headers = signed(berth, body)
        conn = http.client.HTTPConnection("127.0.0.1", berth.port, timeout=60)
        times, png_bytes = [], 0
        cpu0 = None
        for i in range(CALLS + WARMUP):
            t0 = time.perf_counter()
            conn.request("POST", "/", body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
            elapsed = time.perf_counter() - t0
            if r.status != 200:
                raise RuntimeError(f"HTTP {r.status}: {data[:300]!r}")
            if i >= WARMUP:
                times.append(elapsed * 1000)
            if i == WARMUP - 1:
                cpu0 = cpu_seconds(berth.proc.pid)
            png_bytes = len(json.loads(data)["MetricWidgetImage"]) * 3 // 4
        cpu_ms = (cpu_seconds(berth.proc.pid) - cpu0) * 1000 / len(times)
        conn.close()
        times.sort()

        def pct(p):
            return times[min(len(times) - 1, int(len(times) * p / 100))]

        load = os.getloadavg()[0]
        print(f"{len(times)} calls: p50 {pct(50):.1f} ms, p90 {pct(90):.1f} ms, "
              f"p99 {pct(99):.1f} ms, max {times[-1]:.1f} ms; berth CPU {cpu_ms:.1f} ms a call; PNG {png_bytes // 1024} KiB; "
              f"load {load:.1f}")
        today = datetime.date.today().isoformat()
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write(f"""
## GetMetricWidgetImage ({today})

Machine: {machine()}. Run with `bench/widget_image.sh` (berth Release build, commit {commit()}).
{SERIES} series x {POINTS:,} points (period 60 over -P1D), 800x400 PNG with title, legend, y-axis
label and an annotation; {len(times)} calls one after another on one keep-alive connection
(after {WARMUP} warm-up calls), timed at the client, each the whole path (SigV4, JSON, metric
reads, Cairo drawing, PNG encoding, base64). PNG {png_bytes // 1024} KiB.

| p50 ms | p90 ms | p99 ms | max ms | berth CPU ms a call |
|---:|---:|---:|---:|---:|
| {pct(50):.1f} | {pct(90):.1f} | **{pct(99):.1f}** | {times[-1]:.1f} | {cpu_ms:.1f} |

Target: p99 < 50 ms. Load average {load:.1f} at the end of the run (2 cores shared with other
engineers' builds).
""")
    finally:
        if berth is not None:
            stop(berth.proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
