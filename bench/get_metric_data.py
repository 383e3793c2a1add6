"""Benchmark: GetMetricData latency, 100 MetricStat queries over 24 h at a 1-minute period.

Starts berth (BERTH_BIN, default build/release/berth) on a free loopback port and fills it with
PutMetricData (JSON 1.0, 1,000 datums a request, several threads): BENCH_SERIES (100,000)
background series of BENCH_RECENT points each (the last minutes, one a minute), and the 100
queried series with a week of data at one point a minute (10,080 points each). Then, on one
keep-alive connection, BENCH_CALLS GetMetricData calls (after warm-up), each signed beforehand
(SigV4, botocore) and timed at the client from sending to the last byte of the answer:
  plain: 100 MetricStat queries (Average, period 60, the last 24 h), MaxDatapoints 144,000 so
         that one answer holds every point (AWS's default 100,800 would page it);
  math:  the same plus metric math over them (SUM(METRICS()), and m1 * 2 + m2 / 4).
Reports p50/p90/p99/max of both and berth's CPU per call, appended to bench/RESULTS.md unless
BENCH_NO_RESULTS=1.
"""
import concurrent.futures
import datetime
import http.client
import json
import os
import shutil
import sys
import tempfile
import time

import botocore.auth
import botocore.awsrequest
import botocore.credentials

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import cpu_seconds, machine, rss_kb, start_berth, stop  # noqa: E402
from logs_common import commit  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
SERIES = int(os.environ.get("BENCH_SERIES", "100000"))
RECENT = int(os.environ.get("BENCH_RECENT", "10"))
CALLS = int(os.environ.get("BENCH_CALLS", "100"))
QUERIED = 100
WEEK_MIN = 7 * 24 * 60
NS = "Bench/Query"


def signed(endpoint, credentials, op, payload):
    body = json.dumps(payload).encode()
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=endpoint + "/", data=body,
        headers={"X-Amz-Target": "GraniteServiceVersion20100801." + op,
                 "Content-Type": "application/x-amz-json-1.0"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(*credentials), "monitoring",
                            "us-east-1").add_auth(request)
    return body, dict(request.headers.items())


