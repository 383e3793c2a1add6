"""IAM, STS and policy enforcement with the real clients: users, keys, groups and policies made
through `aws iam`, enforced on every wire (ECR JSON, IAM query, /v2 via skopeo), recorded in
CloudTrail."""
import json
import os
import shutil
import tempfile
import time
import uuid

import boto3
import botocore.config
import botocore.exceptions
import pytest

import oci
from conftest import REGION, Cli, boto3_client
from registry_client import Skopeo, password

READ_ONLY = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def admin(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "iam")


@pytest.fixture
def admin_ecr(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "ecr")


class User:
    """An IAM user made through the IAM API, with one access key."""

    def __init__(self, berth, iam, tmp_path, policies=(), inline=None):
        self.berth = berth
        self.name = unique("user")
        self.arn = iam.create_user(UserName=self.name)["User"]["Arn"]
        key = iam.create_access_key(UserName=self.name)["AccessKey"]
        self.key_id, self.secret = key["AccessKeyId"], key["SecretAccessKey"]
        for arn in policies:
            iam.attach_user_policy(UserName=self.name, PolicyArn=arn)
        for name, document in (inline or {}).items():
            iam.put_user_policy(UserName=self.name, PolicyName=name,
                                PolicyDocument=json.dumps(document))
        self.credentials_file = str(tmp_path / f"{self.name}.credentials")
        with open(self.credentials_file, "w") as f:
            f.write(f"[default]\naws_access_key_id = {self.key_id}\n"
                    f"aws_secret_access_key = {self.secret}\n")

    def client(self, service):
        return boto3.Session(aws_access_key_id=self.key_id, aws_secret_access_key=self.secret,
                             region_name=REGION).client(
            service, endpoint_url=self.berth.endpoint,
            config=botocore.config.Config(retries={"max_attempts": 1}))

    def cli(self, which):
        return Cli(self.berth, which, self.credentials_file)


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    return e.value.response


# --- the IAM API itself ---

