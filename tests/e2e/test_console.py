"""The web console (issue 13) in Debian's chromium, driven by playwright-core
(tests/e2e/browser/console.mjs), and its HTTP surface with a plain client: assets' content types,
caching and 304s; the SigV4-signed sign-in recorded as ConsoleLogin (Success and Failure); console
calls authenticated by the session cookie plus X-Berth-Csrf, authorized by IAM and recorded with
sessionCredentialFromConsole. Screenshots go to tests/e2e/artifacts/console/ (gitignored).

If chromium or playwright-core is missing these tests fail (scripts/install-deps.sh
--with-test-tools installs both); they never skip."""
import csv
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest

import oci
from conftest import REGION, boto3_client
from registry_client import Skopeo, password

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER_DIR = os.path.join(HERE, "browser")
ARTIFACTS = os.path.join(HERE, "artifacts", "console")
CHROMIUM = "/usr/bin/chromium"


def read_key(berth):
    text = open(berth.credentials_file).read()
    return (text.split("aws_access_key_id = ")[1].split()[0],
            text.split("aws_secret_access_key = ")[1].split()[0])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http(berth, path, method="GET", headers=None, body=None):
    """(status, headers, body bytes) of one request, redirects not followed."""
    req = urllib.request.Request(berth.endpoint + path, method=method, data=body,
                                 headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture
def browser(berth):
    """Runs a scenario of console.mjs against this berth and returns its results."""
    assert os.path.exists(CHROMIUM), \
        "chromium is missing: scripts/install-deps.sh --with-test-tools installs Debian's"
    assert os.path.isdir(os.path.join(HERE, "js", "node_modules", "playwright-core")), \
        "playwright-core is missing: scripts/install-deps.sh --with-test-tools (npm ci in tests/e2e/js)"
    os.makedirs(ARTIFACTS, exist_ok=True)
    key_id, secret = read_key(berth)

    def run(scenario, **options):
        options.update(endpoint=berth.endpoint, accessKeyId=options.get("accessKeyId", key_id),
                       secretAccessKey=options.get("secretAccessKey", secret),
                       artifacts=ARTIFACTS)
        env = dict(os.environ, NO_PROXY="127.0.0.1", CHROMIUM=CHROMIUM)
        proc = subprocess.run(["node", "console.mjs", scenario, json.dumps(options)],
                              cwd=BROWSER_DIR, env=env, capture_output=True, text=True,
                              timeout=120)
        lines = proc.stdout.strip().splitlines()
        assert proc.returncode == 0 and lines, f"{scenario} failed:\n{proc.stderr}\n{proc.stdout}"
        out = json.loads(lines[-1])
        # Nothing the console loads or calls leaves berth, and no page error or CSP violation.
        assert out["external"] == [], out["external"]
        assert out["pageErrors"] == [], out["pageErrors"]
        return out
    return run


def account_of(ecr):
    return ecr.describe_registry()["registryId"]


def lookup(berth, key, value):
    trail = boto3_client(berth, "cloudtrail")
    events = trail.lookup_events(LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}],
                                 MaxResults=50)["Events"]
    return [json.loads(e["CloudTrailEvent"]) for e in events]


