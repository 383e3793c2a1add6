"""STS temporary credentials with the real clients: AssumeRole and GetSessionToken through boto3
and both aws CLIs; the session token accepted on every wire (query, AWS JSON, RPC v2 CBOR, S3
header and presigned URLs, /v2 through the session's ECR token with skopeo); the role's
policies (capped by the session policy) deciding what a session may do; CloudTrail recording
AssumedRole identities as AWS does. Expiry is the unit tests' (berth has no clock override)."""
import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request

import boto3
import botocore.config
import pytest

import oci
from conftest import REGION, Cli, boto3_client
from registry_client import Skopeo, password
from test_iam import User, admin, error_of, unique  # noqa: F401 (admin: a fixture)

TRUST_ACCOUNT = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::{account}:root"},
    "Action": "sts:AssumeRole"}]}


@pytest.fixture
def admin_client(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return lambda service: boto3_client(berth, service)


@pytest.fixture
def account(admin_client):
    return admin_client("sts").get_caller_identity()["Account"]


def make_role(admin, account, policies=(), inline=None, trust=None, max_session=None):
    name = unique("role")
    document = trust or json.loads(json.dumps(TRUST_ACCOUNT).replace("{account}", account))
    kwargs = {"MaxSessionDuration": max_session} if max_session else {}
    role = admin.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(document),
                             **kwargs)["Role"]
    for arn in policies:
        admin.attach_role_policy(RoleName=name, PolicyArn=arn)
    for policy_name, doc in (inline or {}).items():
        admin.put_role_policy(RoleName=name, PolicyName=policy_name, PolicyDocument=json.dumps(doc))
    return role


def may_assume(role_arn):
    return {"assume": {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}]}}


def session_client(berth, credentials, service):
    return boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                         aws_secret_access_key=credentials["SecretAccessKey"],
                         aws_session_token=credentials["SessionToken"],
                         region_name=REGION).client(
        service, endpoint_url=berth.endpoint,
        config=botocore.config.Config(retries={"max_attempts": 1}))


def records_by_request(admin_client, **attribute):
    (key, value), = attribute.items()
    events = admin_client("cloudtrail").lookup_events(
        LookupAttributes=[{"AttributeKey": key, "AttributeValue": value}],
        MaxResults=50)["Events"]
    return {json.loads(e["CloudTrailEvent"])["requestID"]: (e, json.loads(e["CloudTrailEvent"]))
            for e in events}


def push_image(skopeo, berth, work, tag, repo, check=True):
    image = oci.Image(f"sts-{tag}", layer_count=1, layer_size=3000)
    src = os.path.join(work, f"src-{tag}")
    oci.write_layout(src, [(image.manifest, image.media_type, tag)], image.blobs)
    return skopeo.copy(f"oci:{src}:{tag}", f"docker://{berth.host}/{repo}:{tag}", check=check)


