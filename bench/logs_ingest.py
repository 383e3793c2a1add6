"""Benchmark: PutLogEvents ingestion into berth, durable, from several concurrent streams.

Starts berth (BERTH_BIN, default build/release/berth; access log on, to a file; SQLite
synchronous=FULL, so every acknowledged batch has been fsynced) on a free loopback port,
creates a log group with BENCH_STREAMS streams, and builds one full batch of 200-byte events
per stream: as many events as fit AWS's 1,048,576-byte limit counting 26 bytes per event
(4,639 — a batch of 10,000 events of 200 bytes would be 2.26 MB, over the limit). Each batch is
signed once (SigV4, valid 15 minutes) and replayed by `wrk -t1 -cBENCH_CONNECTIONS
-dBENCH_DURATION`, round-robin over the streams. Then counts what was stored, and appends the
events/s, MB/s and latencies, with the machine and the date, to bench/RESULTS.md.
"""
import datetime
import json
import os
import random
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import machine, rss_kb, run_wrk, start_berth, stop  # noqa: E402
from logs_common import (EVENT_OVERHEAD, MAX_BATCH_BYTES, Client, commit,  # noqa: E402
                         signed_headers)

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
DURATION = os.environ.get("BENCH_DURATION", "20s")
STREAMS = int(os.environ.get("BENCH_STREAMS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
EVENT_BYTES = 200
BATCH_EVENTS = MAX_BATCH_BYTES // (EVENT_BYTES + EVENT_OVERHEAD)  # 4,639
GROUP = "/bench/ingest"


WORDS = ("request", "served", "cache", "miss", "hit", "layer", "manifest", "blob", "upload",
         "digest", "sha256", "token", "user", "repository", "pull", "push", "tag", "latest",
         "ok", "retry", "timeout", "client", "bytes", "ms", "gc", "lease", "region", "zone")


def message(rng, i):
    """A 200-byte access-log-like line, different for every event: ids, numbers and words of a
    small vocabulary, about as compressible as real service logs (LZ4 ~2x)."""
    line = (f"2026-03-01T10:{i // 60000 % 60:02d}:{i // 1000 % 60:02d}.{i % 1000:03d}Z "
            f"INFO [worker-{rng.randrange(16)}] 10.{rng.randrange(256)}.{rng.randrange(256)}."
            f"{rng.randrange(256)} \"GET /v2/app{rng.randrange(50)}/manifests/v{rng.randrange(100)}"
            f"\" {rng.choice((200, 200, 200, 304, 404))} {rng.randrange(10**6)} "
            f"req={rng.getrandbits(64):016x}")
    while len(line) < EVENT_BYTES:
        line += " " + rng.choice(WORDS) + ("=" + str(rng.randrange(1000)) if rng.random() < .3 else "")
    return line[:EVENT_BYTES]


def wrk_script(path, bodies, headers):
    """Replays the pre-signed batches round-robin; the bodies are read from files at start."""
    lines = ["local requests = {}", "local n = 0", "init = function(args)"]
    for i, (body_path, h) in enumerate(zip(bodies, headers)):
        table = ", ".join(f'["{k}"] = "{v}"' for k, v in h.items() if k.lower() != "host")
        lines += [f'  local f = io.open("{body_path}", "rb")',
                  "  local body = f:read(\"*a\")",
                  "  f:close()",
                  f'  requests[{i + 1}] = wrk.format("POST", "/", {{{table}}}, body)']
    lines += [f"  n = {len(bodies)}", "end",
              "local next = 0",
              "request = function()",
              "  next = next % n + 1",
              "  return requests[next]",
              "end"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-logs-")
    berth = None
    try:
        started = start_berth(BERTH_BIN, tmp)
        berth, endpoint, credentials = started.proc, started.endpoint, started.credentials
        client = Client(endpoint, credentials)
        client.call("CreateLogGroup", {"logGroupName": GROUP})
        rng = random.Random(1)
        now = int(time.time() * 1000)
        bodies, headers = [], []
        for s in range(STREAMS):
            stream = f"stream-{s}"
            client.call("CreateLogStream", {"logGroupName": GROUP, "logStreamName": stream})
            events = [{"timestamp": now - 60000 + i // 100, "message": message(rng, i)}
                      for i in range(BATCH_EVENTS)]
            body = json.dumps({"logGroupName": GROUP, "logStreamName": stream,
                               "logEvents": events}).encode()
            path = os.path.join(tmp, f"batch-{s}.json")
            with open(path, "wb") as f:
                f.write(body)
            # Check the batch is accepted whole before replaying it.
            out = client.call("PutLogEvents", body=body)
            assert "rejectedLogEventsInfo" not in out, out
            bodies.append(path)
            headers.append(signed_headers(endpoint, credentials, "PutLogEvents", body))
        script = os.path.join(tmp, "put.lua")
        wrk_script(script, bodies, headers)
        result = run_wrk(endpoint + "/", CONNECTIONS, DURATION, script=script)
        hwm, rss = rss_kb(berth.pid)
        stored = client.call("DescribeLogGroups", {"logGroupNamePrefix": GROUP})["logGroups"][0]
        db_bytes = os.path.getsize(os.path.join(tmp, "data", "berth.db"))
        stop(berth)
    finally:
        stop(berth)
        shutil.rmtree(tmp, ignore_errors=True)

    seconds = float(DURATION.rstrip("s"))
    events_per_s = result["rps"] * BATCH_EVENTS
    report = f"""
## PutLogEvents ingestion, durable ({datetime.date.today().isoformat()})

Machine: {machine()}; shared with other engineers' builds and tests, so numbers are noisy.
berth commit {commit()}, Release build, access log on (to a file), SQLite synchronous=FULL:
a batch is acknowledged only after its group commit's fsync. {STREAMS} streams, full batches of
{BATCH_EVENTS:,} events of {EVENT_BYTES} bytes ({BATCH_EVENTS * (EVENT_BYTES + EVENT_OVERHEAD):,}
bytes by AWS's count — the most 200-byte events a 1,048,576-byte batch holds), each signed once
and replayed by wrk -t1 -c{CONNECTIONS} -d{DURATION} on the same 2 cores as the server.

| batches/s | events/s | MB/s of messages | p50 ms | p99 ms | non-2xx |
|---:|---:|---:|---:|---:|---:|
| {result['rps']:,.1f} | **{events_per_s:,.0f}** | {events_per_s * EVENT_BYTES / 1e6:,.1f} | {result['p50']:.1f} | {result['p99']:.1f} | {result['non2xx']} |

Target: ≥ 500,000 events/s. Stored after {seconds:.0f} s: {stored['storedBytes'] / 1e6:,.0f} MB
in the group (database file {db_bytes / 1e6:,.0f} MB); berth peak RSS {hwm / 1024:.0f} MB
(RSS {rss / 1024:.0f} MB at the end).
"""
    print(report)
    print(result["raw"])
    if result["non2xx"] or result["socket_errors"]:
        print("warning: errors during the run: " + result["socket_errors"], file=sys.stderr)
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(report)


if __name__ == "__main__":
    main()
