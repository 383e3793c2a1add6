"""kill -9 under mixed load, several times: registry pushes over /v2, PutLogEvents, PutMetricData,
CreateRepository and S3 PutObject run at once while berth is killed at random moments. After
every restart each call acknowledged so far (in every round) is checked: repositories, images
(manifest bytes and every blob re-hashed), log events, metric datapoints, objects, and the
audit record of every acknowledged call."""
import concurrent.futures
import hashlib
import json
import os
import random
import threading
import time

import boto3
import botocore.config

from conftest import Berth
import oci
from registry_client import V2, authorization_token
from test_cloudtrail_durability import create_user
from test_registry_crash import crash_dir, kill, stored_blobs_are_whole  # noqa: F401 (fixture)

ROUNDS = 4


class Load:
    """What the load's clients had acknowledged, across rounds."""

    def __init__(self):
        self.lock = threading.Lock()
        self.repositories = []
        self.images = []       # (repository, tag, manifest bytes, [blobs])
        self.log_events = {}   # stream -> [(timestamp ms, message)]
        self.datapoints = {}   # metric name -> {timestamp s: value}
        self.objects = {}      # key -> bytes
        self.request_ids = {}  # request id -> operation

    def acknowledge(self, operation, response):
        with self.lock:
            self.request_ids[response["ResponseMetadata"]["RequestId"]] = operation


def clients(server, key_id, secret):
    config = botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=16,
                                    connect_timeout=5, read_timeout=20,
                                    s3={"addressing_style": "path"})
    return {name: boto3.client(name, endpoint_url=server.endpoint, region_name="us-east-1",
                               aws_access_key_id=key_id, aws_secret_access_key=secret,
                               config=config)
            for name in ("ecr", "logs", "cloudwatch", "s3", "cloudtrail")}


def run_round(server, c, load, round_no, stop):
    """Runs every worker until the server dies under them (a call that fails was cut off)."""
    token = authorization_token(c["ecr"])
    minute0 = (int(time.time()) // 60 - 9 * 24 * 60) * 60  # nine days ago: CloudWatch takes it

    def pusher(worker):
        v2 = V2(server.host, token)
        repo = f"load/r{round_no}w{worker}"
        c["ecr"].create_repository(repositoryName=repo)
        with load.lock:
            load.repositories.append(repo)
        for i in range(10_000):
            image = oci.Image(f"r{round_no}w{worker}i{i}-{os.urandom(4).hex()}", layer_count=2,
                              layer_size=random.randint(1, 200_000))
            for blob in image.blobs:
                status, headers, _ = v2.request("POST", f"/v2/{repo}/blobs/uploads/")
                if status != 202:
                    return
                status, _, _ = v2.request(
                    "PUT", f"{headers['location']}?digest={oci.digest(blob)}", body=blob,
                    headers={"Content-Type": "application/octet-stream"})
                if status != 201:
                    return
            status, _, _ = v2.request("PUT", f"/v2/{repo}/manifests/t{i}", body=image.manifest,
                                      headers={"Content-Type": image.media_type})
            if status != 201:
                return
            with load.lock:
                load.images.append((repo, f"t{i}", image.manifest, image.blobs))

    def logger():
        group, stream = "/load/crash", f"r{round_no}"
        try:
            c["logs"].create_log_group(logGroupName=group)
        except c["logs"].exceptions.ResourceAlreadyExistsException:
            pass
        c["logs"].create_log_stream(logGroupName=group, logStreamName=stream)
        acknowledged = load.log_events.setdefault(stream, [])
        now = int(time.time() * 1000)
        for i in range(100_000):
            batch = [(now + i, f"round {round_no} batch {i} event {j} {os.urandom(8).hex()}")
                     for j in range(random.randint(1, 20))]
            res = c["logs"].put_log_events(
                logGroupName=group, logStreamName=stream,
                logEvents=[{"timestamp": t, "message": m} for t, m in batch])
            load.acknowledge("PutLogEvents", res)
            acknowledged.extend(batch)

    def metrics():
        name = f"Crash{round_no}"
        acknowledged = load.datapoints.setdefault(name, {})
        for i in range(100_000):
            t = minute0 + 60 * i
            res = c["cloudwatch"].put_metric_data(Namespace="Load", MetricData=[
                {"MetricName": name, "Timestamp": t, "Value": float(i), "Unit": "Count"}])
            load.acknowledge("PutMetricData", res)
            acknowledged[t] = float(i)

    def api():
        for i in range(100_000):
            name = f"load/api-r{round_no}-{i}"
            res = c["ecr"].create_repository(repositoryName=name)
            load.acknowledge("CreateRepository", res)
            with load.lock:
                load.repositories.append(name)

    def objects():
        for i in range(100_000):
            key = f"r{round_no}/o{i}"
            body = os.urandom(random.randint(0, 300_000))
            res = c["s3"].put_object(Bucket="load-crash", Key=key, Body=body)
            load.acknowledge("PutObject", res)
            load.objects[key] = body

    def until_killed(work, *args):
        try:
            work(*args)
        except Exception:  # noqa: BLE001 - the kill cuts calls off: those are not acknowledged
            pass

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(until_killed, pusher, 0), pool.submit(until_killed, pusher, 1),
                   pool.submit(until_killed, logger), pool.submit(until_killed, metrics),
                   pool.submit(until_killed, api), pool.submit(until_killed, objects)]
        # Killed at a random moment once the load is under way (the sanitizer build is slower
        # to get there).
        acknowledged_before = len(load.request_ids)
        deadline = time.time() + 20
        while len(load.request_ids) == acknowledged_before and time.time() < deadline:
            time.sleep(0.05)
        stop(random.uniform(0.5, 2.5))
        for f in futures:
            f.result()


