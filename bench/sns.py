"""Benchmark: SNS HTTP delivery rate, and nothing lost across kill -9.

One topic with SUBSCRIBERS (10) confirmed HTTP subscriptions to a local receiver (a threaded
Python HTTP/1.1 server on 127.0.0.1, keep-alive, answering 200 at once). PUBLISHERS (4) boto3
threads publish as fast as berth answers for DURATION seconds; every publish becomes one
notification per subscriber. Reported: publishes/s, notifications delivered/s over the run
(counted until the backlog is drained), and the delay from a publish's sending to each
notification's arrival (p50, p99).
Then the crash run: the same load, the receiver answering 503 for the last 2 s before berth is
killed with SIGKILL after KILL_AFTER seconds (so notifications are queued, retried every second),
the receiver back up and berth restarted on the same data dir; every notification of every acknowledged publish must arrive
(deduplicated by message id and subscriber: delivery is at least once).

Environment: BERTH_BIN, BENCH_DURATION (15), BENCH_KILL_AFTER (5), BENCH_SUBSCRIBERS (10),
BENCH_PUBLISHERS (4). Results are appended to bench/RESULTS.md with --record.
"""
import datetime
import http.server
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.request

import boto3
import botocore.config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import machine, start_berth, stop  # noqa: E402
from logs_common import commit  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
DURATION = float(os.environ.get("BENCH_DURATION", "15"))
KILL_AFTER = float(os.environ.get("BENCH_KILL_AFTER", "5"))
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "10"))
PUBLISHERS = int(os.environ.get("BENCH_PUBLISHERS", "4"))