def test_a_role_assumed_by_a_ci_user(berth, admin, admin_client, account, tmp_path):
    """The CI user may only assume the role; the role may push to one repository; skopeo pushes
    with the session's ECR token; pushing elsewhere is denied; CloudTrail shows who did it."""
    ecr_admin = admin_client("ecr")
    allowed, other = unique("e2e/ci-app"), unique("e2e/ci-other")
    allowed_arn = ecr_admin.create_repository(repositoryName=allowed)["repository"]["repositoryArn"]
    ecr_admin.create_repository(repositoryName=other)
    role = make_role(admin, account, inline={"push-one": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Effect": "Allow", "Resource": allowed_arn, "Action": [
            "ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
            "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
            "ecr:PutImage"]}]}})
    ci = User(berth, admin, tmp_path, inline=may_assume(role["Arn"]))
    # The CI user itself may do nothing else.
    assert error_of(ci.client("ecr").get_authorization_token)["Error"]["Code"] == \
        "AccessDeniedException"

    out = ci.client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="ci-build",
                                       DurationSeconds=900)
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["SecretAccessKey"]) == 40
    assert creds["SessionToken"]
    lifetime = creds["Expiration"].timestamp() - time.time()
    assert 800 < lifetime <= 900
    session_arn = f"arn:aws:sts::{account}:assumed-role/{role['RoleName']}/ci-build"
    assert out["AssumedRoleUser"] == {"AssumedRoleId": f"{role['RoleId']}:ci-build",
                                      "Arn": session_arn}
    who = session_client(berth, creds, "sts").get_caller_identity()
    assert who["Arn"] == session_arn and who["UserId"] == f"{role['RoleId']}:ci-build"
    assert who["Account"] == account

    ecr = session_client(berth, creds, "ecr")
    token = ecr.get_authorization_token()["authorizationData"][0]
    # Bound to the session: it ends when the session does.
    assert token["expiresAt"] <= creds["Expiration"]
    work = tempfile.mkdtemp(prefix="berth-sts-")
    try:
        skopeo = Skopeo(berth.host, os.path.join(work, "ci"))
        os.makedirs(skopeo.env["HOME"], exist_ok=True)
        assert "Login Succeeded" in skopeo.login(password(ecr)).stdout
        push_image(skopeo, berth, work, "v1", allowed)
        denied = push_image(skopeo, berth, work, "v2", other, check=False)
        assert denied.returncode != 0
        assert "403" in denied.stderr or "denied" in denied.stderr.lower()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    assert [d["imageTags"] for d in ecr_admin.describe_images(repositoryName=allowed)[
        "imageDetails"]] == [["v1"]]
    assert ecr_admin.describe_images(repositoryName=other)["imageDetails"] == []
    # The role grants nothing beyond its policy.
    assert error_of(ecr.describe_repositories)["Error"]["Code"] == "AccessDeniedException"

    # CloudTrail: AssumeRole as AWS records it, and the session's calls as AssumedRole.
    assume = [r for _, r in records_by_request(admin_client, EventName="AssumeRole").values()
              if r["requestParameters"]["roleArn"] == role["Arn"]]
    assert len(assume) == 1
    record = assume[0]
    assert record["eventSource"] == "sts.amazonaws.com"
    assert record["userIdentity"]["arn"] == ci.arn
    assert record["requestParameters"] == {"roleArn": role["Arn"], "roleSessionName": "ci-build",
                                           "durationSeconds": 900}
    assert record["responseElements"]["credentials"]["accessKeyId"] == creds["AccessKeyId"]
    assert record["responseElements"]["assumedRoleUser"]["arn"] == session_arn
    assert creds["SecretAccessKey"] not in json.dumps(record)
    assert role["Arn"] in [r["ARN"] for r in record["resources"]]

    by_session = records_by_request(admin_client, Username="ci-build")
    puts = [(e, r) for e, r in by_session.values()
            if r["eventName"] == "PutImage" and r["userIdentity"]["arn"] == session_arn]
    assert puts, [r["eventName"] for _, r in by_session.values()]
    event, put = next((e, r) for e, r in puts if "errorCode" not in r)
    assert event["Username"] == "ci-build"
    identity = put["userIdentity"]
    assert identity["type"] == "AssumedRole"
    assert identity["principalId"] == f"{role['RoleId']}:ci-build"
    assert identity["accessKeyId"] == creds["AccessKeyId"]
    assert identity["sessionContext"]["sessionIssuer"] == {
        "type": "Role", "principalId": role["RoleId"], "arn": role["Arn"],
        "accountId": account, "userName": role["RoleName"]}
    assert identity["sessionContext"]["attributes"]["mfaAuthenticated"] == "false"
    assert "creationDate" in identity["sessionContext"]["attributes"]
    # The refused push is recorded as the session's, with AWS's wording.
    refused = [r for _, r in by_session.values()
               if r.get("errorCode") == "AccessDenied" and other in json.dumps(r.get("resources"))]
    assert refused
    assert refused[0]["userIdentity"]["type"] == "AssumedRole"
    assert f"{session_arn} is not authorized to perform: ecr:" in refused[0]["errorMessage"]


