"""ECR's tag mutability exclusions and registry policy with the real clients:
IMMUTABLE_WITH_EXCLUSION / MUTABLE_WITH_EXCLUSION with WILDCARD filters (set at creation or
later, reported by DescribeRepositories, obeyed by pushes through the ECR API and by skopeo
over /v2), and Put/Get/DeleteRegistryPolicy storing a validated IAM policy document."""
import json
import os
import shutil
import tempfile

import pytest

import oci
from registry_client import Skopeo, password

EXCLUDE_LATEST = [{"filterType": "WILDCARD", "filter": "latest"},
                  {"filterType": "WILDCARD", "filter": "dev-*"}]


def test_immutable_with_exclusion_lets_only_matching_tags_move(berth, ecr, name):
    created = ecr.create_repository(repositoryName=name,
                                    imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
                                    imageTagMutabilityExclusionFilters=EXCLUDE_LATEST)
    assert created["repository"]["imageTagMutability"] == "IMMUTABLE_WITH_EXCLUSION"
    assert created["repository"]["imageTagMutabilityExclusionFilters"] == EXCLUDE_LATEST
    [repo] = ecr.describe_repositories(repositoryNames=[name])["repositories"]
    assert repo["imageTagMutabilityExclusionFilters"] == EXCLUDE_LATEST

    first, second = oci.Image("mut-a", layer_count=1), oci.Image("mut-b", layer_count=1)
    oci.push(ecr, name, first, tag="v1")
    oci.push(ecr, name, first, tag="latest")
    with pytest.raises(ecr.exceptions.ImageTagAlreadyExistsException):
        oci.push(ecr, name, second, tag="v1")
    # Over /v2, with skopeo: the excluded tag moves.
    work = tempfile.mkdtemp(prefix="berth-mutability-")
    try:
        skopeo = Skopeo(berth.host, work)
        skopeo.login(password(ecr))
        src = os.path.join(work, "src")
        oci.image_layout(src, second, "latest")
        skopeo.copy(f"oci:{src}:latest", f"docker://{berth.host}/{name}:latest")
        oci.image_layout(src, second, "v1")
        proc = skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{name}:v1", check=False)
        assert proc.returncode != 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    tags = {d["imageTag"]: d["imageDigest"] for d in
            ecr.list_images(repositoryName=name, filter={"tagStatus": "TAGGED"})["imageIds"]}
    assert tags == {"v1": first.digest, "latest": second.digest}


def test_mutable_with_exclusion_and_the_validation_of_filters(aws, ecr, name):
    ecr.create_repository(repositoryName=name)
    code, out, err = aws("ecr", "put-image-tag-mutability", "--repository-name", name,
                         "--image-tag-mutability", "MUTABLE_WITH_EXCLUSION",
                         "--image-tag-mutability-exclusion-filters",
                         "filterType=WILDCARD,filter=release-*", check=False)
    if code != 0 and "Unknown options" in err:
        pytest.skip("this CLI's ECR model predates tag mutability exclusions")
    assert code == 0, err
    assert out["imageTagMutability"] == "MUTABLE_WITH_EXCLUSION"
    assert out["imageTagMutabilityExclusionFilters"] == [
        {"filterType": "WILDCARD", "filter": "release-*"}]
    first, second = oci.Image("mwe-a", layer_count=1), oci.Image("mwe-b", layer_count=1)
    oci.push(ecr, name, first, tag="main")
    oci.push(ecr, name, second, tag="main")  # mutable
    oci.push(ecr, name, first, tag="release-1")
    with pytest.raises(ecr.exceptions.ImageTagAlreadyExistsException):
        oci.push(ecr, name, second, tag="release-1")
    code, _, err = aws("ecr", "put-image-tag-mutability", "--repository-name", name,
                       "--image-tag-mutability", "IMMUTABLE_WITH_EXCLUSION", check=False)
    assert code != 0 and "InvalidParameterException" in err


def test_registry_policy_is_stored_validated_and_deleted(aws, ecr):
    account = ecr.describe_registry()["registryId"]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "ReplicationAccess", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
        "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
        "Resource": f"arn:aws:ecr:us-east-1:{account}:repository/*"}]})
    code, _, err = aws("ecr", "put-registry-policy", "--policy-text",
                       json.dumps({"Statement": [{"Effect": "Allow"}]}), check=False)
    assert code != 0 and "InvalidParameterException" in err
    code, out, err = aws("ecr", "put-registry-policy", "--policy-text", policy)
    assert code == 0, err
    assert out == {"registryId": account, "policyText": policy}
    code, out, err = aws("ecr", "get-registry-policy")
    assert code == 0 and out["policyText"] == policy, err
    code, out, err = aws("ecr", "delete-registry-policy")
    assert code == 0 and out["policyText"] == policy, err
    code, _, err = aws("ecr", "get-registry-policy", check=False)
    assert code != 0 and "RegistryPolicyNotFoundException" in err