@pytest.fixture
def aws_env(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")


# --- the assets --------------------------------------------------------------------------------

def asset_urls(page):
    return re.findall(r'(?:src|href)="(/console/a/[0-9a-f]{16}/[^"]+)"', page.decode())


def test_browser_root_redirects_to_the_console_and_api_root_is_untouched(berth):
    status, headers, _ = http(berth, "/", headers={"Accept": "text/html,application/xhtml+xml"})
    assert status == 302 and headers["Location"] == "/console/"
    status, headers, _ = http(berth, "/console")
    assert status == 301 and headers["Location"] == "/console/"
    # An unsigned API-style GET / is still S3's anonymous refusal, not a page.
    status, _, body = http(berth, "/")
    assert status == 403 and b"AccessDenied" in body


def test_pages_and_assets_carry_types_caching_etags_and_csp(berth):
    status, headers, page = http(berth, "/console/cloudtrail/events?attribute=EventSource")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-cache"
    assert re.fullmatch(r'"[0-9a-f]{32}"', headers["ETag"])
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    urls = asset_urls(page)
    assert any(u.endswith("/app.mjs") for u in urls) and any(u.endswith("/app.css") for u in urls)

    types = {".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
    for url in urls:
        status, headers, plain = http(berth, url)
        assert status == 200, url
        assert headers["Content-Type"] == types[os.path.splitext(url)[1]]
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers.get("Content-Encoding") is None
        assert headers["Vary"] == "Accept-Encoding"
        etag = headers["ETag"]
        assert etag == '"' + hashlib.sha256(plain).hexdigest()[:32] + '"'
        # gzip when accepted: the same bytes, a tag of their own.
        status, gz_headers, packed = http(berth, url, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert gz_headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed) == plain and len(packed) < len(plain)
        assert gz_headers["ETag"] == etag[:-1] + '-gz"'
        # Revalidation.
        status, _, body = http(berth, url, headers={"If-None-Match": etag})
        assert status == 304 and body == b""
        status, _, _ = http(berth, url, headers={"If-None-Match": gz_headers["ETag"],
                                                 "Accept-Encoding": "gzip"})
        assert status == 304

    # An asset of another build is a plain 404, never the page.
    status, _, _ = http(berth, "/console/a/0000000000000000/app.mjs")
    assert status == 404


def test_vendored_licenses_are_served(berth):
    _, _, page = http(berth, "/console/")
    base = re.search(r'"(/console/a/[0-9a-f]{16}/)app.mjs"', page.decode()).group(1)
    for name in ["LICENSE.preact", "LICENSE.htm", "LICENSE.uplot"]:
        status, headers, body = http(berth, base + "vendor/" + name)
        assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
        assert b"Permission" in body or b"Apache" in body


# --- sign-in and sessions without a browser --------------------------------------------------

def signed_sign_in(berth, key_id, secret, service="signin", region=REGION):
    """The sign-in request the page makes, of a fresh challenge, signed by botocore:
    (headers, body) to POST to /console/api/signin."""
    _, _, answer = http(berth, "/console/api/challenge")
    body = json.dumps({"challenge": json.loads(answer)["challenge"]}).encode()
    req = botocore.awsrequest.AWSRequest(method="POST", url=berth.endpoint + "/console/api/signin",
                                         data=body, headers={"Content-Type": "application/json"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key_id, secret), service,
                            region).add_auth(req)
    return dict(req.headers.items()), body


def sign_in(berth, key_id, secret, region=REGION):
    """The sign-in the page makes: (status, headers, body)."""
    headers, body = signed_sign_in(berth, key_id, secret, region=region)
    return http(berth, "/console/api/signin", "POST", headers, body)


def cookie_of(headers):
    return headers["Set-Cookie"].split(";")[0]


class Session:
    """A signed-in console session, and the three kinds of call its pages make with it: AWS JSON
    (X-Amz-Target), query (a form naming its service in X-Berth-Service) and S3 REST. `csrf` None
    leaves the anti-forgery header out."""

    def __init__(self, berth, cookie, csrf):
        self.berth, self.cookie, self.csrf = berth, cookie, csrf

    def headers(self, csrf=..., **more):
        csrf = self.csrf if csrf is ... else csrf
        headers = {"Cookie": self.cookie, **more}
        if csrf is not None:
            headers["X-Berth-Csrf"] = csrf
        return headers

    def json(self, target, body, csrf=...):
        headers = self.headers(csrf, **{"Content-Type": "application/x-amz-json-1.1",
                                        "X-Amz-Target": target})
        status, _, out = http(self.berth, "/", "POST", headers, json.dumps(body).encode())
        return status, json.loads(out)

    def query(self, service, params, csrf=...):
        headers = self.headers(csrf, **{"Content-Type": "application/x-www-form-urlencoded",
                                        "X-Berth-Service": service})
        body = urllib.parse.urlencode(params).encode()
        status, _, out = http(self.berth, "/", "POST", headers, body)
        return status, out.decode()

    def s3(self, method, path, body=None, csrf=...):
        status, _, out = http(self.berth, path, method, self.headers(csrf), body)
        return status, out.decode()


def signed_in(berth, key_id=None, secret=None):
    """A Session of the given key (berth's admin key by default), as the page signs in."""
    if key_id is None:
        key_id, secret = read_key(berth)
    status, headers, body = sign_in(berth, key_id, secret)
    assert status == 200, body
    return Session(berth, cookie_of(headers), json.loads(body)["csrfToken"])


LOOKUP = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
CREATE_REPO = "AmazonEC2ContainerRegistry_V20150921.CreateRepository"


def test_session_cookie_csrf_and_sign_out(berth, aws_env):
    key_id, secret = read_key(berth)
    status, headers, body = sign_in(berth, key_id, secret)
    assert status == 200, body
    cookie_header = headers["Set-Cookie"]
    assert "HttpOnly" in cookie_header and "SameSite=Strict" in cookie_header
    assert "Path=/" in cookie_header and "Max-Age=43200" in cookie_header
    csrf = json.loads(body)["csrfToken"]
    cookie = cookie_of(headers)
    session = Session(berth, cookie, csrf)

    # The cookie alone is not enough: a forged cross-site request cannot add the header.
    status, out = session.json(LOOKUP, {"MaxResults": 1}, csrf=None)
    assert status == 400 and out["__type"] == "MissingAuthenticationTokenException"
    status, out = session.json(LOOKUP, {"MaxResults": 1}, csrf="wrong")
    assert status == 400
    status, out = session.json(LOOKUP, {"MaxResults": 1})
    assert status == 200 and "Events" in out

    status, _, body = http(berth, "/console/api/session", headers={"Cookie": cookie})
    assert status == 200 and json.loads(body)["csrfToken"] == csrf

    # Sign-out needs the header too, then ends the session server-side.
    status, _, _ = http(berth, "/console/api/signout", "POST", {"Cookie": cookie})
    assert status == 401
    status, headers, _ = http(berth, "/console/api/signout", "POST",
                              {"Cookie": cookie, "X-Berth-Csrf": csrf})
    assert status == 204 and "Max-Age=0" in headers["Set-Cookie"]
    status, out = session.json(LOOKUP, {"MaxResults": 1})
    assert status == 400 and out["__type"] == "ExpiredTokenException"
    status, _, _ = http(berth, "/console/api/session", headers={"Cookie": cookie})
    assert status == 401


def test_console_calls_are_authorized_by_iam_and_recorded_as_console(berth, aws_env):
    iam = boto3_client(berth, "iam")
    user = f"console-ro-{uuid.uuid4().hex[:6]}"
    iam.create_user(UserName=user)
    iam.attach_user_policy(UserName=user,
                           PolicyArn="arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")
    key = iam.create_access_key(UserName=user)["AccessKey"]
    session = signed_in(berth, key["AccessKeyId"], key["SecretAccessKey"])

    status, out = session.json(LOOKUP, {"MaxResults": 1})
    assert status == 200
    repo = f"e2e/console-{uuid.uuid4().hex[:6]}"
    status, out = session.json(CREATE_REPO, {"repositoryName": repo})
    assert status == 400 and out["__type"] == "AccessDeniedException"
    assert f"user/{user} is not authorized to perform: ecr:CreateRepository" in out["message"]

    [denied] = [r for r in lookup(berth, "Username", user) if r["eventName"] == "CreateRepository"]
    assert denied["errorCode"] == "AccessDeniedException"
    assert denied["sessionCredentialFromConsole"] == "true"
    ctx = denied["userIdentity"]["sessionContext"]
    assert ctx["attributes"]["mfaAuthenticated"] == "false" and ctx["attributes"]["creationDate"]
    assert denied["userIdentity"]["accessKeyId"] == key["AccessKeyId"]

    # Deactivating the key ends its console sessions at once.
    iam.update_access_key(UserName=user, AccessKeyId=key["AccessKeyId"], Status="Inactive")
    status, out = session.json(LOOKUP, {"MaxResults": 1})
    assert status == 400 and out["__type"] == "ExpiredTokenException"


def console_records(berth, event_name, **match):
    """The records of `event_name` made from a console session whose requestParameters hold
    `match`."""
    def params(record):  # key case as each service logs it
        return {k.lower(): v for k, v in (record.get("requestParameters") or {}).items()}
    return [r for r in lookup(berth, "EventName", event_name)
            if r.get("sessionCredentialFromConsole") == "true"
            and all(params(r).get(k.lower()) == v for k, v in match.items())]


def test_console_sessions_cover_the_query_protocol(berth, aws_env):
    session = signed_in(berth)
    topic = f"console-{uuid.uuid4().hex[:6]}"
    status, out = session.query("sns", {"Action": "CreateTopic", "Version": "2010-03-31",
                                        "Name": topic})
    assert status == 200 and f":{topic}</TopicArn>" in out, out
    status, out = session.query("iam", {"Action": "ListUsers", "Version": "2010-05-08"})
    assert status == 200 and "<ListUsersResult>" in out, out
    # The anti-forgery header is required, and a query call must say which service it is for.
    status, out = session.query("sns", {"Action": "ListTopics", "Version": "2010-03-31"}, csrf=None)
    assert status in (400, 403) and "<Error>" in out and topic not in out
    status, out = session.query("nonesuch", {"Action": "ListTopics", "Version": "2010-03-31"})
    assert status == 400 and "InvalidAction" in out
    [record] = console_records(berth, "CreateTopic", name=topic)
    assert record["eventSource"] == "sns.amazonaws.com"


def test_console_sessions_cover_s3_as_the_sessions_user(berth, aws_env):
    session = signed_in(berth)
    bucket = f"console-s3-{uuid.uuid4().hex[:8]}"
    status, out = session.s3("PUT", f"/{bucket}")
    assert status == 200, out
    assert bucket in [b["Name"] for b in boto3_client(berth, "s3").list_buckets()["Buckets"]]
    status, out = session.s3("PUT", f"/{bucket}/hello.txt", b"hello from the console")
    assert status == 200, out
    status, out = session.s3("GET", f"/{bucket}?list-type=2")
    assert status == 200 and "<Key>hello.txt</Key>" in out
    status, out = session.s3("GET", f"/{bucket}/hello.txt")
    assert status == 200 and out == "hello from the console"
    # Without the header the cookie authenticates nothing; without either it is anonymous.
    status, out = session.s3("GET", f"/{bucket}/hello.txt", csrf=None)
    assert status in (400, 403) and "hello" not in out
    status, _, _ = http(berth, f"/{bucket}/hello.txt")
    assert status == 403
    [record] = console_records(berth, "CreateBucket", bucketName=bucket)
    assert record["eventSource"] == "s3.amazonaws.com"
    assert record["userIdentity"]["userName"] == "admin"
    assert console_records(berth, "PutObject", bucketName=bucket)


def test_a_session_s3_call_is_authorized_by_iam(berth, aws_env):
    iam = boto3_client(berth, "iam")
    user = f"console-s3ro-{uuid.uuid4().hex[:6]}"
    iam.create_user(UserName=user)
    iam.attach_user_policy(UserName=user,
                           PolicyArn="arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")
    key = iam.create_access_key(UserName=user)["AccessKey"]
    session = signed_in(berth, key["AccessKeyId"], key["SecretAccessKey"])
    bucket = f"console-denied-{uuid.uuid4().hex[:8]}"
    status, out = session.s3("PUT", f"/{bucket}")
    assert status == 403 and "AccessDenied" in out
    assert f"is not authorized to perform: s3:CreateBucket" in out


def test_sign_in_with_a_wrong_signature_is_refused_and_recorded(berth, aws_env):
    key_id, _ = read_key(berth)
    status, headers, body = sign_in(berth, key_id, "x" * 40)
    assert status == 401 and "Set-Cookie" not in headers
    assert json.loads(body)["message"] == "Failed authentication"
    # A request signed for another service is no sign-in (it is not even routed to it).
    _, secret = read_key(berth)
    headers, body = signed_sign_in(berth, key_id, secret, service="ecr")
    status, answer_headers, _ = http(berth, "/console/api/signin", "POST", headers, body)
    assert status >= 400 and "Set-Cookie" not in answer_headers


def test_a_captured_sign_in_cannot_be_replayed(berth, aws_env):
    key_id, secret = read_key(berth)
    headers, body = signed_sign_in(berth, key_id, secret)
    status, answer_headers, _ = http(berth, "/console/api/signin", "POST", headers, body)
    assert status == 200 and "Set-Cookie" in answer_headers
    status, answer_headers, answer = http(berth, "/console/api/signin", "POST", headers, body)
    assert status == 401 and "Set-Cookie" not in answer_headers
    assert json.loads(answer)["message"] == "Failed authentication"


# --- in the browser --------------------------------------------------------------------------

def test_sign_in_page_refuses_a_wrong_secret_and_records_both(berth, browser, aws_env):
    key_id, _ = read_key(berth)
    before = {r["eventID"] for r in lookup(berth, "EventName", "ConsoleLogin")}
    out = browser("signin")
    assert out["refusal"] == "Failed authentication"
    assert out["header"].startswith("admin · ")
    [cookie] = out["cookies"]
    assert cookie["name"] == "berth-console" and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/" and cookie["expires"] > 0
    assert out["scriptSeesCookie"] is False
    assert out["afterSignOut"].endswith("/console/signin")

    records = [r for r in lookup(berth, "EventName", "ConsoleLogin") if r["eventID"] not in before]
    outcomes = sorted(r["responseElements"]["ConsoleLogin"] for r in records)
    assert outcomes == ["Failure", "Success"], records
    for r in records:
        assert r["eventSource"] == "signin.amazonaws.com"
        assert r["eventType"] == "AwsConsoleSignIn"
        assert r["additionalEventData"]["MFAUsed"] == "No"
        assert r["userIdentity"]["userName"] == "admin"
        assert "HeadlessChrome" in r["userAgent"]
    [failure] = [r for r in records if r["responseElements"]["ConsoleLogin"] == "Failure"]
    assert failure["errorMessage"] == "Failed authentication"
    # The refused sign-in is found by the key it named, as any refused call.
    assert failure["userIdentity"]["accessKeyId"] == key_id


def test_event_history_filtered_by_ecr_after_a_skopeo_push(berth, browser, ecr, name):
    work = tempfile.mkdtemp(prefix="berth-console-skopeo-")
    try:
        ecr.create_repository(repositoryName=name)
        skopeo = Skopeo(berth.host, work)
        assert "Login Succeeded" in skopeo.login(password(ecr)).stdout
        image = oci.Image("console", layer_count=1, layer_size=5000)
        src = os.path.join(work, "src")
        oci.write_layout(src, [(image.manifest, image.media_type, "v1")], image.blobs)
        skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{name}:v1")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    out = browser("events", open="PutImage",
                  secondFilter={"attribute": "EventName", "value": "PutImage"})
    assert out["attribute"] == "EventSource" and out["value"] == "ecr.amazonaws.com"
    assert out["rows"], out
    assert all(row[3] == "ecr.amazonaws.com" for row in out["rows"])
    names = [row[0] for row in out["rows"]]
    assert "PutImage" in names and "CreateRepository" in names
    assert any(name in row[5] for row in out["rows"])
    assert out["record"]["eventSource"] == "ecr.amazonaws.com"
    assert out["record"]["eventName"] == "PutImage"

    # Two filters at once (berth's extension): the second applied to what the first finds.
    assert "attribute=EventSource&value=ecr.amazonaws.com&attribute=EventName&value=PutImage" \
        in out["twoFilterUrl"]
    assert out["twoFilterRows"] and {(r[0], r[3]) for r in out["twoFilterRows"]} == \
        {("PutImage", "ecr.amazonaws.com")}

    # The downloads hold the filtered events (both filters), in AWS's shapes.
    records = json.load(open(out["downloadJson"]))["Records"]
    assert records and {(r["eventSource"], r["eventName"]) for r in records} == \
        {("ecr.amazonaws.com", "PutImage")}
    rows = list(csv.reader(open(out["downloadCsv"], newline="")))
    assert rows[0][:4] == ["Event ID", "Event time", "User name", "Event name"]
    assert len(rows) - 1 == len(records)
    assert {(r[3], r[7]) for r in rows[1:]} == {("PutImage", "ecr.amazonaws.com")}


def test_trail_created_through_the_form(berth, browser, aws_env):
    suffix = uuid.uuid4().hex[:6]
    trail, bucket, group = f"console-trail-{suffix}", f"console-trail-{suffix}", f"/aws/cloudtrail/console-{suffix}"
    boto3_client(berth, "s3").create_bucket(Bucket=bucket)
    edited_group = group + "-edited"
    out = browser("createTrail", trail=trail, bucket=bucket, logGroup=group,
                  editLogGroup=edited_group, newFirst=True)
    assert f'Bucket {bucket} already exists: choose "Use existing S3 bucket"' in out["newBucketRefusal"]
    # The wizard's review step said what would be made.
    assert f"{bucket} (existing)" in out["review"] and f"{group} (new)" in out["review"]
    assert "Management eventsWrite" in out["review"]
    assert trail in out["row"] and "Logging" in out["row"] and group in out["row"]
    assert "Management eventsAll" in out["edited"]

    ct = boto3_client(berth, "cloudtrail")
    [t] = ct.describe_trails(trailNameList=[trail])["trailList"]
    assert t["S3BucketName"] == bucket and t["LogFileValidationEnabled"] is True
    assert t["CloudWatchLogsLogGroupArn"].endswith(f":log-group:{edited_group}:*")
    assert ct.get_trail_status(Name=trail)["IsLogging"] is True
    [selector] = ct.get_event_selectors(TrailName=trail)["EventSelectors"]
    assert selector["ReadWriteType"] == "All" and selector["IncludeManagementEvents"]
    groups = boto3_client(berth, "logs").describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    assert [g["logGroupName"] for g in groups] == [group, edited_group]
    # The first choice was recorded before the edit.
    puts = [r for r in lookup(berth, "EventName", "PutEventSelectors")
            if r["requestParameters"]["TrailName"] == trail]
    assert sorted(p["requestParameters"]["EventSelectors"][0]["ReadWriteType"] for p in puts) == \
        ["All", "WriteOnly"]

    [created] = [r for r in lookup(berth, "EventName", "CreateTrail")
                 if r["requestParameters"]["Name"] == trail]
    assert created["sessionCredentialFromConsole"] == "true"
    assert "HeadlessChrome" in created["userAgent"]


def test_trail_stopped_and_deleted_from_its_page(berth, browser, aws_env):
    suffix = uuid.uuid4().hex[:6]
    trail = bucket = f"console-gone-{suffix}"
    boto3_client(berth, "s3").create_bucket(Bucket=bucket)
    out = browser("createTrail", trail=trail, bucket=bucket, logGroup=f"/aws/cloudtrail/gone-{suffix}",
                  stopAndDelete=True)
    assert out["afterStop"] == "Off"
    assert out["deletedUrl"].endswith("/console/cloudtrail/trails")
    assert trail not in out["rowsAfterDelete"]
    ct = boto3_client(berth, "cloudtrail")
    assert ct.describe_trails(trailNameList=[trail])["trailList"] == []
    names = [r["eventName"] for r in lookup(berth, "ResourceName",
                                           f"arn:aws:cloudtrail:{REGION}:{account_of(boto3_client(berth))}:trail/{trail}")]
    assert {"CreateTrail", "StartLogging", "StopLogging", "DeleteTrail"} <= set(names), names


def test_every_page_renders_what_the_apis_hold(berth, browser, ecr, name, aws_env):
    ecr.create_repository(repositoryName=name)
    work = tempfile.mkdtemp(prefix="berth-console-skopeo-")
    try:
        skopeo = Skopeo(berth.host, work)
        skopeo.login(password(ecr))
        image = oci.Image("tour", layer_count=2, layer_size=3000)
        src = os.path.join(work, "src")
        oci.write_layout(src, [(image.manifest, image.media_type, "v7")], image.blobs)
        skopeo.copy(f"oci:{src}:v7", f"docker://{berth.host}/{name}:v7")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    logs = boto3_client(berth, "logs")
    group, stream = f"/e2e/console/{uuid.uuid4().hex[:6]}", "app-1"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=[
        {"timestamp": now - 2000, "message": '{"level":"info","msg":"pulled"}'},
        {"timestamp": now - 1000, "message": '{"level":"error","msg":"push refused"}'}])
    namespace = f"E2E/Console{uuid.uuid4().hex[:4]}"
    boto3_client(berth, "cloudwatch").put_metric_data(Namespace=namespace, MetricData=[
        {"MetricName": "Pushes", "Dimensions": [{"Name": "RepositoryName", "Value": name}],
         "Value": v, "Timestamp": time.time() - 60 * i} for i, v in enumerate([3, 5, 2])])

    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "PullForAll", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account_of(ecr)}:root"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]})
    out = browser("tour", repository=name, logGroup=group, logStream=stream, repositoryPolicy=policy,
                  filterPattern='{ $.level = "error" }', namespace=namespace,
                  insightsQuery="fields level, msg | filter level = 'error'",
                  savedQueryName=f"errors-{uuid.uuid4().hex[:6]}", newRepository=name + "-new")
    p = out["pages"]
    assert out["createdRepository"].endswith("/console/ecr/repositories/" + (name + "-new").replace("/", "%2F"))
    [made] = ecr.describe_repositories(repositoryNames=[name + "-new"])["repositories"]
    assert made["imageTagMutability"] == "IMMUTABLE"
    assert "PutImage" in [row[0] for row in p["dashboard"]]
    assert {row[3] for row in p["dashboard"]} == {"ecr.amazonaws.com"}
    assert any(row[0] == name for row in p["repositories"])
    [img] = p["images"]
    assert img[0] == "v7" and img[1] == image.digest and img[3]
    assert f"{berth.host}/{name}:TAG" in out["pushCommands"]
    assert out["notJson"].startswith("Not JSON")
    stored = json.loads(ecr.get_repository_policy(repositoryName=name)["policyText"])
    assert stored["Statement"][0]["Sid"] == "PullForAll"
    assert out["lifecycleRefusal"].startswith("InvalidParameterException")
    assert [row[0] for row in p["groups"]] == [group]
    assert [row[0] for row in p["streams"]] == [stream]
    assert [row[1] for row in p["events"]] == ['{"level":"info","msg":"pulled"}',
                                               '{"level":"error","msg":"push refused"}']
    assert [row[1] for row in out["filtered"]] == ['{"level":"error","msg":"push refused"}']
    assert out["tailed"]
    tailed = logs.filter_log_events(logGroupName=group, filterPattern='"tailed"')["events"]
    assert [e["message"] for e in tailed] == ['{"level":"error","msg":"tailed"}']
    assert out["insightsColumns"] == ["level", "msg"]
    assert out["insightsRows"] == [["error", "tailed"], ["error", "push refused"]]  # newest first
    assert out["histogram"].startswith("Matches over time: 2 in "), out["histogram"]
    assert "100%" in out["barHeights"]  # drawn through CSSOM, which the CSP allows
    assert out["savedQueryText"] == "fields level, msg | filter level = 'error'"
    assert namespace in [row[0] for row in p["namespaces"]]
    assert p["metrics"][0][1:] == ["Pushes", f"RepositoryName={name}"]
    assert "Pushes" in out["legend"]
    assert out["searchMiss"] == f"No metrics in {namespace} match."
    assert "dims=RepositoryName" in out["metricUrl"]
    assert "metric=" in out["metricUrl"]


