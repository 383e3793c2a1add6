"""The /v2 registry against the text of the OCI Distribution Specification v1.1.

Raw HTTP through http.client, so that every status code, header and error body is the server's
own: no client library retries, follows or forgives anything. One behaviour per test.
"""
import base64
import http.client
import json
import os
import re
import urllib.parse
import uuid
from collections import namedtuple

import pytest

import oci
from conftest import Berth, boto3_client

# The error codes of the spec's "Error Codes" table: "The `code` field MUST be one of the
# following".
SPEC_ERROR_CODES = {
    "BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "DIGEST_INVALID",
    "MANIFEST_BLOB_UNKNOWN", "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID",
    "NAME_UNKNOWN", "SIZE_INVALID", "UNAUTHORIZED", "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS",
}
MANIFEST_TYPES = [oci.OCI_MANIFEST, oci.OCI_INDEX, oci.DOCKER_MANIFEST,
                  "application/vnd.docker.distribution.manifest.list.v2+json"]
ACCEPT_ALL = ", ".join(MANIFEST_TYPES)
EMPTY_TYPE = "application/vnd.oci.empty.v1+json"
EMPTY_BLOB = b"{}"
SBOM_TYPE = "application/vnd.example.sbom"
OCTETS = "application/octet-stream"


# --- HTTP helpers -------------------------------------------------------------------------------

Reply = namedtuple("Reply", "status headers body")


