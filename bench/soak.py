"""Soak benchmark: berth's memory under a long mixed load (issue 16, defect 5).

Starts berth (BERTH_BIN, default build/release/berth) on a free loopback port and drives it from
SOAK_WORKERS processes (default 3), each looping over one round of calls until SOAK_MINUTES
(default 30) have passed:
  /v2 push (two layers and a config by monolithic POST, then the manifest by tag; tags cycle
  over 50 per worker), /v2 pull (manifest by tag, one layer), PutLogEvents (20 events),
  FilterLogEvents (a term pattern, 50 events at most), CloudTrail LookupEvents (20 events),
  S3 PutObject + GetObject (1 KiB, keys cycling over 1000 per worker), and every fifth round a
  Logs Insights StartQuery + GetQueryResults.
Every call is signed the way the AWS SDKs sign it (SigV4 written out here, keep-alive
connections, no SDK in the loop so the driver's CPU goes to calls); any answer other than the
expected status counts as an error and is reported.

Every SOAK_SAMPLE seconds (default 10) it reads VmRSS, RssAnon and RssFile from
/proc/<pid>/status, the heap SQLite holds (berth_sqlite_memory_bytes from GET /metrics), the
calls made so far and the machine's load average. At the end it prints
the samples, judges growth after warm-up (the first SOAK_WARMUP fraction of the run, default
0.3, is warm-up: growth after it is reported per minute and per 1,000 calls) and, unless
SOAK_NO_RESULTS is set, appends the table to bench/RESULTS.md with the machine and the date.
Extra `berth serve` arguments come from SOAK_SERVE_ARGS (e.g. "--db-cache-mib 64").
With SOAK_MAX_GROWTH_MIB set it exits 1 when RssAnon grew more than that after warm-up, with
SOAK_MAX_SQLITE_MIB when SQLite's heap went past that, and always when a call failed (the e2e
test's short run, tests/e2e/test_memory_soak.py, uses these).

Everything it starts is stopped by PID when it ends (also on error); its temp dir is removed.
"""
import datetime
import hashlib
import hmac
import http.client
import json
import multiprocessing
import os
import random
import shlex
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import oci  # noqa: E402 - the e2e tests' image builder
sys.path.insert(0, HERE)
from benchlib import ecr_client, machine, start_berth, stop  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
MINUTES = float(os.environ.get("SOAK_MINUTES", "30"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "3"))
SAMPLE_S = float(os.environ.get("SOAK_SAMPLE", "10"))
WARMUP = float(os.environ.get("SOAK_WARMUP", "0.3"))
SERVE_ARGS = shlex.split(os.environ.get("SOAK_SERVE_ARGS", ""))
MAX_GROWTH_MIB = os.environ.get("SOAK_MAX_GROWTH_MIB")
MAX_SQLITE_MIB = os.environ.get("SOAK_MAX_SQLITE_MIB")
REGION = "us-east-1"
REPO = "soak/app"
BUCKET = "soak-bucket"
LOG_GROUP = "/soak/app"

OPS = ["push", "pull", "put_log_events", "filter_log_events", "lookup_events", "s3_put",
       "s3_get", "insights"]


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def sigv4(method, host, path, service, key_id, secret, body=b"", headers=None, query=""):
    """The headers of a SigV4-signed request (path and query already URI-encoded)."""
    amz_date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    scope = f"{amz_date[:8]}/{REGION}/{service}/aws4_request"
    payload_hash = hashlib.sha256(body).hexdigest()
    h = {k.lower(): v for k, v in (headers or {}).items()}
    h.update({"host": host, "x-amz-date": amz_date, "x-amz-content-sha256": payload_hash})
    names = sorted(h)
    canonical = "\n".join([method, path, query,
                           "".join(f"{n}:{h[n]}\n" for n in names), ";".join(names),
                           payload_hash])
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(("AWS4" + secret).encode(), amz_date[:8])
    for part in (REGION, service, "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    h["authorization"] = (f"AWS4-HMAC-SHA256 Credential={key_id}/{scope}, "
                          f"SignedHeaders={';'.join(names)}, Signature={signature}")
    return h