def call(conn, body, headers):
    conn.request("POST", "/", body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise RuntimeError(f"HTTP {r.status}: {data[:300]!r}")
    return data


def datum(name, host, t, v):
    return {"MetricName": name, "Dimensions": [{"Name": "Host", "Value": host}],
            "Timestamp": t, "Value": v, "Unit": "Milliseconds"}


def load(endpoint, credentials, now):
    """Every datum, in requests of 1,000, from 4 threads: the number of datums."""
    def batches():
        batch = []
        for q in range(QUERIED):
            for m in range(WEEK_MIN):
                batch.append(datum("Latency", f"queried-{q:03d}", now - (WEEK_MIN - m) * 60,
                                   float((q * 31 + m * 7) % 500) / 4))
                if len(batch) == 1000:
                    yield batch
                    batch = []
        for s in range(SERIES):
            for m in range(RECENT):
                batch.append(datum("Latency", f"host-{s:06d}", now - (RECENT - m) * 60,
                                   float((s + m) % 100)))
                if len(batch) == 1000:
                    yield batch
                    batch = []
        if batch:
            yield batch

    host, port = endpoint[len("http://"):].split(":")

    def send(chunk):
        conn = http.client.HTTPConnection(host, int(port), timeout=120)
        for b in chunk:
            body, headers = signed(endpoint, credentials, "PutMetricData",
                                   {"Namespace": NS, "MetricData": b})
            call(conn, body, headers)
        conn.close()
        return sum(len(b) for b in chunk)

    total = 0
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        pending, chunk = [], []
        for b in batches():
            chunk.append(b)
            if len(chunk) == 20:
                pending.append(pool.submit(send, chunk))
                chunk = []
        if chunk:
            pending.append(pool.submit(send, chunk))
        for f in pending:
            total += f.result()
    return total


def queries(now, math):
    qs = [{"Id": f"m{q + 1}", "ReturnData": True, "MetricStat": {
        "Metric": {"Namespace": NS, "MetricName": "Latency",
                   "Dimensions": [{"Name": "Host", "Value": f"queried-{q:03d}"}]},
        "Period": 60, "Stat": "Average"}} for q in range(QUERIED)]
    if math:
        qs.append({"Id": "total", "Expression": "SUM(METRICS())", "ReturnData": True})
        qs.append({"Id": "mix", "Expression": "m1 * 2 + m2 / 4", "ReturnData": True})
    return {"MetricDataQueries": qs, "StartTime": now - 24 * 3600, "EndTime": now,
            "MaxDatapoints": 144000 + (2 * 1440 if math else 0)}


def measure(endpoint, credentials, pid, payload):
    host, port = endpoint[len("http://"):].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    signed_calls = [signed(endpoint, credentials, "GetMetricData", payload)
                    for _ in range(CALLS + 5)]
    points = 0
    for body, headers in signed_calls[:5]:
        answer = json.loads(call(conn, body, headers))
        points = sum(len(r["Values"]) for r in answer["MetricDataResults"])
        assert "NextToken" not in answer, "the answer was paged"
    times = []
    cpu0 = cpu_seconds(pid)
    for body, headers in signed_calls[5:]:
        t0 = time.perf_counter()
        size = len(call(conn, body, headers))
        times.append((time.perf_counter() - t0) * 1000)
    cpu = (cpu_seconds(pid) - cpu0) / CALLS * 1000
    conn.close()
    times.sort()

    def pct(p):
        return times[min(len(times) - 1, int(len(times) * p / 100))]

    return {"p50": pct(50), "p90": pct(90), "p99": pct(99), "max": times[-1], "cpu": cpu,
            "points": points, "bytes": size}


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-gmd-")
    berth = None
    try:
        started = start_berth(BERTH_BIN, tmp)
        berth, endpoint, credentials = started.proc, started.endpoint, started.credentials
        now = int(time.time()) // 60 * 60
        t0 = time.time()
        datums = load(endpoint, credentials, now)
        load_s = time.time() - t0
        plain = measure(endpoint, credentials, berth.pid, queries(now, False))
        math = measure(endpoint, credentials, berth.pid, queries(now, True))
        hwm, rss = rss_kb(berth.pid)
        loadavg = os.getloadavg()
    finally:
        stop(berth)
        shutil.rmtree(tmp, ignore_errors=True)

    rows = "\n".join(
        f"| {name} | {r['points']:,} | {r['bytes'] / 1e6:.1f} MB | {r['p50']:.1f} | {r['p90']:.1f} | "
        f"**{r['p99']:.1f}** | {r['max']:.1f} | {r['cpu']:.1f} |"
        for name, r in (("100 MetricStat", plain), ("… + 2 math expressions", math)))
    report = f"""
## GetMetricData, 100 MetricStat queries over 24 h ({datetime.date.today().isoformat()})

Machine: {machine()}; shared with other engineers' builds and tests (load average
{loadavg[0]:.1f} / {loadavg[1]:.1f} / {loadavg[2]:.1f} at the end of the run), so numbers are noisy.
berth commit {commit()}, Release build. Stored: {SERIES:,} series with {RECENT} points each plus the
100 queried series with a week of 1-minute data ({datums:,} datums put in {load_s:.0f} s, JSON 1.0).
{CALLS} calls one after another on one keep-alive connection, each signed beforehand, timed at
the client to the answer's last byte; period 60, Average, the last 24 h.

| call | datapoints | answer | p50 ms | p90 ms | p99 ms | max ms | berth CPU ms a call |
|---|---:|---:|---:|---:|---:|---:|---:|
{rows}

Target: p99 < 50 ms, metric math adding < 10% (here {(math['p50'] / plain['p50'] - 1) * 100:+.0f}% at
p50, {(math['cpu'] / plain['cpu'] - 1) * 100:+.0f}% in berth CPU). berth peak RSS {hwm / 1024:.0f} MB.
"""
    print(report)
    if os.environ.get("BENCH_NO_RESULTS") != "1":
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write(report)


if __name__ == "__main__":
    main()
