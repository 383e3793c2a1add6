"""The image flow through the ECR API: layer uploads, PutImage, listing, pulling, deleting."""
import json
import time

import pytest
import requests

import oci


@pytest.fixture
def repo(ecr, name):
    ecr.create_repository(repositoryName=name)
    return name


def test_push_then_describe_list_and_get(ecr, repo):
    image = oci.Image("app", layer_count=3)
    before = time.time()
    put = oci.push(ecr, repo, image, tag="v1", part_size=100)
    assert put["image"]["imageId"] == {"imageDigest": image.digest, "imageTag": "v1"}
    assert put["image"]["imageManifest"] == image.manifest.decode()
    assert put["image"]["imageManifestMediaType"] == oci.OCI_MANIFEST

    details = ecr.describe_images(repositoryName=repo)["imageDetails"]
    assert len(details) == 1
    d = details[0]
    assert d["imageDigest"] == image.digest
    assert d["imageTags"] == ["v1"]
    assert d["imageSizeInBytes"] == image.layers_size
    assert before - 2 <= d["imagePushedAt"].timestamp() <= time.time() + 2
    assert d["imageManifestMediaType"] == oci.OCI_MANIFEST
    assert d["artifactMediaType"] == oci.OCI_CONFIG
    assert d["repositoryName"] == repo

    ids = ecr.list_images(repositoryName=repo)["imageIds"]
    assert ids == [{"imageDigest": image.digest, "imageTag": "v1"}]

    got = ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageTag": "v1"}])
    assert got["failures"] == []
    assert got["images"][0]["imageManifest"] == image.manifest.decode()
    assert got["images"][0]["imageId"] == {"imageDigest": image.digest, "imageTag": "v1"}
    # A pull is recorded.
    d = ecr.describe_images(repositoryName=repo)["imageDetails"][0]
    assert "lastRecordedPullTime" in d


def test_docker_schema2_manifest(ecr, repo, pip_aws):
    image = oci.Image("docker", docker=True)
    oci.push(ecr, repo, image, tag="latest")
    _, out, _ = pip_aws("ecr", "describe-images", "--repository-name", repo)
    assert out["imageDetails"][0]["imageManifestMediaType"] == oci.DOCKER_MANIFEST
    assert out["imageDetails"][0]["artifactMediaType"] == oci.DOCKER_CONFIG
    _, out, _ = pip_aws("ecr", "batch-get-image", "--repository-name", repo,
                        "--image-ids", "imageTag=latest")
    assert json.loads(out["images"][0]["imageManifest"]) == json.loads(image.manifest)


def test_layer_availability_before_and_after_upload(ecr, repo):
    blob = oci.layer({"x": b"hello"})
    check = ecr.batch_check_layer_availability(repositoryName=repo,
                                               layerDigests=[oci.digest(blob), "nope"])
    codes = sorted(f["failureCode"] for f in check["failures"])
    assert codes == ["InvalidLayerDigest", "MissingLayerDigest"] and check["layers"] == []
    oci.upload_blob(ecr, repo, blob)
    check = ecr.batch_check_layer_availability(repositoryName=repo,
                                               layerDigests=[oci.digest(blob)])
    assert check["failures"] == []
    assert check["layers"][0]["layerAvailability"] == "AVAILABLE"
    assert check["layers"][0]["layerSize"] == len(blob)


def test_manifest_naming_a_missing_layer(ecr, repo):
    image = oci.Image("missing")
    with pytest.raises(ecr.exceptions.LayersNotFoundException):
        ecr.put_image(repositoryName=repo, imageManifest=image.manifest.decode(), imageTag="x")
    assert ecr.list_images(repositoryName=repo)["imageIds"] == []


def test_same_image_and_tag_twice(ecr, repo):
    image = oci.Image("twice")
    oci.push(ecr, repo, image, tag="v1")
    with pytest.raises(ecr.exceptions.ImageAlreadyExistsException):
        ecr.put_image(repositoryName=repo, imageManifest=image.manifest.decode(), imageTag="v1")


def test_immutable_repository_refuses_to_move_a_tag(ecr, name):
    ecr.create_repository(repositoryName=name, imageTagMutability="IMMUTABLE")
    oci.push(ecr, name, oci.Image("one"), tag="v1")
    with pytest.raises(ecr.exceptions.ImageTagAlreadyExistsException):
        oci.push(ecr, name, oci.Image("two"), tag="v1")
    assert ecr.describe_images(repositoryName=name, imageIds=[{"imageTag": "v1"}])[
        "imageDetails"][0]["imageDigest"] == oci.Image("one").digest


