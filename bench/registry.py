"""Benchmark: the /v2 registry API (OCI Distribution), berth vs Debian's docker-registry.

Starts berth (BERTH_BIN, default build/release/berth; access log on, to a file) and
docker-registry (CNCF Distribution 2.8, filesystem storage, no auth, its Debian config otherwise)
on loopback ports, both running for the whole run, and measures each the same way:

1. manifest GET by tag: a small image pushed with skopeo, then
   `wrk -t1 -c64 -d15s --latency` on GET /v2/bench/app/manifests/v1 (Accept: OCI manifest;
   berth also gets `Authorization: Basic <ECR authorization token>`, checked on every request).
2. blob GET: a one-layer image whose layer is 100 MB of random bytes, pushed with skopeo, then
   the layer downloaded BLOB_GETS times in a row with curl (to /dev/null).
3. push: a fresh 3-layer image (3 x 33 MB of random bytes, new bytes every run, so nothing is
   already there to mount) copied with skopeo from an OCI layout to a new repository; best of 3.
4. memory: peak (VmHWM) and current (VmRSS) RSS of each server after 1-3 and pulling every
   pushed 3-layer image back with skopeo (~0.4 GB pushed and ~1.3 GB pulled per server).

Prints the results and appends them, with the machine and the date, to bench/RESULTS.md.
Everything it starts is stopped by PID when it ends (also on error); its temp dir is removed.
"""
import base64
import datetime
import gzip
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time


HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import oci  # noqa: E402 - the e2e tests' image builder
sys.path.insert(0, HERE)
from benchlib import (ecr_client, free_port, machine, rss_kb, run_wrk, start_berth, stop,  # noqa: E402
                      wait_for_port)

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
REGISTRY_BIN = os.environ.get("REGISTRY_BIN", "/usr/bin/docker-registry")
DURATION = os.environ.get("BENCH_DURATION", "15s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "64")
BLOB_MB = int(os.environ.get("BENCH_BLOB_MB", "100"))
BLOB_GETS = int(os.environ.get("BENCH_BLOB_GETS", "10"))
PUSH_RUNS = int(os.environ.get("BENCH_PUSH_RUNS", "3"))
PUSH_LAYER_MB = 33
MB = 1_000_000


class Server:
    """One registry under test: how to reach it and how to authenticate to it."""

    def __init__(self, name, proc, port, password=None, token=None):
        self.name, self.proc, self.port = name, proc, port
        self.host = f"127.0.0.1:{port}"
        self.url = f"http://{self.host}"
        self.password = password  # for skopeo: AWS:<password>
        self.token = token        # for curl/wrk: Authorization: Basic <token>
        self.results = {}

    def headers(self):
        return [f"Authorization: Basic {self.token}"] if self.token else []

    def creds(self, direction):
        return [f"--{direction}-creds", f"AWS:{self.password}"] if self.password else []


def build_info():
    """HEAD, whether src/ has uncommitted changes, and when the binary was built (another build
    in the same tree can replace it: the run uses a copy taken at its start)."""
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "src"],
                           capture_output=True, text=True).stdout.strip()
    built = datetime.datetime.fromtimestamp(os.path.getmtime(BERTH_BIN), datetime.timezone.utc)
    return (f"commit {commit}{' + uncommitted changes in src/' if dirty else ''}, "
            f"binary built {built:%Y-%m-%d %H:%M} UTC")


def berth_login(berth):
    """An ECR client with the admin credentials berth wrote (to create repositories: berth, like
    ECR, wants them before a push), and the /v2 password and Basic token from
    GetAuthorizationToken."""
    ecr = ecr_client(berth.endpoint, *berth.credentials)
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    user, password = base64.b64decode(token).decode().split(":", 1)
    assert user == "AWS", user
    return ecr, password, token


def start_distribution(tmp):
    port = free_port()
    config = os.path.join(tmp, "registry.yml")
    # Debian's /etc/docker/registry/config.yml without auth, on loopback, logging errors only
    # (its access log stays on, like berth's, into a file).
    with open(config, "w") as f:
        f.write(f"""version: 0.1
log:
  level: error
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: {os.path.join(tmp, "distribution-data")}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:{port}
  headers:
    X-Content-Type-Options: [nosniff]
""")
    log = open(os.path.join(tmp, "distribution.log"), "wb")
    proc = subprocess.Popen([REGISTRY_BIN, "serve", config], stdout=log, stderr=log)
    wait_for_port(port, proc)
    return proc, port


