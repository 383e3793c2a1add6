"""S3's authentication on the wire, signed by hand (s3_client.py, written from the SigV4
specification): declared payload hashes checked against the bytes, aws-chunked uploads with
every chunk signed, clock skew, anonymous calls, and S3's error bodies."""
import datetime
import hashlib
import uuid
import xml.etree.ElementTree as ET

import pytest

from s3_client import EMPTY_SHA256, RawS3, read_key


@pytest.fixture
def raw(berth):
    key_id, secret = read_key(berth.credentials_file)
    return RawS3(berth.host, key_id, secret)


@pytest.fixture
def bucket(raw):
    name = f"e2e-{uuid.uuid4().hex[:12]}"
    status, _, body = raw.request("PUT", f"/{name}")
    assert status == 200, body
    return name


def error(body):
    root = ET.fromstring(body)
    assert root.tag == "Error"
    return {child.tag: child.text for child in root}


def test_errors_come_in_s3s_xml_shape(raw, bucket):
    status, headers, body = raw.request("GET", f"/{bucket}-none/k")
    assert status == 404
    e = error(body)
    assert e["Code"] == "NoSuchBucket" and e["BucketName"] == f"{bucket}-none"
    assert e["RequestId"] == headers["x-amz-request-id"]
    assert headers["content-type"] == "application/xml"
    status, _, body = raw.request("GET", f"/{bucket}/no/such/key")
    assert status == 404 and error(body)["Key"] == "no/such/key"
    status, _, body = raw.request("PATCH", f"/{bucket}/k")
    assert status == 405 and error(body)["Code"] == "MethodNotAllowed"
    status, _, body = raw.request("GET", "/Bad_Name/k")
    assert status == 400 and error(body)["Code"] == "InvalidBucketName"


def test_a_body_must_hash_to_its_declared_sha256(raw, bucket):
    status, _, body = raw.request("PUT", f"/{bucket}/k", body=b"real bytes",
                                  payload_hash=hashlib.sha256(b"other bytes").hexdigest())
    assert status == 400 and error(body)["Code"] == "XAmzContentSHA256Mismatch"
    status, _, _ = raw.request("GET", f"/{bucket}/k")
    assert status == 404  # nothing was published
    status, _, _ = raw.request("PUT", f"/{bucket}/k", body=b"real bytes")
    assert status == 200
    status, _, body = raw.request("GET", f"/{bucket}/k")
    assert status == 200 and body == b"real bytes"
    # The same check on a body read whole (DeleteObjects).
    xml = b"<Delete><Object><Key>k</Key></Object></Delete>"
    md5 = __import__("base64").b64encode(hashlib.md5(xml).digest()).decode()
    status, _, body = raw.request("POST", f"/{bucket}", "delete", {"content-md5": md5}, xml,
                                  payload_hash=EMPTY_SHA256)
    assert status == 400 and error(body)["Code"] == "XAmzContentSHA256Mismatch"


def test_unsigned_payload_is_accepted(raw, bucket):
    status, _, _ = raw.request("PUT", f"/{bucket}/u", body=b"unsigned",
                               payload_hash="UNSIGNED-PAYLOAD")
    assert status == 200
    assert raw.request("GET", f"/{bucket}/u")[2] == b"unsigned"


def test_a_header_signed_request_must_declare_its_payload_hash(raw, bucket):
    signed = raw.sign("GET", f"/{bucket}")
    del signed.headers["x-amz-content-sha256"]
    status, _, body = raw.send("GET", f"/{bucket}", "", signed.headers)
    assert status == 400 and error(body)["Code"] == "InvalidRequest"


def test_aws_chunked_uploads_verify_every_chunk(raw, bucket):
    chunks = [b"a" * 65536, b"b" * 65536, b"tail"]
    status, headers, body = raw.chunked_put(f"/{bucket}/chunked", chunks)
    assert status == 200, body
    assert headers["etag"] == '"' + hashlib.md5(b"".join(chunks)).hexdigest() + '"'
    assert raw.request("GET", f"/{bucket}/chunked")[2] == b"".join(chunks)

    def flip(i, data):
        return data[:-1] + b"X" if i == 1 else data
    status, _, body = raw.chunked_put(f"/{bucket}/tampered", chunks, tamper=flip)
    assert status == 403 and error(body)["Code"] == "SignatureDoesNotMatch"
    assert raw.request("GET", f"/{bucket}/tampered")[0] == 404


def test_signatures_too_far_from_the_clock_are_refused(raw, bucket):
    stale = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=16)
    status, _, body = raw.request("GET", f"/{bucket}", when=stale)
    assert status == 403
    e = error(body)
    assert e["Code"] == "RequestTimeTooSkewed" and e["MaxAllowedSkewMilliseconds"] == "900000"
    fresh = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=14)
    assert raw.request("GET", f"/{bucket}", when=fresh)[0] == 200


def test_a_wrong_signature_shows_what_berth_signed(raw, bucket):
    signed = raw.sign("GET", f"/{bucket}")
    signed.headers["authorization"] = signed.headers["authorization"][:-4] + "0000"
    status, _, body = raw.send("GET", f"/{bucket}", "", signed.headers)
    assert status == 403
    e = error(body)
    assert e["Code"] == "SignatureDoesNotMatch"
    assert e["CanonicalRequest"].startswith(f"GET\n/{bucket}\n")
    assert e["StringToSign"].startswith("AWS4-HMAC-SHA256\n")


def test_keys_with_reserved_characters_sign_and_round_trip(raw, bucket):
    for key in ("a b+c", "paren(1)!*'", "ünï/cødé", "q?x=1&y", "semi;colon,comma"):
        from urllib.parse import quote
        path = f"/{bucket}/" + quote(key, safe="/")
        status, _, body = raw.request("PUT", path, body=key.encode())
        assert status == 200, (key, body)
        status, _, body = raw.request("GET", path)
        assert status == 200 and body == key.encode(), key


def test_a_wrong_expected_bucket_owner_is_access_denied(raw, bucket):
    # (A bucket of another account is AccessDenied too: berth has one account per data dir
    # today, so the unit tests of the endpoint cover that.)
    status, _, body = raw.request("GET", f"/{bucket}",
                                  headers={"x-amz-expected-bucket-owner": "999999999999"})
    assert status == 403 and error(body)["Code"] == "AccessDenied"


def test_entity_too_large_is_refused_before_the_body(raw, bucket):
    signed = raw.sign("PUT", f"/{bucket}/huge", "", {"content-length": str(6 << 30)},
                      "UNSIGNED-PAYLOAD")
    import http.client
    conn = http.client.HTTPConnection(raw.host, timeout=10)
    conn.putrequest("PUT", f"/{bucket}/huge", skip_host=True, skip_accept_encoding=True)
    for k, v in signed.headers.items():
        conn.putheader(k, v)
    conn.putheader("Expect", "100-continue")
    conn.endheaders()
    res = conn.getresponse()
    body = res.read()
    conn.close()
    assert res.status == 400 and error(body)["Code"] == "EntityTooLarge"