def test_mutable_tag_moves_and_leaves_old_image_untagged(ecr, repo):
    one, two = oci.Image("m1"), oci.Image("m2")
    oci.push(ecr, repo, one, tag="v1")
    oci.push(ecr, repo, two, tag="v1")
    untagged = ecr.list_images(repositoryName=repo, filter={"tagStatus": "UNTAGGED"})["imageIds"]
    assert untagged == [{"imageDigest": one.digest}]
    tagged = ecr.list_images(repositoryName=repo, filter={"tagStatus": "TAGGED"})["imageIds"]
    assert tagged == [{"imageDigest": two.digest, "imageTag": "v1"}]


def test_wrong_image_digest_on_put(ecr, repo):
    image = oci.Image("dig")
    oci.push(ecr, repo, image, tag="v1")
    with pytest.raises(ecr.exceptions.ImageDigestDoesNotMatchException):
        ecr.put_image(repositoryName=repo, imageManifest=image.manifest.decode(),
                      imageTag="v2", imageDigest="sha256:" + "0" * 64)


def test_invalid_manifest(ecr, repo):
    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.put_image(repositoryName=repo, imageManifest="{not json", imageTag="bad")


def test_non_contiguous_part_is_refused(ecr, repo):
    upload = ecr.initiate_layer_upload(repositoryName=repo)
    assert upload["partSize"] == 10485760
    ecr.upload_layer_part(repositoryName=repo, uploadId=upload["uploadId"], partFirstByte=0,
                          partLastByte=3, layerPartBlob=b"abcd")
    with pytest.raises(ecr.exceptions.InvalidLayerPartException):
        ecr.upload_layer_part(repositoryName=repo, uploadId=upload["uploadId"], partFirstByte=10,
                              partLastByte=13, layerPartBlob=b"efgh")


def test_unknown_upload(ecr, repo):
    with pytest.raises(ecr.exceptions.UploadNotFoundException):
        ecr.upload_layer_part(repositoryName=repo, uploadId="00000000-0000-4000-8000-000000000000",
                              partFirstByte=0, partLastByte=0, layerPartBlob=b"a")


def test_digest_mismatch_on_complete_keeps_nothing(ecr, repo):
    upload = ecr.initiate_layer_upload(repositoryName=repo)
    ecr.upload_layer_part(repositoryName=repo, uploadId=upload["uploadId"], partFirstByte=0,
                          partLastByte=4, layerPartBlob=b"hello")
    wrong = oci.digest(b"other")
    with pytest.raises(ecr.exceptions.InvalidLayerException):
        ecr.complete_layer_upload(repositoryName=repo, uploadId=upload["uploadId"],
                                  layerDigests=[wrong])
    check = ecr.batch_check_layer_availability(repositoryName=repo,
                                               layerDigests=[wrong, oci.digest(b"hello")])
    assert check["layers"] == []


def test_complete_twice_is_layer_already_exists(ecr, repo):
    blob = b"already"
    oci.upload_blob(ecr, repo, blob)
    with pytest.raises(ecr.exceptions.LayerAlreadyExistsException):
        oci.upload_blob(ecr, repo, blob)


def test_batch_get_image_failures(ecr, repo):
    image = oci.Image("bg")
    oci.push(ecr, repo, image, tag="v1")
    got = ecr.batch_get_image(repositoryName=repo, imageIds=[
        {"imageTag": "nope"},
        {"imageDigest": "sha256:" + "1" * 64},
        {"imageDigest": "bogus"},
        {"imageDigest": oci.Image("other").digest, "imageTag": "v1"},
    ])
    assert got["images"] == []
    assert [f["failureCode"] for f in got["failures"]] == [
        "ImageNotFound", "ImageNotFound", "InvalidImageDigest", "ImageTagDoesNotMatchDigest"]
    assert got["failures"][0]["failureReason"] == "Requested image not found"


def test_describe_images_missing_id(ecr, repo):
    with pytest.raises(ecr.exceptions.ImageNotFoundException):
        ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "none"}])


