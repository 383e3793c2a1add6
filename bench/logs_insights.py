"""Benchmark: a Logs Insights `filter … | stats count(*) by …` over CloudTrail-shaped records,
berth (StartQuery to Complete) vs jq computing the same answer over the same records as a file,
with berth's memory while the query scans; FilterLogEvents with a JSON pattern alongside.

1. Generates BENCH_INSIGHTS_MB (default 1024) MB of CloudTrail-shaped JSON records (~1 KB each,
   one per line; logs_filter.py's generator) into a file.
2. Starts berth (BERTH_BIN, default build/release/berth) and ingests them with PutLogEvents into
   one log group, round-robin over 8 streams, timestamps spread over the last 12 hours.
3. For each Insights query below: resets berth's peak RSS (/proc/PID/clear_refs), times
   StartQuery until GetQueryResults says Complete (polled every 20 ms), reads the peak RSS, and
   times jq computing the same counts with one `reduce` over the file; best of two runs each;
   checks the answers agree. Then FilterLogEvents with logs_filter.py's JSON pattern, paged to
   the end, and its jq, once each.
Prints the results and appends them, with the machine and the date, to bench/RESULTS.md. Every
process it starts is stopped by PID; its temp dir (BENCH_TMPDIR, default the system's) goes.
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import machine, rss_kb, start_berth, stop  # noqa: E402
from logs_common import Client, commit  # noqa: E402
from logs_filter import (JQ as FILTER_JQ, PATTERN, STREAMS, best_of_two, filter_berth,  # noqa: E402
                         generate, ingest_berth, run_jq, timestamped)

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
SIZE_MB = int(os.environ.get("BENCH_INSIGHTS_MB", "1024"))
MB = 1_000_000
GROUP = "/bench/cloudtrail"

# (Insights query, the result column that keys its groups, jq filter yielding that key per
# counted record). jq counts with one reduce: a single pass, no sort.
QUERIES = [
    ('filter eventSource = "ecr.amazonaws.com" | stats count(*) by eventName',
     "eventName",
     'select(.eventSource == "ecr.amazonaws.com") | .eventName'),
    ('filter eventSource = "ecr.amazonaws.com" and errorCode like /AccessDenied|Unauthorized/ '
     "| stats count(*) by userIdentity.userName",
     "userIdentity.userName",
     'select(.eventSource == "ecr.amazonaws.com" and (.errorCode | type) == "string" and '
     '(.errorCode | test("AccessDenied|Unauthorized"))) | .userIdentity.userName'),
]


def rss_parts_kb(pid):
    """(anonymous, file-backed) resident memory of a process, in KiB. berth's SQLite connections
    map the database (mmap_size 1 GiB): pages a scan reads count as file-backed RSS, page cache
    the kernel may drop, while the heap is anonymous."""
    status = open(f"/proc/{pid}/status").read()
    return (int(re.search(r"RssAnon:\s+(\d+)", status).group(1)),
            int(re.search(r"RssFile:\s+(\d+)", status).group(1)))


def reset_peak_rss(pid):
    """Makes VmHWM start again from the current RSS (Linux: 5 > clear_refs)."""
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def insights_berth(endpoint, credentials, pid, query, key, start_s, end_s):
    """(seconds, {key: count}, statistics, peak RSS KiB, largest anonymous RSS seen KiB) from
    StartQuery to Complete."""
    client = Client(endpoint, credentials)
    reset_peak_rss(pid)
    anon = rss_parts_kb(pid)[0]
    begin = time.time()
    query_id = client.call("StartQuery", {"logGroupName": GROUP, "startTime": start_s,
                                          "endTime": end_s, "queryString": query})["queryId"]
    while True:
        out = client.call("GetQueryResults", {"queryId": query_id})
        anon = max(anon, rss_parts_kb(pid)[0])
        if out["status"] not in ("Scheduled", "Running"):
            break
        time.sleep(0.02)
    seconds = time.time() - begin
    peak, _ = rss_kb(pid)
    if out["status"] != "Complete":
        raise RuntimeError(f"query ended {out['status']}")
    counts = {}
    for row in out["results"]:
        fields = {f["field"]: f["value"] for f in row}
        counts[fields.get(key)] = int(fields["count(*)"])
    return seconds, counts, out["statistics"], peak, anon


def jq_counts(path, select):
    begin = time.time()
    out = subprocess.run(["jq", "-n", "-c", f"reduce (inputs | {select}) as $k ({{}}; "
                          '.[$k | tostring] += 1)', path],
                         capture_output=True, text=True, check=True)
    return time.time() - begin, json.loads(out.stdout)


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-insights-", dir=os.environ.get("BENCH_TMPDIR"))
    berth = None
    rows = []
    try:
        path = os.path.join(tmp, "records.json")
        now = int(time.time() * 1000)
        start_ms, span_ms = now - 12 * 3600 * 1000, 12 * 3600 * 1000 - 60000
        began = time.time()
        total, _ = generate(path, SIZE_MB * MB, start_ms, span_ms)
        size = os.path.getsize(path)
        print(f"generated {total:,} records, {size / MB:,.0f} MB ({time.time() - began:.0f} s)",
              flush=True)
        started = start_berth(BERTH_BIN, tmp)
        berth, endpoint, credentials = started.proc, started.endpoint, started.credentials
        began = time.time()
        ingest_berth(endpoint, credentials, GROUP,
                     timestamped(path, size, start_ms, span_ms, total))
        ingest_s = time.time() - began
        _, idle_rss = rss_kb(berth.pid)
        idle_anon, idle_file = rss_parts_kb(berth.pid)
        print(f"ingested into berth in {ingest_s:.0f} s; RSS {idle_rss / 1024:.0f} MB", flush=True)
        start_s, end_s = start_ms // 1000 - 60, now // 1000 + 60
        for query, key, select in QUERIES:
            runs = [insights_berth(endpoint, credentials, berth.pid, query, key, start_s, end_s)
                    for _ in range(2)]
            b_s, b_counts, stats, _, _ = min(runs, key=lambda r: r[0])
            peak = max(r[3] for r in runs)
            anon = max(r[4] for r in runs)
            j_s, j_counts = best_of_two(lambda: jq_counts(path, select))
            agree = b_counts == j_counts and stats["recordsScanned"] == total
            print(f"{query}\n  berth {b_s:.2f} s, peak RSS {peak / 1024:.0f} MB (anonymous "
                  f"{anon / 1024:.0f} MB); jq {j_s:.2f} s; "
                  f"{sum(b_counts.values()):,} counted in {len(b_counts)} groups; agree: {agree}",
                  flush=True)
            rows.append((query, b_s, j_s, peak, anon, sum(b_counts.values()), len(b_counts),
                         agree))
        reset_peak_rss(berth.pid)
        f_s, f_count, f_calls = filter_berth(endpoint, credentials, GROUP)
        f_peak, _ = rss_kb(berth.pid)
        fj_s, fj_count = run_jq(path)
        print(f"FilterLogEvents {f_s:.2f} s ({f_calls} calls), jq {fj_s:.2f} s", flush=True)
    finally:
        stop(berth)
        shutil.rmtree(tmp, ignore_errors=True)

    table = "\n".join(
        f"| `{q.replace('|', chr(92) + '|')}` | {b_s:.2f} s ({size / MB / b_s:,.0f} MB/s) | {j_s:.2f} s | **{j_s / b_s:.1f}×** "
        f"| {peak / 1024:.0f} MB | {anon / 1024:.0f} MB | {n:,} in {groups} groups: "
        f"{'yes' if ok else 'NO'} |"
        for q, b_s, j_s, peak, anon, n, groups, ok in rows)
    report = f"""
