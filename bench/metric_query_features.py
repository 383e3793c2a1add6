"""Benchmark: GetMetricData's query features over 10,000 stored series.

Starts berth (BERTH_BIN, default build/release/berth), publishes SERIES (default 10,000) series
Pulls{RepositoryName=repoN, Team=teamN%100} with one datapoint a minute over the last hour, then
times BENCH_CALLS (default 50) GetMetricData calls of each kind, one after another through boto3
(JSON 1.0; client time included), over the last hour at period 60:
- metricstat: the 100 series of one team as 100 MetricStat queries (the baseline);
- search: SEARCH('{ns,RepositoryName,Team} Team="team7"', 'Sum', 60) — the same 100 series,
  found by matching all 10,000 keys;
- search_sum: SUM(SEARCH(…)) of the same;
- insights_team: SELECT SUM(Pulls) FROM SCHEMA(ns, RepositoryName, Team) WHERE Team = 'team7'
  GROUP BY RepositoryName;
- insights_all: SELECT SUM(Pulls) FROM ns GROUP BY Team ORDER BY SUM() DESC LIMIT 10 — every
  series read and merged.
Reports p50/p99 per kind and appends them, with the machine and the date, to bench/RESULTS.md.
"""
import datetime
import os
import shutil
import sys
import tempfile
import time

import boto3
import botocore.config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import machine, start_berth, stop  # noqa: E402
from logs_common import commit  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
CALLS = int(os.environ.get("BENCH_CALLS", "50"))
SERIES = int(os.environ.get("SERIES", "10000"))
POINTS = 60
NS = "Bench/Query"


def client(berth):
    return boto3.client("cloudwatch", endpoint_url=berth.endpoint, region_name="us-east-1",
                        aws_access_key_id=berth.credentials[0],
                        aws_secret_access_key=berth.credentials[1],
                        config=botocore.config.Config(retries={"max_attempts": 1}))


def publish(cw, end):
    batch = []
    for s in range(SERIES):
        dims = [{"Name": "RepositoryName", "Value": f"repo{s}"}, {"Name": "Team", "Value": f"team{s % 100}"}]
        for i in range(POINTS):
            batch.append({"MetricName": "Pulls", "Dimensions": dims, "Timestamp": end - 60 * (i + 1),
                          "Value": float((s + i) % 17)})
            if len(batch) == 1000:
                cw.put_metric_data(Namespace=NS, MetricData=batch)
                batch = []
    if batch:
        cw.put_metric_data(Namespace=NS, MetricData=batch)


def kinds():
    team = [s for s in range(SERIES) if s % 100 == 7]
    search = "SEARCH('{%s,RepositoryName,Team} Team=\"team7\"', 'Sum', 60)" % NS
    return {
        "metricstat": [{"Id": f"m{s}", "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "Pulls", "Dimensions": [
            {"Name": "RepositoryName", "Value": f"repo{s}"}, {"Name": "Team", "Value": "team7"}]},
            "Period": 60, "Stat": "Sum"}} for s in team],
        "search": [{"Id": "s", "Expression": search}],
        "search_sum": [{"Id": "s", "Expression": f"SUM({search})"}],
        "insights_team": [{"Id": "q", "Period": 60, "Expression":
                           f"SELECT SUM(Pulls) FROM SCHEMA(\"{NS}\", RepositoryName, Team) "
                           "WHERE Team = 'team7' GROUP BY RepositoryName"}],
        "insights_all": [{"Id": "q", "Period": 60, "Expression":
                          f"SELECT SUM(Pulls) FROM \"{NS}\" GROUP BY Team ORDER BY SUM() DESC LIMIT 10"}],
    }


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-query-")
    berth = None
    try:
        berth = start_berth(BERTH_BIN, tmp)
        cw = client(berth)
        end = int(time.time()) // 60 * 60
        publish(cw, end)
        rows = []
        for name, queries in kinds().items():
            times = []
            for i in range(CALLS + 3):
                t0 = time.perf_counter()
                out = cw.get_metric_data(MetricDataQueries=queries, StartTime=end - 3600, EndTime=end)
                if i >= 3:
                    times.append((time.perf_counter() - t0) * 1000)
            series = len(out["MetricDataResults"])
            points = sum(len(r["Values"]) for r in out["MetricDataResults"])
            times.sort()
            p50, p99 = times[len(times) // 2], times[min(len(times) - 1, len(times) * 99 // 100)]
            rows.append((name, series, points, p50, p99))
            print(f"{name}: {series} series, {points} points: p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        load = os.getloadavg()[0]
        today = datetime.date.today().isoformat()
        table = "\n".join(f"| {n} | {s} | {p:,} | {a:.1f} | {b:.1f} |" for n, s, p, a, b in rows)
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write(f"""
## GetMetricData SEARCH and Metrics Insights ({today})

Machine: {machine()}. Run with `bench/metric_query_features.sh` (berth Release build, commit {commit()}).
{SERIES:,} series Pulls{{RepositoryName, Team}} (100 teams), one point a minute for the last hour;
{CALLS} calls per kind one after another through boto3 (JSON 1.0, client time included), period 60
over the hour. `metricstat` is the baseline: the 100 series of one team as 100 MetricStat queries.

| kind | series returned | points | p50 ms | p99 ms |
|---|---:|---:|---:|---:|
{table}

Load average {load:.1f} at the end of the run (2 cores shared with other engineers' builds).
""")
    finally:
        if berth:
            stop(berth.proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
