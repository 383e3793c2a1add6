"""Once berth has answered a call, the call's CloudTrail record survives kill -9, in a plain journal
segment and in a preallocated one."""
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

import boto3
import botocore.config

from conftest import BERTH_BIN, Berth


def client(server, service, key_id, secret):
    return boto3.client(
        service, endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=key_id, aws_secret_access_key=secret,
        config=botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=16))


def create_user(server, name):
    """`berth user create` on the server's data dir: the new user's key id and secret."""
    out = subprocess.run([BERTH_BIN, "user", "create", name, "--data-dir", server.data_dir],
                         capture_output=True, text=True, check=True).stdout
    return (re.search(r"aws_access_key_id = (\S+)", out).group(1),
            re.search(r"aws_secret_access_key = (\S+)", out).group(1))


def test_every_acknowledged_call_is_in_the_history_after_kill_minus_nine():
    tmp = tempfile.mkdtemp(prefix="berth-trail-crash-")
    server = Berth(os.path.join(tmp, "data"))
    try:
        server.start()
        # A user of its own, so its events are exactly the load's.
        key_id, secret = create_user(server, "loader")
        ecr = client(server, "ecr", key_id, secret)

        def call_until_killed(worker):
            acknowledged = []
            for i in range(1_000_000):
                try:
                    if i % 3 == 0:
                        res = ecr.create_repository(repositoryName=f"crash/w{worker}-{i}")
                    else:
                        res = ecr.describe_registry()
                except Exception:  # noqa: BLE001 - cut off by the kill: not acknowledged
                    return acknowledged
                acknowledged.append(res["ResponseMetadata"]["RequestId"])
            return acknowledged

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(call_until_killed, w) for w in range(8)]
            # Killed once the journal has moved into a preallocated segment (after its first
            # megabyte), where appends are O_DIRECT writes over zeros, and has appended there.
            journal = os.path.join(server.data_dir, "cloudtrail-journal")
            deadline = time.time() + 60
            while len([n for n in os.listdir(journal) if n.startswith("seg-")]) < 2:
                assert time.time() < deadline, "the journal never moved into a second segment"
                time.sleep(0.1)
            time.sleep(1.0)
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait()
            server.proc = None
            acknowledged = [r for f in futures for r in f.result()]
        assert len(acknowledged) >= 50, f"only {len(acknowledged)} calls acknowledged"

        server.start()
        trail = client(server, "cloudtrail", key_id, secret)
        recorded = set()
        for page in trail.get_paginator("lookup_events").paginate(
                LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "loader"}]):
            for e in page["Events"]:
                import json
                recorded.add(json.loads(e["CloudTrailEvent"])["requestID"])
        missing = [r for r in acknowledged if r not in recorded]
        assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged calls lost"
        assert server.stop() == 0
    finally:
        if server.proc is not None:
            server.proc.kill()
            server.proc.wait()
        if not os.environ.get("KEEP_CRASH_DIR"):
            shutil.rmtree(tmp, ignore_errors=True)
