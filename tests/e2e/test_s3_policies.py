"""S3 bucket policies and S3 authorization with the stock clients: Put/Get/Delete-
BucketPolicy and GetBucketPolicyStatus, bucket policies enforced as AWS's resource-based
policies (a grant to a second IAM user, an explicit Deny beating the administrator's Allow,
Principal "*" with aws:SourceIp and aws:SecureTransport), a copy's source and each key of
DeleteObjects authorized, and denied calls recorded in CloudTrail."""
import json
import time
import uuid

import pytest

from conftest import Cli, boto3_client
from test_iam import User, error_of  # IAM users made through berth's IAM API


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def admin_s3(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "s3")


@pytest.fixture
def admin_iam(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "iam")


@pytest.fixture
def bucket(admin_s3):
    name = unique("e2e-pol")
    admin_s3.create_bucket(Bucket=name)
    return name


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def cli_error(stderr):
    marker = "An error occurred ("
    at = stderr.find(marker)
    return stderr[at + len(marker):stderr.find(")", at)] if at >= 0 else stderr


# --- the API ---

def test_bucket_policy_round_trip_with_both_clis(aws, bucket):
    code, _, err = aws("s3api", "get-bucket-policy", "--bucket", bucket, check=False)
    assert code != 0 and cli_error(err) == "NoSuchBucketPolicy"
    document = policy({"Sid": "read", "Effect": "Allow", "Principal": "*",
                       "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"})
    aws("s3api", "put-bucket-policy", "--bucket", bucket, "--policy", document)
    _, got, _ = aws("s3api", "get-bucket-policy", "--bucket", bucket)
    assert got["Policy"] == document  # returned as stored
    _, status, _ = aws("s3api", "get-bucket-policy-status", "--bucket", bucket)
    assert status["PolicyStatus"]["IsPublic"] is True
    aws("s3api", "delete-bucket-policy", "--bucket", bucket)
    code, _, err = aws("s3api", "get-bucket-policy", "--bucket", bucket, check=False)
    assert cli_error(err) == "NoSuchBucketPolicy"
    aws("s3api", "delete-bucket-policy", "--bucket", bucket)  # none: still 204


