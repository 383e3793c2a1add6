"""Benchmark: FilterLogEvents with a JSON pattern over CloudTrail-shaped records, berth vs jq
vs moto_server, all computing the same answer.

1. Generates BENCH_FILTER_MB (default 1024) MB of CloudTrail-shaped JSON records (~1 KB each,
   one per line) into a file, counting on the way how many the pattern below matches.
2. Starts berth (BERTH_BIN, default build/release/berth) and ingests the records with
   PutLogEvents into one log group, round-robin over 8 streams (so the scan merges 8 streams
   by time), timestamps spread over the last 12 hours.
3. Times `jq -c 'select(…)' records.json | wc -l` over the file, and FilterLogEvents over the
   group paged to the end (raw signed HTTP calls, the matching events parsed and counted),
   each run twice, best of two; checks all three counts agree.
4. Starts moto_server and does the same over the first BENCH_MOTO_MB (default 20) MB, next to
   berth and jq over that same subset.
Prints the results and appends them, with the machine and the date, to bench/RESULTS.md. Every
process it starts is stopped by PID; its temp dir (BENCH_TMPDIR, default the system's) goes.
"""
import datetime
import json
import os
import queue
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import boto3
import botocore.config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import free_port, machine, rss_kb, start_berth, stop, wait_for_port  # noqa: E402
from logs_common import Client, batches, commit  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
SIZE_MB = int(os.environ.get("BENCH_FILTER_MB", "1024"))
MOTO_MB = int(os.environ.get("BENCH_MOTO_MB", "20"))
STREAMS = 8
INGEST_THREADS = 4
MB = 1_000_000

PATTERN = ('{ $.eventSource = "ecr.amazonaws.com" && ($.errorCode = "AccessDenied*" || '
           '$.errorCode = "*Unauthorized*") }')
JQ = ('select(.eventSource == "ecr.amazonaws.com" and (.errorCode | type) == "string" and '
      '((.errorCode | startswith("AccessDenied")) or (.errorCode | contains("Unauthorized"))))')

SOURCES = [("ecr.amazonaws.com", ["BatchGetImage", "GetDownloadUrlForLayer", "PutImage",
                                  "InitiateLayerUpload", "DescribeRepositories"]),
           ("s3.amazonaws.com", ["GetObject", "PutObject", "ListObjects"]),
           ("logs.amazonaws.com", ["PutLogEvents", "FilterLogEvents", "CreateLogStream"]),
           ("cloudtrail.amazonaws.com", ["LookupEvents", "DescribeTrails"])]
ERRORS = [("AccessDenied", "User is not authorized to perform this operation"),
          ("AccessDeniedException", "User: arn:aws:iam::123456789012:user/bob is not authorized"),
          ("Client.UnauthorizedOperation", "You are not authorized to perform this operation."),
          ("ThrottlingException", "Rate exceeded"),
          ("RepositoryNotFoundException", "The repository does not exist")]


def record(rng, i, t):
    """One CloudTrail-shaped record (~1 KB of JSON) and whether PATTERN matches it."""
    source, names = SOURCES[rng.choices(range(4), weights=(40, 30, 20, 10))[0]]
    user = f"user{rng.randrange(40)}"
    repo = f"team{rng.randrange(12)}/app{rng.randrange(30)}"
    r = {
        "eventVersion": "1.11",
        "userIdentity": {"type": "IAMUser", "principalId": f"AIDA{rng.getrandbits(60):015X}",
                         "arn": f"arn:aws:iam::123456789012:user/{user}",
                         "accountId": "123456789012",
                         "accessKeyId": f"AKIA{rng.getrandbits(60):016X}", "userName": user},
        "eventTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t / 1000)),
        "eventSource": source,
        "eventName": rng.choice(names),
        "awsRegion": "us-east-1",
        "sourceIPAddress": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}",
        "userAgent": rng.choice(["aws-cli/2.9.19 Python/3.11.2 Linux/6.1 exe/x86_64.debian.12",
                                 "containerd/1.7.2", "Boto3/1.34.0 md/Botocore#1.34.0"]),
        "requestParameters": {"repositoryName": repo, "registryId": "123456789012",
                              "imageIds": [{"imageTag": f"v{rng.randrange(100)}"}]},
        "responseElements": None,
        "requestID": f"{rng.getrandbits(128):032x}",
        "eventID": f"{rng.getrandbits(128):032x}",
        "readOnly": rng.random() < 0.7,
        "resources": [{"ARN": f"arn:aws:ecr:us-east-1:123456789012:repository/{repo}",
                       "accountId": "123456789012", "type": "AWS::ECR::Repository"}],
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": "123456789012",
        "eventCategory": "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader": "api.ecr.us-east-1.amazonaws.com"},
    }
    if rng.random() < 0.12:
        code, message = rng.choice(ERRORS)
        r["errorCode"], r["errorMessage"] = code, message
    code = r.get("errorCode", "")
    matches = source == "ecr.amazonaws.com" and (code.startswith("AccessDenied") or
                                                 "Unauthorized" in code)
    return json.dumps(r, separators=(",", ":")), matches


