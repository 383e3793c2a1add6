"""Fixtures: one berth server per test session (free port, temp data dir), the real aws CLIs and
boto3 pointed at it."""
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

import boto3
import botocore.config
import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(REPO_ROOT, "build", "release", "berth")))
PIP_AWS = shutil.which("aws")
DEBIAN_AWS = "/usr/bin/aws"
REGION = "us-east-1"


class Berth:
    """A running berth: its endpoint, data dir and credentials."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.stdout_path = os.path.join(os.path.dirname(data_dir), "berth.stdout")
        self.stderr_path = os.path.join(os.path.dirname(data_dir), "berth.stderr")
        self.access_log = os.path.join(os.path.dirname(data_dir), "access.log")
        self.extra_args = []
        self.proc = None
        self.endpoint = None

    def start(self):
        # A restart appends to the same log: only what this start prints counts.
        offset = os.path.getsize(self.stdout_path) if os.path.exists(self.stdout_path) else 0
        out = open(self.stdout_path, "ab")
        err = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(
            [BERTH_BIN, "serve", "--listen", "127.0.0.1:0", "--data-dir", self.data_dir,
             "--access-log", self.access_log, *self.extra_args],
            stdout=out, stderr=err)
        deadline = time.time() + 30
        while time.time() < deadline:
            with open(self.stdout_path, "rb") as f:
                f.seek(offset)
                m = re.findall(rb"berth listening on (http://127\.0\.0\.1:\d+)", f.read())
            if m:
                self.endpoint = m[-1].decode()
                return
            if self.proc.poll() is not None:
                raise RuntimeError("berth exited early:\n" + self.logs())
            time.sleep(0.05)
        raise RuntimeError("berth did not start:\n" + self.logs())

    def stop(self):
        """SIGTERM, and fail if berth did not exit cleanly (a sanitizer report exits non-zero)."""
        if self.proc is None:
            return 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.proc = None
        return code

    def logs(self):
        text = ""
        for path in (self.stdout_path, self.stderr_path):
            if os.path.exists(path):
                with open(path, "rb") as f:
                    text += f.read().decode(errors="replace")[-20000:]
        return text

    @property
    def credentials_file(self):
        return os.path.join(self.data_dir, "credentials")

    @property
    def host(self):
        return self.endpoint[len("http://"):]


@pytest.fixture(scope="session")
def berth():
    tmp = tempfile.mkdtemp(prefix="berth-e2e-")
    server = Berth(os.path.join(tmp, "data"))
    server.start()
    yield server
    code = server.stop()
    logs = server.logs()
    shutil.rmtree(tmp, ignore_errors=True)
    assert code == 0, f"berth exited with {code}:\n{logs}"
    assert "ERROR: AddressSanitizer" not in logs and "runtime error:" not in logs, logs


@contextlib.contextmanager
def own_berth_server(monkeypatch, args=(), prefix="berth-e2e-own-"):
    """A berth of the test's own (fresh data dir, `args` added to `serve`) whose credentials
    the environment names; stopped at the end, failing the test unless it exited cleanly."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    server = Berth(os.path.join(tmp, "data"))
    server.extra_args = list(args)
    server.start()
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", server.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    try:
        yield server
    finally:
        code = server.stop()
        logs = server.logs()
        shutil.rmtree(tmp, ignore_errors=True)
    assert code == 0, logs
    assert "ERROR: AddressSanitizer" not in logs and "runtime error:" not in logs, logs


def module_berth_server(args=(), prefix="berth-e2e-module-"):
    """For a module-scoped fixture (`yield from module_berth_server(…)`): a berth of the module's
    own with `args` added to `serve`, stopped at the end, failing unless it exited cleanly.
    Its `started_at` is the time.time() it was listening at."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    server = Berth(os.path.join(tmp, "data"))
    server.extra_args = list(args)
    server.start()
    server.started_at = time.time()
    yield server
    code = server.stop()
    logs = server.logs()
    shutil.rmtree(tmp, ignore_errors=True)
    assert code == 0, logs
    assert "ERROR: AddressSanitizer" not in logs and "runtime error:" not in logs, logs


def cli_env(credentials_file, profile=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "AWS_SHARED_CREDENTIALS_FILE": credentials_file,
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
        "NO_PROXY": "127.0.0.1",
        "AWS_PAGER": "",
    })
    for k in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env.pop(k, None)
    if profile:
        env["AWS_PROFILE"] = profile
    return env


class Cli:
    """Runs one of the two aws CLIs against berth."""

    def __init__(self, berth, which, credentials_file=None, profile=None):
        self.berth = berth
        self.which = which
        self.binary = PIP_AWS if which == "pip" else DEBIAN_AWS
        self.env = cli_env(credentials_file or berth.credentials_file, profile)

    def __call__(self, *args, check=True):
        cmd = [self.binary, "--endpoint-url", self.berth.endpoint, "--output", "json", *args]
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=120)
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
        out = proc.stdout.strip()
        try:
            data = json.loads(out) if out else None
        except json.JSONDecodeError:
            data = out
        return proc.returncode, data, proc.stderr


@pytest.fixture(params=["pip", "debian"])
def aws(request, berth):
    return Cli(berth, request.param)


@pytest.fixture
def pip_aws(berth):
    return Cli(berth, "pip")


def boto3_client(berth, service="ecr", profile=None, **kwargs):
    session = boto3.Session(profile_name=profile or "default", region_name=REGION)
    return session.client(
        service, endpoint_url=berth.endpoint,
        config=botocore.config.Config(retries={"max_attempts": 1}), **kwargs)


@pytest.fixture
def ecr(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth)


@pytest.fixture
def name():
    """A fresh repository name per test."""
    return f"e2e/{uuid.uuid4().hex[:10]}"
