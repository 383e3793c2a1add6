"""Accounts (`berth account create`): two accounts on one server, each with a repository of the
same name; cross-account access only through the repository policy AND the caller's own
policies (AWS's rule), over the ECR API (boto3, both aws CLIs) and /v2 (the account in the Host
name); CloudTrail records the call for the repository's account with the caller's identity."""
import json
import re
import subprocess
import time

import botocore.exceptions
import pytest

import oci
from conftest import BERTH_BIN, REGION, Cli, boto3_client, own_berth_server
from registry_client import V2, authorization_token

PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability",
        "ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:ListImages"]
READ_ONLY = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"


def berth_cli(server, *args):
    proc = subprocess.run([BERTH_BIN, *args, "--data-dir", server.data_dir],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


class Account:
    """An account made by `berth account create`, with its admin's profile in a file."""

    def __init__(self, server, tmp_path, alias):
        out = berth_cli(server, "account", "create", alias)
        self.id = re.search(r"# account (\d{12}) \(" + re.escape(alias) + r"\)", out).group(1)
        self.credentials_file = str(tmp_path / f"{alias}.credentials")
        with open(self.credentials_file, "w") as f:
            f.write(out.replace(f"[{alias}]", "[default]"))

    def client(self, server, service, monkeypatch):
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", self.credentials_file)
        return boto3_client(server, service)


def denied_message(excinfo):
    return excinfo.value.response["Error"]["Message"]


@pytest.fixture
def two_accounts(monkeypatch, tmp_path):
    with own_berth_server(monkeypatch, prefix="berth-e2e-accounts-") as server:
        a_ecr = boto3_client(server, "ecr")
        a_id = boto3_client(server, "sts").get_caller_identity()["Account"]
        b = Account(server, tmp_path, "team-b")
        b_ecr = b.client(server, "ecr", monkeypatch)
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", server.credentials_file)
        yield server, a_id, a_ecr, b, b_ecr


def test_account_create_and_list(two_accounts):
    server, a_id, _, b, _ = two_accounts
    listed = berth_cli(server, "account", "list").splitlines()
    assert listed == [f"{a_id}\t(bootstrap)", f"{b.id}\tteam-b"]
    assert a_id != b.id
    # The new account's admin is an administrator of its own account, not of the first.
    users = berth_cli(server, "user", "list", "--account", "team-b")
    assert users.strip() == f"admin\tarn:aws:iam::{b.id}:user/admin"


@pytest.mark.parametrize("client", ["boto3", "pip", "debian"])
def test_each_account_answers_who_am_i_with_its_own_id(two_accounts, client, monkeypatch):
    server, a_id, _, b, _ = two_accounts
    if client == "boto3":
        who = b.client(server, "sts", monkeypatch).get_caller_identity()
    else:
        _, who, _ = Cli(server, client, credentials_file=b.credentials_file)(
            "sts", "get-caller-identity")
    assert who["Account"] == b.id
    assert who["Arn"] == f"arn:aws:iam::{b.id}:user/admin"


def test_names_are_per_account(two_accounts, monkeypatch):
    server, a_id, a_ecr, b, b_ecr = two_accounts
    a_repo = a_ecr.create_repository(repositoryName="app")["repository"]
    b_repo = b_ecr.create_repository(repositoryName="app")["repository"]
    assert a_repo["registryId"] == a_id and b_repo["registryId"] == b.id
    assert b_repo["repositoryArn"] == f"arn:aws:ecr:{REGION}:{b.id}:repository/app"
    with pytest.raises(botocore.exceptions.ClientError) as taken:
        b_ecr.create_repository(repositoryName="app")
    assert taken.value.response["Error"]["Code"] == "RepositoryAlreadyExistsException"
    # Each lists its own.
    assert [r["registryId"] for r in b_ecr.describe_repositories()["repositories"]] == [b.id]
    # IAM users of the same name, one per account.
    a_iam = boto3_client(server, "iam")
    b_iam = b.client(server, "iam", monkeypatch)
    assert a_iam.create_user(UserName="alice")["User"]["Arn"].startswith(f"arn:aws:iam::{a_id}:")
    assert b_iam.create_user(UserName="alice")["User"]["Arn"] == f"arn:aws:iam::{b.id}:user/alice"
    assert [u["UserName"] for u in b_iam.list_users()["Users"]] == ["admin", "alice"]
    # Customer managed policies of the same name carry their account.
    doc = json.dumps({"Version": "2012-10-17",
                      "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]})
    b_arn = b_iam.create_policy(PolicyName="pull", PolicyDocument=doc)["Policy"]["Arn"]
    a_arn = a_iam.create_policy(PolicyName="pull", PolicyDocument=doc)["Policy"]["Arn"]
    assert b_arn == f"arn:aws:iam::{b.id}:policy/pull" and a_arn != b_arn
    # Another account's customer policy cannot be attached.
    with pytest.raises(botocore.exceptions.ClientError):
        b_iam.attach_user_policy(UserName="alice", PolicyArn=a_arn)


def grant_b(a_ecr, b_id, actions=PULL):
    a_ecr.set_repository_policy(repositoryName="app", policyText=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "team-b", "Effect": "Allow",
                       "Principal": {"AWS": f"arn:aws:iam::{b_id}:root"}, "Action": actions}]}))