class Registry:
    """http.client against berth's /v2, with `Authorization: Basic <token>` on every request
    unless auth=False. A fresh connection per request: an answer the server gives before reading
    the body (413, 416) ends its connection."""

    def __init__(self, host, token):
        self.host = host
        self.token = token

    @classmethod
    def of(cls, berth, ecr):
        data = ecr.get_authorization_token()["authorizationData"][0]
        return cls(berth.host, data["authorizationToken"])

    def request(self, method, path, body=None, headers=None, auth=True):
        """(status, headers with lower-cased names, body bytes)."""
        all_headers = {"Authorization": "Basic " + self.token} if auth else {}
        all_headers.update(headers or {})
        conn = http.client.HTTPConnection(self.host, timeout=60)
        try:
            try:
                conn.request(method, path, body=body, headers=all_headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered before taking the whole body: read that answer
            response = conn.getresponse()
            data = response.read()
            return Reply(response.status,
                         {k.lower(): v for k, v in response.getheaders()}, data)
        finally:
            conn.close()


def path_of(location, **params):
    """The path (and query) of a Location, relative or absolute, with `params` added to its
    query (the Location MAY carry query parameters of its own)."""
    parts = urllib.parse.urlsplit(location)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return parts.path + ("?" + urllib.parse.urlencode(query) if query else "")


def error_code(reply):
    """The code of an OCI error body {"errors":[{"code","message"}]}, its shape checked."""
    assert reply.headers.get("content-type", "").split(";")[0] == "application/json", reply
    doc = json.loads(reply.body)
    assert isinstance(doc["errors"], list) and doc["errors"], doc
    for error in doc["errors"]:
        assert re.fullmatch(r"[A-Z_]+", error["code"]), error
        assert isinstance(error.get("message", ""), str), error
    return doc["errors"][0]["code"]


def assert_error(reply, status, code):
    assert reply.status == status, reply
    assert error_code(reply) == code, reply.body


def next_link(reply):
    """The target of a `Link: <…>; rel="next"` header, or None."""
    link = reply.headers.get("link")
    if link is None:
        return None
    m = re.fullmatch(r'<([^>]+)>;\s*rel="next"', link)
    assert m, link
    return m.group(1)


def push_blob(reg, name, data):
    """A single-POST upload; the 201's Location."""
    r = reg.request("POST", f"/v2/{name}/blobs/uploads/?digest={oci.digest(data)}", data,
                    {"Content-Type": OCTETS})
    assert r.status == 201, r
    return r.headers["location"]


def start_upload(reg, name):
    r = reg.request("POST", f"/v2/{name}/blobs/uploads/")
    assert r.status == 202, r
    return r.headers["location"]


def patch(reg, location, chunk, start):
    return reg.request("PATCH", path_of(location), chunk, {
        "Content-Type": OCTETS,
        "Content-Range": f"{start}-{start + len(chunk) - 1}",
        "Content-Length": str(len(chunk)),
    })


def put_manifest(reg, name, reference, body, media_type=oci.OCI_MANIFEST):
    return reg.request("PUT", f"/v2/{name}/manifests/{reference}", body,
                       {"Content-Type": media_type})


def push_image(reg, name, image, tag=None):
    """The image's blobs, then its manifest by tag (or by digest)."""
    for blob in image.blobs:
        push_blob(reg, name, blob)
    r = put_manifest(reg, name, tag or image.digest, image.manifest, image.media_type)
    assert r.status == 201, r
    return r


def get_manifest(reg, name, reference, accept=ACCEPT_ALL, method="GET"):
    return reg.request(method, f"/v2/{name}/manifests/{reference}",
                       headers={"Accept": accept} if accept else {})


def index_of(*images, **extra):
    """An OCI image index over pushed images (one per architecture)."""
    doc = {"schemaVersion": 2, "mediaType": oci.OCI_INDEX, "manifests": [
        {"mediaType": i.media_type, "digest": i.digest, "size": len(i.manifest),
         "platform": {"architecture": arch, "os": "linux"}}
        for i, arch in zip(images, ["amd64", "arm64", "ppc64le", "s390x"])]}
    doc.update(extra)
    return json.dumps(doc, indent=2).encode()


def sbom_for(subject, annotations=None, artifact_type=SBOM_TYPE, config=None):
    """An artifact manifest about `subject` (an Image): the OCI empty config unless `config`
    (bytes, media type), one SBOM layer; the layer blob to push with it."""
    layer = json.dumps({"spdxVersion": "SPDX-2.3", "about": subject.digest}).encode()
    config_bytes, config_type = config or (EMPTY_BLOB, EMPTY_TYPE)
    doc = {
        "schemaVersion": 2,
        "mediaType": oci.OCI_MANIFEST,
        "config": {"mediaType": config_type, "digest": oci.digest(config_bytes),
                   "size": len(config_bytes)},
        "layers": [{"mediaType": "application/spdx+json", "digest": oci.digest(layer),
                    "size": len(layer)}],
        "subject": {"mediaType": subject.media_type, "digest": subject.digest,
                    "size": len(subject.manifest)},
        "annotations": annotations or {"org.opencontainers.image.created": "2024-01-01T00:00:00Z",
                                       "org.example.sbom.format": "spdx"},
    }
    if artifact_type:
        doc["artifactType"] = artifact_type
    return json.dumps(doc, indent=2).encode(), [config_bytes, layer]


def push_referrer(reg, name, manifest, blobs):
    for blob in blobs:
        push_blob(reg, name, blob)
    return put_manifest(reg, name, oci.digest(manifest), manifest)


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture
def reg(berth, ecr):
    return Registry.of(berth, ecr)


@pytest.fixture
def repo(ecr, name):
    ecr.create_repository(repositoryName=name)
    return name


@pytest.fixture
def own_server(tmp_path, monkeypatch):
    """A berth of its own, for a request that once ran into undefined behaviour in the server:
    if it brings its server down, the session's server lives on. (ecr, Registry)."""
    server = Berth(str(tmp_path / "data"))
    server.start()
    try:
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", server.credentials_file)
        monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
        ecr = boto3_client(server)
        yield ecr, Registry.of(server, ecr)
    finally:
        code = server.stop()
    assert code == 0, f"berth exited with {code} (-11 is SIGSEGV):\n{server.logs()[-3000:]}"


# --- determining support and authentication ------------------------------------------------------

def test_base_without_credentials_is_401_with_a_basic_challenge(reg):
    r = reg.request("GET", "/v2/", auth=False)
    assert_error(r, 401, "UNAUTHORIZED")
    assert re.fullmatch(r'Basic realm="[^"]+",service="ecr\.amazonaws\.com"',
                        r.headers["www-authenticate"]), r.headers["www-authenticate"]
    assert r.headers["docker-distribution-api-version"] == "registry/2.0"


@pytest.mark.parametrize("authorization", [
    "Basic " + base64.b64encode(b"AWS:not-the-password").decode(),
    "Basic " + base64.b64encode(b"AWS:").decode(),
    "Basic !!!not-base64!!!",
    "Bearer some-token",
], ids=["wrong-password", "empty-password", "not-base64", "bearer"])
def test_base_with_bad_credentials_is_401(reg, authorization):
    r = reg.request("GET", "/v2/", headers={"Authorization": authorization}, auth=False)
    assert_error(r, 401, "UNAUTHORIZED")
    assert r.headers["www-authenticate"].startswith("Basic realm=")


def test_base_with_a_user_other_than_aws_is_401(reg):
    password = base64.b64decode(reg.token).decode().split(":", 1)[1]
    other = base64.b64encode(f"admin:{password}".encode()).decode()
    r = reg.request("GET", "/v2/", headers={"Authorization": "Basic " + other}, auth=False)
    assert_error(r, 401, "UNAUTHORIZED")


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_base_with_a_token_is_200(reg, method):
    r = reg.request(method, "/v2/")
    assert r.status == 200, r
    assert r.headers["docker-distribution-api-version"] == "registry/2.0"


@pytest.mark.parametrize("method,suffix", [
    ("GET", "/tags/list"),
    ("GET", "/manifests/latest"),
    ("GET", "/blobs/" + oci.digest(b"x")),
    ("POST", "/blobs/uploads/"),
    ("GET", "/referrers/" + oci.digest(b"x")),
])
def test_every_endpoint_requires_credentials(reg, repo, method, suffix):
    r = reg.request(method, f"/v2/{repo}{suffix}", auth=False)
    assert_error(r, 401, "UNAUTHORIZED")
    assert "www-authenticate" in r.headers


def test_single_post_without_credentials_is_401_and_stores_nothing(reg, repo):
    data = b"unauthenticated upload"
    r = reg.request("POST", f"/v2/{repo}/blobs/uploads/?digest={oci.digest(data)}", data,
                    {"Content-Type": OCTETS}, auth=False)
    assert_error(r, 401, "UNAUTHORIZED")
    assert reg.request("HEAD", f"/v2/{repo}/blobs/{oci.digest(data)}").status == 404


def test_catalog_requires_credentials(reg):
    assert_error(reg.request("GET", "/v2/_catalog", auth=False), 401, "UNAUTHORIZED")


# --- pushing blobs -------------------------------------------------------------------------------

def test_single_post_upload(reg, repo):
    data = b"single post upload " * 50
    d = oci.digest(data)
    r = reg.request("POST", f"/v2/{repo}/blobs/uploads/?digest={d}", data,
                    {"Content-Type": OCTETS})
    assert r.status == 201, r
    assert path_of(r.headers["location"]) == f"/v2/{repo}/blobs/{d}"
    assert r.headers["docker-content-digest"] == d

    head = reg.request("HEAD", f"/v2/{repo}/blobs/{d}")
    assert head.status == 200, head
    assert head.headers["content-length"] == str(len(data))
    assert head.headers["docker-content-digest"] == d
    assert head.body == b""

    got = reg.request("GET", path_of(r.headers["location"]))
    assert got.status == 200, got
    assert got.body == data
    assert got.headers["docker-content-digest"] == d
    assert got.headers["content-length"] == str(len(data))


def test_post_then_put_upload(reg, repo):
    data = b"post then put " * 40
    d = oci.digest(data)
    location = start_upload(reg, repo)
    r = reg.request("PUT", path_of(location, digest=d), data, {"Content-Type": OCTETS})
    assert r.status == 201, r
    assert path_of(r.headers["location"]) == f"/v2/{repo}/blobs/{d}"
    assert r.headers["docker-content-digest"] == d
    assert reg.request("GET", f"/v2/{repo}/blobs/{d}").body == data


def test_post_starts_a_session_with_a_uuid(reg, repo):
    r = reg.request("POST", f"/v2/{repo}/blobs/uploads/", headers={"Content-Length": "0"})
    assert r.status == 202, r
    session = r.headers["docker-upload-uuid"]
    uuid.UUID(session)  # "The <location> MUST contain a UUID representing a unique session ID"
    assert path_of(r.headers["location"]) == f"/v2/{repo}/blobs/uploads/{session}"
    assert r.headers["range"] == "0-0"
    other = reg.request("POST", f"/v2/{repo}/blobs/uploads/")
    assert other.headers["docker-upload-uuid"] != session


def test_chunked_upload(reg, repo):
    data = bytes(range(256)) * 12  # 3072 bytes, three chunks
    d = oci.digest(data)
    r = reg.request("POST", f"/v2/{repo}/blobs/uploads/", headers={"Content-Length": "0"})
    assert r.status == 202, r
    assert r.headers["range"] == "0-0"
    session = r.headers["docker-upload-uuid"]
    location = r.headers["location"]
    assert session in location

    for start in range(0, len(data), 1024):
        chunk = data[start:start + 1024]
        r = patch(reg, location, chunk, start)
        assert r.status == 202, r
        assert r.headers["range"] == f"0-{start + len(chunk) - 1}"
        assert session in r.headers["location"]
        location = r.headers["location"]

        status = reg.request("GET", path_of(location))
        assert status.status == 204, status
        assert status.headers["range"] == f"0-{start + len(chunk) - 1}"
        assert path_of(status.headers["location"]) == path_of(location)
        assert status.body == b""

    r = reg.request("PUT", path_of(location, digest=d))
    assert r.status == 201, r
    assert path_of(r.headers["location"]) == f"/v2/{repo}/blobs/{d}"
    assert r.headers["docker-content-digest"] == d
    assert reg.request("GET", f"/v2/{repo}/blobs/{d}").body == data


@pytest.mark.parametrize("method,wrong_start", [
    ("PATCH", 200), ("PATCH", 0), ("PATCH", 50), ("PUT", 200),
], ids=["gap", "repeat", "overlap", "closing-put"])
def test_out_of_order_chunk_is_416_blob_upload_invalid(reg, repo, method, wrong_start):
    # "If a chunk is uploaded out of order, the registry MUST respond with a 416"
    data = bytes((i * 7) % 251 for i in range(300))
    location = start_upload(reg, repo)
    assert patch(reg, location, data[:100], 0).status == 202
    chunk = data[wrong_start:wrong_start + 100]
    query = {"digest": oci.digest(data)} if method == "PUT" else {}
    r = reg.request(method, path_of(location, **query), chunk, {
        "Content-Type": OCTETS,
        "Content-Range": f"{wrong_start}-{wrong_start + 99}",
        "Content-Length": "100",
    })
    assert_error(r, 416, "BLOB_UPLOAD_INVALID")


@pytest.mark.parametrize("wrong_start", [200, 0, 50], ids=["gap", "repeat", "overlap"])
def test_upload_goes_on_after_an_out_of_order_chunk(reg, repo, wrong_start):
    data = bytes((i * 7) % 251 for i in range(300))
    location = start_upload(reg, repo)
    assert patch(reg, location, data[:100], 0).status == 202
    assert patch(reg, location, data[wrong_start:wrong_start + 100], wrong_start).status == 416

    # "To get the current status after a 416 error, issue a GET request"
    status = reg.request("GET", path_of(location))
    assert status.status == 204, status
    assert status.headers["range"] == "0-99"

    r = patch(reg, status.headers["location"], data[100:200], 100)
    assert r.status == 202, r
    assert r.headers["range"] == "0-199"
    # The final chunk rides on the closing PUT.
    r = reg.request("PUT", path_of(r.headers["location"], digest=oci.digest(data)), data[200:], {
        "Content-Type": OCTETS, "Content-Range": "200-299", "Content-Length": "100"})
    assert r.status == 201, r
    assert reg.request("GET", f"/v2/{repo}/blobs/{oci.digest(data)}").body == data


def test_patch_without_content_range_streams_a_chunk(reg, repo):
    data = b"streamed " * 100
    location = start_upload(reg, repo)
    r = reg.request("PATCH", path_of(location), data[:500], {"Content-Type": OCTETS})
    assert r.status == 202, r
    assert r.headers["range"] == "0-499"
    r = reg.request("PATCH", path_of(r.headers["location"]), data[500:],
                    {"Content-Type": OCTETS})
    assert r.status == 202, r
    assert r.headers["range"] == f"0-{len(data) - 1}"
    r = reg.request("PUT", path_of(r.headers["location"], digest=oci.digest(data)))
    assert r.status == 201, r


def test_empty_blob(reg, repo):
    d = oci.digest(b"")
    r = reg.request("POST", f"/v2/{repo}/blobs/uploads/?digest={d}", b"",
                    {"Content-Type": OCTETS})
    assert r.status == 201, r
    head = reg.request("HEAD", f"/v2/{repo}/blobs/{d}")
    assert head.status == 200, head
    assert head.headers["content-length"] == "0"
    got = reg.request("GET", f"/v2/{repo}/blobs/{d}")
    assert got.status == 200 and got.body == b""


def test_wrong_digest_on_close_is_digest_invalid_and_nothing_is_kept(reg, repo):
    data = b"the real content " * 20
    wrong = oci.digest(b"something else")
    location = start_upload(reg, repo)
    assert patch(reg, location, data, 0).status == 202

    r = reg.request("PUT", path_of(location, digest=wrong))
    assert_error(r, 400, "DIGEST_INVALID")

    for d in (oci.digest(data), wrong):
        assert reg.request("HEAD", f"/v2/{repo}/blobs/{d}").status == 404
        assert_error(reg.request("GET", f"/v2/{repo}/blobs/{d}"), 404, "BLOB_UNKNOWN")
    assert_error(reg.request("GET", path_of(location)), 404, "BLOB_UPLOAD_UNKNOWN")


def test_wrong_digest_on_single_post_is_digest_invalid(reg, repo):
    data = b"single post, wrong digest"
    wrong = oci.digest(b"other")
    r = reg.request("POST", f"/v2/{repo}/blobs/uploads/?digest={wrong}", data,
                    {"Content-Type": OCTETS})
    assert_error(r, 400, "DIGEST_INVALID")
    assert reg.request("HEAD", f"/v2/{repo}/blobs/{oci.digest(data)}").status == 404
    assert reg.request("HEAD", f"/v2/{repo}/blobs/{wrong}").status == 404


@pytest.mark.parametrize("bad", ["sha256:xyz", "md5:" + "0" * 32, "sha256:" + "A" * 64, "nodigest"])
def test_invalid_digest_on_close_is_400_digest_invalid(reg, repo, bad):
    # "if the client provided digest is invalid or uses an unsupported algorithm, the registry
    # SHOULD respond with a response code 400 Bad Request"
    location = start_upload(reg, repo)
    r = reg.request("PUT", path_of(location, digest=bad), b"abc", {"Content-Type": OCTETS})
    assert_error(r, 400, "DIGEST_INVALID")


def test_closing_put_without_a_digest_is_400(reg, repo):
    location = start_upload(reg, repo)
    r = reg.request("PUT", path_of(location), b"abc", {"Content-Type": OCTETS})
    assert_error(r, 400, "DIGEST_INVALID")


def test_cancel_upload(reg, repo):
    location = start_upload(reg, repo)
    assert patch(reg, location, b"abandoned", 0).status == 202
    r = reg.request("DELETE", path_of(location))
    assert r.status == 204, r
    assert_error(reg.request("GET", path_of(location)), 404, "BLOB_UPLOAD_UNKNOWN")
    assert_error(reg.request("DELETE", path_of(location)), 404, "BLOB_UPLOAD_UNKNOWN")


@pytest.mark.parametrize("method,query,body", [
    ("GET", "", None),
    ("DELETE", "", None),
    ("PATCH", "", b"chunk"),
    ("PUT", "?digest=" + oci.digest(b"chunk"), b"chunk"),
    ("PUT", "?digest=" + oci.digest(b""), None),
], ids=["GET", "DELETE", "PATCH", "PUT-with-chunk", "PUT-empty"])
def test_unknown_upload_is_blob_upload_unknown(reg, repo, method, query, body):
    path = f"/v2/{repo}/blobs/uploads/{uuid.uuid4()}{query}"
    assert_error(reg.request(method, path, body, {"Content-Type": OCTETS} if body else {}), 404,
                 "BLOB_UPLOAD_UNKNOWN")


def test_patch_after_cancel_is_blob_upload_unknown(reg, repo):
    location = start_upload(reg, repo)
    assert reg.request("DELETE", path_of(location)).status == 204
    assert_error(patch(reg, location, b"more", 0), 404, "BLOB_UPLOAD_UNKNOWN")


def test_upload_of_another_repository_is_unknown_here(reg, ecr, repo):
    other = repo + "-other"
    ecr.create_repository(repositoryName=other)
    location = start_upload(reg, repo)
    session = location.rsplit("/", 1)[1]
    assert_error(reg.request("GET", f"/v2/{other}/blobs/uploads/{session}"), 404,
                 "BLOB_UPLOAD_UNKNOWN")
    # and the upload is untouched in its own repository
    assert reg.request("GET", path_of(location)).status == 204


# --- pulling blobs -------------------------------------------------------------------------------

def test_unknown_blob_is_404_blob_unknown(reg, repo):
    d = oci.digest(b"never pushed")
    head = reg.request("HEAD", f"/v2/{repo}/blobs/{d}")
    assert head.status == 404 and head.body == b""
    assert_error(reg.request("GET", f"/v2/{repo}/blobs/{d}"), 404, "BLOB_UNKNOWN")


def test_blob_of_another_repository_is_not_found_here(reg, ecr, repo):
    other = repo + "-other"
    ecr.create_repository(repositoryName=other)
    data = b"only in the first repository"
    push_blob(reg, repo, data)
    assert_error(reg.request("GET", f"/v2/{other}/blobs/{oci.digest(data)}"), 404, "BLOB_UNKNOWN")


@pytest.fixture
def hundred(reg, repo):
    """A 100-byte blob in `repo`: (path, bytes)."""
    data = bytes(range(100))
    push_blob(reg, repo, data)
    return f"/v2/{repo}/blobs/{oci.digest(data)}", data


def test_range_request(reg, hundred):
    path, data = hundred
    r = reg.request("GET", path, headers={"Range": "bytes=10-19"})
    assert r.status == 206, r
    assert r.headers["content-range"] == "bytes 10-19/100"
    assert r.headers["content-length"] == "10"
    assert r.body == data[10:20]


def test_suffix_range_request(reg, hundred):
    path, data = hundred
    r = reg.request("GET", path, headers={"Range": "bytes=-5"})
    assert r.status == 206, r
    assert r.headers["content-range"] == "bytes 95-99/100"
    assert r.body == data[-5:]


def test_open_ended_range_request(reg, hundred):
    path, data = hundred
    r = reg.request("GET", path, headers={"Range": "bytes=90-"})
    assert r.status == 206, r
    assert r.headers["content-range"] == "bytes 90-99/100"
    assert r.body == data[90:]


def test_range_past_the_end_is_416(reg, hundred):
    path, _ = hundred
    r = reg.request("GET", path, headers={"Range": "bytes=100-"})
    assert r.status == 416, r
    assert r.headers["content-range"] == "bytes */100"  # RFC 9110 15.5.17


# --- mounting ------------------------------------------------------------------------------------

def test_cross_repository_mount(reg, ecr, repo):
    target = repo + "-mounted"
    ecr.create_repository(repositoryName=target)
    data = b"mount me " * 30
    d = oci.digest(data)
    push_blob(reg, repo, data)
    assert reg.request("HEAD", f"/v2/{target}/blobs/{d}").status == 404

    r = reg.request("POST", f"/v2/{target}/blobs/uploads/?mount={d}&from={repo}")
    assert r.status == 201, r
    assert path_of(r.headers["location"]) == f"/v2/{target}/blobs/{d}"
    assert r.headers["docker-content-digest"] == d
    assert reg.request("GET", f"/v2/{target}/blobs/{d}").body == data


@pytest.mark.parametrize("source", ["same-repo-lacks-it", "missing-repo"])
def test_mount_that_cannot_be_made_starts_an_upload(reg, repo, source):
    data = b"not in the source"
    d = oci.digest(data)
    source_name = repo if source == "same-repo-lacks-it" else repo + "-nowhere"
    r = reg.request("POST", f"/v2/{repo}/blobs/uploads/?mount={d}&from={source_name}")
    assert r.status == 202, r
    session = r.headers["docker-upload-uuid"]
    assert session in r.headers["location"]
    # The session is a real one: the blob is uploaded through it.
    done = reg.request("PUT", path_of(r.headers["location"], digest=d), data,
                       {"Content-Type": OCTETS})
    assert done.status == 201, done
    assert reg.request("GET", f"/v2/{repo}/blobs/{d}").body == data


# --- manifests -----------------------------------------------------------------------------------

@pytest.fixture
def pushed(reg, repo):
    """An OCI image pushed through /v2 and tagged v1."""
    image = oci.Image("spec")
    push_image(reg, repo, image, tag="v1")
    return image


def test_put_manifest_by_tag(reg, repo):
    image = oci.Image("put-by-tag")
    for blob in image.blobs:
        push_blob(reg, repo, blob)
    r = put_manifest(reg, repo, "v1", image.manifest)
    assert r.status == 201, r
    assert path_of(r.headers["location"]) == f"/v2/{repo}/manifests/{image.digest}"
    assert r.headers["docker-content-digest"] == image.digest
    assert "oci-subject" not in r.headers


@pytest.mark.parametrize("by", ["tag", "digest"])
def test_get_manifest(reg, repo, pushed, by):
    r = get_manifest(reg, repo, "v1" if by == "tag" else pushed.digest,
                     accept=oci.OCI_MANIFEST)
    assert r.status == 200, r
    assert r.headers["content-type"] == oci.OCI_MANIFEST
    assert r.body == pushed.manifest  # byte for byte, indentation and all
    assert r.headers["docker-content-digest"] == pushed.digest
    assert r.headers["content-length"] == str(len(pushed.manifest))


def test_head_manifest(reg, repo, pushed):
    for ref in ("v1", pushed.digest):
        r = get_manifest(reg, repo, ref, method="HEAD")
        assert r.status == 200, r
        assert r.body == b""
        assert r.headers["content-length"] == str(len(pushed.manifest))
        assert r.headers["docker-content-digest"] == pushed.digest
        assert r.headers["content-type"] == oci.OCI_MANIFEST


@pytest.mark.parametrize("accept", [
    None,
    "*/*",
    f"{oci.DOCKER_MANIFEST}, {oci.OCI_MANIFEST};q=0.5",
    f"{oci.OCI_INDEX};q=0.9,{oci.OCI_MANIFEST}",
], ids=["no-accept", "any", "q-values", "no-spaces"])
def test_accept_that_allows_the_type(reg, repo, pushed, accept):
    r = get_manifest(reg, repo, "v1", accept=accept)
    assert r.status == 200, r
    assert r.headers["content-type"] == oci.OCI_MANIFEST
    assert r.body == pushed.manifest


def test_accept_listing_only_other_manifest_types_is_manifest_unknown(reg, repo, pushed):
    r = get_manifest(reg, repo, "v1", accept=f"{oci.DOCKER_MANIFEST}, {oci.OCI_INDEX}")
    assert_error(r, 404, "MANIFEST_UNKNOWN")


def test_put_manifest_by_digest(reg, repo):
    image = oci.Image("put-by-digest")
    for blob in image.blobs:
        push_blob(reg, repo, blob)
    r = put_manifest(reg, repo, image.digest, image.manifest)
    assert r.status == 201, r
    assert r.headers["docker-content-digest"] == image.digest  # "MUST be equal to" the client's
    assert path_of(r.headers["location"]) == f"/v2/{repo}/manifests/{image.digest}"
    assert get_manifest(reg, repo, image.digest).body == image.manifest
    assert json.loads(reg.request("GET", f"/v2/{repo}/tags/list").body)["tags"] == []


def test_put_by_a_digest_that_does_not_match_the_body_is_digest_invalid(reg, repo):
    image = oci.Image("mismatch")
    for blob in image.blobs:
        push_blob(reg, repo, blob)
    r = put_manifest(reg, repo, oci.digest(b"another manifest"), image.manifest)
    assert_error(r, 400, "DIGEST_INVALID")
    assert_error(get_manifest(reg, repo, image.digest), 404, "MANIFEST_UNKNOWN")


def test_manifest_naming_a_missing_layer_is_manifest_blob_unknown(reg, repo):
    image = oci.Image("missing-layer")
    push_blob(reg, repo, image.config)
    push_blob(reg, repo, image.layers[0])  # layers[1] never pushed
    assert_error(put_manifest(reg, repo, "v1", image.manifest), 400, "MANIFEST_BLOB_UNKNOWN")
    assert_error(get_manifest(reg, repo, "v1"), 404, "MANIFEST_UNKNOWN")


def test_manifest_naming_a_missing_config_is_manifest_blob_unknown(reg, repo):
    image = oci.Image("missing-config")
    for layer in image.layers:
        push_blob(reg, repo, layer)
    assert_error(put_manifest(reg, repo, "v1", image.manifest), 400, "MANIFEST_BLOB_UNKNOWN")


@pytest.mark.parametrize("body", [
    b"{not json",
    b"[]",
    b'{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}',
    b'{"schemaVersion": 1, "mediaType": "application/vnd.oci.image.manifest.v1+json",'
    b' "config": {}, "layers": []}',
], ids=["not-json", "array", "no-config", "schema-1"])
def test_malformed_manifest_is_manifest_invalid(reg, repo, body):
    assert_error(put_manifest(reg, repo, "v1", body), 400, "MANIFEST_INVALID")


@pytest.mark.parametrize("tag", ["-bad", ".bad", "a" * 129, "a" * 200, "bad%2Ftag", "bad+tag"],
                         ids=["dash", "dot", "129-chars", "200-chars", "slash", "plus"])
def test_invalid_tag_is_tag_invalid(reg, repo, tag):
    image = oci.Image("bad-tag")
    for blob in image.blobs:
        push_blob(reg, repo, blob)
    assert_error(put_manifest(reg, repo, tag, image.manifest), 400, "TAG_INVALID")


def test_tag_of_128_characters_is_valid(reg, repo):
    # "<reference> as a tag MUST be at most 128 characters in length and MUST match
    # [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}"
    tag = "_Aa0.-" + "x" * 122
    image = oci.Image("long-tag")
    push_image(reg, repo, image, tag=tag)
    assert get_manifest(reg, repo, tag).body == image.manifest


def test_unknown_tag_is_manifest_unknown(reg, repo, pushed):
    assert_error(get_manifest(reg, repo, "nope"), 404, "MANIFEST_UNKNOWN")
    head = get_manifest(reg, repo, "nope", method="HEAD")
    assert head.status == 404 and head.body == b""
    assert_error(get_manifest(reg, repo, oci.digest(b"nope")), 404, "MANIFEST_UNKNOWN")


def test_manifest_of_another_repository_is_not_found_here(reg, ecr, repo, pushed):
    other = repo + "-other"
    ecr.create_repository(repositoryName=other)
    assert_error(get_manifest(reg, other, pushed.digest), 404, "MANIFEST_UNKNOWN")


@pytest.mark.parametrize("method,suffix", [
    ("GET", "/manifests/latest"),
    ("GET", "/tags/list"),
    ("GET", "/blobs/" + oci.digest(b"x")),
    ("POST", "/blobs/uploads/"),
    ("GET", "/referrers/" + oci.digest(b"x")),
])
def test_unknown_repository_is_name_unknown(reg, name, method, suffix):
    assert_error(reg.request(method, f"/v2/{name}{suffix}"), 404, "NAME_UNKNOWN")


@pytest.mark.parametrize("bad", ["E2E/Upper", "e2e//double", "e2e/-dash", "e2e/trailing-"])
def test_invalid_repository_name_is_name_invalid(reg, bad):
    assert_error(reg.request("GET", f"/v2/{bad}/manifests/latest"), 400, "NAME_INVALID")
    assert_error(reg.request("GET", f"/v2/{bad}/tags/list"), 400, "NAME_INVALID")


def test_repository_name_with_several_components(reg, ecr, name):
    deep = f"{name}/team.a/app_b/c-d"
    ecr.create_repository(repositoryName=deep)
    image = oci.Image("deep")
    push_image(reg, deep, image, tag="v1")
    assert get_manifest(reg, deep, "v1").body == image.manifest
    assert reg.request("GET", f"/v2/{deep}/blobs/{oci.digest(image.config)}").body == image.config
    assert json.loads(reg.request("GET", f"/v2/{deep}/tags/list").body) == {
        "name": deep, "tags": ["v1"]}


def test_repository_name_holding_the_route_words(reg, ecr, name):
    # Names may contain "/blobs", "/manifests", "/tags", "/uploads": the route is read from the
    # end of the path.
    tricky = f"{name}/blobs/uploads/manifests/tags/referrers"
    ecr.create_repository(repositoryName=tricky)
    image = oci.Image("tricky")
    for blob in image.blobs:
        location = start_upload(reg, tricky)
        assert reg.request("PUT", path_of(location, digest=oci.digest(blob)), blob,
                           {"Content-Type": OCTETS}).status == 201
    assert put_manifest(reg, tricky, "list", image.manifest).status == 201
    assert get_manifest(reg, tricky, "list").body == image.manifest
    assert reg.request("GET", f"/v2/{tricky}/blobs/{oci.digest(image.config)}").body == image.config
    assert json.loads(reg.request("GET", f"/v2/{tricky}/tags/list").body) == {
        "name": tricky, "tags": ["list"]}
    _, listed = referrers(reg, tricky, image.digest)
    assert listed == []


def test_content_type_parameters_are_ignored(reg, repo):
    # "The registry SHOULD ignore parameters on the Content-Type header."
    image = oci.Image("charset")
    for blob in image.blobs:
        push_blob(reg, repo, blob)
    r = put_manifest(reg, repo, "v1", image.manifest, oci.OCI_MANIFEST + "; charset=utf-8")
    assert r.status == 201, r
    assert get_manifest(reg, repo, "v1").headers["content-type"] == oci.OCI_MANIFEST


def test_delete_manifest_by_digest(reg, repo, pushed):
    r = reg.request("DELETE", f"/v2/{repo}/manifests/{pushed.digest}")
    assert r.status == 202, r
    # "a GET to /v2/<name>/manifests/<digest> and any tag pointing to that digest will return 404"
    assert_error(get_manifest(reg, repo, pushed.digest), 404, "MANIFEST_UNKNOWN")
    assert_error(get_manifest(reg, repo, "v1"), 404, "MANIFEST_UNKNOWN")


def test_delete_tag(reg, repo, pushed):
    assert put_manifest(reg, repo, "v2", pushed.manifest).status == 201
    r = reg.request("DELETE", f"/v2/{repo}/manifests/v1")
    assert r.status == 202, r
    assert_error(get_manifest(reg, repo, "v1"), 404, "MANIFEST_UNKNOWN")
    # Only the tag went. (Its image's last tag would take the image too, as ECR's
    # BatchDeleteImage by tag does; the spec leaves that to the registry.)
    assert get_manifest(reg, repo, "v2").body == pushed.manifest
    assert get_manifest(reg, repo, pushed.digest).body == pushed.manifest
    assert json.loads(reg.request("GET", f"/v2/{repo}/tags/list").body)["tags"] == ["v2"]


def test_delete_unknown_manifest_is_manifest_unknown(reg, repo):
    r = reg.request("DELETE", f"/v2/{repo}/manifests/{oci.digest(b'nothing')}")
    assert_error(r, 404, "MANIFEST_UNKNOWN")


def test_oci_index_over_two_images(reg, repo):
    amd = oci.Image("multi", arch="amd64")
    arm = oci.Image("multi", arch="arm64")
    push_image(reg, repo, amd)
    push_image(reg, repo, arm)
    index = index_of(amd, arm)
    r = put_manifest(reg, repo, "multi", index, oci.OCI_INDEX)
    assert r.status == 201, r
    assert r.headers["docker-content-digest"] == oci.digest(index)

    got = get_manifest(reg, repo, "multi")
    assert got.status == 200, got
    assert got.headers["content-type"] == oci.OCI_INDEX
    assert got.body == index
    for image in (amd, arm):
        child = get_manifest(reg, repo, image.digest)
        assert child.status == 200 and child.body == image.manifest


def test_index_naming_a_missing_manifest_is_manifest_blob_unknown(reg, repo):
    present = oci.Image("present")
    absent = oci.Image("absent", arch="arm64")
    push_image(reg, repo, present)
    r = put_manifest(reg, repo, "multi", index_of(present, absent), oci.OCI_INDEX)
    assert_error(r, 400, "MANIFEST_BLOB_UNKNOWN")


def test_docker_schema2_manifest(reg, repo):
    image = oci.Image("docker", docker=True)
    r = push_image(reg, repo, image, tag="latest")
    assert r.headers["docker-content-digest"] == image.digest
    got = get_manifest(reg, repo, "latest", accept=oci.DOCKER_MANIFEST)
    assert got.status == 200, got
    assert got.headers["content-type"] == oci.DOCKER_MANIFEST
    assert got.body == image.manifest
    assert_error(get_manifest(reg, repo, "latest", accept=oci.OCI_MANIFEST), 404,
                 "MANIFEST_UNKNOWN")


def test_manifest_of_4_mib_is_accepted(reg, repo):
    # "Client and registry implementations SHOULD expect to be able to support manifest pushes
    # of at least 4 megabytes."
    image = oci.Image("four-mib")
    for blob in image.blobs:
        push_blob(reg, repo, blob)
    doc = json.loads(image.manifest)
    doc["annotations"] = {"pad": ""}
    overhead = len(json.dumps(doc).encode())
    doc["annotations"]["pad"] = "x" * ((4 << 20) - overhead)
    body = json.dumps(doc).encode()
    assert len(body) == 4 << 20
    r = put_manifest(reg, repo, "big", body)
    assert r.status == 201, r
    assert get_manifest(reg, repo, "big").body == body


def test_manifest_of_5_mib_is_413(reg, repo):
    body = b'{"schemaVersion":2,"pad":"' + b"x" * (5 << 20) + b'"}'
    r = put_manifest(reg, repo, "huge", body)
    assert_error(r, 413, "SIZE_INVALID")


# --- immutable tags ------------------------------------------------------------------------------

@pytest.fixture
def immutable(ecr, reg, name):
    ecr.create_repository(repositoryName=name, imageTagMutability="IMMUTABLE")
    image = oci.Image("immutable-1")
    push_image(reg, name, image, tag="v1")
    return name, image


def test_immutable_tag_cannot_move(reg, immutable):
    name, first = immutable
    second = oci.Image("immutable-2")
    for blob in second.blobs:
        push_blob(reg, name, blob)
    assert_error(put_manifest(reg, name, "v1", second.manifest), 400, "TAG_INVALID")
    assert get_manifest(reg, name, "v1").body == first.manifest


def test_immutable_tag_put_again_to_the_same_manifest_is_201(reg, immutable):
    name, first = immutable
    r = put_manifest(reg, name, "v1", first.manifest)
    assert r.status == 201, r
    assert r.headers["docker-content-digest"] == first.digest


# --- listing tags --------------------------------------------------------------------------------

TAGS = ["v1.2", "latest", "2024", "v1.10", "alpha-1"]


@pytest.fixture
def tagged(reg, repo, pushed):
    for tag in TAGS:
        if tag != "v1":
            assert put_manifest(reg, repo, tag, pushed.manifest).status == 201
    return sorted(TAGS + ["v1"])


def test_tags_list(reg, repo, tagged):
    r = reg.request("GET", f"/v2/{repo}/tags/list")
    assert r.status == 200, r
    assert r.headers["content-type"].split(";")[0] == "application/json"
    assert json.loads(r.body) == {"name": repo, "tags": tagged}
    assert "link" not in r.headers


def test_tags_list_of_a_repository_without_tags(reg, repo):
    r = reg.request("GET", f"/v2/{repo}/tags/list")
    assert r.status == 200, r
    assert json.loads(r.body) == {"name": repo, "tags": []}


def test_tags_list_with_n_gives_a_page_and_a_link(reg, repo, tagged):
    r = reg.request("GET", f"/v2/{repo}/tags/list?n=2")
    assert r.status == 200, r
    assert json.loads(r.body) == {"name": repo, "tags": tagged[:2]}
    assert r.headers["link"] == f'</v2/{repo}/tags/list?last={tagged[1]}&n=2>; rel="next"'


def test_tags_list_links_page_to_the_end(reg, repo, tagged):
    seen, path, pages = [], f"/v2/{repo}/tags/list?n=2", 0
    while path is not None:
        pages += 1
        assert pages <= len(tagged), f"the Link headers do not end: {seen}"
        r = reg.request("GET", path)
        assert r.status == 200, r
        page = json.loads(r.body)["tags"]
        assert 1 <= len(page) <= 2
        seen += page
        path = next_link(r)
    assert seen == tagged
    assert pages == 3


def test_tags_list_last_without_n(reg, repo, tagged):
    r = reg.request("GET", f"/v2/{repo}/tags/list?last={tagged[2]}")
    assert r.status == 200, r
    assert json.loads(r.body)["tags"] == tagged[3:]


def test_tags_list_with_n_zero_is_empty_without_a_link(own_server):
    # "When n is zero, this endpoint MUST return an empty list, and MUST NOT include a Link
    # header."
    ecr, reg = own_server
    ecr.create_repository(repositoryName="zero/tags")
    image = oci.Image("zero")
    push_image(reg, "zero/tags", image, tag="a")
    put_manifest(reg, "zero/tags", "b", image.manifest)
    r = reg.request("GET", "/v2/zero/tags/tags/list?n=0")
    assert r.status == 200, r
    assert json.loads(r.body) == {"name": "zero/tags", "tags": []}
    assert "link" not in r.headers


@pytest.mark.parametrize("path", ["/tags/list?n=abc", "/tags/list?n=-1"])
def test_invalid_n_is_400_pagination_number_invalid(reg, repo, path):
    # The spec lists no code for this; berth answers as Distribution does.
    r = reg.request("GET", f"/v2/{repo}{path}")
    assert r.status == 400, r
    assert error_code(r) == "PAGINATION_NUMBER_INVALID"


# --- the catalog ---------------------------------------------------------------------------------

@pytest.fixture
def catalog_repos(ecr):
    prefix = f"e2ecat-{uuid.uuid4().hex[:8]}"
    names = [f"{prefix}/{suffix}" for suffix in ("a", "b", "c")]
    for n in reversed(names):
        ecr.create_repository(repositoryName=n)
    return prefix, names


def test_catalog_pages_through_every_repository(reg, catalog_repos):
    _, names = catalog_repos
    seen, path, pages = [], "/v2/_catalog?n=2", 0
    while path is not None:
        pages += 1
        assert pages <= 1000, "the Link headers do not end"
        r = reg.request("GET", path)
        assert r.status == 200, r
        page = json.loads(r.body)["repositories"]
        assert 1 <= len(page) <= 2
        seen += page
        path = next_link(r)
        if path is not None:
            parts = urllib.parse.urlsplit(path)
            assert parts.path == "/v2/_catalog"
            assert urllib.parse.parse_qs(parts.query) == {"last": [page[-1]], "n": ["2"]}
    assert seen == sorted(set(seen)), "each repository once, in order"
    at = seen.index(names[0])
    assert seen[at:at + 3] == names


def test_catalog_last_starts_after_the_name(reg, catalog_repos):
    prefix, names = catalog_repos
    r = reg.request("GET", "/v2/_catalog?" + urllib.parse.urlencode({"last": prefix, "n": 2}))
    assert r.status == 200, r
    assert json.loads(r.body) == {"repositories": names[:2]}
    link = next_link(r)
    assert link is not None
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).query) == {
        "last": [names[1]], "n": ["2"]}
    r = reg.request("GET", link)
    assert json.loads(r.body)["repositories"][0] == names[2]