class RandomImage:
    """An OCI image whose layers are tars of one file of random bytes each (gzip, stored: the
    bytes stay incompressible), in the shape oci.image_layout writes."""

    def __init__(self, layer_sizes):
        self.layers, diff_ids = [], []
        for i, size in enumerate(layer_sizes):
            raw = io.BytesIO()
            with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                info = tarfile.TarInfo(f"data{i}.bin")
                info.size = size
                tar.addfile(info, io.BytesIO(os.urandom(size)))
            diff_ids.append(oci.digest(raw.getvalue()))
            self.layers.append(gzip.compress(raw.getvalue(), compresslevel=0, mtime=0))
        self.config = json.dumps({
            "architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/true"]},
            "rootfs": {"type": "layers", "diff_ids": diff_ids}}, sort_keys=True).encode()
        self.media_type = oci.OCI_MANIFEST
        self.manifest = json.dumps({
            "schemaVersion": 2, "mediaType": oci.OCI_MANIFEST,
            "config": {"mediaType": oci.OCI_CONFIG, "digest": oci.digest(self.config),
                       "size": len(self.config)},
            "layers": [{"mediaType": oci.OCI_LAYER, "digest": oci.digest(l), "size": len(l)}
                       for l in self.layers]}, indent=2).encode()
        self.digest = oci.digest(self.manifest)

    @property
    def blobs(self):
        return [self.config, *self.layers]


def skopeo(args, env):
    started = time.perf_counter()
    res = subprocess.run(["skopeo", "copy", "--quiet", *args], env=env, capture_output=True,
                         text=True, timeout=300)
    elapsed = time.perf_counter() - started
    if res.returncode != 0:
        raise RuntimeError(f"skopeo copy {' '.join(args)} failed:\n{res.stderr}")
    return elapsed


def push(server, layout, repo, env, ecr=None):
    if ecr is not None:
        ecr.create_repository(repositoryName=repo)
    return skopeo(["--dest-tls-verify=false", *server.creds("dest"), f"oci:{layout}:v1",
                   f"docker://{server.host}/{repo}:v1"], env)


def pull(server, repo, dest, env):
    return skopeo(["--src-tls-verify=false", *server.creds("src"),
                   f"docker://{server.host}/{repo}:v1", f"oci:{dest}:v1"], env)


