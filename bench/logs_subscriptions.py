"""Benchmark: what a subscription filter costs PutLogEvents, and how fast berth delivers.

Starts berth (BERTH_BIN, default build/release/berth) on a free loopback port and times
BENCH_CALLS sequential PutLogEvents calls of 100 events of 200 bytes (each signed beforehand,
timed at the client to the answer) into four log groups: one without a subscription, one
subscribed to another log group, one to a fast HTTP receiver and one to a receiver that takes
2 s to answer each POST (delivery must not make PutLogEvents wait for it). For the fast
receiver it also measures how long after the last acknowledged call the last event arrived and
the delivered events/s. Appends the results, with the machine and the date, to bench/RESULTS.md.
"""
import datetime
import gzip
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import machine, start_berth, stop  # noqa: E402
from logs_common import Client, commit, signed_headers  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
CALLS = int(os.environ.get("BENCH_CALLS", "300"))
EVENTS = 100
ROLE = "arn:aws:iam::123456789012:role/bench"


class Receiver:
    def __init__(self, delay):
        self.events = 0
        self.last_at = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                payload = json.loads(gzip.decompress(body))
                time.sleep(delay)
                if payload["messageType"] == "DATA_MESSAGE":
                    receiver.events += len(payload["logEvents"])
                    receiver.last_at = time.perf_counter()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/bench"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def run(client, endpoint, credentials, group):
    client.call("CreateLogStream", {"logGroupName": group, "logStreamName": "s"})
    bodies = []
    base = int(time.time() * 1000)
    for c in range(CALLS):
        events = [{"timestamp": base + c, "message": (f"{'ERROR' if i % 10 == 0 else 'INFO'} "
                                                      f"call {c} event {i} ").ljust(200, "x")}
                  for i in range(EVENTS)]
        body = json.dumps({"logGroupName": group, "logStreamName": "s",
                           "logEvents": events}).encode()
        bodies.append((body, signed_headers(endpoint, credentials, "PutLogEvents", body)))
    took = []
    for body, headers in bodies:
        start = time.perf_counter()
        client.conn.request("POST", "/", body=body, headers=headers)
        response = client.conn.getresponse()
        response.read()
        took.append((time.perf_counter() - start) * 1000)
        assert response.status == 200, response.status
    return took, time.perf_counter()


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-sub-")
    server = start_berth(BERTH_BIN, tmp)
    fast, slow = Receiver(0), Receiver(2)
    rows = []
    try:
        client = Client(server.endpoint, server.credentials)
        for g in ("none", "to-group", "sink", "http-fast", "http-slow"):
            client.call("CreateLogGroup", {"logGroupName": g})
        account = client.call("DescribeLogGroups", {"logGroupNamePrefix": "sink"})[
            "logGroups"][0]["arn"].split(":")[4]
        targets = {"to-group": f"arn:aws:logs:us-east-1:{account}:log-group:sink",
                   "http-fast": fast.url, "http-slow": slow.url}
        for group, target in targets.items():
            arn = client.call("PutDestination", {"destinationName": group, "targetArn": target,
                                                 "roleArn": ROLE})["destination"]["arn"]
            pattern = "ERROR" if group == "to-group" else ""
            client.call("PutSubscriptionFilter", {"logGroupName": group, "filterName": "f",
                                                  "filterPattern": pattern,
                                                  "destinationArn": arn})
        for group, label in (("none", "no subscription"),
                             ("to-group", "to a log group (10% match)"),
                             ("http-fast", "to an HTTP receiver (all match)"),
                             ("http-slow", "to an HTTP receiver taking 2 s a POST")):
            started = time.perf_counter()
            took, acked = run(client, server.endpoint, server.credentials, group)
            extra = ""
            if group == "http-fast":
                deadline = time.time() + 120
                while fast.events < CALLS * EVENTS and time.time() < deadline:
                    time.sleep(0.01)
                lag = (fast.last_at - acked) * 1000
                rate = fast.events / (fast.last_at - started)
                extra = (f"last event received {max(lag, 0):.0f} ms after the last call was "
                         f"acknowledged; {fast.events:,} events delivered at {rate:,.0f}/s")
            rows.append((label, percentile(took, 50), percentile(took, 99), max(took), extra))
            print(rows[-1], flush=True)
    finally:
        stop(server.proc)
        shutil.rmtree(tmp, ignore_errors=True)
    load = os.getloadavg()
    lines = [f"\n## Logs subscription filters: PutLogEvents cost and delivery "
             f"({datetime.date.today().isoformat()})\n",
             f"Machine: {machine()}; shared with other engineers' builds and tests (load "
             f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end), so numbers are noisy.",
             f"berth commit {commit()}, Release build. {CALLS} sequential PutLogEvents calls of "
             f"{EVENTS} events of 200 bytes on one keep-alive connection, signed beforehand, "
             "timed at the client; SQLite synchronous=FULL (each call fsynced).\n",
             "| log group | p50 ms | p99 ms | max ms | delivery |", "|---|---:|---:|---:|---|"]
    for label, p50, p99, worst, extra in rows:
        lines.append(f"| {label} | {p50:.2f} | {p99:.2f} | {worst:.2f} | {extra} |")
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