def test_catalog_with_n_zero_is_empty_without_a_link(reg, catalog_repos):
    # As for tags: n=0 asks for nothing, and a Link to the same empty page would never end.
    r = reg.request("GET", "/v2/_catalog?n=0")
    assert r.status == 200, r
    assert json.loads(r.body)["repositories"] == []
    assert "link" not in r.headers


def test_catalog_invalid_n_is_400_pagination_number_invalid(reg):
    r = reg.request("GET", "/v2/_catalog?n=abc")
    assert r.status == 400, r
    assert error_code(r) == "PAGINATION_NUMBER_INVALID"


def test_an_unknown_endpoint_is_404_with_a_spec_error_code(reg):
    r = reg.request("GET", "/v2/some/repo/nonsense/path")
    assert r.status == 404, r
    assert error_code(r) in SPEC_ERROR_CODES


# --- referrers -----------------------------------------------------------------------------------

@pytest.fixture
def sbom(reg, repo, pushed):
    """An SBOM artifact about `pushed`: (manifest bytes, the PUT's reply)."""
    manifest, blobs = sbom_for(pushed)
    return manifest, push_referrer(reg, repo, manifest, blobs)


def referrers(reg, repo, digest, **query):
    path = f"/v2/{repo}/referrers/{digest}"
    if query:
        path += "?" + urllib.parse.urlencode(query)
    r = reg.request("GET", path)
    assert r.status == 200, r
    assert r.headers["content-type"] == oci.OCI_INDEX
    doc = json.loads(r.body)
    assert doc["schemaVersion"] == 2 and doc["mediaType"] == oci.OCI_INDEX
    return r, doc["manifests"]


