"""The S3 operations users reach for next, with boto3 and both aws CLIs: bucket tagging,
storage classes kept and returned, UploadPartCopy with a byte range, and the checksums of
CopyObject results."""
import base64
import hashlib
import uuid
import zlib

import botocore.exceptions
import pytest

from conftest import boto3_client


@pytest.fixture
def s3(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "s3")


@pytest.fixture
def bucket(s3):
    name = f"e2e-feat-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=name)
    return name


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    return e.value.response


def cli_error(stderr):
    marker = "An error occurred ("
    at = stderr.find(marker)
    return stderr[at + len(marker):stderr.find(")", at)] if at >= 0 else stderr


def crc32(data):
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


# --- bucket tagging ---

def test_bucket_tagging_with_both_clis(aws, s3, bucket):
    code, _, err = aws("s3api", "get-bucket-tagging", "--bucket", bucket, check=False)
    assert code != 0 and cli_error(err) == "NoSuchTagSet"
    aws("s3api", "put-bucket-tagging", "--bucket", bucket, "--tagging",
        '{"TagSet": [{"Key": "team", "Value": "platform"}, {"Key": "cost-center", "Value": "42"}]}')
    _, got, _ = aws("s3api", "get-bucket-tagging", "--bucket", bucket)
    assert got["TagSet"] == [{"Key": "team", "Value": "platform"},
                             {"Key": "cost-center", "Value": "42"}]
    aws("s3api", "put-bucket-tagging", "--bucket", bucket, "--tagging",
        '{"TagSet": [{"Key": "team", "Value": "infra"}]}')  # replaces the whole set
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == [{"Key": "team", "Value": "infra"}]
    aws("s3api", "delete-bucket-tagging", "--bucket", bucket)
    assert error_of(s3.get_bucket_tagging, Bucket=bucket)["Error"]["Code"] == "NoSuchTagSet"


def test_invalid_bucket_tags_are_refused(s3, bucket):
    err = error_of(s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": [
        {"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]})
    assert err["Error"]["Code"] == "InvalidTag"
    assert err["Error"]["Message"] == "Cannot provide multiple Tags with the same key"
    err = error_of(s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": [
        {"Key": "k" * 129, "Value": "v"}]})
    assert err["Error"]["Message"] == "The TagKey you have provided is invalid"
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    err = error_of(s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": too_many})
    assert err["Error"]["Code"] == "InvalidTag"
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": too_many[:50]})
    assert len(s3.get_bucket_tagging(Bucket=bucket)["TagSet"]) == 50


# --- storage classes ---

def test_storage_class_is_kept_and_returned(s3, bucket):
    s3.put_object(Bucket=bucket, Key="ia", Body=b"x", StorageClass="STANDARD_IA")
    s3.put_object(Bucket=bucket, Key="std", Body=b"y", StorageClass="STANDARD")
    s3.put_object(Bucket=bucket, Key="plain", Body=b"z")
    assert s3.head_object(Bucket=bucket, Key="ia")["StorageClass"] == "STANDARD_IA"
    assert s3.get_object(Bucket=bucket, Key="ia")["StorageClass"] == "STANDARD_IA"
    # S3 leaves STANDARD out of GET and HEAD, and says it in listings.
    assert "StorageClass" not in s3.head_object(Bucket=bucket, Key="std")
    listed = {o["Key"]: o["StorageClass"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert listed == {"ia": "STANDARD_IA", "plain": "STANDARD", "std": "STANDARD"}
    listed = {o["Key"]: o["StorageClass"] for o in s3.list_objects(Bucket=bucket)["Contents"]}
    assert listed["ia"] == "STANDARD_IA"

    # A copy takes the class it asks for (STANDARD when none), not the source's.
    s3.copy_object(Bucket=bucket, Key="ia-copy", CopySource={"Bucket": bucket, "Key": "ia"})
    assert "StorageClass" not in s3.head_object(Bucket=bucket, Key="ia-copy")
    s3.copy_object(Bucket=bucket, Key="glacier", CopySource={"Bucket": bucket, "Key": "plain"},
                   StorageClass="GLACIER_IR")
    assert s3.head_object(Bucket=bucket, Key="glacier")["StorageClass"] == "GLACIER_IR"
    # Changing only the class is a legal copy onto itself.
    s3.copy_object(Bucket=bucket, Key="plain", CopySource={"Bucket": bucket, "Key": "plain"},
                   StorageClass="ONEZONE_IA")
    assert s3.head_object(Bucket=bucket, Key="plain")["StorageClass"] == "ONEZONE_IA"

    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp", StorageClass="INTELLIGENT_TIERING")
    uploads = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert [u["StorageClass"] for u in uploads] == ["INTELLIGENT_TIERING"]
    part = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload["UploadId"], PartNumber=1,
                          Body=b"p")
    parts = s3.list_parts(Bucket=bucket, Key="mp", UploadId=upload["UploadId"])
    assert parts["StorageClass"] == "INTELLIGENT_TIERING"
    s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1,
                                                             "ETag": part["ETag"]}]})
    assert s3.head_object(Bucket=bucket, Key="mp")["StorageClass"] == "INTELLIGENT_TIERING"

    err = error_of(s3.put_object, Bucket=bucket, Key="bad", Body=b"x",
                   StorageClass="NOT_A_CLASS")
    assert err["Error"]["Code"] == "InvalidStorageClass"