@pytest.mark.parametrize("which", ["pip", "debian"])
def test_both_clis_assume_a_role_and_use_it(berth, admin, account, tmp_path, which):
    role = make_role(admin, account,
                     policies=["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"])
    ci = User(berth, admin, tmp_path, inline=may_assume(role["Arn"]))
    cli = ci.cli(which)
    _, out, _ = cli("sts", "assume-role", "--role-arn", role["Arn"], "--role-session-name",
                    f"cli-{which}", "--duration-seconds", "1200")
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    env_file = tmp_path / f"session-{which}"
    env_file.write_text(f"[default]\naws_access_key_id = {creds['AccessKeyId']}\n"
                        f"aws_secret_access_key = {creds['SecretAccessKey']}\n"
                        f"aws_session_token = {creds['SessionToken']}\n")
    session = Cli(berth, which, str(env_file))
    _, who, _ = session("sts", "get-caller-identity")
    assert who["Arn"] == f"arn:aws:sts::{account}:assumed-role/{role['RoleName']}/cli-{which}"
    code, _, err = session("ecr", "describe-repositories")
    assert code == 0, err
    code, _, err = session("ecr", "create-repository", "--repository-name", unique("e2e/no"),
                           check=False)
    assert code != 0 and "AccessDeniedException" in err
    assert f"assumed-role/{role['RoleName']}/cli-{which} is not authorized" in err
    # A session's ASIA key without its token is refused (query: InvalidClientTokenId).
    env_file.write_text(f"[default]\naws_access_key_id = {creds['AccessKeyId']}\n"
                        f"aws_secret_access_key = {creds['SecretAccessKey']}\n")
    code, _, err = session("sts", "get-caller-identity", check=False)
    assert code != 0 and "InvalidClientTokenId" in err
    assert "The security token included in the request is invalid" in err


def test_who_may_assume_and_how_long(berth, admin, admin_client, account, tmp_path):
    role = make_role(admin, account, max_session=3600)
    outsider = User(berth, admin, tmp_path)  # trusted by account, but no sts:AssumeRole
    err = error_of(outsider.client("sts").assume_role, RoleArn=role["Arn"], RoleSessionName="s1")
    assert err["Error"]["Code"] == "AccessDenied"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert err["Error"]["Message"] == (f"User: {outsider.arn} is not authorized to perform: "
                                       f"sts:AssumeRole on resource: {role['Arn']}")
    # An unknown role is worded the same (AWS does not say which roles exist).
    missing = f"arn:aws:iam::{account}:role/{unique('nope')}"
    ci = User(berth, admin, tmp_path, inline={"any": {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}})
    sts = ci.client("sts")
    err = error_of(sts.assume_role, RoleArn=missing, RoleSessionName="s1")
    assert err["Error"]["Code"] == "AccessDenied" and missing in err["Error"]["Message"]

    def code_of(**kwargs):
        return error_of(sts.assume_role, RoleArn=role["Arn"], **kwargs)["Error"]

    assert code_of(RoleSessionName="s1", DurationSeconds=7200)["Message"] == (
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    # botocore checks the model's minimum itself; the server's check answers the CLI's raw form.
    assert code_of(RoleSessionName="bad name!")["Code"] == "ValidationError"
    err = code_of(RoleSessionName="s1", Policy='{"Statement": [')
    assert err["Code"] == "MalformedPolicyDocument"
    assert sts.assume_role(RoleArn=role["Arn"], RoleSessionName="s1")["Credentials"][
        "AccessKeyId"].startswith("ASIA")

    # A trust policy naming the user itself needs no identity permission.
    named = make_role(admin, account, trust={"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": outsider.arn}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "tenant-42"}}}]})
    err = error_of(outsider.client("sts").assume_role, RoleArn=named["Arn"],
                   RoleSessionName="s2")
    assert err["Error"]["Code"] == "AccessDenied"
    assert outsider.client("sts").assume_role(RoleArn=named["Arn"], RoleSessionName="s2",
                                              ExternalId="tenant-42")["Credentials"]


def test_session_policy_narrows_the_role(berth, admin, account, tmp_path):
    role = make_role(admin, account,
                     policies=["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"])
    ci = User(berth, admin, tmp_path, inline=may_assume(role["Arn"]))
    narrow = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "ecr:DescribeRepositories", "Resource": "*"}]}
    out = ci.client("sts").assume_role(RoleArn=role["Arn"], RoleSessionName="narrow",
                                       Policy=json.dumps(narrow))
    assert "PackedPolicySize" in out
    ecr = session_client(berth, out["Credentials"], "ecr")
    ecr.describe_repositories()
    err = error_of(ecr.create_repository, repositoryName=unique("e2e/narrow"))
    assert err["Error"]["Code"] == "AccessDeniedException"
    assert err["Error"]["Message"].endswith(
        "because no session policy allows the ecr:CreateRepository action")