def test_user_and_key_lifecycle(aws):
    name = unique("life")
    _, out, _ = aws("iam", "create-user", "--user-name", name)
    assert out["User"]["UserName"] == name and out["User"]["UserId"].startswith("AIDA")
    assert out["User"]["Arn"].endswith(f":user/{name}")
    code, _, err = aws("iam", "create-user", "--user-name", name, check=False)
    assert code != 0 and "EntityAlreadyExists" in err
    _, out, _ = aws("iam", "get-user", "--user-name", name)
    assert out["User"]["UserName"] == name
    _, out, _ = aws("iam", "list-users")
    assert name in [u["UserName"] for u in out["Users"]]

    _, out, _ = aws("iam", "create-access-key", "--user-name", name)
    key = out["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and len(key["SecretAccessKey"]) == 40
    assert key["Status"] == "Active"
    _, out, _ = aws("iam", "list-access-keys", "--user-name", name)
    assert [k["AccessKeyId"] for k in out["AccessKeyMetadata"]] == [key["AccessKeyId"]]
    assert "SecretAccessKey" not in out["AccessKeyMetadata"][0]
    aws("iam", "update-access-key", "--user-name", name, "--access-key-id", key["AccessKeyId"],
        "--status", "Inactive")
    _, out, _ = aws("iam", "list-access-keys", "--user-name", name)
    assert out["AccessKeyMetadata"][0]["Status"] == "Inactive"
    _, out, _ = aws("iam", "get-access-key-last-used", "--access-key-id", key["AccessKeyId"])
    assert out["UserName"] == name and out["AccessKeyLastUsed"]["ServiceName"] == "N/A"

    # A user with keys, groups or policies cannot go (DeleteConflict), as on AWS.
    code, _, err = aws("iam", "delete-user", "--user-name", name, check=False)
    assert code != 0 and "DeleteConflict" in err and "access keys" in err
    aws("iam", "delete-access-key", "--user-name", name, "--access-key-id", key["AccessKeyId"])
    aws("iam", "attach-user-policy", "--user-name", name, "--policy-arn", READ_ONLY)
    code, _, err = aws("iam", "delete-user", "--user-name", name, check=False)
    assert code != 0 and "DeleteConflict" in err and "detach all policies" in err
    aws("iam", "detach-user-policy", "--user-name", name, "--policy-arn", READ_ONLY)
    aws("iam", "delete-user", "--user-name", name)
    code, _, err = aws("iam", "get-user", "--user-name", name, check=False)
    assert code != 0 and "NoSuchEntity" in err


def test_groups_and_their_policies(admin, berth, tmp_path):
    group = unique("grp")
    created = admin.create_group(GroupName=group)["Group"]
    assert created["GroupId"].startswith("AGPA") and created["Arn"].endswith(f":group/{group}")
    assert error_of(admin.create_group, GroupName=group)["Error"]["Code"] == "EntityAlreadyExists"
    user = User(berth, admin, tmp_path)
    ecr = user.client("ecr")
    assert error_of(ecr.describe_repositories)["Error"]["Code"] == "AccessDeniedException"

    # A group's attached policy is its members'.
    admin.add_user_to_group(GroupName=group, UserName=user.name)
    admin.attach_group_policy(GroupName=group, PolicyArn=READ_ONLY)
    ecr.describe_repositories()
    assert [g["GroupName"] for g in admin.list_groups_for_user(UserName=user.name)["Groups"]] == [group]
    assert [u["UserName"] for u in admin.get_group(GroupName=group)["Users"]] == [user.name]
    assert error_of(admin.delete_group, GroupName=group)["Error"]["Code"] == "DeleteConflict"

    admin.remove_user_from_group(GroupName=group, UserName=user.name)
    assert error_of(ecr.describe_repositories)["Error"]["Code"] == "AccessDeniedException"
    admin.detach_group_policy(GroupName=group, PolicyArn=READ_ONLY)
    admin.delete_group(GroupName=group)
    assert error_of(admin.get_group, GroupName=group)["Error"]["Code"] == "NoSuchEntity"


def test_customer_managed_policy_versions(admin, berth, tmp_path):
    name = unique("pol")
    describe = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "ecr:DescribeRepositories",
                               "Resource": "*"}]}
    policy = admin.create_policy(PolicyName=name, PolicyDocument=json.dumps(describe))["Policy"]
    arn = policy["Arn"]
    assert arn.endswith(f":policy/{name}") and policy["DefaultVersionId"] == "v1"
    user = User(berth, admin, tmp_path, policies=[arn])
    ecr = user.client("ecr")
    ecr.describe_repositories()

    # v2 allows something else; once it is the default, v1's grant is gone.
    registry = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "ecr:DescribeRegistry",
                               "Resource": "*"}]}
    v2 = admin.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(registry))
    assert v2["PolicyVersion"]["VersionId"] == "v2" and not v2["PolicyVersion"]["IsDefaultVersion"]
    ecr.describe_repositories()
    admin.set_default_policy_version(PolicyArn=arn, VersionId="v2")
    assert error_of(ecr.describe_repositories)["Error"]["Code"] == "AccessDeniedException"
    ecr.describe_registry()
    got = admin.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]
    assert got["Document"] == registry and got["IsDefaultVersion"]
    versions = admin.list_policy_versions(PolicyArn=arn)["Versions"]
    assert sorted(v["VersionId"] for v in versions) == ["v1", "v2"]
    assert admin.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1

    assert error_of(admin.delete_policy_version, PolicyArn=arn,
                    VersionId="v2")["Error"]["Code"] == "DeleteConflict"
    assert error_of(admin.delete_policy, PolicyArn=arn)["Error"]["Code"] == "DeleteConflict"
    admin.detach_user_policy(UserName=user.name, PolicyArn=arn)
    admin.delete_policy_version(PolicyArn=arn, VersionId="v1")
    admin.delete_policy(PolicyArn=arn)
    assert error_of(admin.get_policy, PolicyArn=arn)["Error"]["Code"] == "NoSuchEntity"


def test_aws_managed_policies_are_listed_and_readable(aws):
    _, out, _ = aws("iam", "list-policies", "--scope", "AWS")
    names = {p["PolicyName"] for p in out["Policies"]}
    assert {"AdministratorAccess", "AmazonEC2ContainerRegistryReadOnly",
            "AmazonEC2ContainerRegistryPowerUser", "CloudWatchLogsReadOnlyAccess"} <= names
    assert all(p["Arn"].startswith("arn:aws:iam::aws:policy/") for p in out["Policies"])
    _, out, _ = aws("iam", "get-policy", "--policy-arn", READ_ONLY)
    version = out["Policy"]["DefaultVersionId"]
    _, out, _ = aws("iam", "get-policy-version", "--policy-arn", READ_ONLY, "--version-id", version)
    statement = out["PolicyVersion"]["Document"]["Statement"]
    actions = statement[0]["Action"] if isinstance(statement, list) else statement["Action"]
    assert "ecr:BatchGetImage" in actions and "ecr:PutImage" not in actions