def verify(server, c, load):
    ecr, logs, cw, s3, trail = c["ecr"], c["logs"], c["cloudwatch"], c["s3"], c["cloudtrail"]
    names = set()
    for page in ecr.get_paginator("describe_repositories").paginate():
        names.update(r["repositoryName"] for r in page["repositories"])
    lost = [n for n in load.repositories if n not in names]
    assert not lost, f"{len(lost)} acknowledged repositories lost: {lost[:5]}"

    v2 = V2(server.host, authorization_token(ecr))
    for repo, tag, manifest, blobs in load.images:
        status, _, data = v2.request("GET", f"/v2/{repo}/manifests/{tag}",
                                     headers={"Accept": oci.OCI_MANIFEST})
        assert status == 200 and data == manifest, f"{repo}:{tag} lost or changed ({status})"
        for blob in blobs:
            status, _, data = v2.request("GET", f"/v2/{repo}/blobs/{oci.digest(blob)}")
            assert status == 200, f"blob {oci.digest(blob)} of {repo}:{tag}: {status}"
            assert oci.digest(data) == oci.digest(blob), f"blob of {repo}:{tag} corrupt"
    stored_blobs_are_whole(server.data_dir)

    for stream, events in load.log_events.items():
        got, token = [], None
        while True:
            kwargs = {"nextToken": token} if token else {}
            page = logs.get_log_events(logGroupName="/load/crash", logStreamName=stream,
                                       startFromHead=True, **kwargs)
            got += [(e["timestamp"], e["message"]) for e in page["events"]]
            if page["nextForwardToken"] == token:
                break
            token = page["nextForwardToken"]
        present = set(got)
        lost = [e for e in events if e not in present]
        assert not lost, f"{len(lost)} of {len(events)} acknowledged events of {stream} lost"

    for name, points in load.datapoints.items():
        if not points:
            continue
        stats = cw.get_metric_statistics(
            Namespace="Load", MetricName=name, StartTime=min(points), EndTime=max(points) + 60,
            Period=60, Statistics=["Sum", "SampleCount"])
        by_time = {int(d["Timestamp"].timestamp()): d for d in stats["Datapoints"]}
        for t, value in points.items():
            d = by_time.get(t)
            assert d is not None, f"{name} lost its acknowledged datapoint at {t}"
            assert d["SampleCount"] == 1 and d["Sum"] == value, f"{name} at {t}: {d}"

    for key, body in load.objects.items():
        got = s3.get_object(Bucket="load-crash", Key=key)["Body"].read()
        assert hashlib.sha256(got).digest() == hashlib.sha256(body).digest(), f"{key} corrupt"

    recorded = set()
    for page in trail.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "loader"}]):
        for e in page["Events"]:
            recorded.add(json.loads(e["CloudTrailEvent"])["requestID"])
    lost = [(r, op) for r, op in load.request_ids.items() if r not in recorded]
    assert not lost, f"{len(lost)} of {len(load.request_ids)} acknowledged calls' records lost: {lost[:5]}"


def test_mixed_load_survives_repeated_kill_minus_nine(crash_dir):
    server = Berth(os.path.join(crash_dir, "data"))
    load = Load()
    try:
        server.start()
        # A user of its own, so that its audit records are exactly the load's.
        key_id, secret = create_user(server, "loader")
        clients(server, key_id, secret)["s3"].create_bucket(Bucket="load-crash")

        for round_no in range(ROUNDS):
            c = clients(server, key_id, secret)

            def stop(after):
                time.sleep(after)
                kill(server)

            run_round(server, c, load, round_no, stop)
            server.start()
            verify(server, clients(server, key_id, secret), load)
        print(f"acknowledged over {ROUNDS} kills: {len(load.images)} pushes, "
              f"{len(load.repositories)} repositories, "
              f"{sum(len(e) for e in load.log_events.values())} log events, "
              f"{sum(len(p) for p in load.datapoints.values())} datapoints, "
              f"{len(load.objects)} objects, {len(load.request_ids)} audited calls")
        assert load.images, "no push was acknowledged"
        assert len(load.request_ids) >= 4 * ROUNDS, f"only {len(load.request_ids)} calls acknowledged"
        assert server.stop() == 0
    finally:
        if server.proc is not None:
            server.proc.kill()
            server.proc.wait()
