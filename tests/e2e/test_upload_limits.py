"""Abandoned layer uploads are bounded: an account may have --max-uploads unfinished uploads
at once (past it /v2 answers 429 TOOMANYREQUESTS and ECR LimitExceededException, with nothing
kept), and an upload that receives nothing for --upload-timeout seconds is removed, file and
all, which makes room again. An upload still receiving chunks is kept."""
import hashlib
import os
import time

import pytest

from conftest import boto3_client, own_berth_server
from registry_client import V2

MAX_UPLOADS = 3
IDLE_S = 3


@pytest.fixture
def own_berth(monkeypatch):
    args = ["--max-uploads", str(MAX_UPLOADS), "--upload-timeout", str(IDLE_S)]
    with own_berth_server(monkeypatch, args, prefix="berth-e2e-uploads-") as server:
        yield server


def upload_files(server):
    return sorted(os.listdir(os.path.join(server.data_dir, "uploads")))


def start(v2, repo):
    status, headers, body = v2.json("POST", f"/v2/{repo}/blobs/uploads/")
    return status, headers, body


def test_cap_refuses_new_uploads_and_idle_ones_expire(own_berth):
    ecr = boto3_client(own_berth)
    ecr.create_repository(repositoryName="e2e/up-a")
    ecr.create_repository(repositoryName="e2e/up-b")
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    v2 = V2(own_berth.host, token)

    # The cap is the account's, across repositories and across both APIs.
    status, headers, _ = start(v2, "e2e/up-a")
    assert status == 202
    kept = headers["location"]
    assert start(v2, "e2e/up-b")[0] == 202
    ecr.initiate_layer_upload(repositoryName="e2e/up-a")
    assert len(upload_files(own_berth)) == MAX_UPLOADS

    status, headers, body = start(v2, "e2e/up-b")
    assert status == 429, body
    assert body["errors"][0]["code"] == "TOOMANYREQUESTS"
    # A monolithic upload is refused the same way, before its body is taken.
    blob = b"layer bytes"
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    status, _, body = v2.json("POST", f"/v2/e2e/up-a/blobs/uploads/?digest={digest}", body=blob)
    assert status == 429 and body["errors"][0]["code"] == "TOOMANYREQUESTS"
    with pytest.raises(ecr.exceptions.LimitExceededException):
        ecr.initiate_layer_upload(repositoryName="e2e/up-b")
    assert len(upload_files(own_berth)) == MAX_UPLOADS  # nothing of the refusals kept

    # One upload keeps receiving chunks; the other two go idle and expire.
    offset = 0
    deadline = time.time() + IDLE_S * 4 + 10
    while len(upload_files(own_berth)) > 1 and time.time() < deadline:
        chunk = b"x" * 16
        status, headers, body = v2.request(
            "PATCH", kept, body=chunk,
            headers={"Content-Type": "application/octet-stream",
                     "Content-Range": f"{offset}-{offset + len(chunk) - 1}"})
        assert status == 202, body
        offset += len(chunk)
        kept = headers["location"]
        time.sleep(0.5)
    assert len(upload_files(own_berth)) == 1, upload_files(own_berth)
    # The active upload survived its idle neighbours and is whole.
    status, headers, _ = v2.request("GET", kept)
    assert status == 204 and headers["range"] == f"0-{offset - 1}"
    # Room again: new uploads start, through either API.
    assert start(v2, "e2e/up-b")[0] == 202
    assert ecr.initiate_layer_upload(repositoryName="e2e/up-b")["uploadId"]