## Logs Insights `filter … | stats count(*) by …` vs jq ({datetime.date.today().isoformat()})

Machine: {machine()}; shared with other engineers' builds and tests, so numbers are noisy.
berth commit {commit()}, Release build. {total:,} CloudTrail-shaped records
({size / MB:,.0f} MB of JSON, ~{size // total} bytes each; logs_filter.py's generator) in one log
group over {STREAMS} streams (ingested in {ingest_s:.0f} s), and the same records as a JSON-lines
file. berth: StartQuery, then GetQueryResults every 20 ms until Complete (raw signed HTTP), the
query scanning every record newest first on one of the logs service's 2 query workers. jq:
`jq -n 'reduce (inputs | <select> | <key>) as $k ({{}}; .[$k | tostring] += 1)'`, one pass, the
same counts. Best of two runs each, data in the page cache. Memory: berth's SQLite connections
map the database file (mmap_size 1 GiB), so the pages a scan reads count in its RSS as
file-backed pages (page cache the kernel can drop), next to the heap (anonymous RSS). "Peak RSS"
is VmHWM, reset just before StartQuery (both kinds); "heap" is the largest RssAnon sampled every
20 ms while the query ran. After ingestion, before the queries: RSS {idle_rss / 1024:.0f} MB, of
which {idle_anon / 1024:.0f} MB anonymous (SQLite's page caches among it) and
{idle_file / 1024:.0f} MB file-backed.

| query | berth StartQuery → Complete | jq | jq / berth | berth peak RSS | heap (RssAnon) | counted, agree |
|---|---:|---:|---:|---:|---:|---|
{table}

Alongside, over the same group: FilterLogEvents with `{PATTERN}` paged to the end took
{f_s:.2f} s ({f_calls} calls, {f_count:,} events, peak RSS {f_peak / 1024:.0f} MB) against jq's
{fj_s:.2f} s for `{FILTER_JQ}` ({fj_count:,}; one run each). Target: ≥ 10× jq.
"""
    print(report)
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(report)


if __name__ == "__main__":
    main()
