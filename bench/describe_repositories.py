"""Benchmark: signed DescribeRepositories over keep-alive connections, berth vs moto_server.

Starts berth (BERTH_BIN, default build/release/berth) and moto_server on free loopback ports,
creates the same 20 repositories in each with boto3, signs one DescribeRepositories request per
server with botocore (valid for 15 minutes, so wrk can replay it), drives each with
`wrk -t1 -c64 -d15s --latency`, and appends the results, with the machine and the date, to
bench/RESULTS.md. Everything it starts is stopped by PID when it ends.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

import botocore.auth
import botocore.awsrequest
import botocore.credentials

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
DURATION = os.environ.get("BENCH_DURATION", "15s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "64")
TARGET = "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"
sys.path.insert(0, HERE)
from benchlib import (ecr_client, free_port, machine, rss_kb, run_wrk, start_berth, stop,  # noqa: E402
                      wait_for_port)


def wrk_script(endpoint, key_id, secret, path):
    body = b"{}"
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=endpoint + "/", data=body,
        headers={"X-Amz-Target": TARGET, "Content-Type": "application/x-amz-json-1.1"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key_id, secret), "ecr",
                            "us-east-1").add_auth(request)
    lines = ['wrk.method = "POST"', f'wrk.body = "{body.decode()}"']
    for name, value in request.headers.items():
        lines.append(f'wrk.headers["{name}"] = "{value}"')
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-")
    berth = moto = None
    try:
        # berth
        started = start_berth(BERTH_BIN, tmp, access_log=os.path.abspath(
            os.environ.get("BENCH_ACCESS_LOG", os.path.join(tmp, "access.log"))))
        berth, endpoint, (key_id, secret) = started.proc, started.endpoint, started.credentials
        ecr = ecr_client(endpoint, key_id, secret)
        for i in range(20):
            ecr.create_repository(repositoryName=f"bench/repo-{i:02d}")
        assert len(ecr.describe_repositories()["repositories"]) == 20
        idle_hwm, idle_rss = rss_kb(berth.pid)
        script = os.path.join(tmp, "berth.lua")
        wrk_script(endpoint, key_id, secret, script)
        berth_result = run_wrk(endpoint + "/", CONNECTIONS, DURATION, script=script)
        load_hwm, load_rss = rss_kb(berth.pid)
        stop(berth)

        # moto_server, same calls
        mport = free_port()
        moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(mport)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(mport, moto)
        mendpoint = f"http://127.0.0.1:{mport}"
        mecr = ecr_client(mendpoint, "AKIAIOSFODNN7EXAMPLE", "x" * 40)
        for i in range(20):
            mecr.create_repository(repositoryName=f"bench/repo-{i:02d}")
        mscript = os.path.join(tmp, "moto.lua")
        wrk_script(mendpoint, "AKIAIOSFODNN7EXAMPLE", "x" * 40, mscript)
        moto_result = run_wrk(mendpoint + "/", CONNECTIONS, DURATION, script=mscript)
        stop(moto)
    finally:
        stop(berth)
        stop(moto)
        shutil.rmtree(tmp, ignore_errors=True)

    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    ratio = berth_result["rps"] / moto_result["rps"]
    report = f"""
## Signed DescribeRepositories, keep-alive ({datetime.date.today().isoformat()})

Machine: {machine()}.
berth commit {commit}, Release build, access log on (to a file). 20 repositories, every request
signed (SigV4, replayed by wrk within its 15-minute window). wrk -t1 -c{CONNECTIONS} -d{DURATION}
on the same 2 cores as the server.

| server | requests/s | p50 ms | p99 ms | non-2xx |
|---|---:|---:|---:|---:|
| berth | {berth_result['rps']:,.0f} | {berth_result['p50']:.2f} | {berth_result['p99']:.2f} | {berth_result['non2xx']} |
| moto_server (moto {moto_version()}) | {moto_result['rps']:,.0f} | {moto_result['p50']:.2f} | {moto_result['p99']:.2f} | {moto_result['non2xx']} |

berth / moto_server: **{ratio:.1f}×** (target: ≥ 20,000 requests/s for berth).

berth memory: peak RSS after start and 20 creates (idle) **{idle_hwm / 1024:.1f} MB** (RSS {idle_rss / 1024:.1f} MB;
target < 30 MB); after the load, peak {load_hwm / 1024:.1f} MB, RSS {load_rss / 1024:.1f} MB.
"""
    print(report)
    print(berth_result["raw"])
    if berth_result["non2xx"] or moto_result["non2xx"]:
        print("warning: non-2xx responses during the run", file=sys.stderr)
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(report)


def moto_version():
    try:
        import moto
        return moto.__version__
    except Exception:  # noqa: BLE001 - only for the report
        return "?"


if __name__ == "__main__":
    main()