def curl(server, path, extra_headers=(), out="/dev/null"):
    args = ["curl", "-sS", "-o", out, "-w", "%{http_code} %{size_download} %{time_total}"]
    for h in [*server.headers(), *extra_headers]:
        args += ["-H", h]
    res = subprocess.run([*args, server.url + path], capture_output=True, text=True, timeout=120)
    if res.returncode != 0:
        raise RuntimeError(f"curl {path} on {server.name}: {res.stderr}")
    code, size, seconds = res.stdout.split()
    return int(code), int(size), float(seconds)


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-registry-")
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, "xdg"))
    berth_proc = dist_proc = None
    started = time.time()
    build = build_info()
    try:
        # A copy of the binary, so a rebuild meanwhile does not change what is measured.
        binary = os.path.join(tmp, "berth")
        shutil.copy2(BERTH_BIN, binary)
        started_berth = start_berth(binary, tmp, data="berth-data", access_log="berth-access.log",
                                    stderr=open(os.path.join(tmp, "berth.stderr"), "wb"))
        berth_proc = started_berth.proc
        ecr, password, token = berth_login(started_berth)
        berth = Server("berth", berth_proc, started_berth.port, password, token)
        dist_proc, dist_port = start_distribution(tmp)
        dist = Server("docker-registry", dist_proc, dist_port)
        servers = [berth, dist]
        for s in servers:
            s.results["idle"] = rss_kb(s.proc.pid)

        def ecr_for(s):
            return ecr if s is berth else None

        # 1. manifest GET by tag
        small = oci.Image("bench", layer_count=2)
        small_layout = os.path.join(tmp, "small")
        oci.image_layout(small_layout, small, ref="v1")
        accept = f"Accept: {oci.OCI_MANIFEST}"
        manifest_path = "/v2/bench/app/manifests/v1"
        for s in servers:
            push(s, small_layout, "bench/app", env, ecr_for(s))
            body = os.path.join(tmp, f"manifest-{s.name}")
            code, size, _ = curl(s, manifest_path, [accept], out=body)
            if code != 200 or open(body, "rb").read() != small.manifest:
                raise RuntimeError(f"{s.name}: GET {manifest_path} answered {code}, {size} bytes")
        for s in servers:
            s.results["manifest"] = run_wrk(s.url + manifest_path, CONNECTIONS, DURATION,
                                             [*s.headers(), accept])
            print(f"manifest GET {s.name}: {s.results['manifest']['rps']:,.0f} req/s", flush=True)

        # 2. blob GET of a 100 MB layer
        big = RandomImage([BLOB_MB * MB])
        big_layout = os.path.join(tmp, "big")
        oci.image_layout(big_layout, big, ref="v1")
        blob_digest, blob_size = oci.digest(big.layers[0]), len(big.layers[0])
        del big
        blob_path = f"/v2/bench/big/blobs/{blob_digest}"
        for s in servers:
            push(s, big_layout, "bench/big", env, ecr_for(s))
        shutil.rmtree(big_layout)
        for s in servers:
            speeds = []
            for _ in range(BLOB_GETS):
                code, size, seconds = curl(s, blob_path)
                if code != 200 or size != blob_size:
                    raise RuntimeError(f"{s.name}: GET {blob_path} answered {code}, {size} bytes")
                speeds.append(size / seconds / MB)
            s.results["blob"] = speeds
            print(f"blob GET {s.name}: median {statistics.median(speeds):,.0f} MB/s", flush=True)

        # 3. push of a fresh 3-layer image, best of PUSH_RUNS (same bytes to both each run)
        push_bytes = 0
        for s in servers:
            s.results["push"] = []
        for run in range(PUSH_RUNS):
            image = RandomImage([PUSH_LAYER_MB * MB] * 3)
            push_bytes = sum(len(b) for b in image.blobs)
            layout = os.path.join(tmp, f"push-{run}")
            oci.image_layout(layout, image, ref="v1")
            del image
            for s in servers if run % 2 == 0 else reversed(servers):  # neither always first
                s.results["push"].append(push(s, layout, f"bench/push-{run}", env, ecr_for(s)))
            shutil.rmtree(layout)
        for s in servers:
            print(f"push {s.name}: {', '.join(f'{t:.2f}' for t in s.results['push'])} s",
                  flush=True)

        # 4. memory, after pulling every pushed 3-layer image back
        for s in servers:
            for run in range(PUSH_RUNS):
                dest = os.path.join(tmp, f"pull-{s.name}-{run}")
                pull(s, f"bench/push-{run}", dest, env)
                shutil.rmtree(dest)
            if s.proc.poll() is not None:
                raise RuntimeError(f"{s.name} exited with {s.proc.returncode}")
            s.results["rss"] = rss_kb(s.proc.pid)
        pushed_gb = (BLOB_MB * MB + PUSH_RUNS * push_bytes) / 1e9
        pulled_gb = (BLOB_GETS * blob_size + PUSH_RUNS * push_bytes) / 1e9
        access_log = open(os.path.join(tmp, "berth-access.log"), errors="replace").read()
        access_log_lines = access_log.count("\n")
        berth_5xx = len(re.findall(r'"status":5\d\d', access_log))
        berth_errors = open(os.path.join(tmp, "berth.stderr"), errors="replace").read()
        dist_log = open(os.path.join(tmp, "distribution.log"), errors="replace").read()
        dist_5xx = [l for l in dist_log.splitlines() if re.search(r'" 5\d\d |status=5\d\d', l)]
        stop(berth_proc)
        stop(dist_proc)
        berth_exit, dist_exit = berth_proc.returncode, dist_proc.returncode
    except BaseException:
        for name, proc, log in ((BERTH_BIN, berth_proc, "berth.stderr"),
                                (REGISTRY_BIN, dist_proc, "distribution.log")):
            if proc is not None:
                state = "running" if proc.poll() is None else f"exited with {proc.returncode}"
                path = os.path.join(tmp, log)
                tail = open(path, errors="replace").read()[-3000:] if os.path.exists(path) else ""
                print(f"{name} (pid {proc.pid}) {state}; {log}:\n{tail}", file=sys.stderr)
        raise
    finally:
        stop(berth_proc)
        stop(dist_proc)
        if os.environ.get("BENCH_KEEP_TMP"):
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    runtime = time.time() - started
    report = render(berth, dist, build, pushed_gb, pulled_gb, blob_size, push_bytes, runtime)
    print(report)
    print(f"berth: {access_log_lines} access-log lines, {berth_5xx} with a 5xx status, "
          f"exit status {berth_exit}; docker-registry: {len(dist_5xx)} 5xx responses, "
          f"exit status {dist_exit} (-15: it dies of the SIGTERM that stops it)")
    for line in berth_errors.strip().splitlines()[:10]:
        print("berth stderr:", line)
    for line in dist_5xx[:10]:
        print("docker-registry log:", line)
    for s in (berth, dist):
        if s.results["manifest"]["non2xx"] or s.results["manifest"]["socket_errors"]:
            print(f"warning: {s.name}: errors during the manifest run\n"
                  + s.results["manifest"]["raw"], file=sys.stderr)
    with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
        f.write(report)


