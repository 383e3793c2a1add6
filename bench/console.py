"""Benchmark: the web console in Debian's chromium (playwright-core, tests/e2e/browser/console.mjs).

Starts berth (BERTH_BIN, default build/release/berth) on a free loopback port, makes 60 ECR calls
so that Event history has more than a page, then measures with a fresh browser profile:
- the first page load (GET / → sign-in page, cold cache): bytes transferred (CDP
  encodedDataLength, headers included) and requests; then the bytes after signing in (home page);
- Event history: from LookupEvents' response in hand to its 50 rows painted (performance marks
  in the page), 7 loads, median;
- the metrics page graphing 6 metrics of 1,440 one-minute points each (24 hours): from
  GetMetricData's response to the uPlot graph drawn, 7 loads, median;
- a dashboard of 6 metric widgets, one of those series each (6 graphs × 1,440 points): from the
  first widget's GetMetricData response to the sixth graph drawn, and from navigation start to
  the sixth graph drawn, 7 loads, median.
Appends the results, with the machine and the date, to bench/RESULTS.md. berth is stopped by PID.
"""
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
sys.path.insert(0, HERE)
import time  # noqa: E402
import urllib.parse  # noqa: E402

import boto3  # noqa: E402

from benchlib import ecr_client, machine, start_berth, stop  # noqa: E402


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-console-")
    server = start_berth(BERTH_BIN, tmp)
    try:
        key_id, secret = server.credentials
        ecr = ecr_client(server.endpoint, key_id, secret)
        for i in range(60):
            ecr.create_repository(repositoryName=f"bench/console-{i:02d}")
        cw = boto3.client("cloudwatch", endpoint_url=server.endpoint, region_name="us-east-1",
                          aws_access_key_id=key_id, aws_secret_access_key=secret)
        now = int(time.time()) // 60 * 60
        for m in range(6):
            points = [{"MetricName": f"Series{m}", "Value": float((i * (m + 3)) % 97),
                       "Timestamp": now - 60 * i} for i in range(1440)]
            for at in range(0, len(points), 1000):
                cw.put_metric_data(Namespace="Bench/Console", MetricData=points[at:at + 1000])
        widgets = [{"type": "metric", "x": (m % 2) * 12, "y": (m // 2) * 6, "width": 12, "height": 6,
                    "properties": {"title": f"Series{m}", "region": "us-east-1", "period": 60,
                                   "stat": "Average", "start": "-PT24H",
                                   "metrics": [["Bench/Console", f"Series{m}"]]}} for m in range(6)]
        cw.put_dashboard(DashboardName="bench", DashboardBody=json.dumps({"widgets": widgets}))
        query = [("namespace", "Bench/Console"), ("range", "24h")] + \
            [("metric", f"Series{m}|") for m in range(6)]
        artifacts = os.path.join(tmp, "artifacts")
        os.makedirs(artifacts)
        options = {"endpoint": server.endpoint, "accessKeyId": key_id, "secretAccessKey": secret,
                   "artifacts": artifacts, "runs": 7,
                   "graphUrl": "/console/metrics?" + urllib.parse.urlencode(query),
                   "dashboardUrl": "/console/dashboards/bench", "dashboardWidgets": 6}
        proc = subprocess.run(["node", "console.mjs", "bench", json.dumps(options)],
                              cwd=os.path.join(ROOT, "tests/e2e/browser"), capture_output=True,
                              text=True, timeout=300)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr)
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        stop(server.proc)
        shutil.rmtree(tmp, ignore_errors=True)

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    render = out["renderMs"]
    graph = out["graphMs"]
    dash, dash_total = out["dashboardMs"], out["dashboardTotalMs"]
    text = f"""
## Web console: first load, Event history, graphs and a dashboard ({datetime.date.today().isoformat()})

Machine: {machine()}. Run with `python3 bench/console.py` (berth Release build, commit {commit});
Debian chromium driven by playwright-core, a fresh profile (cold cache), everything on loopback.

| measure | result | target |
|---|---:|---:|
| first page load (GET / → sign-in page): bytes transferred, headers included | **{out['firstLoadBytes']:,} B** ({out['firstLoadRequests']} requests) | < 300 KB |
| … plus signing in and the home page | {out['afterSignInBytes']:,} B | |
| Event history, 50 events: LookupEvents response → rows painted, median of {len(render)} | **{statistics.median(render):.1f} ms** (min {min(render):.1f}, max {max(render):.1f}) | < 100 ms |
| metrics graph, 6 series × 1,440 points: GetMetricData response → drawn, median of {len(graph)} | **{statistics.median(graph):.1f} ms** (min {min(graph):.1f}, max {max(graph):.1f}) | |
| dashboard, 6 graphs × 1,440 points: first GetMetricData response → 6th graph drawn, median of {len(dash)} | **{statistics.median(dash):.1f} ms** (min {min(dash):.1f}, max {max(dash):.1f}) | < 500 ms |
| … the same dashboard from navigation start (page, 6 GetMetricData calls of 24 h, drawing) | {statistics.median(dash_total):.1f} ms (min {min(dash_total):.1f}, max {max(dash_total):.1f}) | |

Every asset is served gzip-compressed (gzip -9 at build time); pages load their module on first
visit, and uPlot (22 KB gzipped) only with a graph. The dashboard rows are the dashboards page
(/console/dashboards/NAME) with one uPlot graph per widget, each widget its own GetMetricData call.
"""
    print(text)
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
