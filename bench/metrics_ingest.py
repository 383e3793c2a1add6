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

Then the same replay against moto_server (pip's moto, `moto_server -p PORT` on loopback) in the
same run, unless BENCH_MOTO=0. moto answers a gzipped PutMetricData with a 500 (it does not
inflate request bodies; botocore gzips every PutMetricData body of 10 KiB or more), so moto gets
the same requests uncompressed; the gzipped ones are tried once and their status reported.
"""
import datetime
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import botocore.auth
import botocore.awsrequest
import botocore.credentials

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import cpu_seconds, free_port, machine, rss_kb, run_wrk, start_berth, stop, wait_for_port  # noqa: E402
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


def post_status(endpoint, headers, body):
    import http.client
    host, port = endpoint[len("http://"):].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.request("POST", "/", body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


def run_moto(tmp, raw_bodies, gz_body, gz_headers):
    """The same replay against moto_server: (wrk result, status of a gzipped request, RSS KiB)."""
    port = free_port()
    proc = subprocess.Popen(["moto_server", "-p", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc, timeout=60)
        endpoint = f"http://127.0.0.1:{port}"
        gz_status, _ = post_status(endpoint, gz_headers, gz_body)
        paths, headers = [], []
        for i, raw in enumerate(raw_bodies):
            path = os.path.join(tmp, f"moto-{i}.json")
            with open(path, "wb") as f:
                f.write(raw)
            h = {k: v for k, v in gz_headers.items()
                 if k.lower() not in ("content-encoding", "content-length", "x-amz-content-sha256")}
            status, data = post_status(endpoint, h, raw)
            if status != 200:
                raise RuntimeError(f"moto refused an uncompressed body: {status} {data[:200]!r}")
            paths.append(path)
            headers.append(h)
        script = os.path.join(tmp, "moto.lua")
        wrk_script(script, paths, headers)
        result = run_wrk(endpoint + "/", CONNECTIONS, DURATION, script=script)
        return result, gz_status, rss_kb(proc.pid)[0]
    finally:
        stop(proc)


def post(endpoint, headers, body):
    status, data = post_status(endpoint, headers, body)
    if status != 200:
        raise RuntimeError(f"HTTP {status}: {data[:300]!r}")


def wait_idle(pid, timeout=60):
    """Until the process used under 5% of a core for half a second."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - before < 0.025:
            return


def moto_version():
    try:
        import importlib.metadata
        return importlib.metadata.version("moto")
    except Exception:  # noqa: BLE001
        return "?"


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-metrics-")
    berth = None
    try:
        started = start_berth(BERTH_BIN, tmp)
        berth, endpoint, credentials = started.proc, started.endpoint, started.credentials
        now = int(time.time())
        bodies, headers, raw_bytes, gz_bytes, raws = [], [], 0, 0, []
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
            raws.append(raw)
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
        wait_idle(berth.pid)  # a fresh data dir's start-up work (RSA keys) is not ingest's
        cpu0 = cpu_seconds(berth.pid)
        result = run_wrk(endpoint + "/", CONNECTIONS, DURATION, script=script)
        cpu = cpu_seconds(berth.pid) - cpu0
        hwm, rss = rss_kb(berth.pid)
        journal = os.path.join(tmp, "data", "metrics", "journal")
        journal_bytes = sum(os.path.getsize(os.path.join(journal, f)) for f in os.listdir(journal))
        stop(berth)
        berth = None
        load_berth = os.getloadavg()
        moto = None
        if os.environ.get("BENCH_MOTO", "1") != "0":
            with open(bodies[0], "rb") as f:
                moto = run_moto(tmp, raws, f.read(), headers[0])
    finally:
        stop(berth)
        shutil.rmtree(tmp, ignore_errors=True)

    points = result["rps"] * DATUMS
    seconds = float(DURATION.rstrip("s"))
    cpu_us_per_point = cpu / (points * seconds) * 1e6 if points else 0
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

berth used {cpu:.1f} s of CPU for {points * seconds:,.0f} datapoints: **{cpu_us_per_point:.2f} µs of CPU a
datapoint**, i.e. {1 / cpu_us_per_point if cpu_us_per_point else 0:.2f} M datapoints/s per free core (the
measure that does not depend on how busy the shared machine is; wrk's own CPU not included).

Target: ≥ 1,000,000 datapoints/s. berth peak RSS {hwm / 1024:.0f} MB (RSS {rss / 1024:.0f} MB at
the end); metric journal {journal_bytes / 1e6:,.0f} MB after the run. Load average at the end of
berth's run: {load_berth[0]:.1f} / {load_berth[1]:.1f} / {load_berth[2]:.1f} (1/5/15 min).
"""
    if moto:
        m, gz_status, moto_hwm = moto
        report += f"""
Same run, moto_server (moto {moto_version()}) on the same requests uncompressed (a gzipped one got
HTTP {gz_status} from moto), wrk -t1 -c{CONNECTIONS} -d{DURATION}; moto keeps everything in memory and
syncs nothing:

| server | requests/s | datapoints/s | p50 ms | p99 ms | non-2xx | peak RSS MB |
|---|---:|---:|---:|---:|---:|---:|
| berth (gzip, durable) | {result['rps']:,.1f} | {points:,.0f} | {result['p50']:.1f} | {result['p99']:.1f} | {result['non2xx']} | {hwm / 1024:.0f} |
| moto_server (plain JSON) | {m['rps']:,.1f} | {m['rps'] * DATUMS:,.0f} | {m['p50']:.1f} | {m['p99']:.1f} | {m['non2xx']} | {moto_hwm / 1024:.0f} |

berth / moto: **{result['rps'] / max(m['rps'], 1e-9):,.0f}×** the datapoints a second.
"""
        from metrics_moto_check import table  # noqa: E402
        report += f"""
The same calls' answers, and a few reads of what was stored, one boto3 call each against a fresh
berth and a fresh moto_server (bench/metrics_moto_check.py); AWS's answer from its documentation:

{table()}
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
