"""Resource tags, repository policies and lifecycle policies."""
import json

import pytest

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "pull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"]}]})
LIFECYCLE = json.dumps({"rules": [{
    "rulePriority": 1, "description": "expire untagged",
    "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                  "countUnit": "days", "countNumber": 14},
    "action": {"type": "expire"}}]})


def arn_of(aws, name):
    _, out, _ = aws("ecr", "create-repository", "--repository-name", name)
    return out["repository"]["repositoryArn"]


def test_tag_untag_list(aws, name):
    arn = arn_of(aws, name)
    aws("ecr", "tag-resource", "--resource-arn", arn, "--tags", "Key=a,Value=1", "Key=b,Value=2")
    aws("ecr", "untag-resource", "--resource-arn", arn, "--tag-keys", "a")
    _, out, _ = aws("ecr", "list-tags-for-resource", "--resource-arn", arn)
    assert out["tags"] == [{"Key": "b", "Value": "2"}]


def test_bad_arn_is_invalid_parameter(aws):
    code, _, err = aws("ecr", "list-tags-for-resource", "--resource-arn",
                       "arn:aws:s3:::bucket", check=False)
    assert code != 0 and "InvalidParameterException" in err


def test_too_many_tags(ecr, name):
    arn = ecr.create_repository(repositoryName=name)["repository"]["repositoryArn"]
    ecr.tag_resource(resourceArn=arn, tags=[{"Key": f"k{i}", "Value": "v"} for i in range(45)])
    with pytest.raises(ecr.exceptions.TooManyTagsException):
        ecr.tag_resource(resourceArn=arn, tags=[{"Key": f"x{i}", "Value": "v"} for i in range(10)])


def test_repository_policy_round_trip(aws, name):
    arn_of(aws, name)
    code, _, err = aws("ecr", "get-repository-policy", "--repository-name", name, check=False)
    assert code != 0 and "RepositoryPolicyNotFoundException" in err
    _, out, _ = aws("ecr", "set-repository-policy", "--repository-name", name,
                    "--policy-text", POLICY)
    assert json.loads(out["policyText"]) == json.loads(POLICY)
    _, out, _ = aws("ecr", "get-repository-policy", "--repository-name", name)
    assert json.loads(out["policyText"]) == json.loads(POLICY)
    _, out, _ = aws("ecr", "delete-repository-policy", "--repository-name", name)
    assert json.loads(out["policyText"]) == json.loads(POLICY)
    code, _, err = aws("ecr", "get-repository-policy", "--repository-name", name, check=False)
    assert "RepositoryPolicyNotFoundException" in err


@pytest.mark.parametrize("bad", ["{not json", "[]", '{"Version":"2012-10-17"}'])
def test_invalid_repository_policy(ecr, name, bad):
    ecr.create_repository(repositoryName=name)
    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.set_repository_policy(repositoryName=name, policyText=bad)


def test_lifecycle_policy_round_trip(aws, name):
    arn_of(aws, name)
    code, _, err = aws("ecr", "get-lifecycle-policy", "--repository-name", name, check=False)
    assert code != 0 and "LifecyclePolicyNotFoundException" in err
    _, out, _ = aws("ecr", "put-lifecycle-policy", "--repository-name", name,
                    "--lifecycle-policy-text", LIFECYCLE)
    assert json.loads(out["lifecyclePolicyText"]) == json.loads(LIFECYCLE)
    _, out, _ = aws("ecr", "get-lifecycle-policy", "--repository-name", name)
    assert json.loads(out["lifecyclePolicyText"]) == json.loads(LIFECYCLE)
    aws("ecr", "delete-lifecycle-policy", "--repository-name", name)
    code, _, err = aws("ecr", "delete-lifecycle-policy", "--repository-name", name, check=False)
    assert "LifecyclePolicyNotFoundException" in err


def test_invalid_lifecycle_policy(ecr, name):
    ecr.create_repository(repositoryName=name)
    bad = json.dumps({"rules": [{"rulePriority": 1, "selection": {"tagStatus": "tagged"},
                                 "action": {"type": "expire"}}]})
    with pytest.raises(ecr.exceptions.InvalidParameterException) as e:
        ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=bad)
    assert "Lifecycle policy validation failure" in str(e.value)