def generate(path, size_bytes, start_ms, span_ms):
    """Writes records until size_bytes; returns (records, matches), timestamps evenly spread."""
    rng = random.Random(7)
    n = matches = written = 0
    # Roughly how many records there will be, to spread the timestamps over the span.
    expected = max(1, size_bytes // 1000)
    with open(path, "w") as f:
        while written < size_bytes:
            t = start_ms + min(n, expected - 1) * span_ms // expected
            line, hit = record(rng, n, t)
            f.write(line + "\n")
            written += len(line) + 1
            matches += hit
            n += 1
    return n, matches


def timestamped(path, limit_bytes, start_ms, span_ms, total):
    """(timestamp, message) pairs from the file, in order, up to limit_bytes of it."""
    read = 0
    with open(path) as f:
        for n, line in enumerate(f):
            read += len(line)
            if read > limit_bytes:
                return
            yield start_ms + min(n, total - 1) * span_ms // total, line.rstrip("\n")


def ingest_berth(endpoint, credentials, group, events):
    client = Client(endpoint, credentials)
    client.call("CreateLogGroup", {"logGroupName": group})
    for s in range(STREAMS):
        client.call("CreateLogStream", {"logGroupName": group, "logStreamName": f"s{s}"})
    work = queue.Queue(maxsize=16)
    failures = []

    def worker():
        c = Client(endpoint, credentials)
        while True:
            item = work.get()
            if item is None:
                return
            try:
                out = c.call("PutLogEvents", body=item)
                if "rejectedLogEventsInfo" in out:
                    failures.append(out["rejectedLogEventsInfo"])
            except Exception as e:  # noqa: BLE001 - reported after the run
                failures.append(str(e))

    threads = [threading.Thread(target=worker) for _ in range(INGEST_THREADS)]
    for t in threads:
        t.start()
    for i, batch in enumerate(batches(events)):
        work.put(json.dumps({"logGroupName": group, "logStreamName": f"s{i % STREAMS}",
                             "logEvents": batch}).encode())
    for _ in threads:
        work.put(None)
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError(f"ingestion failed: {failures[:3]}")


def filter_berth(endpoint, credentials, group):
    """(seconds, matching events, calls) of FilterLogEvents paged to the end."""
    client = Client(endpoint, credentials)
    start = time.time()
    count = calls = 0
    params = {"logGroupName": group, "filterPattern": PATTERN}
    while True:
        out = client.call("FilterLogEvents", params)
        calls += 1
        count += len(out["events"])
        if "nextToken" not in out:
            return time.time() - start, count, calls
        params["nextToken"] = out["nextToken"]


def run_jq(path):
    start = time.time()
    out = subprocess.run(f"jq -c '{JQ}' {path} | wc -l", shell=True, capture_output=True,
                         text=True, check=True)
    return time.time() - start, int(out.stdout.strip())


def best_of_two(fn):
    first, second = fn(), fn()
    return first if first[0] <= second[0] else second


def moto_run(path, subset_bytes, start_ms, span_ms, total):
    port = free_port()
    proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, proc)
        logs = boto3.client("logs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                            aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x" * 40,
                            config=botocore.config.Config(retries={"max_attempts": 1}))
        logs.create_log_group(logGroupName="subset")
        for s in range(STREAMS):
            logs.create_log_stream(logGroupName="subset", logStreamName=f"s{s}")
        for i, batch in enumerate(batches(timestamped(path, subset_bytes, start_ms, span_ms,
                                                      total))):
            logs.put_log_events(logGroupName="subset", logStreamName=f"s{i % STREAMS}",
                                logEvents=batch)

        def scan():
            begin = time.time()
            count = 0
            for page in logs.get_paginator("filter_log_events").paginate(
                    logGroupName="subset", filterPattern=PATTERN):
                count += len(page["events"])
            return time.time() - begin, count

        return best_of_two(scan)
    finally:
        stop(proc)