def test_a_denied_call_names_its_action_on_the_page(berth, browser, aws_env):
    iam = boto3_client(berth, "iam")
    user = f"console-trail-only-{uuid.uuid4().hex[:6]}"
    iam.create_user(UserName=user)
    iam.attach_user_policy(UserName=user,
                           PolicyArn="arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess")
    key = iam.create_access_key(UserName=user)["AccessKey"]
    out = browser("denied", accessKeyId=key["AccessKeyId"], secretAccessKey=key["SecretAccessKey"])
    assert out["alert"].startswith("Access denied: ecr:DescribeRepositories"), out["alert"]
    assert f"user/{user} is not authorized" in out["alert"]
    assert out["eventsShown"]


def test_pages_are_reachable_from_the_keyboard(berth, browser):
    out = browser("keyboard")
    assert out["reached"][-1] == "Trails", out["reached"]
    assert out["url"].endswith("/console/cloudtrail/trails")
    assert out["focused"] == "H1:Trails"


def test_a_bucket_named_console_is_still_s3s(berth, aws_env):
    s3 = boto3_client(berth, "s3")
    try:
        s3.create_bucket(Bucket="console")
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    s3.put_object(Bucket="console", Key="api/signin", Body=b"not a sign-in")
    s3.put_object(Bucket="console", Key="index.html", Body=b"<p>mine</p>")
    assert s3.get_object(Bucket="console", Key="api/signin")["Body"].read() == b"not a sign-in"
    assert s3.get_object(Bucket="console", Key="index.html")["Body"].read() == b"<p>mine</p>"
    # The same paths unsigned are the console's.
    status, headers, _ = http(berth, "/console/index.html")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"


