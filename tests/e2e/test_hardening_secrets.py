"""Secrets on disk (issue 16, defect 6): everything berth keeps in its data dir is its owner's
alone whatever the umask, secret access keys are encrypted at rest, and berth refuses a data dir
others could tamper with."""
import os
import shutil
import sqlite3
import stat
import subprocess
import tempfile
import time

import pytest

import oci
from conftest import BERTH_BIN, Berth, boto3_client
from s3_client import read_key


@pytest.fixture
def tmp_root(monkeypatch):
    """A folder for a berth of the test's own; its data dir is <tmp_root>/data."""
    tmp = tempfile.mkdtemp(prefix="berth-e2e-secrets-")
    os.chmod(tmp, 0o700)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.path.join(tmp, "data", "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    yield tmp
    shutil.rmtree(tmp, ignore_errors=True)


def start_with_umask(server, mask):
    old = os.umask(mask)
    try:
        server.start()
    finally:
        os.umask(old)


def modes_open_to_others(root):
    """Paths under `root` (itself included) that group or others may access."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        for p in [dirpath] + [os.path.join(dirpath, f) for f in filenames]:
            st = os.lstat(p)
            if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o077:
                found.append((p, oct(st.st_mode & 0o7777)))
    return found


def use_every_store(server):
    """Writes to each of berth's stores: the database, blobs, buckets, log events, metrics."""
    ecr = boto3_client(server, "ecr")
    ecr.create_repository(repositoryName="modes/app")
    oci.push(ecr, "modes/app", oci.Image("modes"), tag="v1")
    s3 = boto3_client(server, "s3")
    s3.create_bucket(Bucket="modes-bucket")
    s3.put_object(Bucket="modes-bucket", Key="k", Body=b"object")
    logs = boto3_client(server, "logs")
    logs.create_log_group(logGroupName="/modes")
    logs.create_log_stream(logGroupName="/modes", logStreamName="s")
    logs.put_log_events(logGroupName="/modes", logStreamName="s", logEvents=[
        {"timestamp": int(time.time() * 1000), "message": "m"}])
    boto3_client(server, "cloudwatch").put_metric_data(
        Namespace="Modes", MetricData=[{"MetricName": "m", "Value": 1.0}])
    iam = boto3_client(server, "iam")
    iam.create_user(UserName="second")
    return iam.create_access_key(UserName="second")["AccessKey"]["SecretAccessKey"]


def test_every_file_is_owner_only_even_in_an_existing_dir_under_umask_0(tmp_root):
    data = os.path.join(tmp_root, "data")
    os.mkdir(data)
    os.chmod(data, 0o755)  # as `mkdir` under the usual umask leaves it
    server = Berth(data)
    start_with_umask(server, 0)
    try:
        use_every_store(server)
        time.sleep(2.5)  # the metric flushers and trail delivery write their files too
        assert os.path.exists(os.path.join(data, "berth.db-wal"))
        assert modes_open_to_others(data) == []
    finally:
        assert server.stop() == 0, server.logs()
    assert modes_open_to_others(data) == []


def test_files_left_open_by_an_earlier_start_are_restricted(tmp_root):
    data = os.path.join(tmp_root, "data")
    server = Berth(data)
    server.start()
    use_every_store(server)
    assert server.stop() == 0
    for dirpath, dirnames, filenames in os.walk(data):
        os.chmod(dirpath, 0o755)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o644)
    server.start()
    try:
        assert modes_open_to_others(data) == []
    finally:
        assert server.stop() == 0, server.logs()


def database_bytes(data):
    out = b""
    for suffix in ("", "-wal"):
        path = os.path.join(data, "berth.db" + suffix)
        if os.path.exists(path):
            with open(path, "rb") as f:
                out += f.read()
    return out


def test_secret_access_keys_are_encrypted_at_rest(tmp_root):
    data = os.path.join(tmp_root, "data")
    server = Berth(data)
    server.start()
    try:
        second_secret = use_every_store(server)
        _, admin_secret = read_key(server.credentials_file)
        stored = database_bytes(data)
        assert admin_secret.encode() not in stored
        assert second_secret.encode() not in stored
        key = os.path.join(data, "keys", "secrets.key")
        assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
        assert os.path.getsize(key) == 32
    finally:
        assert server.stop() == 0, server.logs()


def test_plain_text_secrets_of_an_older_berth_are_sealed_at_start(tmp_root):
    data = os.path.join(tmp_root, "data")
    server = Berth(data)
    server.start()
    assert server.stop() == 0
    key_id, secret = read_key(server.credentials_file)
    # As berth kept it before encryption at rest.
    db = sqlite3.connect(os.path.join(data, "berth.db"))
    db.execute("UPDATE access_keys SET secret = ? WHERE id = ?", (secret, key_id))
    db.commit()
    db.close()
    server.start()
    try:
        # The key still signs calls.
        boto3_client(server, "ecr").describe_repositories()
        db = sqlite3.connect(os.path.join(data, "berth.db"))
        (stored,) = db.execute("SELECT secret FROM access_keys WHERE id = ?", (key_id,)).fetchone()
        db.close()
        assert stored.startswith("v1:") and secret not in stored
    finally:
        assert server.stop() == 0, server.logs()


def refused_start(data):
    proc = subprocess.run([BERTH_BIN, "serve", "--listen", "127.0.0.1:0", "--data-dir", data],
                          capture_output=True, timeout=30)
    return proc.returncode, proc.stdout.decode() + proc.stderr.decode()


def test_refuses_a_data_dir_others_may_write(tmp_root):
    data = os.path.join(tmp_root, "data")
    os.mkdir(data)
    os.chmod(data, 0o777)
    code, output = refused_start(data)
    assert code != 0, output
    assert "group or others may write" in output, output
    assert "listening" not in output


def test_refuses_a_data_dir_another_user_owns(tmp_root):
    if os.geteuid() != 0:
        pytest.skip("needs root to give the directory away")
    data = os.path.join(tmp_root, "data")
    os.mkdir(data, 0o700)
    os.chown(data, 65534, 65534)
    code, output = refused_start(data)
    assert code != 0, output
    assert "owned by uid 65534" in output, output