def test_put_of_a_manifest_with_a_subject_answers_oci_subject(pushed, sbom):
    manifest, reply = sbom
    assert reply.status == 201, reply
    assert reply.headers["oci-subject"] == pushed.digest
    assert reply.headers["docker-content-digest"] == oci.digest(manifest)


def test_referrers_list(reg, repo, pushed, sbom):
    manifest, _ = sbom
    r, listed = referrers(reg, repo, pushed.digest)
    assert listed == [{
        "mediaType": oci.OCI_MANIFEST,
        "digest": oci.digest(manifest),
        "size": len(manifest),
        "artifactType": SBOM_TYPE,
        "annotations": {"org.opencontainers.image.created": "2024-01-01T00:00:00Z",
                        "org.example.sbom.format": "spdx"},
    }]
    assert "oci-filters-applied" not in r.headers


def test_referrers_filtered_by_artifact_type(reg, repo, pushed, sbom):
    manifest, _ = sbom
    r, listed = referrers(reg, repo, pushed.digest, artifactType=SBOM_TYPE)
    assert [m["digest"] for m in listed] == [oci.digest(manifest)]
    assert r.headers["oci-filters-applied"] == "artifactType"


def test_referrers_filtered_by_another_artifact_type_is_empty(reg, repo, pushed, sbom):
    r, listed = referrers(reg, repo, pushed.digest, artifactType="application/vnd.example.other")
    assert listed == []
    assert r.headers["oci-filters-applied"] == "artifactType"