def test_storage_class_with_both_clis(aws, bucket, tmp_path):
    src = tmp_path / "f.txt"
    src.write_bytes(b"cold data")
    aws("s3", "cp", "--only-show-errors", "--storage-class", "STANDARD_IA", str(src),
        f"s3://{bucket}/cold.txt")
    _, head, _ = aws("s3api", "head-object", "--bucket", bucket, "--key", "cold.txt")
    assert head["StorageClass"] == "STANDARD_IA"
    _, listed, _ = aws("s3api", "list-objects-v2", "--bucket", bucket)
    assert listed["Contents"][0]["StorageClass"] == "STANDARD_IA"


# --- UploadPartCopy and CopyObject checksums ---

def test_upload_part_copy_with_ranges(aws, s3, bucket):
    source = bytes(range(256)) * (24 * 1024)  # 6 MiB
    s3.put_object(Bucket=bucket, Key="source", Body=source)
    _, created, _ = aws("s3api", "create-multipart-upload", "--bucket", bucket, "--key", "joined")
    upload = created["UploadId"]
    first = 5 * 1024 * 1024
    _, part1, _ = aws("s3api", "upload-part-copy", "--bucket", bucket, "--key", "joined",
                      "--upload-id", upload, "--part-number", "1", "--copy-source",
                      f"{bucket}/source", "--copy-source-range", f"bytes=0-{first - 1}")
    part2 = s3.upload_part_copy(Bucket=bucket, Key="joined", UploadId=upload, PartNumber=2,
                                CopySource={"Bucket": bucket, "Key": "source"},
                                CopySourceRange=f"bytes={first}-{len(source) - 1}")
    assert part1["CopyPartResult"]["ETag"] == \
        '"' + hashlib.md5(source[:first]).hexdigest() + '"'
    assert part2["CopyPartResult"]["ETag"] == \
        '"' + hashlib.md5(source[first:]).hexdigest() + '"'
    s3.complete_multipart_upload(Bucket=bucket, Key="joined", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": 1, "ETag": part1["CopyPartResult"]["ETag"]},
                  {"PartNumber": 2, "ETag": part2["CopyPartResult"]["ETag"]}]})
    assert s3.get_object(Bucket=bucket, Key="joined")["Body"].read() == source
    err = error_of(s3.upload_part_copy, Bucket=bucket, Key="joined", UploadId="none",
                   PartNumber=1, CopySource={"Bucket": bucket, "Key": "source"})
    assert err["Error"]["Code"] == "NoSuchUpload"


def test_copy_object_results_carry_checksums(s3, bucket, aws):
    data = b"checksummed bytes"
    put = s3.put_object(Bucket=bucket, Key="src", Body=data, ChecksumAlgorithm="CRC32")
    copied = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert copied["CopyObjectResult"]["ChecksumCRC32"] == put["ChecksumCRC32"] == crc32(data)
    got = s3.head_object(Bucket=bucket, Key="dst", ChecksumMode="ENABLED")
    assert got["ChecksumCRC32"] == crc32(data)
    # Asking for another algorithm computes it over the bytes.
    sha = s3.copy_object(Bucket=bucket, Key="dst-sha",
                         CopySource={"Bucket": bucket, "Key": "src"}, ChecksumAlgorithm="SHA256")
    assert sha["CopyObjectResult"]["ChecksumSHA256"] == \
        base64.b64encode(hashlib.sha256(data).digest()).decode()
    _, out, _ = aws("s3api", "copy-object", "--bucket", bucket, "--key", "dst-cli",
                    "--copy-source", f"{bucket}/src", "--checksum-algorithm", "SHA1")
    assert out["CopyObjectResult"]["ChecksumSHA1"] == \
        base64.b64encode(hashlib.sha1(data).digest()).decode()