class Receiver:
    """Counts notifications by (message id, path); keeps confirmations apart."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen = {}  # (message id, path) -> first arrival (monotonic)
        self.duplicates = 0
        self.confirmations = []
        self.status = 200  # 503 while "down": deliveries then fail and wait in berth's queue
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                kind = self.headers.get("x-amz-sns-message-type")
                key = (self.headers.get("x-amz-sns-message-id"), self.path)
                now = time.monotonic()
                status = receiver.status
                with receiver.lock:
                    if status != 200:
                        pass
                    elif kind == "SubscriptionConfirmation":
                        receiver.confirmations.append(body)
                    elif key in receiver.seen:
                        receiver.duplicates += 1
                    else:
                        receiver.seen[key] = now
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # Connections berth's kill cuts off are expected: no traceback for them.
        self.server.handle_error = lambda request, address: None
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def count(self):
        with self.lock:
            return len(self.seen)


def client(server):
    return boto3.client("sns", endpoint_url=server.endpoint, region_name="us-east-1",
                        aws_access_key_id=server.credentials[0],
                        aws_secret_access_key=server.credentials[1],
                        config=botocore.config.Config(retries={"max_attempts": 1},
                                                      max_pool_connections=PUBLISHERS * 2))


def setup(server, receiver, attributes=None):
    sns = client(server)
    arn = sns.create_topic(Name="bench", Attributes=attributes or {})["TopicArn"]
    for i in range(SUBSCRIBERS):
        sns.subscribe(TopicArn=arn, Protocol="http", Endpoint=f"http://127.0.0.1:{receiver.port}/s{i}")
    deadline = time.time() + 30
    while len(receiver.confirmations) < SUBSCRIBERS:
        assert time.time() < deadline, "confirmations did not arrive"
        time.sleep(0.05)
    for body in receiver.confirmations:
        urllib.request.urlopen(json.loads(body)["SubscribeURL"], timeout=10).read()
    return arn


def publish_for(server, arn, seconds, acknowledged):
    """PUBLISHERS threads publishing until `seconds` pass or berth stops answering; appends
    (message id, monotonic time the publish was sent) of every acknowledged publish."""
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()

    def run(worker):
        sns = client(server)
        i = 0
        while time.monotonic() < stop_at:
            sent_at = time.monotonic()
            try:
                mid = sns.publish(TopicArn=arn, Message=f"w{worker} #{i} " + "x" * 200)["MessageId"]
            except Exception:  # noqa: BLE001 - cut off by the kill: not acknowledged
                return
            with lock:
                acknowledged.append((mid, sent_at))
            i += 1

    threads = [threading.Thread(target=run, args=(w,)) for w in range(PUBLISHERS)]
    for t in threads:
        t.start()
    return threads


def missing(receiver, acknowledged):
    with receiver.lock:
        return sum(1 for mid, _ in acknowledged for i in range(SUBSCRIBERS)
                   if (mid, f"/s{i}") not in receiver.seen)


def wait_all(receiver, acknowledged, timeout):
    """Waits for every notification of every acknowledged publish (a publish cut off by a kill
    may have been kept, and delivered, without its answer: counting is not enough)."""
    deadline = time.time() + timeout
    while missing(receiver, acknowledged) and time.time() < deadline:
        time.sleep(0.1)
    return receiver.count()


def throughput_run(tmp):
    server = start_berth(BERTH_BIN, tmp, data="data-rate", access_log="access-rate.log")
    receiver = Receiver()
    try:
        arn = setup(server, receiver)
        acknowledged = []
        start = time.monotonic()
        for t in publish_for(server, arn, DURATION, acknowledged):
            t.join()
        published_in = time.monotonic() - start
        expected = len(acknowledged) * SUBSCRIBERS
        got = wait_all(receiver, acknowledged, 120)
        with receiver.lock:
            last = max(receiver.seen.values())
            delays = sorted(receiver.seen[(mid, f"/s{i}")] - at
                            for mid, at in acknowledged for i in range(SUBSCRIBERS)
                            if (mid, f"/s{i}") in receiver.seen)
        return {
            "publishes": len(acknowledged),
            "publish_rate": len(acknowledged) / published_in,
            "delivered": got,
            "expected": expected,
            "delivery_rate": got / (last - start),
            "p50_ms": 1000 * delays[len(delays) // 2],
            "p99_ms": 1000 * delays[int(len(delays) * 0.99)],
            "duplicates": receiver.duplicates,
        }
    finally:
        stop(server.proc)
        receiver.server.shutdown()


def crash_run(tmp):
    server = start_berth(BERTH_BIN, tmp, data="data-crash", access_log="access-crash.log")
    receiver = Receiver()
    try:
        # Retried every second (the default policy waits 20 s), so the run stays short.
        policy = {"http": {"defaultHealthyRetryPolicy": {
            "minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 100}}}
        arn = setup(server, receiver, {"DeliveryPolicy": json.dumps(policy)})
        acknowledged = []
        threads = publish_for(server, arn, DURATION, acknowledged)
        # The endpoint goes down 2 s before the kill: what berth accepts meanwhile is queued.
        time.sleep(max(KILL_AFTER - 2, 0))
        receiver.status = 503
        time.sleep(min(KILL_AFTER, 2))
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        for t in threads:
            t.join()
        at_kill = receiver.count()
        receiver.status = 200
        server = start_berth(BERTH_BIN, tmp, data="data-crash", access_log="access-crash.log")
        expected = len(acknowledged) * SUBSCRIBERS
        got = wait_all(receiver, acknowledged, 180)
        return {"publishes": len(acknowledged), "expected": expected, "at_kill": at_kill,
                "delivered": got, "lost": missing(receiver, acknowledged),
                "duplicates": receiver.duplicates}
    finally:
        stop(server.proc)
        receiver.server.shutdown()


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-sns-")
    try:
        rate = throughput_run(tmp)
        print(f"rate: {rate}")
        crash = crash_run(tmp)
        print(f"crash: {crash}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if "--record" in sys.argv:
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write(f"""
## SNS HTTP delivery ({datetime.date.today().isoformat()})

Machine: {machine()}. Run with `python3 bench/sns.py --record` (berth Release build, commit {commit()}).
One topic, {SUBSCRIBERS} confirmed HTTP subscriptions to a local Python receiver (keep-alive,
200 at once), {PUBLISHERS} boto3 threads publishing as fast as berth answers for
{DURATION:.0f} s; each publish is {SUBSCRIBERS} signed notifications (SignatureVersion 1).

| publishes/s | notifications delivered/s | delivered / expected | delay p50 | delay p99 |
|---:|---:|---:|---:|---:|
| {rate['publish_rate']:,.0f} | **{rate['delivery_rate']:,.0f}** | {rate['delivered']:,} / {rate['expected']:,} | {rate['p50_ms']:.0f} ms | {rate['p99_ms']:.0f} ms |

kill -9 after {KILL_AFTER:.0f} s of the same load, the receiver answering 503 for the last 2 s
(deliveries queued and retried every second), then receiver up and berth restarted on the same
data dir: {crash['publishes']:,} publishes acknowledged = {crash['expected']:,} notifications,
{crash['at_kill']:,} arrived before the kill, **{crash['lost']} lost** after the restart ({crash['duplicates']} delivered
twice: at least once, as AWS; the receiver deduplicates by message id).
""")


if __name__ == "__main__":
    main()