def test_the_walkthrough_steps_1_to_17_in_the_browser(berth, browser, ecr, name, aws_env):
    """WALKTHROUGH.md's steps 1–17 as a participant clicks them; screenshots step01…step17."""
    suffix = uuid.uuid4().hex[:6]
    trail, bucket, group = f"ecr-monitor-trail-{suffix}", f"ecr-trail-{suffix}", f"/aws/cloudtrail/ecr-logs-{suffix}"
    s3 = boto3_client(berth, "s3")
    ecr.create_repository(repositoryName=name)
    work = tempfile.mkdtemp(prefix="berth-console-skopeo-")
    try:
        skopeo = Skopeo(berth.host, work)
        skopeo.login(password(ecr))
        image = oci.Image("walk", layer_count=1, layer_size=4000)
        src = os.path.join(work, "src")
        oci.write_layout(src, [(image.manifest, image.media_type, "v1")], image.blobs)
        skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{name}:v1")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    out = browser("walkthrough", trail=trail, bucket=bucket, logGroup=group, repository=name,
                  dashboard=f"ECR-Operations-{suffix}")
    assert "PutImage" in out["ecrEvents"] and "CreateRepository" in out["ecrEvents"]
    assert out["deliveredCount"] >= 2
    calls = {row[0]: int(row[1]) for row in out["insights"]}
    assert calls.get("DescribeImages", 0) >= 1 and calls.get("DescribeRepositories", 0) >= 1
    assert f"RepositorySize (RepositoryName={name})" in out["legend"]
    # Steps 12–17: a dashboard created, the repository's metric added as a widget, drawn.
    assert f"RepositorySize (RepositoryName={name})" in out["dashboardLegend"]
    body = json.loads(boto3_client(berth, "cloudwatch").get_dashboard(
        DashboardName=f"ECR-Operations-{suffix}")["DashboardBody"])
    [widget] = body["widgets"]
    assert widget["type"] == "metric"
    assert widget["properties"]["metrics"] == [["AWS/ECR", "RepositorySize", "RepositoryName", name]]
    assert widget["properties"]["region"] == REGION
    shots = {os.path.basename(s) for s in out["shots"]}
    assert {f"walkthrough-step{n:02}.png" for n in range(1, 18)} <= shots, sorted(shots)

    # Step 4 made a new bucket from the page (S3 through the session), and the trail delivers
    # its log files there.
    assert bucket in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    [made] = console_records(berth, "CreateBucket", bucketName=bucket)
    assert made["eventSource"] == "s3.amazonaws.com"
    account = account_of(ecr)
    deadline = time.time() + 30
    while not s3.list_objects_v2(Bucket=bucket, Prefix=f"AWSLogs/{account}/CloudTrail/").get("Contents"):
        assert time.time() < deadline, "the trail delivered no log file to its new bucket"
        time.sleep(1)
    # The bucket policy CloudTrail needs, where berth's S3 has bucket policies; else the page
    # said it could not attach one.
    try:
        policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    except s3.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] in ("NotImplemented", "NoSuchBucketPolicy"), e.response
        assert "no PutBucketPolicy" in out["notice"], out["notice"]
    else:
        sids = {st["Sid"]: st for st in policy["Statement"]}
        write = sids["AWSCloudTrailWrite20150319"]
        assert write["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
        assert write["Resource"] == f"arn:aws:s3:::{bucket}/AWSLogs/{account}/*"
        assert "AWSCloudTrailAclCheck20150319" in sids and out["notice"] == ""


# --- dashboards --------------------------------------------------------------------------------

def test_a_dashboard_draws_every_widget_and_saves_its_layout(berth, browser, aws_env):
    """A stored body's metric ("." rows, per-row options), text (Markdown, escaped) and alarm
    widgets drawn; Download PNG is GetMetricWidgetImage's PNG; moved/resized widgets saved with
    PutDashboard so GetDashboard returns exactly that body; an invalid body's DataPaths shown."""
    cw = boto3_client(berth, "cloudwatch")
    suffix = uuid.uuid4().hex[:6]
    ns, dashboard, alarm = f"Console/Dash{suffix}", f"ops-{suffix}", f"high-{suffix}"
    now = time.time()
    cw.put_metric_data(Namespace=ns, MetricData=[
        {"MetricName": "Latency", "Dimensions": [{"Name": "Api", "Value": api}],
         "Timestamp": now - 60 * i, "Value": v + i}
        for api, v in (("get", 10.0), ("put", 50.0)) for i in range(10)])
    cw.put_metric_alarm(AlarmName=alarm, Namespace=ns, MetricName="Latency",
                        Dimensions=[{"Name": "Api", "Value": "get"}], Statistic="Average",
                        Period=60, EvaluationPeriods=1, Threshold=1000.0,
                        ComparisonOperator="GreaterThanThreshold")
    arn = cw.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]["AlarmArn"]
    widgets = [
        {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
            "title": "Latency by API", "view": "timeSeries", "period": 60, "stat": "Average",
            "region": REGION, "start": "-PT1H",
            "metrics": [[ns, "Latency", "Api", "get"],
                        [".", ".", ".", "put", {"stat": "Maximum", "label": "put max"}],
                        [{"expression": "m1 + m2", "label": "get plus put"}]]}},
        {"type": "text", "x": 12, "y": 0, "width": 12, "height": 6, "properties": {
            "markdown": "# Runbook\n\nSee [the docs](https://example.com/runbook) and "
                        "[bad](javascript:alert(1)).\n\n- one\n- two\n\n```\ncode <b>here</b>\n```\n"
                        "<script>alert(1)</script><img src=x onerror=alert(1)>"}},
        {"type": "alarm", "x": 0, "y": 6, "width": 12, "height": 4, "properties": {
            "title": "Alarms here", "alarms": [arn]}},
    ]
    cw.put_dashboard(DashboardName=dashboard, DashboardBody=json.dumps({"widgets": widgets}))
    invalid = json.dumps({"widgets": [{"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6,
                                       "properties": {"metrics": "nope"}}]})

    out = browser("dashboard", dashboard=dashboard, graphTitle="Latency by API",
                  alarmTitle="Alarms here", invalidBody=invalid)
    assert dashboard in out["listed"]
    assert out["graphs"] == 1
    assert "Latency (Api=get)" in out["legend"] and "put max" in out["legend"]
    assert "get plus put" in out["legend"]  # a metric-math row
    assert out["markdownHeadings"] == ["Runbook"]
    assert out["markdownLinks"] == ["https://example.com/runbook"]
    assert out["markdownCode"] == ["code <b>here</b>"]
    assert out["markdownScripts"] == 0 and "<script>alert(1)</script>" in out["markdownText"]
    # Its first evaluation may land before the page reads it (the data is under its threshold).
    assert out["alarms"] in ([[alarm, "INSUFFICIENT_DATA"]], [[alarm, "OK"]]), out["alarms"]
    assert out["pngMagic"] == "89504e470d0a1a0a" and out["pngName"].endswith(".png")
    # The layout change saved: the same body but for the moved/resized widget.
    stored = json.loads(cw.get_dashboard(DashboardName=dashboard)["DashboardBody"])
    widgets[0].update(width=14, y=1)
    assert stored == {"widgets": widgets}
    assert out["validation"] and all(row[0].startswith("/widgets/0") for row in out["validation"]), out["validation"]
    assert "DashboardInvalidInputError" in out["alert"] or "InvalidParameterInput" in out["alert"]


