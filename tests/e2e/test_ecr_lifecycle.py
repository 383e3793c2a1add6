"""ECR lifecycle policies that act, with the real clients: images pushed with skopeo, a policy
set, the images it expires gone within seconds (and again after the next push), each expiry
recorded in CloudTrail as ECR records it (PolicyExecutionEvent, an AwsServiceEvent), previews
that list exactly what would go without deleting it, and AWS's validation messages."""
import json
import os
import shutil
import tempfile
import time

import pytest

import oci
from conftest import boto3_client
from registry_client import Skopeo, password
from test_js_sdk import js  # noqa: F401 (the fixture)

KEEP_TWO_V = json.dumps({"rules": [{
    "rulePriority": 1, "description": "keep the two newest v* images",
    "selection": {"tagStatus": "tagged", "tagPatternList": ["v*"],
                  "countType": "imageCountMoreThan", "countNumber": 2},
    "action": {"type": "expire"}}]})
UNTAGGED_KEEP_ONE = json.dumps({"rules": [{
    "rulePriority": 1, "description": "one untagged image is enough",
    "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1},
    "action": {"type": "expire"}}]})


@pytest.fixture
def trail(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "cloudtrail")


@pytest.fixture
def skopeo_push(berth, ecr):
    """push(repo, seed, tag): an image built from `seed`, pushed with skopeo; its digest."""
    work = tempfile.mkdtemp(prefix="berth-lifecycle-")
    skopeo = Skopeo(berth.host, work)
    skopeo.login(password(ecr))

    def push(repo, seed, tag):
        image = oci.Image(seed, layer_count=1)
        src = os.path.join(work, seed)
        oci.image_layout(src, image, tag)
        skopeo.copy(f"oci:{src}:{tag}", f"docker://{berth.host}/{repo}:{tag}")
        return image.digest
    yield push
    shutil.rmtree(work, ignore_errors=True)


def digests(ecr, name):
    return sorted(d["imageDigest"] for d in ecr.describe_images(repositoryName=name)["imageDetails"])


def wait_for(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def policy_events(trail, arn):
    events = trail.lookup_events(LookupAttributes=[
        {"AttributeKey": "ResourceName", "AttributeValue": arn}])["Events"]
    return [json.loads(e["CloudTrailEvent"]) for e in events
            if e["EventName"] == "PolicyExecutionEvent"]


def test_a_policy_expires_skopeo_pushes_within_seconds_and_cloudtrail_records_it(
        ecr, trail, skopeo_push, name):
    arn = ecr.create_repository(repositoryName=name)["repository"]["repositoryArn"]
    pushed = [skopeo_push(name, f"life{i}", f"v{i}") for i in range(1, 5)]
    keep = skopeo_push(name, "life-latest", "latest")
    ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=KEEP_TWO_V)
    want = sorted([pushed[2], pushed[3], keep])
    assert wait_for(lambda: digests(ecr, name) == want), digests(ecr, name)

    [record] = wait_for(lambda: policy_events(trail, arn))
    assert record["eventSource"] == "ecr.amazonaws.com"
    assert record["eventType"] == "AwsServiceEvent"
    assert record["userIdentity"] == {"type": "AWSService", "invokedBy": "ecr.amazonaws.com"}
    assert record["resources"][0]["ARN"] == arn
    details = record["serviceEventDetails"]
    assert details["repositoryName"] == name
    [rule] = details["lifecycleEventPolicy"]["lifecycleEventRules"]
    assert rule["rulePriority"] == 1 and rule["action"] == "expire"
    assert rule["lifecycleEventSelection"]["tagPatternList"] == ["v*"]
    expired = {a["lifecycleEventImage"]["digest"]: a for a in details["lifecycleEventImageActions"]}
    assert sorted(expired) == sorted(pushed[:2])
    first = expired[pushed[0]]
    assert first["rulePriority"] == 1
    assert first["lifecycleEventImage"]["tagList"] == ["v1"]
    assert first["lifecycleEventImage"]["tagStatus"] == "Tagged"

    evaluated = ecr.get_lifecycle_policy(repositoryName=name)["lastEvaluatedAt"]
    assert evaluated.timestamp() > time.time() - 60

    # The next push is evaluated too: v3 goes.
    newest = skopeo_push(name, "life5", "v5")
    want = sorted([pushed[3], newest, keep])
    assert wait_for(lambda: digests(ecr, name) == want), digests(ecr, name)
    assert wait_for(lambda: len(policy_events(trail, arn)) == 2)