def test_malformed_policy_document(aws):
    name = unique("bad")
    aws("iam", "create-user", "--user-name", name)
    code, _, err = aws("iam", "put-user-policy", "--user-name", name, "--policy-name", "p",
                       "--policy-document",
                       '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}', check=False)
    assert code != 0 and "MalformedPolicyDocument" in err
    assert "line 1, column" in err
    code, _, err = aws("iam", "create-policy", "--policy-name", name, "--policy-document",
                       '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                       '"Action":"ecr:*","Resource":"*","Principal":"*"}]}', check=False)
    assert code != 0 and "MalformedPolicyDocument" in err and "principal" in err
    aws("iam", "delete-user", "--user-name", name)


def test_inline_policy_round_trip(admin):
    name = unique("inl")
    admin.create_user(UserName=name)
    doc = {"Version": "2012-10-17",
           "Statement": [{"Effect": "Allow", "Action": "ecr:Describe*", "Resource": "*"}]}
    admin.put_user_policy(UserName=name, PolicyName="read", PolicyDocument=json.dumps(doc))
    assert admin.get_user_policy(UserName=name, PolicyName="read")["PolicyDocument"] == doc
    assert admin.list_user_policies(UserName=name)["PolicyNames"] == ["read"]
    assert error_of(admin.get_user_policy, UserName=name,
                    PolicyName="nope")["Error"]["Code"] == "NoSuchEntity"
    admin.delete_user_policy(UserName=name, PolicyName="read")
    admin.delete_user(UserName=name)


# --- enforcement ---

def test_read_only_user_pulls_but_cannot_push(berth, admin, admin_ecr, tmp_path):
    repo = unique("e2e/ro")
    admin_ecr.create_repository(repositoryName=repo)
    work = tempfile.mkdtemp(prefix="berth-iam-")
    try:
        image = oci.Image("iam-ro", layer_count=2, layer_size=5000)
        src = os.path.join(work, "src")
        oci.write_layout(src, [(image.manifest, image.media_type, "v1")], image.blobs)
        pusher = Skopeo(berth.host, os.path.join(work, "admin"))
        os.makedirs(pusher.env["HOME"], exist_ok=True)
        pusher.login(password(admin_ecr))
        pusher.copy(f"oci:{src}:v1", f"docker://{berth.host}/{repo}:v1")

        user = User(berth, admin, tmp_path, policies=[READ_ONLY])
        ecr = user.client("ecr")
        puller = Skopeo(berth.host, os.path.join(work, "ro"))
        os.makedirs(puller.env["HOME"], exist_ok=True)
        assert "Login Succeeded" in puller.login(password(ecr)).stdout
        dst = os.path.join(work, "dst")
        puller.copy(f"docker://{berth.host}/{repo}:v1", f"oci:{dst}:v1")
        assert puller.inspect_raw(f"{repo}:v1") == image.manifest

        other = oci.Image("iam-ro-push", layer_count=1, layer_size=3000)
        src2 = os.path.join(work, "src2")
        oci.write_layout(src2, [(other.manifest, other.media_type, "v2")], other.blobs)
        denied = puller.copy(f"oci:{src2}:v2", f"docker://{berth.host}/{repo}:v2", check=False)
        assert denied.returncode != 0
        assert "denied" in denied.stderr.lower() and "not authorized to perform: ecr:" in denied.stderr
        assert [d["imageTags"] for d in admin_ecr.describe_images(repositoryName=repo)[
            "imageDetails"]] == [["v1"]]

        # The ECR API answers AWS's AccessDeniedException, worded as AWS words it.
        err = error_of(ecr.create_repository, repositoryName=unique("e2e/no"))
        assert err["Error"]["Code"] == "AccessDeniedException"
        assert err["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert err["Error"]["Message"].startswith(f"User: {user.arn} is not authorized to "
                                                  "perform: ecr:CreateRepository on resource: ")
        assert err["Error"]["Message"].endswith(
            "because no identity-based policy allows the ecr:CreateRepository action")
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.parametrize("which", ["pip", "debian"])
def test_read_only_user_with_both_clis(berth, admin, tmp_path, which):
    user = User(berth, admin, tmp_path, policies=[READ_ONLY])
    cli = user.cli(which)
    code, _, err = cli("ecr", "describe-repositories")
    assert code == 0, err
    code, _, err = cli("ecr", "create-repository", "--repository-name", unique("e2e/cli"),
                       check=False)
    assert code != 0 and "AccessDeniedException" in err
    assert "not authorized to perform: ecr:CreateRepository" in err
    code, _, err = cli("iam", "list-users", check=False)
    assert code != 0 and "(AccessDenied)" in err
    assert "because no identity-based policy allows the iam:ListUsers action" in err


