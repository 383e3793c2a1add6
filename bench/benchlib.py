"""What the benchmark scripts share: starting berth, free loopback ports, waiting for a server,
stopping it by PID, its RSS, wrk runs parsed into numbers, and the machine's description."""
import collections
import os
import platform
import re
import signal
import socket
import subprocess
import time

import boto3
import botocore.config


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


# A berth server that start_berth started: its process, port, endpoint ("http://127.0.0.1:PORT"),
# data dir, and the admin credentials (access key id, secret) it wrote there.
Berth = collections.namedtuple("Berth", "proc port endpoint data credentials")


def start_berth(binary, tmp, *serve_args, data="data", access_log="access.log",
                stderr=subprocess.DEVNULL, timeout=30):
    """`binary serve` on a loopback port it picks itself, with data dir <tmp>/<data>, access log
    <tmp>/<access_log> and `serve_args` added: a Berth. Its stdout, where it says the port, goes
    to <tmp>/<data>.stdout. Raises (having stopped it) when it does not start within `timeout`."""
    data = os.path.join(tmp, data)
    stdout_path = data + ".stdout"
    proc = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", data,
                             "--access-log", os.path.join(tmp, access_log), *serve_args],
                            stdout=open(stdout_path, "wb"), stderr=stderr)
    deadline = time.time() + timeout
    while True:
        m = re.search(r"berth listening on http://127\.0\.0\.1:(\d+)", open(stdout_path).read())
        if m:
            break
        if proc.poll() is not None or time.time() > deadline:
            stop(proc)
            raise RuntimeError("berth did not start: " + open(stdout_path).read())
        time.sleep(0.05)
    port = int(m.group(1))
    creds = open(os.path.join(data, "credentials")).read()
    credentials = (re.search(r"aws_access_key_id\s*=\s*(\S+)", creds).group(1),
                   re.search(r"aws_secret_access_key\s*=\s*(\S+)", creds).group(1))
    return Berth(proc, port, f"http://127.0.0.1:{port}", data, credentials)


def ecr_client(endpoint, key_id, secret):
    """boto3's ECR client for `endpoint`, without retries (a failure must show)."""
    return boto3.client("ecr", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key_id, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 1}))


def rss_kb(pid):
    """(peak, current) resident set size of a process, in KiB."""
    status = open(f"/proc/{pid}/status").read()
    return (int(re.search(r"VmHWM:\s+(\d+)", status).group(1)),
            int(re.search(r"VmRSS:\s+(\d+)", status).group(1)))


def cpu_seconds(pid):
    """User + system CPU time a process has used so far, in seconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(proc):
    """SIGTERM, then SIGKILL if it does not exit within 20 s."""
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run_wrk(url, connections, duration, headers=(), script=None):
    """wrk -t1 with --latency: requests/s, p50/p99 in ms, non-2xx count and the raw output."""
    args = ["wrk", "-t1", f"-c{connections}", f"-d{duration}", "--latency"]
    for h in headers:
        args += ["-H", h]
    if script:
        args += ["-s", script]
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=300).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(pct):
        m = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "p50": latency(50), "p99": latency(99),
            "non2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(0) if socket_errors else "", "raw": out}


def machine():
    """'2 cores (CPU model), 24 GiB RAM, Linux 6.x' for the results file."""
    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read()).group(1)
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GiB RAM, {platform.system()} {platform.release()}"
