"""Benchmark: CloudTrail recording and event history.

1. Recording overhead: the same berth build serving with `--record-events on` and `off` (two
   servers side by side, idle but for the run at hand), BENCH_PAIRS (5) pairs of runs back to
   back (on then off, then off then on, ...), each `wrk -t1 -c64` on a signed ECR DescribeRepositories and on a /v2
   manifest GET by tag. This machine's speed drifts by ±15% within minutes, so each on run is
   compared with the off run next to it: reported are every pair's on/off and their median (the
   target is at least 90%).
2. The history without the server (bench_cloudtrail_history): events recorded per second in
   1,000-event commits (durable), indexed, and delivered by a logging trail (gzipped log files
   into a bucket and every record into a log group, the real services), then LookupEvents page
   latency (p50/p99 of 200 lookups, half of them deep pages) for each lookup attribute over that
   history.

Environment: BERTH_BIN, BENCH_DURATION (10s), BENCH_PAIRS (5), BENCH_HISTORY_EVENTS (1000000),
BENCH_SKIP_SERVER=1 (only part 2), BENCH_SKIP_HISTORY=1 (only part 1).
"""
import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from benchlib import machine, run_wrk, start_berth, stop  # noqa: E402
from describe_repositories import wrk_script  # noqa: E402
from logs_common import commit  # noqa: E402
from registry import berth_login  # noqa: E402
import oci  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
HISTORY_BIN = os.path.join(os.path.dirname(BERTH_BIN), "bench_cloudtrail_history")
DURATION = os.environ.get("BENCH_DURATION", "10s")
PAIRS = int(os.environ.get("BENCH_PAIRS", "5"))
CONNECTIONS = "64"
EVENTS = int(os.environ.get("BENCH_HISTORY_EVENTS", "1000000"))
ACCEPT = "Accept: application/vnd.oci.image.manifest.v1+json"


class Server:
    """A berth serving with recording on or off, set up for both workloads."""

    def __init__(self, tmp, record):
        self.berth = start_berth(BERTH_BIN, tmp, "--record-events", record, data=f"data-{record}",
                                 access_log=f"access-{record}.log")
        ecr, _, self.token = berth_login(self.berth)
        for i in range(20):
            ecr.create_repository(repositoryName=f"bench/r{i:02d}")
        oci.push(ecr, "bench/r00", oci.Image("bench", layer_count=2), tag="v1")
        self.script = os.path.join(tmp, f"describe-{record}.lua")
        wrk_script(self.berth.endpoint, *self.berth.credentials, self.script)

    def run(self, workload):
        url = self.berth.endpoint
        if workload == "api":
            return run_wrk(url + "/", CONNECTIONS, DURATION, script=self.script)["rps"]
        return run_wrk(url + "/v2/bench/r00/manifests/v1", CONNECTIONS, DURATION,
                       [f"Authorization: Basic {self.token}", ACCEPT])["rps"]


def overhead(tmp):
    """{workload: [(on rps, off rps), ...]}, each pair run back to back."""
    servers = {record: Server(tmp, record) for record in ("on", "off")}
    try:
        pairs = {"api": [], "v2": []}
        for i in range(PAIRS):
            for workload in pairs:
                # Which goes first alternates, so a steady drift favours neither.
                order = ("on", "off") if i % 2 == 0 else ("off", "on")
                rps = {record: servers[record].run(workload) for record in order}
                on, off = rps["on"], rps["off"]
                pairs[workload].append((on, off))
                print(workload, f"on {on:,.0f} off {off:,.0f} = {on / off:.0%}", flush=True)
        return pairs
    finally:
        for server in servers.values():
            stop(server.berth.proc)


def overhead_row(name, pairs):
    ratios = [on / off for on, off in pairs]
    each = ", ".join(f"{r:.0%}" for r in ratios)
    return (f"| {name} | {statistics.median(on for on, _ in pairs):,.0f} | "
            f"{statistics.median(off for _, off in pairs):,.0f} | {each} | "
            f"**{statistics.median(ratios):.0%}** |\n")


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-trail-")
    try:
        section = f"""
## CloudTrail recording and event history ({datetime.date.today().isoformat()})

Machine: {machine()}. Run with `bench/cloudtrail.sh` (berth Release build, commit {commit()}).
"""
        if not os.environ.get("BENCH_SKIP_SERVER"):
            pairs = overhead(tmp)
            section += f"""
Recording overhead: the same build serving with `--record-events on` and `off`, side by side;
{PAIRS} pairs of runs back to back (on then off, then off then on, ...), `wrk -t1 -c{CONNECTIONS} -d{DURATION}`, server
and wrk on the same cores (medians of the {PAIRS} runs; on / off of each pair, in order):

| workload | recording on, req/s | recording off, req/s | on / off, each pair | median on / off |
|---|---:|---:|---|---:|
""" + overhead_row("ECR DescribeRepositories (signed)", pairs["api"]) + \
                overhead_row("/v2 manifest GET by tag", pairs["v2"])
        if os.environ.get("BENCH_SKIP_HISTORY"):
            with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
                f.write(section)
            print(section)
            return
        history = subprocess.run([HISTORY_BIN, str(EVENTS), os.path.join(tmp, "history")],
                                 capture_output=True, text=True, check=True).stdout
        print(history)
        stat = {k: float(v) for k, v in re.findall(r"(\w+_per_s|log_files|log_group_bytes)=([\d.]+)",
                                                  history)}
        lookups = re.findall(r"attribute=(\S+) p50_ms=([\d.]+) p99_ms=([\d.]+) events=(\d+)",
                             history)
        if stat["delivered_per_s"] > 0:
            section += f"""
Recording without the server (`bench_cloudtrail_history {EVENTS}`: on 2 cores the HTTP server
cannot make 50,000 calls/s, so the history's capacity is measured on its own), while the seed's
trail delivers every event, each second, as gzipped log files into a bucket
({stat['log_files']:,.0f} files) and as log events into `/aws/cloudtrail/ecr-logs`
({stat['log_group_bytes'] / 1e6:,.0f} MB), through the real CloudTrail, S3 and Logs services:

| recorded (durable, 1,000-event commits) | indexed | delivered |
|---:|---:|---:|
| {stat['events_per_s']:,.0f} events/s | {stat['indexed_per_s']:,.0f} events/s | {stat['delivered_per_s']:,.0f} events/s |

(each rate: {EVENTS:,} events over the time from the first append until all of them were
recorded, indexed, delivered). Then LookupEvents pages (51 rows asked, 200 lookups, half of them
deep pages) over those {EVENTS:,} events:

"""
        else:
            section += f"""
History of {EVENTS:,} events (`BENCH_DELIVERY=0 bench_cloudtrail_history {EVENTS}`, no trail
delivering): recorded at {stat['events_per_s']:,.0f} events/s (durable, 1,000-event commits),
indexed at {stat['indexed_per_s']:,.0f} events/s. LookupEvents pages (51 rows asked, 200 lookups,
half of them deep pages) over those {EVENTS:,} events:

"""
        section += """| attribute | p50 ms | p99 ms | events returned by the 200 |
|---|---:|---:|---:|
""" + "".join(f"| {a} | {p50} | {p99} | {n} |\n" for a, p50, p99, n in lookups)
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write(section)
        print(section)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