def test_explicit_deny_beats_allow(berth, admin, tmp_path):
    deny = {"Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "ecr:DescribeRepositories",
                           "Resource": "*"}]}
    user = User(berth, admin, tmp_path, policies=[READ_ONLY], inline={"deny": deny})
    ecr = user.client("ecr")
    err = error_of(ecr.describe_repositories)
    assert err["Error"]["Code"] == "AccessDeniedException"
    assert "with an explicit deny in an identity-based policy" in err["Error"]["Message"]
    ecr.get_authorization_token()  # the rest of the read-only grant still holds
    admin.delete_user_policy(UserName=user.name, PolicyName="deny")
    ecr.describe_repositories()  # takes effect at once


def test_repository_policy_grants_one_repository(berth, admin, admin_ecr, tmp_path):
    granted, other = unique("e2e/granted"), unique("e2e/other")
    admin_ecr.create_repository(repositoryName=granted)
    admin_ecr.create_repository(repositoryName=other)
    user = User(berth, admin, tmp_path)
    ecr = user.client("ecr")
    assert error_of(ecr.list_images, repositoryName=granted)["Error"]["Code"] == \
        "AccessDeniedException"
    policy = {"Version": "2012-10-17",
              "Statement": [{"Sid": "pull", "Effect": "Allow",
                             "Principal": {"AWS": user.arn},
                             "Action": ["ecr:ListImages", "ecr:DescribeImages"]}]}
    admin_ecr.set_repository_policy(repositoryName=granted, policyText=json.dumps(policy))
    assert ecr.list_images(repositoryName=granted)["imageIds"] == []
    assert error_of(ecr.list_images, repositoryName=other)["Error"]["Code"] == \
        "AccessDeniedException"
    admin_ecr.delete_repository_policy(repositoryName=granted)
    assert error_of(ecr.list_images, repositoryName=granted)["Error"]["Code"] == \
        "AccessDeniedException"


def test_deactivated_or_deleted_key_is_refused_at_once(berth, admin, tmp_path):
    user = User(berth, admin, tmp_path, policies=[READ_ONLY])
    ecr = user.client("ecr")
    ecr.describe_repositories()  # the key is now cached by the server
    admin.update_access_key(UserName=user.name, AccessKeyId=user.key_id, Status="Inactive")
    assert error_of(ecr.describe_repositories)["Error"]["Code"] == "UnrecognizedClientException"
    admin.update_access_key(UserName=user.name, AccessKeyId=user.key_id, Status="Active")
    ecr.describe_repositories()
    used = admin.get_access_key_last_used(AccessKeyId=user.key_id)["AccessKeyLastUsed"]
    assert used["ServiceName"] == "ecr" and used["Region"] == REGION and "LastUsedDate" in used
    admin.delete_access_key(UserName=user.name, AccessKeyId=user.key_id)
    assert error_of(ecr.describe_repositories)["Error"]["Code"] == "UnrecognizedClientException"


def test_denied_calls_are_recorded_in_cloudtrail(berth, admin, tmp_path, monkeypatch):
    user = User(berth, admin, tmp_path)
    repo = unique("e2e/denied")
    err = error_of(user.client("ecr").create_repository, repositoryName=repo)
    ecr_request = err["ResponseMetadata"]["RequestId"]
    err = error_of(user.client("iam").list_users)
    assert err["Error"]["Code"] == "AccessDenied"
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403
    iam_request = err["ResponseMetadata"]["RequestId"]

    cli = Cli(berth, "pip")
    _, out, _ = cli("cloudtrail", "lookup-events", "--lookup-attributes",
                    f"AttributeKey=Username,AttributeValue={user.name}")
    records = {json.loads(e["CloudTrailEvent"])["requestID"]: json.loads(e["CloudTrailEvent"])
               for e in out["Events"]}
    ecr_record, iam_record = records[ecr_request], records[iam_request]
    assert ecr_record["eventName"] == "CreateRepository"
    assert ecr_record["errorCode"].startswith("AccessDenied")
    assert "not authorized to perform: ecr:CreateRepository" in ecr_record["errorMessage"]
    assert ecr_record["userIdentity"]["arn"] == user.arn
    assert ecr_record["userIdentity"]["accessKeyId"] == user.key_id
    assert iam_record["eventSource"] == "iam.amazonaws.com"
    assert iam_record["eventName"] == "ListUsers" and iam_record["errorCode"] == "AccessDenied"


