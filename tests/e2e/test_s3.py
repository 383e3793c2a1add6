"""S3 with the stock clients: both aws CLIs (`aws s3` and `aws s3api`, path style on
--endpoint-url) and boto3, against berth's buckets on the local disk."""
import hashlib
import json
import os
import time
import urllib.error
import urllib.request
import uuid

import boto3
import botocore.config
import botocore.exceptions
import pytest

from conftest import Cli, REGION, boto3_client
from s3_client import read_key


@pytest.fixture
def bucket():
    return f"e2e-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def s3(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "s3")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return str(path)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def error_code(stderr):
    """The code in the CLI's "An error occurred (Code) when calling …" line."""
    marker = "An error occurred ("
    at = stderr.find(marker)
    return stderr[at + len(marker):stderr.find(")", at)] if at >= 0 else stderr


# --- aws s3, both CLIs ---

def test_mb_ls_rb(aws, bucket):
    aws("s3", "mb", f"s3://{bucket}")
    _, listing, _ = aws("s3", "ls")
    assert bucket in listing
    # us-east-1 answers its owner's repeated CreateBucket with 200, changing nothing.
    aws("s3", "mb", f"s3://{bucket}")
    aws("s3", "rb", f"s3://{bucket}")
    _, listing, _ = aws("s3", "ls")
    assert bucket not in (listing or "")


def test_cp_up_and_down_and_ls_prefixes(aws, bucket, tmp_path):
    aws("s3", "mb", f"s3://{bucket}")
    src = write(tmp_path / "hello.txt", b"hello, trail\n")
    for key in ("AWSLogs/1/CloudTrail/a.json.gz", "AWSLogs/1/CloudTrail/b.json.gz",
                "AWSLogs/2/x", "top.txt"):
        aws("s3", "cp", "--only-show-errors", src, f"s3://{bucket}/{key}")
    _, top, _ = aws("s3", "ls", f"s3://{bucket}")
    assert "PRE AWSLogs/" in top and "top.txt" in top and "a.json.gz" not in top
    _, deeper, _ = aws("s3", "ls", f"s3://{bucket}/AWSLogs/1/")
    assert "PRE CloudTrail/" in deeper
    _, everything, _ = aws("s3", "ls", "--recursive", f"s3://{bucket}")
    lines = [line.split()[-1] for line in everything.splitlines()]
    assert lines == ["AWSLogs/1/CloudTrail/a.json.gz", "AWSLogs/1/CloudTrail/b.json.gz",
                     "AWSLogs/2/x", "top.txt"]
    dst = tmp_path / "back.txt"
    aws("s3", "cp", "--only-show-errors", f"s3://{bucket}/top.txt", str(dst))
    assert read(dst) == b"hello, trail\n"
    code, _, err = aws("s3", "cp", f"s3://{bucket}/missing.txt", str(dst), check=False)
    assert code != 0 and ("404" in err or "Not Found" in err)


def test_cp_of_20_mib_goes_multipart_both_ways(aws, bucket, tmp_path):
    aws("s3", "mb", f"s3://{bucket}")
    data = os.urandom(20 << 20)
    src = write(tmp_path / "big.bin", data)
    aws("s3", "cp", "--only-show-errors", src, f"s3://{bucket}/big.bin")
    _, head, _ = aws("s3api", "head-object", "--bucket", bucket, "--key", "big.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"].endswith('-3"')  # 8 MiB parts: multipart
    dst = tmp_path / "back.bin"
    aws("s3", "cp", "--only-show-errors", f"s3://{bucket}/big.bin", str(dst))
    assert hashlib.sha256(read(dst)).digest() == hashlib.sha256(data).digest()
    _, uploads, _ = aws("s3api", "list-multipart-uploads", "--bucket", bucket)
    assert not (uploads or {}).get("Uploads")