# --- alarms ------------------------------------------------------------------------------------

def test_alarms_list_history_and_an_alarm_created_from_a_metric(berth, browser, aws_env):
    """DescribeAlarms' both types over two pages, DescribeAlarmHistory on the alarm's page, and
    the create form's labelled fields becoming PutMetricAlarm's input."""
    cw = boto3_client(berth, "cloudwatch")
    suffix = uuid.uuid4().hex[:6]
    ns, alarm, created = f"Console/Alarm{suffix}", f"cpu-{suffix}", f"made-{suffix}"
    cw.put_metric_data(Namespace=ns, MetricData=[{"MetricName": "Queue", "Dimensions": [
        {"Name": "Worker", "Value": "w1"}], "Value": 5.0}])
    common = dict(Namespace=ns, MetricName="Queue", Dimensions=[{"Name": "Worker", "Value": "w1"}],
                  Statistic="Average", Period=60, EvaluationPeriods=1, Threshold=10.0,
                  ComparisonOperator="GreaterThanThreshold")
    for i in range(100):  # a second page (the console asks for 100 at a time)
        cw.put_metric_alarm(AlarmName=f"aaa-filler-{suffix}-{i:03}", **common)
    # Breaching its threshold, so an evaluation landing mid-test keeps it in ALARM.
    cw.put_metric_alarm(AlarmName=alarm, **{**common, "Threshold": 1.0})
    cw.set_alarm_state(AlarmName=alarm, StateValue="ALARM", StateReason="console test")
    cw.put_composite_alarm(AlarmName=f"zz-composite-{suffix}", AlarmRule=f'ALARM("{alarm}")')
    topic = boto3_client(berth, "sns").create_topic(Name=f"alarms-{suffix}")["TopicArn"]

    out = browser("alarms", alarm=alarm, created=created, namespace=ns, metric="Queue", topic=topic)
    assert out["firstPage"] == 100
    types = {row[0]: (row[1], row[2]) for row in out["rows"] if suffix in row[0]}
    assert types[alarm] == ("Metric", "ALARM")
    assert types[f"zz-composite-{suffix}"][0] == "Composite"
    assert len(types) == 102
    assert out["state"] == "ALARM"
    assert any(kind == "StateUpdate" and "ALARM" in summary for kind, summary in out["history"]), out["history"]
    [made] = cw.describe_alarms(AlarmNames=[created])["MetricAlarms"]
    assert (made["Namespace"], made["MetricName"], made["Dimensions"]) == (ns, "Queue", [{"Name": "Worker", "Value": "w1"}])
    assert (made["Threshold"], made["ComparisonOperator"], made["Period"]) == (42.5, "LessThanThreshold", 120)
    assert (made["EvaluationPeriods"], made["DatapointsToAlarm"], made["TreatMissingData"]) == (3, 2, "breaching")
    assert made["AlarmActions"] == [topic]
    assert out["createdState"] in ("INSUFFICIENT_DATA", "OK", "ALARM")


