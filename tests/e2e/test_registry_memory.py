"""Layers of any size stream through berth in constant memory: a large layer is uploaded
(chunked, from a generator) and downloaded (sendfile) while berth's peak RSS barely moves."""
import hashlib
import http.client
import os

import oci  # noqa: F401 - keeps the import path the same as the other registry tests
from registry_client import V2, authorization_token

LAYER_MIB = int(os.environ.get("BERTH_E2E_BIG_LAYER_MIB", "1024"))


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def test_a_large_layer_streams_in_and_out_in_constant_memory(berth, ecr, name):
    ecr.create_repository(repositoryName=name)
    v2 = V2(berth.host, authorization_token(ecr))
    block = hashlib.sha256(b"seed").digest() * (1 << 15)  # 1 MiB, repeated
    expected = hashlib.sha256()
    for _ in range(LAYER_MIB):
        expected.update(block)
    digest = "sha256:" + expected.hexdigest()
    before = peak_rss_mib(berth.proc.pid)

    status, headers, _ = v2.request("POST", f"/v2/{name}/blobs/uploads/")
    assert status == 202
    conn = http.client.HTTPConnection(berth.host, timeout=300)
    conn.request("PATCH", headers["location"], body=(block for _ in range(LAYER_MIB)),
                 encode_chunked=True,
                 headers={"Authorization": f"Basic {v2.token}",
                          "Content-Type": "application/octet-stream"})
    res = conn.getresponse()
    res.read()
    assert res.status == 202
    assert res.getheader("Range") == f"0-{LAYER_MIB * (1 << 20) - 1}"
    status, _, _ = v2.request("PUT", f"{headers['location']}?digest={digest}")
    assert status == 201

    conn.request("GET", f"/v2/{name}/blobs/{digest}", headers={"Authorization": f"Basic {v2.token}"})
    res = conn.getresponse()
    assert res.status == 200
    got = hashlib.sha256()
    size = 0
    while chunk := res.read(1 << 20):
        got.update(chunk)
        size += len(chunk)
    conn.close()
    assert size == LAYER_MIB << 20 and "sha256:" + got.hexdigest() == digest

    grown = peak_rss_mib(berth.proc.pid) - before
    assert grown < 64, f"peak RSS grew by {grown:.0f} MiB moving a {LAYER_MIB} MiB layer"