def test_cp_and_mv_between_buckets_server_side(aws, bucket, tmp_path):
    aws("s3", "mb", f"s3://{bucket}")
    aws("s3", "mb", f"s3://{bucket}-to")
    small, big = b"small object", os.urandom(12 << 20)
    aws("s3", "cp", "--only-show-errors", write(tmp_path / "s", small), f"s3://{bucket}/s")
    aws("s3", "cp", "--only-show-errors", write(tmp_path / "b", big), f"s3://{bucket}/b")
    # Small: CopyObject; past 8 MiB: a multipart upload of UploadPartCopy ranges.
    aws("s3", "cp", "--only-show-errors", f"s3://{bucket}/s", f"s3://{bucket}-to/s")
    aws("s3", "mv", "--only-show-errors", f"s3://{bucket}/b", f"s3://{bucket}-to/b")
    for key, data in (("s", small), ("b", big)):
        out = tmp_path / f"{key}.out"
        aws("s3", "cp", "--only-show-errors", f"s3://{bucket}-to/{key}", str(out))
        assert read(out) == data
    _, left, _ = aws("s3", "ls", f"s3://{bucket}")
    assert left.split()[-1] == "s"  # mv removed the source


def test_rm_recursive_then_rb(aws, bucket, tmp_path):
    aws("s3", "mb", f"s3://{bucket}")
    src = write(tmp_path / "f", b"x")
    for i in range(12):
        aws("s3", "cp", "--only-show-errors", src, f"s3://{bucket}/d/{i:02d}")
    code, _, err = aws("s3", "rb", f"s3://{bucket}", check=False)
    assert code != 0 and "BucketNotEmpty" in err
    _, out, _ = aws("s3", "rm", "--recursive", f"s3://{bucket}/d/")
    assert out.count("delete:") == 12
    _, listing, _ = aws("s3", "ls", "--recursive", f"s3://{bucket}")
    assert not listing
    aws("s3", "rb", f"s3://{bucket}")


def test_presigned_urls_of_both_clis_fetch_with_urllib(aws, bucket, tmp_path):
    aws("s3", "mb", f"s3://{bucket}")
    aws("s3", "cp", "--only-show-errors", write(tmp_path / "f", b"shared"),
        f"s3://{bucket}/dir/shared file.txt")
    _, url, _ = aws("s3", "presign", f"s3://{bucket}/dir/shared file.txt", "--expires-in", "60")
    assert url.startswith("http://127.0.0.1")
    with urllib.request.urlopen(url, timeout=10) as res:
        assert res.read() == b"shared"
    tampered = url.replace("shared%20file", "other%20file")
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(tampered, timeout=10)
    assert denied.value.code == 403
    assert b"<Code>SignatureDoesNotMatch</Code>" in denied.value.read()


def test_an_expired_presigned_url_is_denied(pip_aws, bucket, tmp_path):
    pip_aws("s3", "mb", f"s3://{bucket}")
    pip_aws("s3", "cp", "--only-show-errors", write(tmp_path / "f", b"x"), f"s3://{bucket}/k")
    _, url, _ = pip_aws("s3", "presign", f"s3://{bucket}/k", "--expires-in", "1")
    time.sleep(2.1)
    with pytest.raises(urllib.error.HTTPError) as denied:
        urllib.request.urlopen(url, timeout=10)
    assert denied.value.code == 403
    body = denied.value.read()
    assert b"<Code>AccessDenied</Code>" in body and b"Request has expired" in body