class Client:
    """One keep-alive connection to berth and the calls of a round."""

    def __init__(self, port, credentials, token, worker):
        self.host = f"127.0.0.1:{port}"
        self.port = port
        self.key_id, self.secret = credentials
        self.token = token
        self.worker = worker
        self.conn = None
        self.rng = random.Random(worker)

    def send(self, method, path, body=b"", headers=None, expect=200):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                res = self.conn.getresponse()
                data = res.read()
            except (http.client.HTTPException, ConnectionError):
                # The server closed an idle keep-alive connection: one retry on a new one.
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
                continue
            if res.getheader("connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            if res.status != expect:
                raise RuntimeError(f"{method} {path}: {res.status} {data[:300]!r}")
            return data

    def json(self, service, target, payload, content_type="application/x-amz-json-1.1"):
        body = json.dumps(payload).encode()
        headers = sigv4("POST", self.host, "/", service, self.key_id, self.secret, body,
                        {"content-type": content_type, "x-amz-target": target})
        return json.loads(self.send("POST", "/", body, headers) or b"{}")

    def v2(self, method, path, body=b"", headers=None, expect=200):
        h = {"Authorization": f"Basic {self.token}", **(headers or {})}
        return self.send(method, path, body, h, expect)

    # ---- the calls ----
    def push(self, n):
        image = oci.Image(f"soak-{self.worker}-{n}-{self.rng.random()}", layer_count=2,
                          layer_size=2048)
        for blob in [image.config, *image.layers]:
            self.v2("POST", f"/v2/{REPO}/blobs/uploads/?digest={oci.digest(blob)}", blob,
                    {"Content-Type": "application/octet-stream"}, expect=201)
        self.v2("PUT", f"/v2/{REPO}/manifests/w{self.worker}-{n % 50}", image.manifest,
                {"Content-Type": image.media_type}, expect=201)
        self.last_layer = oci.digest(image.layers[0])
        return 4

    def pull(self, n):
        manifest = self.v2("GET", f"/v2/{REPO}/manifests/w{self.worker}-{n % 50}",
                           headers={"Accept": oci.OCI_MANIFEST})
        layer = json.loads(manifest)["layers"][0]["digest"]
        self.v2("GET", f"/v2/{REPO}/blobs/{layer}")
        return 2

    def put_log_events(self, n):
        now = int(time.time() * 1000)
        events = [{"timestamp": now, "message": f"worker {self.worker} round {n} event {i} "
                   f"status={'ERROR' if i % 7 == 0 else 'OK'} latency={self.rng.randint(1, 900)}"}
                  for i in range(20)]
        self.json("logs", "Logs_20140328.PutLogEvents",
                  {"logGroupName": LOG_GROUP, "logStreamName": f"w{self.worker}",
                   "logEvents": events})
        return 1

    def filter_log_events(self, n):
        now = int(time.time() * 1000)
        self.json("logs", "Logs_20140328.FilterLogEvents",
                  {"logGroupName": LOG_GROUP, "filterPattern": "ERROR",
                   "startTime": now - 60_000, "limit": 50})
        return 1

    def lookup_events(self, n):
        self.json("cloudtrail",
                  "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
                  {"MaxResults": 20, "LookupAttributes": [
                      {"AttributeKey": "EventName", "AttributeValue": "PutLogEvents"}]})
        return 1

    def s3_put(self, n):
        body = os.urandom(1024)
        path = f"/{BUCKET}/w{self.worker}/obj-{n % 1000}"
        self.send("PUT", path, body, sigv4("PUT", self.host, path, "s3", self.key_id,
                                           self.secret, body))
        return 1

    def s3_get(self, n):
        path = f"/{BUCKET}/w{self.worker}/obj-{n % 1000}"
        self.send("GET", path, b"", sigv4("GET", self.host, path, "s3", self.key_id,
                                          self.secret))
        return 1

    def insights(self, n):
        if n % 5:
            return 0
        now = int(time.time())
        started = self.json("logs", "Logs_20140328.StartQuery", {
            "logGroupName": LOG_GROUP, "startTime": now - 120, "endTime": now + 1,
            "queryString": "filter @message like /ERROR/ | stats count(*) by bin(1m)"})
        self.json("logs", "Logs_20140328.GetQueryResults", {"queryId": started["queryId"]})
        return 2


def worker(index, port, credentials, token, deadline, counts, errors):
    client = Client(port, credentials, token, index)
    n = 0
    while time.time() < deadline:
        for i, op in enumerate(OPS):
            if op == "pull" and n == 0:
                continue  # nothing pushed under this tag yet
            try:
                made = getattr(client, op)(n)
                with counts.get_lock():
                    counts[i] += made
            except Exception as e:  # noqa: BLE001 - counted and reported, the soak goes on
                with errors.get_lock():
                    errors[i] += 1
                if errors[i] <= 3:
                    print(f"worker {index}: {op}: {e}", file=sys.stderr, flush=True)
                client.conn = None
                time.sleep(0.1)
        n += 1


def sqlite_heap_kib(port):
    """berth_sqlite_memory_bytes from GET /metrics, in KiB (None when berth has no endpoint)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/metrics")
        res = conn.getresponse()
        text = res.read().decode()
        conn.close()
    except (OSError, http.client.HTTPException):
        return None
    if res.status != 200:
        return None
    for line in text.splitlines():
        if line.startswith("berth_sqlite_memory_bytes "):
            return int(float(line.split()[1])) // 1024
    return None


def proc_memory_kib(pid):
    out = {}
    for line in open(f"/proc/{pid}/status"):
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            out[name] = int(value.split()[0])
    return out


def setup(berth):
    import boto3
    key_id, secret = berth.credentials
    kwargs = dict(endpoint_url=berth.endpoint, region_name=REGION, aws_access_key_id=key_id,
                  aws_secret_access_key=secret)
    ecr = ecr_client(berth.endpoint, key_id, secret)
    ecr.create_repository(repositoryName=REPO)
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    logs = boto3.client("logs", **kwargs)
    logs.create_log_group(logGroupName=LOG_GROUP)
    for i in range(WORKERS):
        logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=f"w{i}")
    boto3.client("s3", **kwargs).create_bucket(Bucket=BUCKET)
    return token


def mib(kib):
    return kib / 1024


def report(samples, totals, errors, serve_args):
    warm_index = next((i for i, s in enumerate(samples)
                       if s["t"] >= samples[-1]["t"] * WARMUP), 0)
    warm, last = samples[warm_index], samples[-1]
    grew_kib = last["RssAnon"] - warm["RssAnon"]
    minutes = max((last["t"] - warm["t"]) / 60, 1e-9)
    calls = max(last["calls"] - warm["calls"], 1)
    peak = max(s["VmRSS"] for s in samples)
    summary = {
        "calls": last["calls"], "calls_per_s": last["calls"] / max(last["t"], 1e-9),
        "rss_anon_start_mib": mib(samples[0]["RssAnon"]), "rss_anon_end_mib": mib(last["RssAnon"]),
        "rss_end_mib": mib(last["VmRSS"]), "rss_peak_mib": mib(peak),
        "growth_after_warmup_mib": mib(grew_kib),
        "growth_mib_per_min": mib(grew_kib) / minutes,
        "growth_bytes_per_call": grew_kib * 1024 / calls,
        "errors": sum(errors),
        "sqlite_max_mib": mib(max((s["sqlite"] or 0) for s in samples)),
    }
    print(json.dumps(summary, indent=1))
    return summary


def results_section(samples, totals, errors, summary, serve_args):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "", f"## Memory soak (issue 16, defect 5) — {now}",
        f"Machine: {machine()}. berth `{BERTH_BIN}` serve {' '.join(serve_args) or '(defaults)'};"
        f" {WORKERS} client processes for {MINUTES:g} min (bench/soak.sh: pushes, pulls,"
        " PutLogEvents, FilterLogEvents, LookupEvents, S3 Put/GetObject, Logs Insights)."
        " Other helpers were loading the same 2 cores: the load average is in the table.",
        "",
        "Calls by operation: " + ", ".join(f"{op} {totals[i]:,}" for i, op in enumerate(OPS))
        + f"; errors {sum(errors)}.",
        "",
        "| minute | calls | VmRSS MiB | RssAnon MiB | RssFile MiB | SQLite heap MiB | load (1 min) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    step = max(1, len(samples) // 30)
    for s in samples[::step] + ([samples[-1]] if (len(samples) - 1) % step else []):
        sqlite = "-" if s["sqlite"] is None else f"{mib(s['sqlite']):.1f}"
        lines.append(f"| {s['t'] / 60:.1f} | {s['calls']:,} | {mib(s['VmRSS']):.1f} | "
                     f"{mib(s['RssAnon']):.1f} | {mib(s['RssFile']):.1f} | {sqlite} | "
                     f"{s['load']:.2f} |")
    lines += [
        "",
        f"{summary['calls']:,} calls ({summary['calls_per_s']:.0f}/s). RssAnon "
        f"{summary['rss_anon_start_mib']:.1f} → {summary['rss_anon_end_mib']:.1f} MiB; after "
        f"warm-up (first {WARMUP:.0%} of the run) it grew {summary['growth_after_warmup_mib']:.1f}"
        f" MiB ({summary['growth_mib_per_min']:.2f} MiB/min, "
        f"{summary['growth_bytes_per_call']:.1f} bytes per call). Peak VmRSS "
        f"{summary['rss_peak_mib']:.1f} MiB.",
        "",
    ]
    return "\n".join(lines)


def main():
    tmp = tempfile.mkdtemp(prefix="berth-soak-")
    berth = None
    procs = []
    try:
        berth = start_berth(BERTH_BIN, tmp, *SERVE_ARGS, access_log="/dev/null")
        token = setup(berth)
        start = time.time()
        deadline = start + MINUTES * 60
        counts = multiprocessing.Array("q", len(OPS))
        errors = multiprocessing.Array("q", len(OPS))
        for i in range(WORKERS):
            p = multiprocessing.Process(target=worker, args=(i, berth.port, berth.credentials,
                                                             token, deadline, counts, errors))
            p.start()
            procs.append(p)
        samples = []
        while True:
            now = time.time()
            memory = proc_memory_kib(berth.proc.pid)
            s = {"t": now - start, "calls": sum(counts[:]), "load": os.getloadavg()[0],
                 "sqlite": sqlite_heap_kib(berth.port), **memory}
            samples.append(s)
            print(f"{s['t'] / 60:6.1f} min {s['calls']:9,} calls  VmRSS {mib(s['VmRSS']):7.1f}"
                  f"  RssAnon {mib(s['RssAnon']):7.1f}  RssFile {mib(s['RssFile']):7.1f} MiB"
                  f"  SQLite {mib(s['sqlite'] or 0):6.1f} MiB  load {s['load']:.2f}", flush=True)
            if now >= deadline:
                break
            time.sleep(min(SAMPLE_S, max(0.0, deadline - now)))
        for p in procs:
            p.join(timeout=120)
        summary = report(samples, counts[:], errors[:], SERVE_ARGS)
        if berth.proc.poll() is not None:
            raise RuntimeError(f"berth exited with {berth.proc.returncode}")
        if not os.environ.get("SOAK_NO_RESULTS"):
            with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
                f.write(results_section(samples, counts[:], errors[:], summary, SERVE_ARGS))
        failed = False
        if MAX_GROWTH_MIB is not None and summary["growth_after_warmup_mib"] > float(MAX_GROWTH_MIB):
            print(f"RssAnon grew {summary['growth_after_warmup_mib']:.1f} MiB after warm-up "
                  f"(bound {MAX_GROWTH_MIB} MiB)", file=sys.stderr)
            failed = True
        if MAX_SQLITE_MIB is not None and summary["sqlite_max_mib"] > float(MAX_SQLITE_MIB):
            print(f"SQLite held {summary['sqlite_max_mib']:.1f} MiB (bound {MAX_SQLITE_MIB} MiB)",
                  file=sys.stderr)
            failed = True
        if sum(errors):
            print(f"{sum(errors)} calls failed", file=sys.stderr)
            failed = True
        return 1 if failed else 0
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
                p.join()
        if berth:
            stop(berth.proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
