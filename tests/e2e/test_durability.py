"""Crash safety: what berth acknowledged survives kill -9, and berth starts again on the same
data directory."""
import concurrent.futures
import os
import re
import signal
import shutil
import tempfile
import time

import boto3
import botocore.config
import pytest

from conftest import Berth

import oci


def client(server):
    creds = open(server.credentials_file).read()
    return boto3.client(
        "ecr", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=re.search(r"aws_access_key_id = (\S+)", creds).group(1),
        aws_secret_access_key=re.search(r"aws_secret_access_key = (\S+)", creds).group(1),
        config=botocore.config.Config(retries={"max_attempts": 1}, max_pool_connections=16))


def test_acknowledged_writes_survive_kill_minus_nine():
    tmp = tempfile.mkdtemp(prefix="berth-crash-")
    server = Berth(os.path.join(tmp, "data"))
    try:
        server.start()
        ecr = client(server)
        ecr.create_repository(repositoryName="crash/images")
        image = oci.Image("crash")
        oci.push(ecr, "crash/images", image, tag="v1")

        acknowledged = []
        counter = iter(range(1_000_000))

        def create_until_killed(worker):
            done = []
            while True:
                name = f"crash/w{worker}-{next(counter):06d}"
                try:
                    ecr.create_repository(repositoryName=name)
                except Exception:  # noqa: BLE001 - the kill cuts calls off: not acknowledged
                    return done
                done.append(name)

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(create_until_killed, w) for w in range(8)]
            time.sleep(1.0)
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait()
            server.proc = None
            for f in futures:
                acknowledged += f.result()
        assert len(acknowledged) >= 10, f"only {len(acknowledged)} writes acknowledged"

        server.start()
        ecr = client(server)
        names = set()
        for page in ecr.get_paginator("describe_repositories").paginate():
            names.update(r["repositoryName"] for r in page["repositories"])
        missing = [n for n in acknowledged if n not in names]
        assert not missing, f"{len(missing)} acknowledged repositories lost: {missing[:5]}"
        # The image pushed before the crash is whole.
        got = ecr.batch_get_image(repositoryName="crash/images", imageIds=[{"imageTag": "v1"}])
        assert got["images"][0]["imageManifest"] == image.manifest.decode()
        url = ecr.get_download_url_for_layer(repositoryName="crash/images",
                                             layerDigest=oci.digest(image.layers[0]))
        import requests
        assert requests.get(url["downloadUrl"], timeout=10).content == image.layers[0]
        assert server.stop() == 0
    finally:
        if server.proc is not None:
            server.proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
