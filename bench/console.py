"""Benchmark: the web console in Debian's chromium (playwright-core, tests/e2e/browser/console.mjs).

Starts berth (BERTH_BIN, default build/release/berth) on a free loopback port, makes 60 ECR calls
so that Event history has more than a page, then measures with a fresh browser profile:
- the first page load (GET / → sign-in page, cold cache): bytes transferred (CDP
  encodedDataLength, headers included) and requests; then the bytes after signing in (home page);
- Event history: from LookupEvents' response in hand to its 50 rows painted (performance marks
  in the page), 7 loads, median.
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
from benchlib import ecr_client, machine, start_berth, stop  # noqa: E402


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-console-")
    server = start_berth(BERTH_BIN, tmp)
    try:
        key_id, secret = server.credentials
        ecr = ecr_client(server.endpoint, key_id, secret)
        for i in range(60):
            ecr.create_repository(repositoryName=f"bench/console-{i:02d}")
        artifacts = os.path.join(tmp, "artifacts")
        os.makedirs(artifacts)
        options = {"endpoint": server.endpoint, "accessKeyId": key_id, "secretAccessKey": secret,
                   "artifacts": artifacts, "runs": 7}
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
    text = f"""
## Web console: first load and Event history ({datetime.date.today().isoformat()})

Machine: {machine()}. Run with `python3 bench/console.py` (berth Release build, commit {commit});
Debian chromium driven by playwright-core, a fresh profile (cold cache), everything on loopback.

| measure | result | target |
|---|---:|---:|
| first page load (GET / → sign-in page): bytes transferred, headers included | **{out['firstLoadBytes']:,} B** ({out['firstLoadRequests']} requests) | < 300 KB |
| … plus signing in and the home page | {out['afterSignInBytes']:,} B | |
| Event history, 50 events: LookupEvents response → rows painted, median of {len(render)} | **{statistics.median(render):.1f} ms** (min {min(render):.1f}, max {max(render):.1f}) | < 100 ms |

Every asset is served gzip-compressed (gzip -9 at build time); pages load their module on first
visit, and uPlot (22 KB gzipped) only with the metrics page.
"""
    print(text)
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