def test_bootstrap_admin_and_cli_users_keep_every_permission(berth, admin, tmp_path):
    import subprocess
    from conftest import BERTH_BIN
    _, out, _ = Cli(berth, "pip")("iam", "list-attached-user-policies", "--user-name", "admin")
    assert [p["PolicyName"] for p in out["AttachedPolicies"]] == ["AdministratorAccess"]
    name = unique("op")
    made = subprocess.run([BERTH_BIN, "user", "create", name, "--data-dir", berth.data_dir],
                          capture_output=True, text=True, timeout=30)
    assert made.returncode == 0, made.stderr
    path = tmp_path / name
    path.write_text(made.stdout.replace(f"[{name}]", "[default]"))
    code, _, err = Cli(berth, "pip", str(path))("ecr", "create-repository", "--repository-name",
                                                unique("e2e/op"))
    assert code == 0, err


# --- STS ---

def test_sts_get_caller_identity(aws, berth, admin, tmp_path):
    _, out, _ = aws("sts", "get-caller-identity")
    assert out["Arn"].endswith(":user/admin") and out["UserId"].startswith("AIDA")
    assert len(out["Account"]) == 12
    # Allowed to anyone, even under an explicit deny of everything.
    deny_all = {"Version": "2012-10-17",
                "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    user = User(berth, admin, tmp_path, inline={"none": deny_all})
    _, out, _ = user.cli(aws.which)("sts", "get-caller-identity")
    assert out["Arn"] == user.arn and out["Account"] in user.arn


def test_roles_with_trust_policies(aws):
    name = unique("role")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "sts:AssumeRole"}]})
    _, out, _ = aws("iam", "create-role", "--role-name", name,
                    "--assume-role-policy-document", trust)
    role = out["Role"]
    assert role["RoleId"].startswith("AROA") and role["Arn"].endswith(f":role/{name}")
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Action"] == "sts:AssumeRole"
    code, _, err = aws("iam", "create-role", "--role-name", name,
                       "--assume-role-policy-document", trust, check=False)
    assert code != 0 and "EntityAlreadyExists" in err
    # A trust policy must name who may assume the role.
    code, _, err = aws("iam", "update-assume-role-policy", "--role-name", name,
                       "--policy-document",
                       '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                       '"Action":"sts:AssumeRole"}]}', check=False)
    assert code != 0 and "MalformedPolicyDocument" in err
    aws("iam", "attach-role-policy", "--role-name", name, "--policy-arn", READ_ONLY)
    aws("iam", "put-role-policy", "--role-name", name, "--policy-name", "logs",
        "--policy-document", json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "logs:FilterLogEvents", "Resource": "*"}]}))
    _, out, _ = aws("iam", "list-attached-role-policies", "--role-name", name)
    assert [p["PolicyArn"] for p in out["AttachedPolicies"]] == [READ_ONLY]
    _, out, _ = aws("iam", "list-roles")
    assert name in [r["RoleName"] for r in out["Roles"]]
    code, _, err = aws("iam", "delete-role", "--role-name", name, check=False)
    assert code != 0 and "DeleteConflict" in err
    aws("iam", "detach-role-policy", "--role-name", name, "--policy-arn", READ_ONLY)
    aws("iam", "delete-role-policy", "--role-name", name, "--policy-name", "logs")
    aws("iam", "delete-role", "--role-name", name)
    code, _, err = aws("iam", "get-role", "--role-name", name, check=False)
    assert code != 0 and "NoSuchEntity" in err


