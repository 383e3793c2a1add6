"""Repositories through both aws CLIs and boto3: create, describe, page, delete, settings."""
import time

import botocore.exceptions
import pytest

import oci


def test_create_repository_returns_every_field(aws, berth, name):
    before = time.time()
    code, out, _ = aws("ecr", "create-repository", "--repository-name", name,
                       "--image-tag-mutability", "IMMUTABLE",
                       "--image-scanning-configuration", "scanOnPush=true",
                       "--encryption-configuration", "encryptionType=KMS,kmsKey=my-key",
                       "--tags", "Key=team,Value=platform", "Key=env,Value=dev")
    repo = out["repository"]
    assert repo["repositoryName"] == name
    assert repo["registryId"].isdigit() and len(repo["registryId"]) == 12
    assert repo["repositoryArn"] == f"arn:aws:ecr:us-east-1:{repo['registryId']}:repository/{name}"
    assert repo["repositoryUri"] == f"{berth.host}/{name}"
    assert repo["imageTagMutability"] == "IMMUTABLE"
    assert repo["imageScanningConfiguration"] == {"scanOnPush": True}
    assert repo["encryptionConfiguration"] == {"encryptionType": "KMS", "kmsKey": "my-key"}
    # The CLI prints timestamps in its own format; boto3 gets datetimes (checked below).
    assert repo["createdAt"]
    code, out, _ = aws("ecr", "list-tags-for-resource", "--resource-arn", repo["repositoryArn"])
    assert sorted((t["Key"], t["Value"]) for t in out["tags"]) == [("env", "dev"),
                                                                     ("team", "platform")]


def test_created_at_is_a_real_timestamp(ecr, name):
    before = time.time()
    repo = ecr.create_repository(repositoryName=name)["repository"]
    assert before - 2 <= repo["createdAt"].timestamp() <= time.time() + 2
    assert repo["encryptionConfiguration"] == {"encryptionType": "AES256"}
    assert repo["imageTagMutability"] == "MUTABLE"


@pytest.mark.parametrize("bad", ["UPPER", "-lead", "trail-", "a//b", "a..b", "a__b", "x" * 300])
def test_invalid_repository_name_is_refused(pip_aws, bad):
    code, _, err = pip_aws("ecr", "create-repository", f"--repository-name={bad}", check=False)
    assert code != 0
    assert "InvalidParameterException" in err


def test_duplicate_repository_is_refused(aws, name):
    aws("ecr", "create-repository", "--repository-name", name)
    code, _, err = aws("ecr", "create-repository", "--repository-name", name, check=False)
    assert code != 0
    assert "RepositoryAlreadyExistsException" in err
    assert f"The repository with name '{name}' already exists" in err


def test_describe_missing_repository(aws, name):
    aws("ecr", "create-repository", "--repository-name", name)
    code, _, err = aws("ecr", "describe-repositories", "--repository-names", name,
                       name + "-missing", check=False)
    assert code != 0
    assert "RepositoryNotFoundException" in err
    assert name + "-missing" in err


def test_describe_by_names_returns_those(ecr, name):
    for suffix in ("a", "b"):
        ecr.create_repository(repositoryName=f"{name}-{suffix}")
    out = ecr.describe_repositories(repositoryNames=[f"{name}-b", f"{name}-a"])
    assert [r["repositoryName"] for r in out["repositories"]] == [f"{name}-b", f"{name}-a"]


def test_pagination_with_boto3_paginator_and_cli(ecr, aws, name):
    names = sorted(f"{name}-{i:02d}" for i in range(7))
    for n in names:
        ecr.create_repository(repositoryName=n)
    # Raw paging: maxResults and nextToken, never the same token twice.
    seen, token, tokens = [], None, set()
    while True:
        kwargs = {"maxResults": 2}
        if token:
            kwargs["nextToken"] = token
        page = ecr.describe_repositories(**kwargs)
        assert len(page["repositories"]) <= 2
        seen += [r["repositoryName"] for r in page["repositories"]]
        token = page.get("nextToken")
        if not token:
            break
        assert token not in tokens
        tokens.add(token)
    assert [n for n in seen if n.startswith(name)] == names
    assert seen == sorted(seen)
    paginator = ecr.get_paginator("describe_repositories")
    listed = [r["repositoryName"] for page in paginator.paginate(PaginationConfig={"PageSize": 3})
              for r in page["repositories"]]
    assert [n for n in listed if n.startswith(name)] == names
    # The CLI's own paging.
    _, out, _ = aws("ecr", "describe-repositories", "--page-size", "2")
    assert [r["repositoryName"] for r in out["repositories"]
            if r["repositoryName"].startswith(name)] == names
    _, out, _ = aws("ecr", "describe-repositories", "--max-items", "3")
    assert len(out["repositories"]) == 3 and "NextToken" in out


def test_bad_next_token_is_invalid_parameter(ecr):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ecr.describe_repositories(nextToken="not-a-token")
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_delete_repository_needs_force_when_it_has_images(aws, ecr, name):
    ecr.create_repository(repositoryName=name)
    oci.push(ecr, name, oci.Image("del"), tag="v1")
    code, _, err = aws("ecr", "delete-repository", "--repository-name", name, check=False)
    assert code != 0 and "RepositoryNotEmptyException" in err
    code, out, _ = aws("ecr", "delete-repository", "--repository-name", name, "--force")
    assert out["repository"]["repositoryName"] == name
    code, _, err = aws("ecr", "describe-repositories", "--repository-names", name, check=False)
    assert "RepositoryNotFoundException" in err


def test_delete_missing_repository(aws, name):
    code, _, err = aws("ecr", "delete-repository", "--repository-name", name, check=False)
    assert code != 0 and "RepositoryNotFoundException" in err


def test_put_image_tag_mutability_and_scanning(aws, ecr, name):
    ecr.create_repository(repositoryName=name)
    _, out, _ = aws("ecr", "put-image-tag-mutability", "--repository-name", name,
                    "--image-tag-mutability", "IMMUTABLE")
    assert out["imageTagMutability"] == "IMMUTABLE" and out["repositoryName"] == name
    _, out, _ = aws("ecr", "put-image-scanning-configuration", "--repository-name", name,
                    "--image-scanning-configuration", "scanOnPush=true")
    assert out["imageScanningConfiguration"] == {"scanOnPush": True}
    repo = ecr.describe_repositories(repositoryNames=[name])["repositories"][0]
    assert repo["imageTagMutability"] == "IMMUTABLE"
    assert repo["imageScanningConfiguration"] == {"scanOnPush": True}


def test_describe_registry(aws, ecr):
    _, out, _ = aws("ecr", "describe-registry")
    assert out["registryId"].isdigit()
    assert out["replicationConfiguration"] == {"rules": []}


def test_another_registry_id_is_refused(ecr, name):
    # Another account's registry, as on AWS: only its repository policy could grant access.
    ecr.create_repository(repositoryName=name)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ecr.describe_repositories(registryId="000000000000", repositoryNames=[name])
    assert e.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "because no resource-based policy allows" in e.value.response["Error"]["Message"]
