"""A manifest whose descriptor sizes are not the stored contents' is refused (issue 16, defect 7):
clients that check sizes (containerd) would fail to pull what berth acknowledged."""
import http.client
import json

import botocore.exceptions
import pytest

import oci


def lying(image, where):
    """The image's manifest with one descriptor's size off by one."""
    manifest = json.loads(image.manifest)
    if where == "config":
        manifest["config"]["size"] += 1
    else:
        manifest["layers"][-1]["size"] -= 1
    return json.dumps(manifest).encode()


def put_v2(berth, ecr, repo, ref, body, media_type):
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    conn = http.client.HTTPConnection(berth.host, timeout=30)
    try:
        conn.request("PUT", f"/v2/{repo}/manifests/{ref}", body=body, headers={
            "Authorization": "Basic " + token, "Content-Type": media_type})
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type", ""), r.read()
    finally:
        conn.close()


def pushed_blobs(ecr, repo, image):
    ecr.create_repository(repositoryName=repo)
    for blob in image.blobs:
        oci.upload_blob(ecr, repo, blob)


@pytest.mark.parametrize("where", ["config", "layer"])
def test_v2_put_of_a_manifest_lying_about_sizes_is_manifest_invalid(berth, ecr, name, where):
    image = oci.Image("liar-" + where)
    pushed_blobs(ecr, name, image)
    status, content_type, body = put_v2(berth, ecr, name, "v1", lying(image, where),
                                        image.media_type)
    assert status == 400, (status, body)
    assert content_type.startswith("application/json"), content_type
    error = json.loads(body)["errors"][0]
    assert error["code"] == "MANIFEST_INVALID", error
    assert "size" in error["message"], error
    assert ecr.list_images(repositoryName=name)["imageIds"] == []
    # The truthful manifest of the same blobs is accepted.
    assert put_v2(berth, ecr, name, "v1", image.manifest, image.media_type)[0] == 201


@pytest.mark.parametrize("where", ["config", "layer"])
def test_put_image_of_a_manifest_lying_about_sizes_is_invalid_parameter(ecr, name, where):
    image = oci.Image("liar-ecr-" + where)
    pushed_blobs(ecr, name, image)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ecr.put_image(repositoryName=name, imageManifest=lying(image, where).decode(),
                      imageManifestMediaType=image.media_type, imageTag="v1")
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert ecr.list_images(repositoryName=name)["imageIds"] == []


def test_an_index_must_give_its_child_manifests_true_sizes(berth, ecr, name):
    ecr.create_repository(repositoryName=name)
    image = oci.Image("index-child")
    oci.push(ecr, name, image)
    index = {"schemaVersion": 2, "mediaType": oci.OCI_INDEX, "manifests": [
        {"mediaType": image.media_type, "digest": image.digest, "size": len(image.manifest) + 7,
         "platform": {"architecture": "amd64", "os": "linux"}}]}
    body = json.dumps(index).encode()
    status, _, answer = put_v2(berth, ecr, name, "multi", body, oci.OCI_INDEX)
    assert status == 400 and json.loads(answer)["errors"][0]["code"] == "MANIFEST_INVALID", answer
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ecr.put_image(repositoryName=name, imageManifest=body.decode(),
                      imageManifestMediaType=oci.OCI_INDEX, imageTag="multi")
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    index["manifests"][0]["size"] = len(image.manifest)
    assert put_v2(berth, ecr, name, "multi", json.dumps(index).encode(), oci.OCI_INDEX)[0] == 201