@pytest.mark.parametrize("which", ["pip", "debian"])
def test_simulate_principal_policy(berth, admin, tmp_path, which):
    deny = {"Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "ecr:DescribeImages", "Resource": "*"}]}
    user = User(berth, admin, tmp_path, policies=[READ_ONLY], inline={"no-describe": deny})
    _, out, _ = Cli(berth, which)(
        "iam", "simulate-principal-policy", "--policy-source-arn", user.arn, "--action-names",
        "ecr:BatchGetImage", "ecr:PutImage", "ecr:DescribeImages")
    results = {r["EvalActionName"]: r for r in out["EvaluationResults"]}
    assert results["ecr:BatchGetImage"]["EvalDecision"] == "allowed"
    assert results["ecr:BatchGetImage"]["MatchedStatements"][0]["SourcePolicyType"] == \
        "aws-managed"
    assert results["ecr:PutImage"]["EvalDecision"] == "implicitDeny"
    assert results["ecr:DescribeImages"]["EvalDecision"] == "explicitDeny"
    assert results["ecr:DescribeImages"]["MatchedStatements"][0]["SourcePolicyType"] == "user"


def test_list_calls_page_with_marker_and_max_items(admin, aws):
    path = f"/{unique('page')}/"
    names = sorted(unique("paged") for _ in range(3))
    for n in names:
        admin.create_user(UserName=n, Path=path)
    first = admin.list_users(PathPrefix=path, MaxItems=2)
    assert first["IsTruncated"] and first["Marker"]
    second = admin.list_users(PathPrefix=path, MaxItems=2, Marker=first["Marker"])
    assert not second["IsTruncated"] and "Marker" not in second
    assert [u["UserName"] for u in first["Users"] + second["Users"]] == names
    # The CLIs page by themselves.
    _, out, _ = aws("iam", "list-users", "--path-prefix", path, "--page-size", "1")
    assert [u["UserName"] for u in out["Users"]] == names
    err = error_of(admin.list_users, Marker="not-a-marker")
    assert err["Error"]["Code"] == "ValidationError"
    for n in names:
        admin.delete_user(UserName=n)


def test_simulate_custom_policy(admin):
    document = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "ecr:DeleteRepository", "Resource": "*"}]})
    out = admin.simulate_custom_policy(PolicyInputList=[document],
                                       ActionNames=["ecr:PutImage", "ecr:DeleteRepository",
                                                    "s3:GetObject"])
    decisions = {r["EvalActionName"]: r["EvalDecision"] for r in out["EvaluationResults"]}
    assert decisions == {"ecr:PutImage": "allowed", "ecr:DeleteRepository": "explicitDeny",
                         "s3:GetObject": "implicitDeny"}
    put = next(r for r in out["EvaluationResults"] if r["EvalActionName"] == "ecr:PutImage")
    assert put["MatchedStatements"][0]["SourcePolicyId"] == "PolicyInputList.1"
    err = error_of(admin.simulate_custom_policy, PolicyInputList=['{"Statement": ['],
                   ActionNames=["ecr:PutImage"])
    assert err["Error"]["Code"] == "MalformedPolicyDocument"


def test_user_and_role_tags(admin, aws):
    user = unique("tagged")
    admin.create_user(UserName=user)
    admin.tag_user(UserName=user, Tags=[{"Key": "team", "Value": "platform"},
                                        {"Key": "Env", "Value": "ci"}])
    # Keys are unique without regard to case: tagging "env" again replaces its value.
    admin.tag_user(UserName=user, Tags=[{"Key": "env", "Value": "prod"}])
    tags = admin.list_user_tags(UserName=user)
    assert {t["Key"].lower(): t["Value"] for t in tags["Tags"]} == {"env": "prod",
                                                                    "team": "platform"}
    assert not tags["IsTruncated"]
    admin.untag_user(UserName=user, TagKeys=["team"])
    assert [t["Value"] for t in admin.list_user_tags(UserName=user)["Tags"]] == ["prod"]
    err = error_of(admin.tag_user, UserName=user, Tags=[{"Key": "aws:x", "Value": "y"}])
    assert err["Error"]["Code"] == "InvalidInput"
    err = error_of(admin.tag_user, UserName=user,
                   Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    assert err["Error"]["Code"] == "LimitExceeded"
    assert error_of(admin.list_user_tags, UserName=unique("nobody"))["Error"][
        "Code"] == "NoSuchEntity"
    admin.delete_user(UserName=user)

    role = unique("tagged-role")
    admin.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"Service": "ecs.amazonaws.com"}}]}))
    _, out, _ = aws("iam", "tag-role", "--role-name", role, "--tags", "Key=owner,Value=ops")
    _, out, _ = aws("iam", "list-role-tags", "--role-name", role)
    assert out["Tags"] == [{"Key": "owner", "Value": "ops"}]
    aws("iam", "untag-role", "--role-name", role, "--tag-keys", "owner")
    _, out, _ = aws("iam", "list-role-tags", "--role-name", role)
    assert out["Tags"] == []
    admin.delete_role(RoleName=role)
