"""S3 objects are durable and whole: kill -9 in the middle of uploads never leaves part of an
object visible nor stray files, acknowledged objects and multipart uploads survive, and a
large object streams in and out while berth's peak RSS barely moves."""
import hashlib
import http.client
import os
import shutil
import signal
import tempfile
import time
import uuid

import pytest

from conftest import Berth
from s3_client import RawS3, read_key
from test_registry_memory import peak_rss_mib

OBJECT_MIB = int(os.environ.get("BERTH_E2E_BIG_OBJECT_MIB", "512"))


def files_under(path):
    return sorted(os.path.join(d, f) for d, _, names in os.walk(path) for f in names)


def streamed_put(raw, path, blocks, size, payload_hash="UNSIGNED-PAYLOAD"):
    """PUT whose body comes from a generator; returns the open connection and request."""
    signed = raw.sign("PUT", path, "", {"content-length": str(size)}, payload_hash)
    conn = http.client.HTTPConnection(raw.host, timeout=300)
    conn.request("PUT", path, body=blocks, headers=signed.headers)
    return conn


def test_a_large_object_streams_in_and_out_in_constant_memory(berth):
    raw = RawS3(berth.host, *read_key(berth.credentials_file))
    bucket = f"e2e-{uuid.uuid4().hex[:12]}"
    assert raw.request("PUT", f"/{bucket}")[0] == 200
    block = hashlib.sha256(b"seed").digest() * (1 << 15)  # 1 MiB, repeated
    whole = hashlib.sha256()
    md5 = hashlib.md5()
    for _ in range(OBJECT_MIB):
        whole.update(block)
        md5.update(block)
    before = peak_rss_mib(berth.proc.pid)

    # Signed payload: berth hashes the body as it streams and publishes only if it matches.
    conn = streamed_put(raw, f"/{bucket}/big", (block for _ in range(OBJECT_MIB)),
                        OBJECT_MIB << 20, whole.hexdigest())
    res = conn.getresponse()
    assert res.status == 200, res.read()
    assert res.getheader("ETag") == f'"{md5.hexdigest()}"'
    res.read()

    signed = raw.sign("GET", f"/{bucket}/big")
    conn.request("GET", f"/{bucket}/big", headers=signed.headers)
    res = conn.getresponse()
    assert res.status == 200
    got = hashlib.sha256()
    size = 0
    while chunk := res.read(1 << 20):
        got.update(chunk)
        size += len(chunk)
    conn.close()
    assert size == OBJECT_MIB << 20 and got.hexdigest() == whole.hexdigest()
    grown = peak_rss_mib(berth.proc.pid) - before
    assert grown < 64, f"peak RSS grew by {grown:.0f} MiB moving a {OBJECT_MIB} MiB object"
    assert raw.request("DELETE", f"/{bucket}/big")[0] == 204


@pytest.fixture
def crash_dir():
    path = tempfile.mkdtemp(prefix="berth-s3-crash-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def kill(server):
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait()
    server.proc = None


def test_kill_during_uploads_leaves_no_partial_object_and_loses_nothing_acknowledged(crash_dir):
    server = Berth(os.path.join(crash_dir, "data"))
    try:
        server.start()
        raw = RawS3(server.host, *read_key(server.credentials_file))
        assert raw.request("PUT", "/crash-bucket")[0] == 200
        assert raw.request("PUT", "/crash-bucket/kept", body=b"acknowledged")[0] == 200
        assert raw.request("PUT", "/crash-bucket/replaced", body=b"old")[0] == 200

        # A multipart upload with one part stored.
        status, _, body = raw.request("POST", "/crash-bucket/mp", "uploads")
        assert status == 200
        upload_id = body.split(b"<UploadId>")[1].split(b"</UploadId>")[0].decode()
        part = os.urandom(5 << 20)
        status, headers, _ = raw.request("PUT", "/crash-bucket/mp",
                                         f"partNumber=1&uploadId={upload_id}", body=part)
        assert status == 200
        etag1 = headers["etag"]

        # 24 MiB of a 40 MiB PUT that replaces an object, when the server dies.
        big = os.urandom(40 << 20)

        def body_then_crash():
            for i in range(40):
                if i == 24:
                    time.sleep(0.5)
                    kill(server)
                yield big[i << 20:(i + 1) << 20]
        with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
            conn = streamed_put(raw, "/crash-bucket/replaced", body_then_crash(), len(big))
            conn.getresponse().read()
        leftovers = files_under(os.path.join(server.data_dir, "buckets", ".tmp"))
        assert leftovers, "the interrupted PUT should have left its temporary file"

        server.start()
        raw = RawS3(server.host, *read_key(server.credentials_file))
        assert raw.request("GET", "/crash-bucket/kept")[2] == b"acknowledged"
        assert raw.request("GET", "/crash-bucket/replaced")[2] == b"old"
        assert files_under(os.path.join(server.data_dir, "buckets", ".tmp")) == []
        # The upload goes on where it stood.
        tail = b"last part"
        status, headers, _ = raw.request("PUT", "/crash-bucket/mp",
                                         f"partNumber=2&uploadId={upload_id}", body=tail)
        assert status == 200
        complete = (f"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag1}"
                    f"</ETag></Part><Part><PartNumber>2</PartNumber><ETag>{headers['etag']}"
                    "</ETag></Part></CompleteMultipartUpload>").encode()
        status, _, body = raw.request("POST", "/crash-bucket/mp", f"uploadId={upload_id}",
                                      body=complete)
        assert status == 200, body
        assert raw.request("GET", "/crash-bucket/mp")[2] == part + tail
        # Files on disk: kept, replaced (old), mp; the parts are gone.
        stored = files_under(os.path.join(server.data_dir, "buckets", "crash-bucket"))
        assert len(stored) == 3, stored
    finally:
        if server.proc is not None:
            assert server.stop() == 0