def test_referrers_of_a_digest_nothing_refers_to_is_empty(reg, repo, pushed, sbom):
    _, listed = referrers(reg, repo, oci.digest(b"nothing refers to this"))
    assert listed == []
    _, listed = referrers(reg, repo, oci.digest(sbom[0]))  # the SBOM itself has no referrers
    assert listed == []


def test_referrers_with_an_invalid_digest_is_400(reg, repo):
    # "If the request is invalid, such as a <digest> with an invalid syntax, a 400 Bad Request
    # MUST be returned."
    r = reg.request("GET", f"/v2/{repo}/referrers/sha256:nothex")
    assert r.status == 400, r
    assert error_code(r) == "DIGEST_INVALID"


def test_referrer_pushed_before_its_subject(reg, repo):
    # "A registry MUST initially accept an otherwise valid manifest with a subject field that
    # references a manifest that does not exist in the repository"
    subject = oci.Image("later")
    manifest, blobs = sbom_for(subject)
    r = push_referrer(reg, repo, manifest, blobs)
    assert r.status == 201, r
    assert r.headers["oci-subject"] == subject.digest
    _, listed = referrers(reg, repo, subject.digest)
    assert [m["digest"] for m in listed] == [oci.digest(manifest)]
    push_image(reg, repo, subject, tag="later")
    _, listed = referrers(reg, repo, subject.digest)
    assert [m["digest"] for m in listed] == [oci.digest(manifest)]