def test_the_dashboards_list_follows_list_dashboards_pages(berth, browser, aws_env):
    cw = boto3_client(berth, "cloudwatch")
    body = json.dumps({"widgets": [{"type": "text", "x": 0, "y": 0, "width": 6, "height": 3,
                                    "properties": {"markdown": "hi"}}]})
    suffix = uuid.uuid4().hex[:6]
    for i in range(1003):  # ListDashboards answers 1,000 a page
        cw.put_dashboard(DashboardName=f"d-{suffix}-{i:04}", DashboardBody=body)
    out = browser("dashboardPages")
    assert (out["firstPage"], out["more"]) == (1000, 0)
    mine = [n for n in out["names"] if n.startswith(f"d-{suffix}-")]
    assert mine == [f"d-{suffix}-{i:04}" for i in range(1003)]


def test_a_composite_alarm_from_the_rule_editor_and_alarms_deleted(berth, browser, aws_env):
    """PutCompositeAlarm's refusal of a bad rule shown as CloudWatch words it (with a caret at its
    position); a rule built with Insert saved; one alarm deleted from its page, one from the
    list (DeleteAlarms)."""
    cw = boto3_client(berth, "cloudwatch")
    suffix = uuid.uuid4().hex[:6]
    ns = f"Console/Comp{suffix}"
    # "0-listed…" sorts first, on the list's first page whatever other tests' alarms this
    # worker's berth holds.
    names = {k: f"{k}-{suffix}" for k in ("cpu", "disk", "gone")} | {"listed": f"0-listed-{suffix}"}
    for alarm in names.values():
        cw.put_metric_alarm(AlarmName=alarm, Namespace=ns, MetricName="Load", Statistic="Average",
                            Period=60, EvaluationPeriods=1, Threshold=10.0,
                            ComparisonOperator="GreaterThanThreshold")
    topic = boto3_client(berth, "sns").create_topic(Name=f"composite-{suffix}")["TopicArn"]
    composite = f"both-{suffix}"
    bad_rule = f'ALARM("{names["cpu"]}") AND BOGUS("x")'
    try:
        cw.put_composite_alarm(AlarmName=composite, AlarmRule=bad_rule)
    except cw.exceptions.ClientError as e:
        api_message = e.response["Error"]["Message"]
    else:
        raise AssertionError("the bad rule was taken")

    out = browser("compositeAlarm", composite=composite, badRule=bad_rule, topic=topic,
                  terms=[["ALARM", names["cpu"]], ["OK", names["disk"]]],
                  deleteOnPage=names["gone"], deleteInList=names["listed"])
    assert api_message in out["refusal"], (api_message, out["refusal"])
    position = int(re.search(r"at position (\d+)", api_message).group(1))
    line, caret = out["caret"].split("\n")
    assert line == bad_rule and caret == " " * (position - 1) + "^"
    rule = f'ALARM("{names["cpu"]}") AND OK("{names["disk"]}")'
    assert out["rule"] == rule and out["shownRule"] == rule
    [made] = cw.describe_alarms(AlarmNames=[composite], AlarmTypes=["CompositeAlarm"])["CompositeAlarms"]
    assert made["AlarmRule"] == rule and made["AlarmActions"] == [topic]
    assert out["afterPageDelete"].endswith("/console/alarms")
    assert names["listed"] not in out["listAfterDelete"]
    left = {a["AlarmName"] for a in cw.describe_alarms(AlarmNames=list(names.values()))["MetricAlarms"]}
    assert left == {names["cpu"], names["disk"]}
    deleted = console_records(berth, "DeleteAlarms")
    assert {n for r in deleted for n in r["requestParameters"]["AlarmNames"]} >= {names["gone"], names["listed"]}


