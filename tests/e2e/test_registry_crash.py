"""Crash safety of /v2: kill -9 in the middle of pushes, then restart on the same data dir. No
partial blob is ever visible, an interrupted upload resumes where the server says it stands,
a push can simply be retried, and what was pushed before is intact."""
import hashlib
import http.client
import os
import shutil
import signal
import subprocess
import tempfile
import time

import boto3
import pytest

from conftest import Berth, cli_env
import oci
from registry_client import Skopeo, V2, authorization_token, blobs_of_layout, password
from test_durability import client


def stored_blobs_are_whole(data_dir):
    """Every file under blobs/sha256 hashes to its name; returns how many there are."""
    root = os.path.join(data_dir, "blobs", "sha256")
    count = 0
    for prefix in os.listdir(root):
        for name in os.listdir(os.path.join(root, prefix)):
            with open(os.path.join(root, prefix, name), "rb") as f:
                h = hashlib.sha256()
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            assert h.hexdigest() == name, f"blob {name} holds other bytes"
            count += 1
    return count


def kill(server):
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait()
    server.proc = None


@pytest.fixture
def crash_dir():
    path = tempfile.mkdtemp(prefix="berth-v2-crash-")
    yield path
    if not os.environ.get("KEEP_CRASH_DIR"):
        shutil.rmtree(path, ignore_errors=True)


def test_kill_during_pushes_loses_nothing_acknowledged_and_uploads_resume(crash_dir):
    server = Berth(os.path.join(crash_dir, "data"))
    try:
        server.start()
        ecr = client(server)
        ecr.create_repository(repositoryName="crash/app")
        skopeo = Skopeo(server.host, crash_dir)
        skopeo.login(password(ecr))

        # A push that completes before the crash.
        earlier = oci.Image("earlier", layer_count=2, layer_size=100000)
        earlier_src = os.path.join(crash_dir, "earlier")
        oci.image_layout(earlier_src, earlier, "v1")
        skopeo.copy(f"oci:{earlier_src}:v1", f"docker://{server.host}/crash/app:v1")

        # A chunked upload, 24 MiB sent of a 40 MiB layer when the server dies.
        big = os.urandom(40 << 20)
        big_digest = oci.digest(big)
        v2 = V2(server.host, authorization_token(ecr))
        status, headers, _ = v2.request("POST", "/v2/crash/app/blobs/uploads/")
        assert status == 202
        location = headers["location"]

        def body():
            for i in range(40):
                if i == 24:
                    time.sleep(0.5)  # the server has taken in what came so far
                    kill(server)
                yield big[i << 20:(i + 1) << 20]

        conn = http.client.HTTPConnection(server.host, timeout=30)
        with pytest.raises((ConnectionError, OSError, http.client.HTTPException)):
            conn.request("PATCH", location, body=body(), encode_chunked=True,
                         headers={"Authorization": f"Basic {v2.token}",
                                  "Content-Type": "application/octet-stream"})
            conn.getresponse().read()
        conn.close()
        assert server.proc is None

        # A skopeo push cut off by another kill.
        later = oci.Image("later", layer_count=3, layer_size=3 << 20)
        later_src = os.path.join(crash_dir, "later")
        oci.image_layout(later_src, later, "v1")
        server.start()  # a new port: log in to it
        skopeo.host = server.host
        skopeo.login(password(client(server)))
        push = subprocess.Popen(
            ["skopeo", "copy", "--authfile", skopeo.authfile, "--dest-tls-verify=false",
             f"oci:{later_src}:v1", f"docker://{server.host}/crash/app:later"],
            env=skopeo.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        kill(server)
        push.wait(timeout=60)

        server.start()
        # Nothing partial is visible: every stored blob is whole, the big one is not there.
        assert stored_blobs_are_whole(server.data_dir) > 0
        ecr = client(server)
        skopeo.host = server.host
        skopeo.login(password(ecr))
        v2 = V2(server.host, authorization_token(ecr))
        status, _, _ = v2.request("HEAD", f"/v2/crash/app/blobs/{big_digest}")
        assert status == 404

        # The interrupted upload resumes from where the server says it stands.
        status, headers, _ = v2.request("GET", location)
        assert status == 204
        received = int(headers["range"].split("-")[1]) + 1
        assert 0 < received <= 24 << 20
        status, headers, _ = v2.request(
            "PATCH", location, body=big[received:],
            headers={"Content-Type": "application/octet-stream",
                     "Content-Range": f"{received}-{len(big) - 1}"})
        assert status == 202, headers
        status, headers, _ = v2.request("PUT", f"{location}?digest={big_digest}")
        assert status == 201
        status, _, data = v2.request("GET", f"/v2/crash/app/blobs/{big_digest}")
        assert status == 200 and data == big

        # The cut-off push is retried and pulls whole; the earlier push is intact.
        skopeo.copy(f"oci:{later_src}:v1", f"docker://{server.host}/crash/app:later")
        for src, tag in ((later_src, "later"), (earlier_src, "v1")):
            dst = os.path.join(crash_dir, f"pulled-{tag}")
            skopeo.copy(f"docker://{server.host}/crash/app:{tag}", f"oci:{dst}:{tag}",
                        "--preserve-digests")
            assert blobs_of_layout(dst) == blobs_of_layout(src)
        stored_blobs_are_whole(server.data_dir)
        assert server.stop() == 0
    finally:
        if server.proc is not None:
            server.proc.kill()
            server.proc.wait()