def test_malformed_bucket_policies_are_refused_in_s3s_words(admin_s3, bucket):
    cases = [
        ("not json", "Policies must be valid JSON and the first byte must be '{'"),
        (policy({"Effect": "Allow", "Action": "s3:GetObject",
                 "Resource": f"arn:aws:s3:::{bucket}/*"}), "Missing required field Principal"),
        (policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": "arn:aws:s3:::some-other-bucket/*"}), "Policy has invalid resource"),
        (policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": f"arn:aws:s3:::{bucket}"}),
         "Action does not apply to any resource(s) in statement"),
        (policy({"Effect": "Maybe", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": f"arn:aws:s3:::{bucket}/*"}), "Invalid effect: Maybe"),
    ]
    for document, message in cases:
        err = error_of(admin_s3.put_bucket_policy, Bucket=bucket, Policy=document)
        assert err["Error"]["Code"] == "MalformedPolicy", document
        assert err["Error"]["Message"] == message
        assert err["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error_of(admin_s3.get_bucket_policy, Bucket=bucket)["Error"]["Code"] == \
        "NoSuchBucketPolicy"
    assert error_of(admin_s3.put_bucket_policy, Bucket=bucket + "-none",
                    Policy=cases[1][0])["Error"]["Code"] == "NoSuchBucket"


def test_policy_survives_a_restart_and_goes_with_its_bucket(berth, admin_s3, bucket):
    document = policy({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{bucket}/sealed/*"})
    admin_s3.put_bucket_policy(Bucket=bucket, Policy=document)
    admin_s3.put_object(Bucket=bucket, Key="sealed/x", Body=b"x")
    assert error_of(admin_s3.get_object, Bucket=bucket, Key="sealed/x")["Error"]["Code"] == \
        "AccessDenied"
    admin_s3.delete_object(Bucket=bucket, Key="sealed/x")
    admin_s3.delete_bucket(Bucket=bucket)
    admin_s3.create_bucket(Bucket=bucket)
    assert error_of(admin_s3.get_bucket_policy, Bucket=bucket)["Error"]["Code"] == \
        "NoSuchBucketPolicy"
    admin_s3.put_object(Bucket=bucket, Key="sealed/x", Body=b"x")
    assert admin_s3.get_object(Bucket=bucket, Key="sealed/x")["Body"].read() == b"x"


# --- enforcement ---

def test_bucket_policy_grants_a_second_user_read_on_one_prefix(berth, admin_s3, admin_iam,
                                                               bucket, tmp_path):
    for key in ("shared/report.txt", "private/secret.txt"):
        admin_s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    user = User(berth, admin_iam, tmp_path)  # no identity-based policy at all
    s3 = user.client("s3")
    err = error_of(s3.get_object, Bucket=bucket, Key="shared/report.txt")
    assert err["Error"]["Code"] == "AccessDenied"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "because no identity-based policy allows the s3:GetObject action" in \
        err["Error"]["Message"]

    admin_s3.put_bucket_policy(Bucket=bucket, Policy=policy(
        {"Sid": "list-shared", "Effect": "Allow", "Principal": {"AWS": user.arn},
         "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}",
         "Condition": {"StringLike": {"s3:prefix": "shared/*"}}},
        {"Sid": "read-shared", "Effect": "Allow", "Principal": {"AWS": user.arn},
         "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/shared/*"}))
    assert s3.get_object(Bucket=bucket, Key="shared/report.txt")["Body"].read() == \
        b"shared/report.txt"
    assert error_of(s3.get_object, Bucket=bucket, Key="private/secret.txt")["Error"]["Code"] == \
        "AccessDenied"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="shared/")["Contents"]]
    assert keys == ["shared/report.txt"]
    # s3:prefix: listing the whole bucket, or another prefix, is not granted.
    assert error_of(s3.list_objects_v2, Bucket=bucket)["Error"]["Code"] == "AccessDenied"
    assert error_of(s3.list_objects, Bucket=bucket, Prefix="private/")["Error"]["Code"] == \
        "AccessDenied"
    assert error_of(s3.put_object, Bucket=bucket, Key="shared/new", Body=b"n")["Error"]["Code"] \
        == "AccessDenied"
    for which in ("pip", "debian"):
        cli = user.cli(which)
        _, out, _ = cli("s3", "cp", f"s3://{bucket}/shared/report.txt", "-")
        assert out == "shared/report.txt"
        code, _, err = cli("s3", "cp", f"s3://{bucket}/private/secret.txt", "-", check=False)
        assert code != 0 and ("403" in err or "AccessDenied" in err)
        code, _, err = cli("s3api", "get-object", "--bucket", bucket, "--key",
                           "private/secret.txt", str(tmp_path / "out"), check=False)
        assert cli_error(err) == "AccessDenied"

    admin_s3.delete_bucket_policy(Bucket=bucket)
    assert error_of(s3.get_object, Bucket=bucket, Key="shared/report.txt")["Error"]["Code"] == \
        "AccessDenied"


def test_explicit_deny_in_a_bucket_policy_beats_the_administrators_allow(admin_s3, bucket, aws):
    admin_s3.put_object(Bucket=bucket, Key="locked/a", Body=b"a")
    admin_s3.put_object(Bucket=bucket, Key="open/b", Body=b"b")
    admin_s3.put_bucket_policy(Bucket=bucket, Policy=policy(
        {"Sid": "lock", "Effect": "Deny", "Principal": "*",
         "Action": ["s3:GetObject", "s3:DeleteObject"],
         "Resource": f"arn:aws:s3:::{bucket}/locked/*"}))
    err = error_of(admin_s3.get_object, Bucket=bucket, Key="locked/a")
    assert err["Error"]["Code"] == "AccessDenied"
    assert "with an explicit deny in a resource-based policy" in err["Error"]["Message"]
    assert error_of(admin_s3.delete_object, Bucket=bucket, Key="locked/a")["Error"]["Code"] == \
        "AccessDenied"
    assert admin_s3.get_object(Bucket=bucket, Key="open/b")["Body"].read() == b"b"
    code, _, err = aws("s3api", "get-object", "--bucket", bucket, "--key", "locked/a",
                       "/dev/null", check=False)
    assert cli_error(err) == "AccessDenied"
    # DeleteObjects reports the refused key and deletes the other.
    result = admin_s3.delete_objects(Bucket=bucket, Delete={
        "Objects": [{"Key": "locked/a"}, {"Key": "open/b"}]})
    assert [d["Key"] for d in result["Deleted"]] == ["open/b"]
    assert [(e["Key"], e["Code"]) for e in result["Errors"]] == [("locked/a", "AccessDenied")]
    admin_s3.delete_bucket_policy(Bucket=bucket)
    admin_s3.delete_object(Bucket=bucket, Key="locked/a")


def test_principal_star_with_source_ip_and_secure_transport(berth, admin_s3, admin_iam, bucket,
                                                           tmp_path):
    admin_s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    user = User(berth, admin_iam, tmp_path)
    s3 = user.client("s3")

    def allow_from(cidr):
        return policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{bucket}/*",
                       "Condition": {"IpAddress": {"aws:SourceIp": cidr}}})

    admin_s3.put_bucket_policy(Bucket=bucket, Policy=allow_from("127.0.0.0/8"))
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"
    assert admin_s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"]["IsPublic"] is False
    admin_s3.put_bucket_policy(Bucket=bucket, Policy=allow_from("10.0.0.0/8"))
    assert error_of(s3.get_object, Bucket=bucket, Key="k")["Error"]["Code"] == "AccessDenied"
    # The usual "TLS only" policy: berth serves plain HTTP, so it refuses everyone.
    admin_s3.put_bucket_policy(Bucket=bucket, Policy=policy(
        {"Sid": "tls-only", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}))
    assert error_of(admin_s3.get_object, Bucket=bucket, Key="k")["Error"]["Code"] == \
        "AccessDenied"
    # Even its own removal: the deny covers s3:DeleteBucketPolicy.
    assert error_of(admin_s3.delete_bucket_policy, Bucket=bucket)["Error"]["Code"] == \
        "AccessDenied"


def test_copy_source_and_each_deleted_key_are_authorized(berth, admin_s3, admin_iam, bucket,
                                                         tmp_path):
    for key in ("public/a", "private/b", "tmp/c", "keep/d"):
        admin_s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    user = User(berth, admin_iam, tmp_path, inline={"s3": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/*"},
        {"Effect": "Allow", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{bucket}/public/*"},
        {"Effect": "Allow", "Action": "s3:DeleteObject",
         "Resource": f"arn:aws:s3:::{bucket}/tmp/*"}]}})
    s3 = user.client("s3")
    s3.copy_object(Bucket=bucket, Key="copies/a", CopySource={"Bucket": bucket, "Key": "public/a"})
    err = error_of(s3.copy_object, Bucket=bucket, Key="copies/b",
                   CopySource={"Bucket": bucket, "Key": "private/b"})
    assert err["Error"]["Code"] == "AccessDenied"
    assert f"s3:GetObject on resource: arn:aws:s3:::{bucket}/private/b" in err["Error"]["Message"]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="copies/mp")["UploadId"]
    err = error_of(s3.upload_part_copy, Bucket=bucket, Key="copies/mp", UploadId=upload,
                   PartNumber=1, CopySource={"Bucket": bucket, "Key": "private/b"})
    assert err["Error"]["Code"] == "AccessDenied"
    s3.upload_part_copy(Bucket=bucket, Key="copies/mp", UploadId=upload, PartNumber=1,
                        CopySource={"Bucket": bucket, "Key": "public/a"})

    result = s3.delete_objects(Bucket=bucket, Delete={
        "Objects": [{"Key": "tmp/c"}, {"Key": "keep/d"}]})
    assert [d["Key"] for d in result["Deleted"]] == ["tmp/c"]
    assert result["Errors"] == [{"Key": "keep/d", "Code": "AccessDenied",
                                 "Message": "Access Denied"}]
    keys = [o["Key"] for o in admin_s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert "keep/d" in keys and "tmp/c" not in keys


def test_denied_s3_calls_are_recorded_in_cloudtrail(berth, admin_s3, admin_iam, bucket,
                                                    tmp_path):
    admin_s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    user = User(berth, admin_iam, tmp_path)
    err = error_of(user.client("s3").get_object, Bucket=bucket, Key="k")
    request_id = err["ResponseMetadata"]["RequestId"]
    cli = Cli(berth, "pip")
    record = None
    for _ in range(50):
        _, out, _ = cli("cloudtrail", "lookup-events", "--lookup-attributes",
                        f"AttributeKey=Username,AttributeValue={user.name}")
        records = [json.loads(e["CloudTrailEvent"]) for e in out["Events"]]
        record = next((r for r in records if r["requestID"] == request_id), None)
        if record:
            break
        time.sleep(0.1)
    assert record is not None
    assert record["eventSource"] == "s3.amazonaws.com" and record["eventName"] == "GetObject"
    assert record["errorCode"] == "AccessDenied"
    assert "not authorized to perform: s3:GetObject" in record["errorMessage"]
    assert record["userIdentity"]["arn"] == user.arn


def test_put_bucket_policy_is_recorded_with_its_document(berth, admin_s3, bucket):
    document = {"Version": "2012-10-17", "Statement": [
        {"Sid": "deny-delete", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
         "Resource": f"arn:aws:s3:::{bucket}/*"}]}
    request_id = admin_s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(document))[
        "ResponseMetadata"]["RequestId"]
    cli = Cli(berth, "pip")
    record = None
    for _ in range(50):
        _, out, _ = cli("cloudtrail", "lookup-events", "--lookup-attributes",
                        "AttributeKey=EventName,AttributeValue=PutBucketPolicy")
        records = [json.loads(e["CloudTrailEvent"]) for e in out["Events"]]
        record = next((r for r in records if r["requestID"] == request_id), None)
        if record:
            break
        time.sleep(0.1)
    assert record is not None and record["eventSource"] == "s3.amazonaws.com"
    params = record["requestParameters"]
    assert params["bucketName"] == bucket and params["policy"] == ""
    assert params["bucketPolicy"] == document
    assert record["resources"][0]["ARN"] == f"arn:aws:s3:::{bucket}"