def test_the_dashboard_time_range_refresh_and_delete(berth, browser, aws_env):
    """The picker's relative choices and an absolute range become every widget's GetMetricData
    StartTime/EndTime; Refresh queries again; a widget removed in the editor is saved without
    it; Delete is DeleteDashboards."""
    cw = boto3_client(berth, "cloudwatch")
    suffix = uuid.uuid4().hex[:6]
    ns, dashboard = f"Console/Range{suffix}", f"range-{suffix}"
    cw.put_metric_data(Namespace=ns, MetricData=[{"MetricName": "Hits", "Value": 1.0}])
    cw.put_dashboard(DashboardName=dashboard, DashboardBody=json.dumps({"widgets": [
        {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
            "title": "Hits", "region": REGION, "start": "-PT6H", "period": 300,
            "metrics": [[ns, "Hits"]]}}]}))
    out = browser("dashboardRange", dashboard=dashboard, widget="Hits",
                  **{"from": "2026-12-01T08:00", "to": "2026-12-01T20:00"})
    spans = out["spans"]
    width = {k: end - start for k, (start, end) in spans.items()}
    assert width["own"] == 6 * 3600  # the widget's own -PT6H until a range is chosen
    assert [width[k] for k in ("1h", "3h", "12h", "1d", "1w")] == [3600, 10800, 43200, 86400, 604800]
    assert abs(spans["1w"][1] - time.time()) < 120 and out["pressed"] == "true"
    assert out["refreshed"] >= 1
    assert out["badRange"] == '"From" must be before "To".'
    query = urllib.parse.parse_qs(urllib.parse.urlparse(out["absoluteUrl"]).query)
    start, end = (int(datetime_epoch(query[k][0])) for k in ("start", "end"))
    assert spans["absolute"] == [start, end] and end - start == 12 * 3600
    assert out["storedAfterRemove"] == {"widgets": []}
    assert out["afterDelete"].endswith("/console/dashboards")
    with pytest.raises(cw.exceptions.ResourceNotFound):
        cw.get_dashboard(DashboardName=dashboard)


