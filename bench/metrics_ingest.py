"""Benchmark: PutMetricData ingestion into berth, durable, gzipped JSON 1.0 from several
keep-alive connections.

Starts berth (BERTH_BIN, default build/release/berth; access log on, to a file) on a free
loopback port and builds BENCH_BODIES PutMetricData requests of 1,000 datums each (one Value per
datum, timestamped now) over BENCH_SERIES distinct series (metric Latency, dimensions Host and
Service), gzipped as botocore sends them (Content-Encoding: gzip), each signed once (SigV4, valid
15 minutes) and checked to be accepted, then replayed by `wrk -t1 -cBENCH_CONNECTIONS
-dBENCH_DURATION` round-robin. A request is acknowledged only once its batch is in the metric
journal and fdatasynced. Reports datapoints/s, latencies, RSS and journal bytes and appends them,
with the machine and the date, to bench/RESULTS.md.
"""
import datetime
import gzip
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
from benchlib import machine, rss_kb, run_wrk, start_berth, stop  # noqa: E402
from logs_common import commit  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
DURATION = os.environ.get("BENCH_DURATION", "20s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
SERIES = int(os.environ.get("BENCH_SERIES", "10000"))
BODIES = int(os.environ.get("BENCH_BODIES", "10"))
DATUMS = 1000
TARGET = "GraniteServiceVersion20100801.PutMetricData"


def signed_headers(endpoint, credentials, body):
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=endpoint + "/", data=body,
        headers={"X-Amz-Target": TARGET, "Content-Type": "application/x-amz-json-1.0",
                 "Content-Encoding": "gzip"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(*credentials), "monitoring",
                            "us-east-1").add_auth(request)
    headers = dict(request.headers.items())
    headers["Host"] = endpoint[len("http://"):]
    return headers


def wrk_script(path, bodies, headers):
    lines = ["local requests = {}", "local n = 0", "init = function(args)"]
    for i, (body_path, h) in enumerate(zip(bodies, headers)):
        table = ", ".join(f'["{k}"] = "{v}"' for k, v in h.items() if k.lower() != "host")
        lines += [f'  local f = io.open("{body_path}", "rb")', "  local body = f:read(\"*a\")",
                  "  f:close()", f'  requests[{i + 1}] = wrk.format("POST", "/", {{{table}}}, body)']
    lines += [f"  n = {len(bodies)}", "end", "local next = 0", "request = function()",
              "  next = next % n + 1", "  return requests[next]", "end"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def post(endpoint, headers, body):
    import http.client
    host, port = endpoint[len("http://"):].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("POST", "/", body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    if r.status != 200:
        raise RuntimeError(f"HTTP {r.status}: {data[:300]!r}")


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-metrics-")
    berth = None
    try:
        started = start_berth(BERTH_BIN, tmp)
        berth, endpoint, credentials = started.proc, started.endpoint, started.credentials
        now = int(time.time())
        bodies, headers, raw_bytes, gz_bytes = [], [], 0, 0
        for b in range(BODIES):
            data = []
            for i in range(DATUMS):
                s = (b * DATUMS + i) % SERIES
                data.append({"MetricName": "Latency",
                             "Dimensions": [{"Name": "Host", "Value": f"host-{s:05d}"},
                                            {"Name": "Service", "Value": f"svc-{s % 20}"}],
                             "Timestamp": now, "Value": float((s * 7 + b) % 1000) / 10,
                             "Unit": "Milliseconds", "StorageResolution": 60})
            raw = json.dumps({"Namespace": "Bench/Ingest", "MetricData": data}).encode()
            body = gzip.compress(raw, 6)
            raw_bytes += len(raw)
            gz_bytes += len(body)
            path = os.path.join(tmp, f"put-{b}.json.gz")
            with open(path, "wb") as f:
                f.write(body)
            h = signed_headers(endpoint, credentials, body)
            post(endpoint, h, body)  # accepted whole before it is replayed
            bodies.append(path)
            headers.append(h)
        script = os.path.join(tmp, "put.lua")
        wrk_script(script, bodies, headers)
        result = run_wrk(endpoint + "/", CONNECTIONS, DURATION, script=script)
        hwm, rss = rss_kb(berth.pid)
        journal = os.path.join(tmp, "data", "metrics", "journal")
        journal_bytes = sum(os.path.getsize(os.path.join(journal, f)) for f in os.listdir(journal))
        stop(berth)
    finally:
        stop(berth)
        shutil.rmtree(tmp, ignore_errors=True)

    points = result["rps"] * DATUMS
    report = f"""
## PutMetricData ingestion, durable ({datetime.date.today().isoformat()})

Machine: {machine()}; shared with other engineers' builds and tests, so numbers are noisy.
berth commit {commit()}, Release build, access log on (to a file), CloudTrail recording on.
{BODIES} requests of {DATUMS:,} datums (one Value each) over {SERIES:,} series, JSON 1.0 gzipped
({raw_bytes // BODIES:,} → {gz_bytes // BODIES:,} bytes a request), each signed once and replayed
by wrk -t1 -c{CONNECTIONS} -d{DURATION} on the same 2 cores as the server; a request is answered
only after its batch is fdatasynced in the metric journal.

| requests/s | datapoints/s | p50 ms | p99 ms | non-2xx |
|---:|---:|---:|---:|---:|
| {result['rps']:,.1f} | **{points:,.0f}** | {result['p50']:.1f} | {result['p99']:.1f} | {result['non2xx']} |

Target: ≥ 1,000,000 datapoints/s. berth peak RSS {hwm / 1024:.0f} MB (RSS {rss / 1024:.0f} MB at
the end); metric journal {journal_bytes / 1e6:,.0f} MB after the run.
"""
    print(report)
    print(result["raw"])
    if result["non2xx"] or result["socket_errors"]:
        print("warning: errors during the run: " + result["socket_errors"], file=sys.stderr)
    if os.environ.get("BENCH_NO_RESULTS") != "1":
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write(report)


if __name__ == "__main__":
    main()