def test_referrer_without_artifact_type_is_listed_under_its_config_type(reg, repo, pushed):
    # "If the artifactType is empty or missing in the image manifest, the value of artifactType
    # MUST be set to the config descriptor mediaType value."
    config_type = "application/vnd.example.signature.config.v1+json"
    manifest, blobs = sbom_for(pushed, artifact_type=None,
                               config=(b'{"signed":true}', config_type))
    assert push_referrer(reg, repo, manifest, blobs).status == 201
    _, listed = referrers(reg, repo, pushed.digest)
    assert [(m["digest"], m["artifactType"]) for m in listed] == [
        (oci.digest(manifest), config_type)]
    _, listed = referrers(reg, repo, pushed.digest, artifactType=config_type)
    assert len(listed) == 1


def test_index_referrer_without_artifact_type_has_none_listed(reg, repo, pushed):
    # "If the artifactType is empty or missing in an index, the artifactType MUST be omitted."
    other = oci.Image("index-child", arch="arm64")
    push_image(reg, repo, other)
    index = index_of(other, subject={"mediaType": pushed.media_type, "digest": pushed.digest,
                                     "size": len(pushed.manifest)},
                     annotations={"org.example.kind": "index"})
    r = put_manifest(reg, repo, oci.digest(index), index, oci.OCI_INDEX)
    assert r.status == 201, r
    assert r.headers["oci-subject"] == pushed.digest
    _, listed = referrers(reg, repo, pushed.digest)
    assert listed == [{"mediaType": oci.OCI_INDEX, "digest": oci.digest(index),
                       "size": len(index), "annotations": {"org.example.kind": "index"}}]