def test_wrong_secret_is_signature_does_not_match(berth, bucket, tmp_path):
    key_id, _ = read_key(berth.credentials_file)
    path = tmp_path / "credentials"
    path.write_text(f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {'x' * 40}\n")
    for which in ("pip", "debian"):
        cli = Cli(berth, which, str(path))
        code, _, err = cli("s3api", "list-buckets", check=False)
        assert code != 0 and error_code(err) == "SignatureDoesNotMatch", err
        code, _, err = cli("s3", "ls", check=False)
        assert code != 0 and "SignatureDoesNotMatch" in err


def test_unknown_key_is_invalid_access_key_id(berth, tmp_path):
    path = tmp_path / "credentials"
    path.write_text("[default]\naws_access_key_id = AKIAAAAAAAAAAAAAAAAA\n"
                    f"aws_secret_access_key = {'y' * 40}\n")
    code, _, err = Cli(berth, "pip", str(path))("s3api", "list-buckets", check=False)
    assert code != 0 and error_code(err) == "InvalidAccessKeyId"


# --- aws s3api, both CLIs ---

def test_s3api_bucket_operations(aws, bucket):
    _, created, _ = aws("s3api", "create-bucket", "--bucket", bucket)
    assert created["Location"] == f"/{bucket}"
    _, location, _ = aws("s3api", "get-bucket-location", "--bucket", bucket)
    assert location["LocationConstraint"] is None
    aws("s3api", "head-bucket", "--bucket", bucket)
    _, listed, _ = aws("s3api", "list-buckets")
    assert bucket in [b["Name"] for b in listed["Buckets"]]
    assert len(listed["Owner"]["ID"]) == 64

    _, again, _ = aws("s3api", "create-bucket", "--bucket", bucket)
    assert again["Location"] == f"/{bucket}"
    code, _, err = aws("s3api", "create-bucket", "--bucket", "Not_Valid", check=False)
    assert code != 0
    code, _, err = aws("s3api", "get-bucket-location", "--bucket", bucket + "-none", check=False)
    assert error_code(err) == "NoSuchBucket"
    code, _, err = aws("s3api", "head-bucket", "--bucket", bucket + "-none", check=False)
    assert code != 0 and "404" in err
    code, _, err = aws("s3api", "get-bucket-acl", "--bucket", bucket, check=False)
    assert error_code(err) == "NotImplemented"
    aws("s3api", "delete-bucket", "--bucket", bucket)
    code, _, err = aws("s3api", "delete-bucket", "--bucket", bucket, check=False)
    assert error_code(err) == "NoSuchBucket"


def test_s3api_location_constraint_follows_the_region(berth, bucket):
    cli = Cli(berth, "pip")
    cli("s3api", "create-bucket", "--bucket", bucket, "--region", "eu-west-1",
        "--create-bucket-configuration", "LocationConstraint=eu-west-1")
    _, location, _ = cli("s3api", "get-bucket-location", "--bucket", bucket)
    assert location["LocationConstraint"] == "eu-west-1"
    # Outside us-east-1 the owner's second CreateBucket is refused.
    code, _, err = cli("s3api", "create-bucket", "--bucket", bucket, "--region", "eu-west-1",
                       "--create-bucket-configuration", "LocationConstraint=eu-west-1",
                       check=False)
    assert error_code(err) == "BucketAlreadyOwnedByYou"
    code, _, err = cli("s3api", "create-bucket", "--bucket", bucket + "-x",
                       "--create-bucket-configuration", "LocationConstraint=us-east-1",
                       check=False)
    assert error_code(err) == "InvalidLocationConstraint"
    code, _, err = cli("s3api", "create-bucket", "--bucket", bucket + "-y", "--region",
                       "eu-west-1", check=False)
    assert error_code(err) == "IllegalLocationConstraintException"


def test_s3api_object_operations(aws, bucket, tmp_path):
    aws("s3api", "create-bucket", "--bucket", bucket)
    body = write(tmp_path / "digest.json.gz", b"0123456789" * 10)
    _, put, _ = aws("s3api", "put-object", "--bucket", bucket, "--key", "d/digest.json.gz",
                    "--body", body, "--content-type", "application/json",
                    "--content-encoding", "gzip", "--metadata", "signature=abc123,algo=SHA256")
    assert put["ETag"] == '"' + hashlib.md5(b"0123456789" * 10).hexdigest() + '"'
    _, head, _ = aws("s3api", "head-object", "--bucket", bucket, "--key", "d/digest.json.gz")
    assert head["ContentType"] == "application/json"
    assert head["ContentEncoding"] == "gzip"
    assert head["Metadata"] == {"signature": "abc123", "algo": "SHA256"}
    assert head["ContentLength"] == 100
    out = tmp_path / "range.out"
    _, ranged, _ = aws("s3api", "get-object", "--bucket", bucket, "--key", "d/digest.json.gz",
                       "--range", "bytes=10-19", str(out))
    assert ranged["ContentRange"] == "bytes 10-19/100" and read(out) == b"0123456789"
    code, _, err = aws("s3api", "get-object", "--bucket", bucket, "--key", "d/digest.json.gz",
                       "--range", "bytes=500-", str(out), check=False)
    assert error_code(err) == "InvalidRange"
    code, _, err = aws("s3api", "get-object", "--bucket", bucket, "--key", "nope", str(out),
                       check=False)
    assert error_code(err) == "NoSuchKey"
    code, _, err = aws("s3api", "get-object", "--bucket", bucket + "-none", "--key", "k",
                       str(out), check=False)
    assert error_code(err) == "NoSuchBucket"

    _, copied, _ = aws("s3api", "copy-object", "--bucket", bucket, "--key", "copy",
                       "--copy-source", f"{bucket}/d/digest.json.gz")
    assert copied["CopyObjectResult"]["ETag"] == put["ETag"]
    _, head, _ = aws("s3api", "head-object", "--bucket", bucket, "--key", "copy")
    assert head["Metadata"]["signature"] == "abc123"
    aws("s3api", "copy-object", "--bucket", bucket, "--key", "copy", "--copy-source",
        f"{bucket}/copy", "--metadata-directive", "REPLACE", "--metadata", "new=1")
    _, head, _ = aws("s3api", "head-object", "--bucket", bucket, "--key", "copy")
    assert head["Metadata"] == {"new": "1"}

    aws("s3api", "delete-object", "--bucket", bucket, "--key", "copy")
    aws("s3api", "delete-object", "--bucket", bucket, "--key", "copy")  # gone is fine
    _, deleted, _ = aws("s3api", "delete-objects", "--bucket", bucket, "--delete",
                        json.dumps({"Objects": [{"Key": "d/digest.json.gz"}, {"Key": "never"}]}))
    assert sorted(d["Key"] for d in deleted["Deleted"]) == ["d/digest.json.gz", "never"]
    _, listed, _ = aws("s3api", "list-objects", "--bucket", bucket)
    assert not (listed or {}).get("Contents")


def test_s3api_multipart_upload_step_by_step(aws, bucket, tmp_path):
    aws("s3api", "create-bucket", "--bucket", bucket)
    first = os.urandom(5 << 20)
    second = b"the rest"
    _, upload, _ = aws("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "mp",
                       "--content-type", "video/mp4", "--metadata", "m=1")
    upload_id = upload["UploadId"]
    etags = []
    for number, data in ((1, first), (2, second)):
        _, part, _ = aws("s3api", "upload-part", "--bucket", bucket, "--key", "mp",
                         "--upload-id", upload_id, "--part-number", str(number), "--body",
                         write(tmp_path / f"p{number}", data))
        etags.append(part["ETag"])
    _, parts, _ = aws("s3api", "list-parts", "--bucket", bucket, "--key", "mp", "--upload-id",
                      upload_id)
    assert [p["Size"] for p in parts["Parts"]] == [len(first), len(second)]
    _, uploads, _ = aws("s3api", "list-multipart-uploads", "--bucket", bucket)
    assert [u["UploadId"] for u in uploads["Uploads"]] == [upload_id]

    code, _, err = aws("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "mp",
                       "--upload-id", upload_id, "--multipart-upload",
                       json.dumps({"Parts": [{"PartNumber": 1, "ETag": '"00"'}]}), check=False)
    assert error_code(err) == "InvalidPart"
    _, done, _ = aws("s3api", "complete-multipart-upload", "--bucket", bucket, "--key", "mp",
                     "--upload-id", upload_id, "--multipart-upload", json.dumps(
                         {"Parts": [{"PartNumber": i + 1, "ETag": e} for i, e in enumerate(etags)]}))
    md5s = b"".join(hashlib.md5(d).digest() for d in (first, second))
    assert done["ETag"] == f'"{hashlib.md5(md5s).hexdigest()}-2"'
    out = tmp_path / "mp.out"
    _, got, _ = aws("s3api", "get-object", "--bucket", bucket, "--key", "mp", str(out))
    assert read(out) == first + second
    assert got["ContentType"] == "video/mp4" and got["Metadata"] == {"m": "1"}
    code, _, err = aws("s3api", "abort-multipart-upload", "--bucket", bucket, "--key", "mp",
                       "--upload-id", upload_id, check=False)
    assert error_code(err) == "NoSuchUpload"

    _, aborted, _ = aws("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "gone")
    aws("s3api", "abort-multipart-upload", "--bucket", bucket, "--key", "gone", "--upload-id",
        aborted["UploadId"])
    code, _, err = aws("s3api", "list-parts", "--bucket", bucket, "--key", "gone", "--upload-id",
                       aborted["UploadId"], check=False)
    assert error_code(err) == "NoSuchUpload"


# --- boto3 ---

def test_boto3_metadata_round_trip(s3, bucket):
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="digest", Body=b'{"digestEndTime":"x"}',
                  ContentType="application/json",
                  Metadata={"signature": "a1b2c3", "signature-algorithm": "SHA256withRSA"})
    got = s3.get_object(Bucket=bucket, Key="digest")
    assert got["Body"].read() == b'{"digestEndTime":"x"}'
    assert got["Metadata"] == {"signature": "a1b2c3", "signature-algorithm": "SHA256withRSA"}
    assert got["ContentType"] == "application/json"
    assert got["ResponseMetadata"]["HTTPHeaders"]["x-amz-request-id"]


def test_boto3_verifies_checksums_both_ways(s3, bucket):
    s3.create_bucket(Bucket=bucket)
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"hello world", ChecksumAlgorithm="SHA256")
    assert put["ChecksumSHA256"] == "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="
    got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["ChecksumSHA256"] == put["ChecksumSHA256"]
    assert got["Body"].read() == b"hello world"
    with pytest.raises(botocore.exceptions.ClientError) as bad:
        s3.put_object(Bucket=bucket, Key="k2", Body=b"hello world", ChecksumCRC32="AAAAAA==")
    assert bad.value.response["Error"]["Code"] == "BadDigest"
    with pytest.raises(botocore.exceptions.ClientError) as bad:
        s3.put_object(Bucket=bucket, Key="k2", Body=b"hello world", ContentMD5="AAAAAAAAAAAAAAAAAAAAAA==")
    assert bad.value.response["Error"]["Code"] == "BadDigest"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix="k2")