def version(args):
    try:
        out = subprocess.run(args, capture_output=True, text=True).stdout
        return out.strip().splitlines()[0]
    except Exception:  # noqa: BLE001 - only for the report
        return "?"


def render(berth, dist, build, pushed_gb, pulled_gb, blob_size, push_bytes, runtime):
    dist_version = version([REGISTRY_BIN, "--version"]).split()[-1]
    skopeo_version = version(["skopeo", "--version"]).split()[-1]
    b, d = berth.results, dist.results
    bm, dm = b["manifest"], d["manifest"]
    b_blob, d_blob = statistics.median(b["blob"]), statistics.median(d["blob"])
    b_push, d_push = min(b["push"]), min(d["push"])

    def mb(kb):
        return f"{kb / 1024:.1f}"

    return f"""
## /v2 registry API: berth vs docker-registry ({datetime.date.today().isoformat()})

Machine: {machine()}.
berth {build}; Release build, access log on (to a file),
every request authenticated (`Authorization: Basic` with the ECR authorization token).
Debian's docker-registry (CNCF Distribution {dist_version}): filesystem storage, in-memory blob
descriptor cache, no auth, log level error, access log on (to a file). Both running for the whole
run, on loopback, on the same cores as the clients (wrk, curl, skopeo {skopeo_version}).
Run with `bench/registry.sh` (took {runtime:.0f} s).

Manifest GET by tag (`GET /v2/bench/app/manifests/v1`, Accept: OCI manifest, a 2-layer image),
wrk -t1 -c{CONNECTIONS} -d{DURATION}:

| server | requests/s | p50 ms | p99 ms | non-2xx |
|---|---:|---:|---:|---:|
| berth | {bm['rps']:,.0f} | {bm['p50']:.2f} | {bm['p99']:.2f} | {bm['non2xx']} |
| docker-registry | {dm['rps']:,.0f} | {dm['p50']:.2f} | {dm['p99']:.2f} | {dm['non2xx']} |

berth / docker-registry: **{bm['rps'] / dm['rps']:.2f}×** requests/s.

Blob GET of a {blob_size / MB:.0f} MB layer (random bytes), {BLOB_GETS} sequential downloads with curl
to /dev/null, one new connection each; and push of a fresh 3-layer image
({push_bytes / MB:.0f} MB, 3 × {PUSH_LAYER_MB} MB random layers) with `skopeo copy` from an OCI
layout to a new repository, best of {PUSH_RUNS} (new bytes every run):

| server | blob GET MB/s, median (min–max) | push s, best (all runs) |
|---|---:|---:|
| berth | {b_blob:,.0f} ({min(b['blob']):,.0f}–{max(b['blob']):,.0f}) | {b_push:.2f} ({', '.join(f'{t:.2f}' for t in b['push'])}) |
| docker-registry | {d_blob:,.0f} ({min(d['blob']):,.0f}–{max(d['blob']):,.0f}) | {d_push:.2f} ({', '.join(f'{t:.2f}' for t in d['push'])}) |

berth / docker-registry: blob GET **{b_blob / d_blob:.2f}×** the throughput; push
**{b_push / d_push:.2f}×** the time (below 1 is faster).

Memory after all of the above and pulling the {PUSH_RUNS} pushed images back with skopeo
({pushed_gb:.1f} GB pushed, {pulled_gb:.1f} GB pulled per server):

| server | RSS idle MB | peak RSS (VmHWM) MB | RSS (VmRSS) MB |
|---|---:|---:|---:|
| berth | {mb(b['idle'][1])} | {mb(b['rss'][0])} | {mb(b['rss'][1])} |
| docker-registry | {mb(d['idle'][1])} | {mb(d['rss'][0])} | {mb(d['rss'][1])} |
"""


if __name__ == "__main__":
    main()