def test_referrers_are_per_repository(reg, ecr, repo, pushed, sbom):
    other = repo + "-other"
    ecr.create_repository(repositoryName=other)
    _, listed = referrers(reg, other, pushed.digest)
    assert listed == []


def test_deleted_referrer_is_no_longer_listed(reg, repo, pushed, sbom):
    manifest, _ = sbom
    assert reg.request("DELETE", f"/v2/{repo}/manifests/{oci.digest(manifest)}").status == 202
    _, listed = referrers(reg, repo, pushed.digest)
    assert listed == []


# --- one registry, two APIs ----------------------------------------------------------------------

def test_image_put_through_v2_shows_in_describe_images(reg, ecr, repo, pushed):
    details = ecr.describe_images(repositoryName=repo)["imageDetails"]
    assert len(details) == 1
    d = details[0]
    assert d["imageDigest"] == pushed.digest
    assert d["imageTags"] == ["v1"]
    assert d["imageManifestMediaType"] == oci.OCI_MANIFEST
    assert d["imageSizeInBytes"] == pushed.layers_size
    got = ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageTag": "v1"}])
    assert got["images"][0]["imageManifest"] == pushed.manifest.decode()


def test_image_pushed_through_ecr_pulls_through_v2(reg, ecr, repo):
    image = oci.Image("through-ecr", layer_count=3)
    oci.push(ecr, repo, image, tag="v1", part_size=100)
    r = get_manifest(reg, repo, "v1")
    assert r.status == 200, r
    assert r.body == image.manifest
    assert r.headers["content-type"] == oci.OCI_MANIFEST
    assert r.headers["docker-content-digest"] == image.digest
    for blob in image.blobs:
        got = reg.request("GET", f"/v2/{repo}/blobs/{oci.digest(blob)}")
        assert got.status == 200, got
        assert got.body == blob