def test_boto3_list_objects_pages_with_max_keys_and_marker(s3, bucket):
    s3.create_bucket(Bucket=bucket)
    keys = [f"logs/{i:03d}.json" for i in range(25)] + ["a/1", "a/2", "b/1", "z"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    seen, marker = [], ""
    while True:
        page = s3.list_objects(Bucket=bucket, MaxKeys=7, Marker=marker)
        seen += [o["Key"] for o in page.get("Contents", [])]
        assert len(page.get("Contents", [])) <= 7
        if not page["IsTruncated"]:
            break
        assert "NextMarker" not in page  # only with a delimiter, as S3
        marker = page["Contents"][-1]["Key"]
    assert seen == sorted(keys)

    page = s3.list_objects(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["a/", "b/", "logs/"]
    assert [o["Key"] for o in page["Contents"]] == ["z"]
    page = s3.list_objects(Bucket=bucket, Delimiter="/", MaxKeys=2)
    assert page["IsTruncated"] and page["NextMarker"] == "b/"
    page = s3.list_objects(Bucket=bucket, Delimiter="/", Marker=page["NextMarker"])
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["logs/"]
    page = s3.list_objects(Bucket=bucket, Prefix="logs/01")
    assert len(page["Contents"]) == 10
    paginated = [o["Key"] for p in s3.get_paginator("list_objects").paginate(
        Bucket=bucket, PaginationConfig={"PageSize": 4}) for o in p.get("Contents", [])]
    assert paginated == sorted(keys)


def test_boto3_list_objects_v2_continuation_and_start_after(s3, bucket):
    s3.create_bucket(Bucket=bucket)
    keys = [f"k{i:02d}" for i in range(10)] + ["sp ace/x", "ütf/ẞ", "tricky&<>"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"1")
    page = s3.list_objects_v2(Bucket=bucket, MaxKeys=4)
    assert page["KeyCount"] == 4 and page["IsTruncated"]
    seen = [o["Key"] for o in page["Contents"]]
    while page["IsTruncated"]:
        page = s3.list_objects_v2(Bucket=bucket, MaxKeys=4,
                                  ContinuationToken=page["NextContinuationToken"])
        seen += [o["Key"] for o in page.get("Contents", [])]
    assert seen == sorted(keys, key=lambda k: k.encode())
    page = s3.list_objects_v2(Bucket=bucket, StartAfter="k07")
    assert [o["Key"] for o in page["Contents"]][:2] == ["k08", "k09"]
    page = s3.list_objects_v2(Bucket=bucket, Delimiter="/", FetchOwner=True)
    assert {p["Prefix"] for p in page["CommonPrefixes"]} == {"sp ace/", "ütf/"}
    assert page["KeyCount"] == len(page["Contents"]) + 2
    assert all("Owner" in o for o in page["Contents"])
    with pytest.raises(botocore.exceptions.ClientError) as bad:
        s3.list_objects_v2(Bucket=bucket, ContinuationToken="!!not-a-token!!")
    assert bad.value.response["Error"]["Code"] == "InvalidArgument"


def test_boto3_conditional_gets(s3, bucket):
    s3.create_bucket(Bucket=bucket)
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"v")["ETag"]
    with pytest.raises(botocore.exceptions.ClientError) as not_modified:
        s3.get_object(Bucket=bucket, Key="k", IfNoneMatch=etag)
    assert not_modified.value.response["Error"]["Code"] == "304"
    with pytest.raises(botocore.exceptions.ClientError) as failed:
        s3.get_object(Bucket=bucket, Key="k", IfMatch='"other"')
    assert failed.value.response["Error"]["Code"] == "PreconditionFailed"
    head = s3.head_object(Bucket=bucket, Key="k")
    with pytest.raises(botocore.exceptions.ClientError) as not_modified:
        s3.get_object(Bucket=bucket, Key="k", IfModifiedSince=head["LastModified"])
    assert not_modified.value.response["Error"]["Code"] == "304"
    assert s3.get_object(Bucket=bucket, Key="k", IfMatch=etag)["Body"].read() == b"v"
    with pytest.raises(botocore.exceptions.ClientError) as exists:
        s3.put_object(Bucket=bucket, Key="k", Body=b"w", IfNoneMatch="*")
    assert exists.value.response["Error"]["Code"] == "PreconditionFailed"


def test_boto3_presigned_put_and_get_with_sigv4(berth, bucket, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    s3 = boto3.Session(profile_name="default", region_name=REGION).client(
        "s3", endpoint_url=berth.endpoint,
        config=botocore.config.Config(signature_version="s3v4", retries={"max_attempts": 1}))
    s3.create_bucket(Bucket=bucket)
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "up"})
    assert "X-Amz-Signature=" in put_url
    request = urllib.request.Request(put_url, data=b"uploaded", method="PUT",
                                     headers={"Content-Type": ""})
    with urllib.request.urlopen(request, timeout=10) as res:
        assert res.status == 200
    get_url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": "up", "ResponseContentType": "text/x-a"})
    with urllib.request.urlopen(get_url, timeout=10) as res:
        assert res.read() == b"uploaded" and res.headers["Content-Type"] == "text/x-a"


def test_every_call_is_recorded_as_its_s3_operation(berth, s3, bucket):
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    s3.list_objects_v2(Bucket=bucket)
    with pytest.raises(botocore.exceptions.ClientError):
        s3.get_object(Bucket=bucket, Key="missing")
    time.sleep(0.3)  # the access log flushes at most every 200 ms
    records = []
    with open(berth.access_log) as f:
        for line in f:
            record = json.loads(line)
            if record.get("service") == "s3" and f"/{bucket}" in record.get("path", ""):
                records.append(record)
    ops = [(r["operation"], r["status"]) for r in records]
    assert ("CreateBucket", 200) in ops and ("PutObject", 200) in ops
    assert ("ListObjectsV2", 200) in ops and ("GetObject", 404) in ops
    assert all(r["authenticated"] for r in records)
