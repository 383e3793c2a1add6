"""Authentication: SigV4 failures the way AWS reports them, other users, raw protocol errors."""
import base64
import datetime
import os
import subprocess
import time

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
import requests

from conftest import BERTH_BIN, Cli, REGION

TARGET = "AmazonEC2ContainerRegistry_V20150921"


def read_default_key(berth):
    key_id = secret = None
    with open(berth.credentials_file) as f:
        for line in f:
            if line.startswith("aws_access_key_id"):
                key_id = line.split("=", 1)[1].strip()
            if line.startswith("aws_secret_access_key"):
                secret = line.split("=", 1)[1].strip()
    return key_id, secret


def signed_request(berth, op, body=b"{}", key=None, when=None, target=None):
    key_id, secret = key or read_default_key(berth)
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=berth.endpoint + "/", data=body,
        headers={"X-Amz-Target": target or f"{TARGET}.{op}",
                 "Content-Type": "application/x-amz-json-1.1"})
    signer = botocore.auth.SigV4Auth(botocore.credentials.Credentials(key_id, secret), "ecr",
                                     REGION)
    if when is None:
        signer.add_auth(request)
    else:
        # Sign as of another time: botocore reads the clock through datetime.datetime.now/utcnow.
        class Frozen(datetime.datetime):
            @classmethod
            def utcnow(cls):
                return when.replace(tzinfo=None)

            @classmethod
            def now(cls, tz=None):
                return when if tz else when.replace(tzinfo=None)

        original = botocore.auth.datetime.datetime
        botocore.auth.datetime.datetime = Frozen
        try:
            signer.add_auth(request)
        finally:
            botocore.auth.datetime.datetime = original
    prepared = request.prepare()
    return requests.post(prepared.url, data=prepared.body, headers=dict(prepared.headers),
                         timeout=10)


def write_credentials(tmp_path, key_id, secret):
    path = tmp_path / "credentials"
    path.write_text(f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n")
    return str(path)


def test_wrong_secret(berth, tmp_path):
    key_id, _ = read_default_key(berth)
    for which in ("pip", "debian"):
        cli = Cli(berth, which, write_credentials(tmp_path, key_id, "x" * 40))
        code, _, err = cli("ecr", "describe-repositories", check=False)
        assert code != 0
        assert "InvalidSignatureException" in err
        assert "The request signature we calculated does not match" in err


def test_unknown_key(berth, tmp_path):
    cli = Cli(berth, "pip", write_credentials(tmp_path, "AKIAAAAAAAAAAAAAAAAA", "y" * 40))
    code, _, err = cli("ecr", "describe-repositories", check=False)
    assert code != 0 and "UnrecognizedClientException" in err
    assert "The security token included in the request is invalid" in err


def test_missing_signature(berth):
    r = requests.post(berth.endpoint + "/", data=b"{}", timeout=10, headers={
        "X-Amz-Target": f"{TARGET}.DescribeRepositories",
        "Content-Type": "application/x-amz-json-1.1"})
    assert r.status_code == 400
    assert r.json()["__type"] == "MissingAuthenticationTokenException"
    assert r.json()["message"] == "Missing Authentication Token"
    assert r.headers["x-amzn-RequestId"]


def test_stale_date_is_signature_expired(berth):
    r = signed_request(berth, "DescribeRepositories",
                       when=datetime.datetime.now(datetime.timezone.utc)
                       - datetime.timedelta(minutes=20))
    assert r.status_code == 400
    assert r.json()["__type"] == "InvalidSignatureException"
    assert r.json()["message"].startswith("Signature expired:")


def test_future_date_is_not_yet_current(berth):
    r = signed_request(berth, "DescribeRepositories",
                       when=datetime.datetime.now(datetime.timezone.utc)
                       + datetime.timedelta(minutes=20))
    assert r.status_code == 400
    assert r.json()["message"].startswith("Signature not yet current:")


def test_signed_request_within_skew_is_accepted(berth):
    r = signed_request(berth, "DescribeRepositories",
                       when=datetime.datetime.now(datetime.timezone.utc)
                       - datetime.timedelta(minutes=10))
    assert r.status_code == 200, r.text
    assert "repositories" in r.json()


def test_tampered_body_fails_signature(berth):
    key_id, secret = read_default_key(berth)
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=berth.endpoint + "/", data=b"{}",
        headers={"X-Amz-Target": f"{TARGET}.DescribeRepositories",
                 "Content-Type": "application/x-amz-json-1.1"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key_id, secret), "ecr",
                            REGION).add_auth(request)
    prepared = request.prepare()
    r = requests.post(prepared.url, data=b'{"maxResults": 1}', headers=dict(prepared.headers),
                      timeout=10)
    assert r.status_code == 400 and r.json()["__type"] == "InvalidSignatureException"