def test_download_url_needs_no_authorization(reg, ecr, repo, pushed):
    layer = pushed.layers[0]
    url = ecr.get_download_url_for_layer(repositoryName=repo,
                                         layerDigest=oci.digest(layer))["downloadUrl"]
    r = reg.request("GET", path_of(url), auth=False)
    assert r.status == 200, r
    assert r.body == layer
    assert r.headers["docker-content-digest"] == oci.digest(layer)
    # Without its token, the same path asks for credentials.
    bare = reg.request("GET", urllib.parse.urlsplit(url).path, auth=False)
    assert_error(bare, 401, "UNAUTHORIZED")


def download_token(url):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["X-Berth-Token"][0]


def test_download_url_from_the_cli_downloads_with_plain_http(berth, pip_aws, repo, pushed):
    import urllib.request
    layer = pushed.layers[0]
    _, out, _ = pip_aws("ecr", "get-download-url-for-layer", "--repository-name", repo,
                        "--layer-digest", oci.digest(layer))
    with urllib.request.urlopen(out["downloadUrl"], timeout=30) as r:
        assert r.status == 200
        assert r.read() == layer
    head = urllib.request.Request(out["downloadUrl"], method="HEAD")
    with urllib.request.urlopen(head, timeout=30) as r:
        assert r.status == 200


def test_download_url_token_is_no_registry_password(reg, ecr, repo, pushed):
    # Issue 16: the token opened every repository as `Basic AWS:<token>`.
    url = ecr.get_download_url_for_layer(repositoryName=repo,
                                         layerDigest=oci.digest(pushed.layers[0]))["downloadUrl"]
    as_password = Registry(reg.host, base64.b64encode(
        b"AWS:" + download_token(url).encode()).decode())
    layer_path = f"/v2/{repo}/blobs/{oci.digest(pushed.layers[0])}"
    for method, path in [("GET", layer_path), ("HEAD", layer_path),
                         ("POST", f"/v2/{repo}/blobs/uploads/"),
                         ("GET", f"/v2/{repo}/manifests/v1"),
                         ("DELETE", f"/v2/{repo}/manifests/{pushed.digest}"),
                         ("GET", "/v2/_catalog")]:
        r = as_password.request(method, path)
        if method == "HEAD":
            assert r.status == 401, r
        else:
            assert_error(r, 401, "UNAUTHORIZED")
    assert reg.request("GET", f"/v2/{repo}/manifests/v1",
                       headers={"Accept": ACCEPT_ALL}).status == 200


def test_download_url_token_opens_only_its_own_blob(reg, ecr, repo, pushed, name):
    layer, other = pushed.layers[0], pushed.config
    url = ecr.get_download_url_for_layer(repositoryName=repo,
                                         layerDigest=oci.digest(layer))["downloadUrl"]
    token = urllib.parse.quote(download_token(url), safe="")
    # Another blob of the same repository.
    r = reg.request("GET", f"/v2/{repo}/blobs/{oci.digest(other)}?X-Berth-Token={token}",
                    auth=False)
    assert_error(r, 401, "UNAUTHORIZED")
    # The same blob in another repository of the same account.
    ecr.create_repository(repositoryName=name + "-b")
    push_image(reg, name + "-b", pushed, tag="v1")
    r = reg.request("GET", f"/v2/{name}-b/blobs/{oci.digest(layer)}?X-Berth-Token={token}",
                    auth=False)
    assert_error(r, 401, "UNAUTHORIZED")
    # Writes on the blob's own path.
    r = reg.request("POST", f"/v2/{repo}/blobs/uploads/?X-Berth-Token={token}", auth=False)
    assert_error(r, 401, "UNAUTHORIZED")
    r = reg.request("DELETE", f"/v2/{repo}/manifests/{pushed.digest}?X-Berth-Token={token}",
                    auth=False)
    assert_error(r, 401, "UNAUTHORIZED")
    assert reg.request("GET", path_of(url), auth=False).status == 200


# --- content management ---------------------------------------------------------------------------

def test_blob_delete_is_unsupported(reg, repo, hundred):
    # "If blob deletion is disabled, the registry MUST respond with either a 400 Bad Request or
    # a 405 Method Not Allowed."
    path, data = hundred
    assert_error(reg.request("DELETE", path), 405, "UNSUPPORTED")
    assert reg.request("GET", path).body == data


def test_a_client_hanging_up_mid_download_costs_only_its_connection(berth, ecr, reg, repo):
    import socket
    big = os.urandom(8 << 20)
    d = oci.digest(big)
    r = reg.request("POST", f"/v2/{repo}/blobs/uploads/?digest={d}", body=big,
                    headers={"Content-Type": "application/octet-stream"})
    assert r.status == 201, r
    host, port = berth.host.split(":")
    for _ in range(5):
        s = socket.create_connection((host, int(port)))
        s.sendall(f"GET /v2/{repo}/blobs/{d} HTTP/1.1\r\nHost: {berth.host}\r\n"
                  f"Authorization: Basic {reg.token}\r\n\r\n".encode())
        s.recv(1024)
        s.close()  # with megabytes still to come
    assert berth.proc.poll() is None
    assert reg.request("GET", "/v2/").status == 200