def test_batch_delete_by_tag_then_digest(ecr, repo, pip_aws):
    image = oci.Image("bd")
    oci.push(ecr, repo, image, tag="a")
    ecr.put_image(repositoryName=repo, imageManifest=image.manifest.decode(), imageTag="b")
    out = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageTag": "a"}])
    assert out["imageIds"] == [{"imageDigest": image.digest, "imageTag": "a"}]
    assert ecr.list_images(repositoryName=repo)["imageIds"] == [
        {"imageDigest": image.digest, "imageTag": "b"}]
    _, out, _ = pip_aws("ecr", "batch-delete-image", "--repository-name", repo,
                        "--image-ids", f"imageDigest={image.digest}", "imageTag=gone")
    assert out["imageIds"] == [{"imageDigest": image.digest, "imageTag": "b"}]
    assert out["failures"][0]["failureCode"] == "ImageNotFound"
    assert ecr.list_images(repositoryName=repo)["imageIds"] == []


def test_deleting_the_last_tag_deletes_the_image(ecr, repo):
    image = oci.Image("last")
    oci.push(ecr, repo, image, tag="only")
    ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageTag": "only"}])
    assert ecr.list_images(repositoryName=repo)["imageIds"] == []


def test_list_and_describe_images_paging(ecr, repo):
    images = [oci.Image(f"p{i}", layer_count=1) for i in range(5)]
    for i, image in enumerate(images):
        oci.push(ecr, repo, image, tag=f"t{i}")
    pages = list(ecr.get_paginator("list_images").paginate(
        repositoryName=repo, PaginationConfig={"PageSize": 2}))
    assert len(pages) == 3
    listed = [i["imageTag"] for p in pages for i in p["imageIds"]]
    assert sorted(listed) == [f"t{i}" for i in range(5)]
    pages = list(ecr.get_paginator("describe_images").paginate(
        repositoryName=repo, PaginationConfig={"PageSize": 2}))
    assert sorted(d["imageDigest"] for p in pages for d in p["imageDetails"]) == sorted(
        i.digest for i in images)


def test_images_named_by_an_index_cannot_be_deleted(ecr, repo):
    child = oci.Image("child")
    oci.push(ecr, repo, child, tag="child")
    index = json.dumps({"schemaVersion": 2, "mediaType": oci.OCI_INDEX, "manifests": [
        {"mediaType": oci.OCI_MANIFEST, "digest": child.digest, "size": len(child.manifest)}]})
    ecr.put_image(repositoryName=repo, imageManifest=index, imageTag="multi")
    out = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": child.digest}])
    assert out["imageIds"] == []
    assert out["failures"][0]["failureCode"] == "ImageReferencedByManifestList"


def test_oci_index_of_two_platforms(ecr, repo):
    amd, arm = oci.Image("idx", arch="amd64"), oci.Image("idx", arch="arm64")
    oci.push(ecr, repo, amd)
    oci.push(ecr, repo, arm)
    index = json.dumps({"schemaVersion": 2, "mediaType": oci.OCI_INDEX, "manifests": [
        {"mediaType": oci.OCI_MANIFEST, "digest": i.digest, "size": len(i.manifest),
         "platform": {"os": "linux", "architecture": a}} for i, a in ((amd, "amd64"),
                                                                    (arm, "arm64"))]})
    out = ecr.put_image(repositoryName=repo, imageManifest=index, imageTag="multi")
    assert out["image"]["imageManifestMediaType"] == oci.OCI_INDEX
    got = ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageTag": "multi"}],
                              acceptedMediaTypes=[oci.OCI_INDEX])
    assert got["images"][0]["imageManifest"] == index


def test_index_naming_a_missing_manifest(ecr, repo):
    ghost = oci.Image("ghost")
    index = json.dumps({"schemaVersion": 2, "mediaType": oci.OCI_INDEX, "manifests": [
        {"mediaType": oci.OCI_MANIFEST, "digest": ghost.digest, "size": len(ghost.manifest)}]})
    with pytest.raises(ecr.exceptions.ReferencedImagesNotFoundException):
        ecr.put_image(repositoryName=repo, imageManifest=index, imageTag="multi")


def test_download_url_for_layer(ecr, repo, berth):
    image = oci.Image("dl")
    oci.push(ecr, repo, image, tag="v1")
    out = ecr.get_download_url_for_layer(repositoryName=repo,
                                         layerDigest=oci.digest(image.layers[0]))
    assert out["layerDigest"] == oci.digest(image.layers[0])
    assert out["downloadUrl"].startswith(f"{berth.endpoint}/v2/{repo}/blobs/")
    body = requests.get(out["downloadUrl"], timeout=10)
    assert body.status_code == 200
    assert body.content == image.layers[0]
    with pytest.raises(ecr.exceptions.LayersNotFoundException):
        ecr.get_download_url_for_layer(repositoryName=repo, layerDigest="sha256:" + "2" * 64)