def test_session_tokens_on_every_wire(berth, admin, account, tmp_path):
    role = make_role(admin, account, policies=[
        "arn:aws:iam::aws:policy/AmazonS3FullAccess",
        "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
        "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess"])
    ci = User(berth, admin, tmp_path, inline=may_assume(role["Arn"]))
    creds = ci.client("sts").assume_role(RoleArn=role["Arn"],
                                         RoleSessionName="wires")["Credentials"]
    # AWS JSON (Logs), RPC v2 CBOR or JSON 1.0 (CloudWatch, as this botocore speaks it).
    session_client(berth, creds, "logs").describe_log_groups()
    session_client(berth, creds, "cloudwatch").list_metrics()
    # S3: header-signed and a presigned URL carrying X-Amz-Security-Token.
    s3 = session_client(berth, creds, "s3")
    bucket = unique("sts-bucket")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"hello")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"hello"
    # boto3 presigns S3 with SigV2 here (x-amz-security-token), and with SigV4 when asked.
    s3v4 = boto3.Session(aws_access_key_id=creds["AccessKeyId"],
                         aws_secret_access_key=creds["SecretAccessKey"],
                         aws_session_token=creds["SessionToken"], region_name=REGION).client(
        "s3", endpoint_url=berth.endpoint,
        config=botocore.config.Config(signature_version="s3v4"))
    for client, param in ((s3, "x-amz-security-token="), (s3v4, "X-Amz-Security-Token=")):
        url = client.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"})
        assert param in url
        assert urllib.request.urlopen(url, timeout=30).read() == b"hello"
        # The same URL without the token is refused.
        stripped = "&".join(p for p in url.split("&") if not p.startswith(param))
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(stripped, timeout=30)
        assert e.value.code in (400, 403)
    # The query wire, token in the header.
    who = session_client(berth, creds, "sts").get_caller_identity()
    assert who["Arn"].endswith(f"assumed-role/{role['RoleName']}/wires")
    # A wrong token is refused on the JSON wire as AWS does.
    forged = dict(creds, SessionToken=creds["SessionToken"][:-4] + "AAAA")
    err = error_of(session_client(berth, forged, "logs").describe_log_groups)
    assert err["Error"]["Code"] == "UnrecognizedClientException"
    err = error_of(session_client(berth, forged, "s3").get_object, Bucket=bucket, Key="k")
    assert err["Error"]["Code"] == "InvalidToken"


def test_get_session_token(berth, admin, admin_client, tmp_path):
    user = User(berth, admin, tmp_path,
                policies=["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"])
    out = user.client("sts").get_session_token(DurationSeconds=900)
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    sts = session_client(berth, creds, "sts")
    assert sts.get_caller_identity()["Arn"] == user.arn
    ecr = session_client(berth, creds, "ecr")
    request_id = ecr.describe_repositories()["ResponseMetadata"]["RequestId"]
    assert error_of(ecr.create_repository, repositoryName=unique("e2e/gst"))["Error"][
        "Code"] == "AccessDeniedException"
    err = error_of(sts.get_session_token)["Error"]
    assert err["Code"] == "AccessDenied"
    assert err["Message"] == "Cannot call GetSessionToken with session credentials"
    err = error_of(user.client("sts").get_session_token, DurationSeconds=200000)["Error"]
    assert err["Code"] == "ValidationError"

    _, record = records_by_request(admin_client, Username=user.name)[request_id]
    identity = record["userIdentity"]
    assert identity["type"] == "IAMUser" and identity["userName"] == user.name
    assert identity["accessKeyId"] == creds["AccessKeyId"]
    assert identity["sessionContext"]["sessionIssuer"] == {}
    assert identity["sessionContext"]["attributes"]["mfaAuthenticated"] == "false"