def moto_version():
    try:
        import moto
        return moto.__version__
    except Exception:  # noqa: BLE001 - only for the report
        return "?"


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-filter-", dir=os.environ.get("BENCH_TMPDIR"))
    berth = None
    try:
        path = os.path.join(tmp, "records.json")
        now = int(time.time() * 1000)
        start_ms, span_ms = now - 12 * 3600 * 1000, 12 * 3600 * 1000 - 60000
        began = time.time()
        total, matches = generate(path, SIZE_MB * MB, start_ms, span_ms)
        size = os.path.getsize(path)
        print(f"generated {total:,} records, {size / MB:,.0f} MB, {matches:,} match "
              f"({time.time() - began:.0f} s)", flush=True)
        subset_path = os.path.join(tmp, "subset.json")
        subset_bytes = MOTO_MB * MB
        with open(path) as src, open(subset_path, "w") as dst:
            copied = 0
            for line in src:
                if copied + len(line) > subset_bytes:
                    break
                dst.write(line)
                copied += len(line)

        started = start_berth(BERTH_BIN, tmp)
        berth, endpoint, credentials = started.proc, started.endpoint, started.credentials
        began = time.time()
        ingest_berth(endpoint, credentials, "/bench/cloudtrail",
                     timestamped(path, size, start_ms, span_ms, total))
        ingest_s = time.time() - began
        print(f"ingested into berth in {ingest_s:.0f} s", flush=True)
        ingest_berth(endpoint, credentials, "/bench/subset",
                     timestamped(path, subset_bytes, start_ms, span_ms, total))
        _, idle_rss = rss_kb(berth.pid)

        berth_s, berth_count, berth_calls = best_of_two(
            lambda: filter_berth(endpoint, credentials, "/bench/cloudtrail"))
        hwm, rss = rss_kb(berth.pid)
        print(f"berth: {berth_s:.2f} s, {berth_count:,} events, {berth_calls} calls", flush=True)
        jq_s, jq_count = best_of_two(lambda: run_jq(path))
        print(f"jq: {jq_s:.2f} s, {jq_count:,}", flush=True)
        sub_berth_s, sub_berth_count, _ = best_of_two(
            lambda: filter_berth(endpoint, credentials, "/bench/subset"))
        sub_jq_s, sub_jq_count = best_of_two(lambda: run_jq(subset_path))
        stop(berth)
        moto_s, moto_count = moto_run(path, subset_bytes, start_ms, span_ms, total)
        print(f"moto (subset): {moto_s:.2f} s, {moto_count:,}", flush=True)
    finally:
        stop(berth)
        shutil.rmtree(tmp, ignore_errors=True)

    agree = "yes" if berth_count == jq_count == matches else "NO"
    sub_agree = ("yes" if sub_berth_count == sub_jq_count == moto_count
                 else f"no (berth {sub_berth_count:,}, jq {sub_jq_count:,}, moto {moto_count:,})")
    report = f"""
## FilterLogEvents with a JSON pattern vs jq vs moto_server ({datetime.date.today().isoformat()})

Machine: {machine()}; shared with other engineers' builds and tests, so numbers are noisy.
berth commit {commit()}, Release build. {total:,} CloudTrail-shaped records
({size / MB:,.0f} MB of JSON, ~{size // total} bytes each) in one log group over {STREAMS}
streams (ingested with PutLogEvents in {ingest_s:.0f} s by a 4-thread Python client), and the
same records as a JSON-lines file. Pattern `{PATTERN}`; jq computes the same with
`jq -c '{JQ}' | wc -l`. FilterLogEvents is paged to the end by a Python client (raw signed
HTTP, each page's JSON parsed). Best of two runs each, data in the page cache.

| over | berth FilterLogEvents | jq | moto_server {moto_version()} | berth / jq | matches, all agree |
|---|---:|---:|---:|---:|---|
| {size / MB:,.0f} MB | {berth_s:.2f} s ({size / MB / berth_s:,.0f} MB/s, {berth_calls} calls) | {jq_s:.2f} s ({size / MB / jq_s:,.0f} MB/s) | — | **{jq_s / berth_s:.1f}×** | {berth_count:,}: {agree} |
| first {subset_bytes / MB:,.0f} MB | {sub_berth_s:.3f} s | {sub_jq_s:.3f} s | {moto_s:.2f} s | {sub_jq_s / sub_berth_s:.1f}× (moto: {moto_s / sub_berth_s:,.0f}× berth's time) | {sub_berth_count:,}: {sub_agree} |

Target: ≥ 10× jq. berth's memory while scanning {size / MB:,.0f} MB: peak RSS
{hwm / 1024:.0f} MB (RSS before the scans {idle_rss / 1024:.0f} MB, after {rss / 1024:.0f} MB).
"""
    print(report)
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(report)


if __name__ == "__main__":
    main()
