"""What the registry tests share: logging skopeo in with the ECR token, copying images, and raw
/v2 calls with the token."""
import base64
import http.client
import json
import os
import subprocess
import time


def authorization_token(ecr):
    """The base64("AWS:<password>") of GetAuthorizationToken."""
    return ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]


def password(ecr):
    return base64.b64decode(authorization_token(ecr)).decode().split(":", 1)[1]


class Skopeo:
    """skopeo with its own auth file, logged in to berth the way the walkthrough does it:
    `aws ecr get-login-password | skopeo login --username AWS --password-stdin HOST`."""

    def __init__(self, host, workdir):
        self.host = host
        self.authfile = os.path.join(workdir, "auth.json")
        # Its own blob-info cache, so what one test pushed informs the next (mounts).
        self.env = dict(os.environ, HOME=workdir, XDG_RUNTIME_DIR=workdir)

    def login(self, secret):
        return self.run("login", "--authfile", self.authfile, "--tls-verify=false",
                        "--username", "AWS", "--password-stdin", self.host, input=secret)

    def copy(self, src, dst, *flags, check=True):
        args = ["copy", "--authfile", self.authfile, "--src-tls-verify=false",
                "--dest-tls-verify=false", *flags, src, dst]
        return self.run(*args, check=check)

    def inspect_raw(self, ref):
        out = self.run("inspect", "--authfile", self.authfile, "--tls-verify=false", "--raw",
                       f"docker://{self.host}/{ref}")
        return out.stdout.encode()

    def run(self, *args, input=None, check=True):
        proc = subprocess.run(["skopeo", *args], input=input, capture_output=True, text=True,
                              env=self.env, timeout=600)
        if check and proc.returncode != 0:
            raise AssertionError(f"skopeo {' '.join(args)} failed: {proc.stderr}")
        return proc


class V2:
    """Raw /v2 calls with `Authorization: Basic <token>` (or none)."""

    def __init__(self, host, token=None):
        self.host = host
        self.token = token

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.host, timeout=60)
        all_headers = dict(headers or {})
        if self.token:
            all_headers.setdefault("Authorization", f"Basic {self.token}")
        conn.request(method, path, body=body, headers=all_headers)
        res = conn.getresponse()
        data = res.read()
        conn.close()
        return res.status, {k.lower(): v for k, v in res.getheaders()}, data

    def json(self, method, path, **kwargs):
        status, headers, data = self.request(method, path, **kwargs)
        return status, headers, (json.loads(data) if data else None)


def blobs_of_layout(path):
    """{digest: bytes} of every blob in an OCI layout."""
    out = {}
    root = os.path.join(path, "blobs", "sha256")
    for name in os.listdir(root):
        with open(os.path.join(root, name), "rb") as f:
            out["sha256:" + name] = f.read()
    return out


def access_log_lines(path, predicate=lambda line: True, settle=1.0):
    """The access log's records (JSON lines) matching predicate, after the log's flush
    interval has passed."""
    time.sleep(settle)
    with open(path) as f:
        return [r for r in (json.loads(l) for l in f if l.strip()) if predicate(r)]
