"""Benchmark: a CloudWatch Logs export task, from CreateExportTask to COMPLETED.

Starts berth (BERTH_BIN, default build/release/berth) on a free loopback port, puts
BENCH_EVENTS (500,000) events of 200 bytes over BENCH_STREAMS (4) streams within the last hour,
gives a bucket the policy AWS's documentation gives for exports, and times one export task of
the whole group: create to COMPLETED (DescribeExportTasks polled every 20 ms). Reports events/s,
MB/s of exported lines, the objects' total gzip size, berth's CPU time and peak RSS, then reads
every object back and checks the event count. Appends the result, with the machine and the
date, to bench/RESULTS.md with --record.
"""
import datetime
import gzip
import json
import os
import random
import shutil
import sys
import tempfile
import time

import boto3
import botocore.config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from benchlib import cpu_seconds, machine, rss_kb, start_berth, stop  # noqa: E402
from logs_common import Client, batches, commit  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
EVENTS = int(os.environ.get("BENCH_EVENTS", "500000"))
STREAMS = int(os.environ.get("BENCH_STREAMS", "4"))
EVENT_BYTES = 200
GROUP = "/bench/export"
BUCKET = "bench-export"


def message(rng):
    text = " ".join(rng.choice(("GET", "PUT", "200", "404", "layer", "manifest", "sha256",
                                "cache", "miss", "hit", "user", "ms")) for _ in range(60))
    return text[:EVENT_BYTES].ljust(EVENT_BYTES, ".")


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-export-")
    berth = start_berth(BERTH_BIN, tmp)
    try:
        client = Client(berth.endpoint, berth.credentials)
        client.call("CreateLogGroup", {"logGroupName": GROUP})
        rng = random.Random(7)
        now = int(time.time() * 1000)
        per_stream = EVENTS // STREAMS
        for s in range(STREAMS):
            stream = f"stream-{s}"
            client.call("CreateLogStream", {"logGroupName": GROUP, "logStreamName": stream})
            events = [(now - 3_600_000 + i * 3_600_000 // per_stream, message(rng))
                      for i in range(per_stream)]
            for batch in batches(events):
                client.call("PutLogEvents", {"logGroupName": GROUP, "logStreamName": stream,
                                             "logEvents": batch})
        session = dict(endpoint_url=berth.endpoint, region_name="us-east-1",
                       aws_access_key_id=berth.credentials[0],
                       aws_secret_access_key=berth.credentials[1],
                       config=botocore.config.Config(retries={"max_attempts": 1}))
        s3 = boto3.client("s3", **session)
        logs = boto3.client("logs", **session)
        s3.create_bucket(Bucket=BUCKET)
        principal = {"Service": "logs.us-east-1.amazonaws.com"}
        s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({"Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": principal, "Action": "s3:GetBucketAcl",
                 "Resource": f"arn:aws:s3:::{BUCKET}"},
                {"Effect": "Allow", "Principal": principal, "Action": "s3:PutObject",
                 "Resource": f"arn:aws:s3:::{BUCKET}/*"}]}))
        cpu_before = cpu_seconds(berth.proc.pid)
        started = time.time()
        task_id = logs.create_export_task(logGroupName=GROUP, fromTime=0, to=now + 1,
                                          destination=BUCKET)["taskId"]
        while True:
            [task] = logs.describe_export_tasks(taskId=task_id)["exportTasks"]
            if task["status"]["code"] not in ("PENDING", "RUNNING"):
                break
            time.sleep(0.02)
        took = time.time() - started
        cpu = cpu_seconds(berth.proc.pid) - cpu_before
        assert task["status"]["code"] == "COMPLETED", task
        peak_kb, _ = rss_kb(berth.proc.pid)
        objects = [o for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=BUCKET, Prefix=f"exportedlogs/{task_id}/") for o in page.get("Contents", [])]
        gz_bytes = sum(o["Size"] for o in objects)
        lines = line_bytes = 0
        for o in objects:
            text = gzip.decompress(s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read())
            lines += text.count(b"\n")
            line_bytes += len(text)
        assert lines == per_stream * STREAMS, (lines, per_stream * STREAMS)
        result = {
            "events": lines, "seconds": took, "events_per_s": lines / took,
            "mb_per_s": line_bytes / took / 1e6, "line_mb": line_bytes / 1e6,
            "gz_mb": gz_bytes / 1e6, "objects": len(objects), "cpu_s": cpu,
            "peak_rss_mb": peak_kb / 1024}
        print(json.dumps(result))
        if "--record" in sys.argv:
            record(result)
    finally:
        stop(berth.proc)
        shutil.rmtree(tmp, ignore_errors=True)


def record(r):
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(f"""
## Logs export task, {r['events']:,} events to a bucket ({datetime.date.today()})

Machine: {machine()}.
berth commit {commit()}, Release build. {STREAMS} streams of {EVENT_BYTES}-byte events over the
last hour; one CreateExportTask of the whole group, timed from the call to COMPLETED
(DescribeExportTasks polled every 20 ms); every object read back and its lines counted.

| events | seconds | events/s | lines MB/s | lines MB | gzip MB | objects | berth CPU s | peak RSS MB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| {r['events']:,} | {r['seconds']:.2f} | {r['events_per_s']:,.0f} | {r['mb_per_s']:.1f} | {r['line_mb']:.1f} | {r['gz_mb']:.1f} | {r['objects']} | {r['cpu_s']:.2f} | {r['peak_rss_mb']:.0f} |
""")


if __name__ == "__main__":
    main()