def test_a_preview_lists_exactly_what_would_go_and_deletes_nothing(aws, ecr, name):
    ecr.create_repository(repositoryName=name)
    untagged = []
    for i in range(3):
        image = oci.Image(f"preview{i}", layer_count=1)
        oci.push(ecr, name, image)
        untagged.append(image.digest)
    tagged = oci.Image("preview-tagged", layer_count=1)
    oci.push(ecr, name, tagged, tag="stable")

    code, out, err = aws("ecr", "start-lifecycle-policy-preview", "--repository-name", name,
                         "--lifecycle-policy-text", UNTAGGED_KEEP_ONE)
    assert code == 0, err
    assert out["status"] in ("IN_PROGRESS", "COMPLETE")
    code, out, err = aws("ecr", "get-lifecycle-policy-preview", "--repository-name", name)
    assert code == 0, err
    assert out["status"] == "COMPLETE"
    assert out["summary"]["expiringImageTotalCount"] == 2
    results = out["previewResults"]
    assert sorted(r["imageDigest"] for r in results) == sorted(untagged[:2])
    assert all(r["action"] == {"type": "EXPIRE"} and r["appliedRulePriority"] == 1
               and r["imageTags"] == [] for r in results)
    # Nothing was deleted, and no policy was set.
    assert digests(ecr, name) == sorted(untagged + [tagged.digest])
    code, _, err = aws("ecr", "get-lifecycle-policy", "--repository-name", name, check=False)
    assert code != 0 and "LifecyclePolicyNotFoundException" in err
    # Filtered on tag status: no tagged image would go.
    code, out, err = aws("ecr", "get-lifecycle-policy-preview", "--repository-name", name,
                         "--filter", "tagStatus=TAGGED")
    assert code == 0, err
    assert out["previewResults"] == []


def test_preview_pages_with_boto3(ecr, name):
    ecr.create_repository(repositoryName=name)
    pushed = []
    for i in range(4):
        image = oci.Image(f"paged{i}", layer_count=1)
        oci.push(ecr, name, image)
        pushed.append(image.digest)
    # The repository's own policy (which spares untagged images) is what a preview without
    # text evaluates.
    ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=KEEP_TWO_V)
    ecr.start_lifecycle_policy_preview(repositoryName=name)
    page = ecr.get_lifecycle_policy_preview(repositoryName=name)
    assert page["lifecyclePolicyText"] == KEEP_TWO_V and page["previewResults"] == []
    ecr.start_lifecycle_policy_preview(repositoryName=name, lifecyclePolicyText=UNTAGGED_KEEP_ONE)
    seen, token = [], None
    while True:
        kwargs = {"nextToken": token} if token else {}
        page = ecr.get_lifecycle_policy_preview(repositoryName=name, maxResults=2, **kwargs)
        assert len(page["previewResults"]) <= 2
        assert page["summary"]["expiringImageTotalCount"] == 3
        seen += [r["imageDigest"] for r in page["previewResults"]]
        token = page.get("nextToken")
        if not token:
            break
    assert sorted(seen) == sorted(pushed[:3])
    assert digests(ecr, name) == sorted(pushed)


def test_a_bad_policy_is_refused_with_ecrs_message(aws, ecr, name):
    ecr.create_repository(repositoryName=name)
    bad = json.dumps({"rules": [
        {"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
                                          "countNumber": 5}, "action": {"type": "expire"}},
        {"rulePriority": 2, "selection": {"tagStatus": "untagged", "countType":
                                          "imageCountMoreThan", "countNumber": 1},
         "action": {"type": "expire"}}]})
    code, _, err = aws("ecr", "put-lifecycle-policy", "--repository-name", name,
                       "--lifecycle-policy-text", bad, check=False)
    assert code != 0 and "InvalidParameterException" in err
    assert ("Lifecycle policy validation failure: Rule for tagStatus=ANY must have the lowest "
            "priority per storage class") in err
    tagged = json.dumps({"rules": [{"rulePriority": 1, "selection": {
        "tagStatus": "tagged", "countType": "imageCountMoreThan", "countNumber": 1},
        "action": {"type": "expire"}}]})
    code, _, err = aws("ecr", "start-lifecycle-policy-preview", "--repository-name", name,
                       "--lifecycle-policy-text", tagged, check=False)
    assert code != 0
    assert "Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED." in err
    code, _, err = aws("ecr", "get-lifecycle-policy-preview", "--repository-name", name,
                       check=False)
    assert code != 0 and "LifecyclePolicyPreviewNotFoundException" in err


def test_js_sdk_sets_a_policy_and_reads_its_preview(js, ecr, name):  # noqa: F811
    ecr.create_repository(repositoryName=name)
    for i in range(2):
        oci.push(ecr, name, oci.Image(f"js{i}", layer_count=1))
    out = js("ecr", "StartLifecyclePolicyPreview", repositoryName=name,
             lifecyclePolicyText=UNTAGGED_KEEP_ONE)
    assert out["ok"], out
    out = js("ecr", "GetLifecyclePolicyPreview", repositoryName=name)
    assert out["ok"], out
    [result] = out["output"]["previewResults"]
    assert result["appliedRulePriority"] == 1 and result["imagePushedAt"]
    out = js("ecr", "PutLifecyclePolicy", repositoryName=name,
             lifecyclePolicyText=UNTAGGED_KEEP_ONE)
    assert out["ok"], out
    assert wait_for(lambda: len(digests(ecr, name)) == 1)
    out = js("ecr", "GetLifecyclePolicy", repositoryName=name)
    assert out["ok"], out
    assert out["output"]["lastEvaluatedAt"]