def test_unknown_operation(berth):
    r = signed_request(berth, "NoSuchOp")
    assert r.status_code == 400
    assert r.json()["__type"] == "UnknownOperationException"
    assert r.json()["message"] == "berth does not implement ECR NoSuchOp yet"
    assert r.headers["Content-Type"] == "application/x-amz-json-1.1"


def test_unknown_target_prefix(berth):
    r = signed_request(berth, "x", target="SomethingElse_20990101.DescribeRepositories")
    assert r.status_code == 400
    assert r.json()["__type"] == "UnknownOperationException"


@pytest.mark.parametrize("body", [b"{not json", b"[1,2]", b"\xff\xfe", b'{"a":' * 100 + b"1"])
def test_malformed_json_is_serialization_exception(berth, body):
    r = signed_request(berth, "DescribeRepositories", body=body)
    assert r.status_code == 400
    assert r.json()["__type"] == "SerializationException"


def test_wrong_type_is_serialization_exception(berth):
    r = signed_request(berth, "DescribeRepositories", body=b'{"maxResults": "many"}')
    assert r.status_code == 400 and r.json()["__type"] == "SerializationException"


def test_oversized_body_is_refused(berth):
    r = signed_request(berth, "DescribeRepositories", body=b'{"x":"' + b"a" * (2 << 20) + b'"}')
    assert r.status_code == 413


def test_new_user_can_call_the_api(berth, tmp_path):
    out = subprocess.run([BERTH_BIN, "user", "create", "alice", "--data-dir", berth.data_dir],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("[alice]\naws_access_key_id = AKIA")
    path = tmp_path / "alice"
    path.write_text(out.stdout.replace("[alice]", "[default]"))
    cli = Cli(berth, "pip", str(path))
    code, data, err = cli("ecr", "describe-registry")
    assert code == 0, err
    again = subprocess.run([BERTH_BIN, "user", "create", "alice", "--data-dir", berth.data_dir],
                           capture_output=True, text=True, timeout=30)
    assert again.returncode != 0 and "already exists" in again.stderr


def test_authorization_token(aws, berth):
    _, out, _ = aws("ecr", "get-authorization-token")
    data = out["authorizationData"][0]
    user, _, password = base64.b64decode(data["authorizationToken"]).decode().partition(":")
    assert user == "AWS" and password and ":" not in password
    assert data["proxyEndpoint"] == berth.endpoint
    code, printed, _ = aws("ecr", "get-login-password")
    assert code == 0 and printed and ":" not in printed


def test_authorization_token_expires_in_twelve_hours(ecr):
    data = ecr.get_authorization_token()["authorizationData"][0]
    remaining = data["expiresAt"].timestamp() - time.time()
    assert 12 * 3600 - 60 <= remaining <= 12 * 3600 + 60


def test_request_id_header_on_success(berth):
    r = signed_request(berth, "DescribeRegistry")
    assert r.status_code == 200
    assert len(r.headers["x-amzn-RequestId"]) == 36