def test_cross_account_pull_through_a_repository_policy(two_accounts, monkeypatch, tmp_path):
    server, a_id, a_ecr, b, b_ecr = two_accounts
    a_ecr.create_repository(repositoryName="app")
    b_ecr.create_repository(repositoryName="app")
    image = oci.Image("cross-account")
    oci.push(a_ecr, "app", image, tag="v1")

    # B's administrator may do anything in B; A's repository is not B's until A grants it.
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        b_ecr.describe_repositories(registryId=a_id, repositoryNames=["app"])
    assert refused.value.response["Error"]["Code"] == "AccessDeniedException"
    assert denied_message(refused) == (
        f"User: arn:aws:iam::{b.id}:user/admin is not authorized to perform: "
        f"ecr:DescribeRepositories on resource: arn:aws:ecr:{REGION}:{a_id}:repository/app "
        "because no resource-based policy allows the ecr:DescribeRepositories action")
    with pytest.raises(botocore.exceptions.ClientError):
        b_ecr.batch_get_image(registryId=a_id, repositoryName="app", imageIds=[{"imageTag": "v1"}])

    grant_b(a_ecr, b.id)
    described = b_ecr.describe_repositories(registryId=a_id, repositoryNames=["app"])
    assert described["repositories"][0]["registryId"] == a_id
    got = b_ecr.batch_get_image(registryId=a_id, repositoryName="app",
                                imageIds=[{"imageTag": "v1"}])
    assert got["images"][0]["imageId"]["imageDigest"] == image.digest
    assert got["images"][0]["registryId"] == a_id
    url = b_ecr.get_download_url_for_layer(registryId=a_id, repositoryName="app",
                                           layerDigest=oci.digest(image.layers[0]))
    assert url["layerDigest"] == oci.digest(image.layers[0])
    # B's own "app" is another repository: empty.
    assert b_ecr.list_images(repositoryName="app")["imageIds"] == []
    # The grant is for pulling: pushing into A's repository stays refused.
    with pytest.raises(botocore.exceptions.ClientError) as push:
        b_ecr.initiate_layer_upload(registryId=a_id, repositoryName="app")
    assert "because no resource-based policy allows" in denied_message(push)

    # B's own policies must allow too: a user of B with none is refused despite A's grant,
    # and allowed once B attaches a read-only policy.
    b_iam = b.client(server, "iam", monkeypatch)
    b_iam.create_user(UserName="puller")
    key = b_iam.create_access_key(UserName="puller")["AccessKey"]
    puller_file = tmp_path / "puller.credentials"
    puller_file.write_text(f"[default]\naws_access_key_id = {key['AccessKeyId']}\n"
                           f"aws_secret_access_key = {key['SecretAccessKey']}\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(puller_file))
    puller = boto3_client(server, "ecr")
    with pytest.raises(botocore.exceptions.ClientError) as own_side:
        puller.batch_get_image(registryId=a_id, repositoryName="app",
                               imageIds=[{"imageTag": "v1"}])
    assert "because no identity-based policy allows the ecr:BatchGetImage action" in \
        denied_message(own_side)
    b_iam.attach_user_policy(UserName="puller", PolicyArn=READ_ONLY)
    assert puller.batch_get_image(registryId=a_id, repositoryName="app",
                                  imageIds=[{"imageTag": "v1"}])["images"]

    # Both CLIs name the registry the same way.
    for which in ("pip", "debian"):
        cli = Cli(server, which, credentials_file=str(puller_file))
        _, out, _ = cli("ecr", "describe-images", "--registry-id", a_id,
                        "--repository-name", "app")
        assert out["imageDetails"][0]["imageDigest"] == image.digest
        assert out["imageDetails"][0]["registryId"] == a_id


def test_cross_account_pull_over_v2_by_host_name(two_accounts, monkeypatch):
    server, a_id, a_ecr, b, b_ecr = two_accounts
    a_ecr.create_repository(repositoryName="app")
    image = oci.Image("over-v2")
    oci.push(a_ecr, "app", image, tag="v1")
    v2 = V2(server.host, authorization_token(b_ecr))
    a_host = {"Host": f"{a_id}.dkr.ecr.{REGION}.localhost"}
    accept = {"Accept": oci.OCI_MANIFEST}
    # Without a Host naming A, B's own registry is meant: no such repository there.
    status, _, body = v2.json("GET", "/v2/app/manifests/v1", headers=accept)
    assert status == 404 and body["errors"][0]["code"] == "NAME_UNKNOWN"
    status, _, body = v2.json("GET", "/v2/app/manifests/v1", headers={**a_host, **accept})
    assert status == 403 and body["errors"][0]["code"] == "DENIED"
    grant_b(a_ecr, b.id)
    status, _, data = v2.request("GET", "/v2/app/manifests/v1", headers={**a_host, **accept})
    assert status == 200 and data == image.manifest
    layer = oci.digest(image.layers[0])
    status, _, data = v2.request("GET", f"/v2/app/blobs/{layer}", headers=a_host)
    assert status == 200 and data == image.layers[0]
    # Pushing through the host name needs a push grant.
    status, _, _ = v2.request("POST", "/v2/app/blobs/uploads/", headers=a_host)
    assert status == 403


def lookup(client, name):
    deadline = time.time() + 10
    while True:
        events = client.lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": name}])["Events"]
        if events or time.time() > deadline:
            return [json.loads(e["CloudTrailEvent"]) for e in events]
        time.sleep(0.2)


def test_cloudtrail_records_a_cross_account_call_for_the_repository_owner(two_accounts,
                                                                         monkeypatch):
    server, a_id, a_ecr, b, b_ecr = two_accounts
    a_ecr.create_repository(repositoryName="app")
    grant_b(a_ecr, b.id)
    b_ecr.describe_images(registryId=a_id, repositoryName="app")
    a_trail = boto3_client(server, "cloudtrail")
    b_trail = b.client(server, "cloudtrail", monkeypatch)
    events = lookup(a_trail, "DescribeImages")
    assert len(events) == 1
    event = events[0]
    # As AWS writes a cross-account event: the owner receives it, the caller is B's admin.
    assert event["recipientAccountId"] == a_id
    assert event["userIdentity"]["accountId"] == b.id
    assert event["userIdentity"]["arn"] == f"arn:aws:iam::{b.id}:user/admin"
    assert event["requestParameters"]["registryId"] == a_id
    assert event["resources"][0]["accountId"] == a_id
    # B's own history holds its calls on its own resources; the event recorded for A's
    # repository is A's (berth records one copy, the owner's).
    b_ecr.describe_repositories()
    assert lookup(b_trail, "DescribeRepositories")[0]["recipientAccountId"] == b.id
    b_events = b_trail.lookup_events(LookupAttributes=[
        {"AttributeKey": "EventName", "AttributeValue": "DescribeImages"}])["Events"]
    assert b_events == []