def datetime_epoch(iso):
    from datetime import datetime
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def test_add_widget_offers_line_number_and_text(berth, browser, aws_env):
    """Add widget asks the kind as AWS's console does: a Text widget's Markdown written there, a
    Number widget's metric chosen from All metrics; both appended with PutDashboard."""
    cw = boto3_client(berth, "cloudwatch")
    suffix = uuid.uuid4().hex[:6]
    ns, dashboard = f"Console/Kinds{suffix}", f"kinds-{suffix}"
    cw.put_metric_data(Namespace=ns, MetricData=[{"MetricName": "Depth", "Value": 1234.0}])
    cw.put_dashboard(DashboardName=dashboard, DashboardBody=json.dumps({"widgets": []}))
    out = browser("widgetKinds", dashboard=dashboard, namespace=ns, metric="Depth",
                  markdown="## On call\n\nPage **ops**.")
    assert out["number"] == "1,234" and out["numberLabel"] == "Depth"
    assert "On call" in out["markdownText"] and "Page ops." in out["markdownText"]
    body = json.loads(cw.get_dashboard(DashboardName=dashboard)["DashboardBody"])
    text, number = body["widgets"]
    assert text["type"] == "text" and text["properties"]["markdown"] == "## On call\n\nPage **ops**."
    assert number["type"] == "metric" and number["properties"]["view"] == "singleValue"
    assert number["properties"]["metrics"] == [[ns, "Depth"]]
    assert number["y"] == text["y"] + text["height"]
