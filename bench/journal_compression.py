"""Benchmark: the CloudTrail journal compressed (zstd frames with a trained dictionary) vs plain.

1. Through the server: three berths side by side, the same build, serving with recording off,
   with recording on and the journal compressed (`--event-journal-compression zstd`, the
   default), and with recording on and the journal plain (`off`). BENCH_ROUNDS (3) rounds of
   `wrk -t1 -c64` on a signed ECR DescribeRepositories, each round running the three in a
   rotated order; reported are each round's on/off ratios (so drift between rounds cancels) and
   the journal bytes per recorded call each server's data dir ended with.
2. Without the server (bench_cloudtrail_history, as bench/cloudtrail.py runs it, no trail
   delivering): BENCH_HISTORY_EVENTS (300,000) events recorded in 1,000-event commits into a
   compressed and into a plain journal: events/s, journal bytes per event, the index's
   (berth.db) bytes per event, and LookupEvents p50/p99 per attribute over each.

Journal bytes are those of the records or frames in the segments (a preallocated segment's
zeros not counted: they are reused, not grown) plus the dictionary.

Environment: BERTH_BIN, BENCH_DURATION (10s), BENCH_ROUNDS (3), BENCH_HISTORY_EVENTS (300000),
BENCH_SKIP_SERVER=1, BENCH_SKIP_HISTORY=1.
"""
import datetime
import os
import re
import shutil
import sqlite3
import statistics
import struct
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

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
HISTORY_BIN = os.path.join(os.path.dirname(BERTH_BIN), "bench_cloudtrail_history")
DURATION = os.environ.get("BENCH_DURATION", "10s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
EVENTS = int(os.environ.get("BENCH_HISTORY_EVENTS", "300000"))
CONFIGS = {  # name: berth serve arguments
    "off": ["--record-events", "off"],
    "zstd": ["--record-events", "on", "--event-journal-compression", "zstd"],
    "plain": ["--record-events", "on", "--event-journal-compression", "off"],
}


def journal_bytes(journal_dir):
    """(bytes of records/frames and dictionaries, last seq) of a journal directory."""
    total, last = 0, 0
    for name in sorted(os.listdir(journal_dir)):
        path = os.path.join(journal_dir, name)
        if re.fullmatch(r"dict-\d+\.zdict", name):
            total += os.path.getsize(path)
            continue
        if not name.startswith("seg-"):
            continue
        data = open(path, "rb").read()
        at = 0
        while at + 24 <= len(data):
            if name.endswith(".zlog"):
                first, count, _, stored = struct.unpack_from("<QHHI", data, at)
                if first == 0:
                    break
                at += 24 + stored
                last = first + count - 1
            else:
                seq, _, length = struct.unpack_from("<QqI", data, at)
                if seq == 0:
                    break
                at += 24 + length
                last = seq
        total += at
    return total, last


def server_runs(tmp):
    servers = {}
    try:
        for name, args in CONFIGS.items():
            berth = start_berth(BERTH_BIN, tmp, *args, data=f"data-{name}",
                                access_log=f"access-{name}.log")
            ecr, _, _ = berth_login(berth)
            for i in range(20):
                ecr.create_repository(repositoryName=f"bench/r{i:02d}")
            script = os.path.join(tmp, f"describe-{name}.lua")
            wrk_script(berth.endpoint, *berth.credentials, script)
            servers[name] = (berth, script)
        # A warm-up run each: the compressed journal trains its dictionary once, on its first
        # megabyte of records (a quarter of a second of CPU, once in a data dir's life).
        for berth, script in servers.values():
            run_wrk(berth.endpoint + "/", "64", "3s", script=script)
        rounds = []
        names = list(CONFIGS)
        for r in range(ROUNDS):
            order = names[r % 3:] + names[:r % 3]
            rps = {}
            for name in order:
                berth, script = servers[name]
                rps[name] = run_wrk(berth.endpoint + "/", "64", DURATION, script=script)["rps"]
            print(f"round {r + 1}: " + ", ".join(f"{n} {rps[n]:,.0f}" for n in names), flush=True)
            rounds.append(rps)
    finally:
        for berth, _ in servers.values():
            stop(berth.proc)
    sizes = {}
    for name in ("zstd", "plain"):
        sizes[name] = journal_bytes(os.path.join(tmp, f"data-{name}", "cloudtrail-journal"))
    return rounds, sizes


def history_run(tmp, compression):
    path = os.path.join(tmp, f"history-{compression}")
    env = dict(os.environ, BENCH_DELIVERY="0", BENCH_JOURNAL_COMPRESSION=compression,
               BENCH_KEEP_DIR="1")
    out = subprocess.run([HISTORY_BIN, str(EVENTS), path], capture_output=True, text=True,
                         check=True, env=env).stdout
    print(out, flush=True)
    stat = {k: float(v) for k, v in re.findall(r"(\w+_per_s)=([\d.]+)", out)}
    lookups = re.findall(r"attribute=(\S+) p50_ms=([\d.]+) p99_ms=([\d.]+)", out)
    journal, last = journal_bytes(os.path.join(path, "journal"))
    # The index as SQLite keeps it: the WAL checkpointed into berth.db first (the tool exits
    # before SQLite's own checkpoint; an uncheckpointed WAL holds a page image per commit).
    db = sqlite3.connect(os.path.join(path, "berth.db"))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    index = os.path.getsize(os.path.join(path, "berth.db"))
    shutil.rmtree(path, ignore_errors=True)
    return stat, lookups, journal / last, index / last


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-journal-")
    try:
        load = open("/proc/loadavg").read().split()[0]
        section = f"""
## CloudTrail journal compression ({datetime.date.today().isoformat()})

Machine: {machine()}; load average {load} at the start: the machine was shared with other
builds and benchmarks, so absolute rates are low and noisy — compare the ratios, each taken
within one run. Run with `bench/journal_compression.sh` (berth Release build, commit {commit()}).
"""
        if not os.environ.get("BENCH_SKIP_SERVER"):
            rounds, sizes = server_runs(tmp)
            ratio = {n: [r[n] / r["off"] for r in rounds] for n in ("zstd", "plain")}
            per_call = {n: sizes[n][0] / max(sizes[n][1], 1) for n in sizes}
            section += f"""
Through the server: three berths side by side (recording off; on with the journal compressed;
on with it plain), {ROUNDS} rounds of `wrk -t1 -c64 -d{DURATION}` on a signed ECR
DescribeRepositories, the three in a rotated order each round (after a 3 s warm-up run each, in
which the compressed journal trains its dictionary):

| server | req/s (median) | on / off, each round | median on / off | journal bytes per recorded call |
|---|---:|---|---:|---:|
| recording off | {statistics.median(r['off'] for r in rounds):,.0f} | | | |
| recording on, journal zstd | {statistics.median(r['zstd'] for r in rounds):,.0f} | {", ".join(f"{x:.0%}" for x in ratio['zstd'])} | **{statistics.median(ratio['zstd']):.0%}** | {per_call['zstd']:,.0f} ({sizes['zstd'][1]:,} calls) |
| recording on, journal plain | {statistics.median(r['plain'] for r in rounds):,.0f} | {", ".join(f"{x:.0%}" for x in ratio['plain'])} | **{statistics.median(ratio['plain']):.0%}** | {per_call['plain']:,.0f} ({sizes['plain'][1]:,} calls) |

Journal bytes per recorded call, plain / zstd: **{per_call['plain'] / per_call['zstd']:.1f}x** less
disk.
"""
        if not os.environ.get("BENCH_SKIP_HISTORY"):
            runs = {c: history_run(tmp, c) for c in ("zstd", "off")}
            zstd, plain = runs["zstd"], runs["off"]
            section += f"""
Without the server (`BENCH_DELIVERY=0 bench_cloudtrail_history {EVENTS}`, CloudTrail-shaped
records in 1,000-event commits, durable), compressed then plain:

| journal | recorded events/s | indexed events/s | journal bytes per event | index (berth.db, checkpointed) bytes per event |
|---|---:|---:|---:|---:|
| zstd | {zstd[0]['events_per_s']:,.0f} | {zstd[0]['indexed_per_s']:,.0f} | {zstd[2]:,.0f} | {zstd[3]:,.0f} |
| plain | {plain[0]['events_per_s']:,.0f} | {plain[0]['indexed_per_s']:,.0f} | {plain[2]:,.0f} | {plain[3]:,.0f} |

Journal bytes per event, plain / zstd: **{plain[2] / zstd[2]:.1f}x**; recording rate zstd / plain:
**{zstd[0]['events_per_s'] / plain[0]['events_per_s']:.0%}**. LookupEvents pages (51 rows asked,
200 lookups, half of them deep pages) over each history:

| attribute | zstd p50 ms | zstd p99 ms | plain p50 ms | plain p99 ms |
|---|---:|---:|---:|---:|
""" + "".join(f"| {a} | {p50} | {p99} | {q50} | {q99} |\n"
              for (a, p50, p99), (_, q50, q99) in zip(zstd[1], plain[1]))
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write(section)
        print(section)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
