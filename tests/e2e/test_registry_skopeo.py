"""skopeo (Debian's) pushes and pulls real images through /v2, logged in with the ECR token,
over the same repositories the ECR API shows. Images are built by the tests as OCI layouts."""
import json
import os
import shutil
import tempfile

import pytest

import oci
from registry_client import Skopeo, V2, authorization_token, blobs_of_layout, password


@pytest.fixture
def workdir():
    path = tempfile.mkdtemp(prefix="berth-skopeo-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def skopeo(berth, ecr, workdir):
    client = Skopeo(berth.host, workdir)
    out = client.login(password(ecr))
    assert "Login Succeeded" in out.stdout
    return client


def layout(workdir, name, manifests, blobs):
    path = os.path.join(workdir, name)
    oci.write_layout(path, manifests, blobs)
    return path


def multi_platform_index(images):
    index = {"schemaVersion": 2, "mediaType": oci.OCI_INDEX, "manifests": [
        {"mediaType": i.media_type, "digest": i.digest, "size": len(i.manifest),
         "platform": {"os": "linux", "architecture": arch}}
        for i, arch in zip(images, ["amd64", "arm64"])]}
    return json.dumps(index).encode()


@pytest.mark.parametrize("layers", [1, 4])
def test_push_and_pull_round_trip_is_byte_identical(berth, ecr, skopeo, workdir, name, layers):
    ecr.create_repository(repositoryName=name)
    image = oci.Image(f"rt{layers}", layer_count=layers, layer_size=20000)
    src = layout(workdir, "src", [(image.manifest, image.media_type, "v1")], image.blobs)
    skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{name}:v1")

    # What was pushed is what the ECR API describes.
    detail = ecr.describe_images(repositoryName=name)["imageDetails"]
    assert [d["imageDigest"] for d in detail] == [image.digest]
    assert detail[0]["imageTags"] == ["v1"]
    assert detail[0]["imageManifestMediaType"] == image.media_type
    assert detail[0]["imageSizeInBytes"] == image.layers_size
    assert "imagePushedAt" in detail[0]

    dst = os.path.join(workdir, "dst")
    skopeo.copy(f"docker://{berth.host}/{name}:v1", f"oci:{dst}:v1", "--preserve-digests")
    assert blobs_of_layout(dst) == blobs_of_layout(src)
    assert skopeo.inspect_raw(f"{name}:v1") == image.manifest


def test_docker_schema2_image_round_trip(berth, ecr, skopeo, workdir, name):
    ecr.create_repository(repositoryName=name)
    image = oci.Image("docker", layer_count=3, docker=True, layer_size=20000)
    src = os.path.join(workdir, "src")
    oci.write_dir(src, image.manifest, image.blobs)
    skopeo.copy(f"dir:{src}", f"docker://{berth.host}/{name}:v1")
    detail = ecr.describe_images(repositoryName=name)["imageDetails"][0]
    assert detail["imageManifestMediaType"] == oci.DOCKER_MANIFEST
    assert detail["imageDigest"] == image.digest

    dst = os.path.join(workdir, "dst")
    skopeo.copy(f"docker://{berth.host}/{name}:v1", f"dir:{dst}")
    for blob in image.blobs:
        with open(os.path.join(dst, oci.digest(blob)[7:]), "rb") as f:
            assert f.read() == blob
    with open(os.path.join(dst, "manifest.json"), "rb") as f:
        assert f.read() == image.manifest


def test_multi_platform_index_round_trip(berth, ecr, skopeo, workdir, name):
    ecr.create_repository(repositoryName=name)
    images = [oci.Image("amd", arch="amd64"), oci.Image("arm", arch="arm64")]
    index = multi_platform_index(images)
    blobs = [b for i in images for b in i.blobs] + [i.manifest for i in images]
    src = layout(workdir, "src", [(index, oci.OCI_INDEX, "multi")], blobs)
    skopeo.copy(f"oci:{src}:multi", f"docker://{berth.host}/{name}:multi", "--all")

    assert skopeo.inspect_raw(f"{name}:multi") == index
    described = {d["imageDigest"]: d for d in ecr.describe_images(repositoryName=name)["imageDetails"]}
    assert described[oci.digest(index)]["imageManifestMediaType"] == oci.OCI_INDEX
    assert {i.digest for i in images} <= set(described)

    dst = os.path.join(workdir, "dst")
    skopeo.copy(f"docker://{berth.host}/{name}:multi", f"oci:{dst}:multi", "--all",
                "--preserve-digests")
    assert blobs_of_layout(dst) == blobs_of_layout(src)


def test_artifact_with_subject_is_found_through_the_referrers_api(berth, ecr, skopeo, workdir,
                                                                  name):
    ecr.create_repository(repositoryName=name)
    image = oci.Image("subject")
    src = layout(workdir, "img", [(image.manifest, image.media_type, "v1")], image.blobs)
    skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{name}:v1")

    empty = b"{}"
    sbom = b'{"packages":[]}'
    artifact = json.dumps({
        "schemaVersion": 2, "mediaType": oci.OCI_MANIFEST,
        "artifactType": "application/vnd.example.sbom.v1+json",
        "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": oci.digest(empty),
                   "size": len(empty)},
        "layers": [{"mediaType": "application/vnd.example.sbom.v1+json",
                    "digest": oci.digest(sbom), "size": len(sbom)}],
        "subject": {"mediaType": image.media_type, "digest": image.digest,
                    "size": len(image.manifest)},
        "annotations": {"org.opencontainers.image.created": "2026-11-28T00:00:00Z"},
    }).encode()
    art = layout(workdir, "art", [(artifact, oci.OCI_MANIFEST, "sbom")], [empty, sbom])
    skopeo.copy(f"oci:{art}:sbom", f"docker://{berth.host}/{name}:sbom")

    v2 = V2(berth.host, authorization_token(ecr))
    status, headers, index = v2.json("GET", f"/v2/{name}/referrers/{image.digest}")
    assert status == 200
    assert headers["content-type"] == oci.OCI_INDEX
    assert index["manifests"] == [{
        "mediaType": oci.OCI_MANIFEST, "digest": oci.digest(artifact), "size": len(artifact),
        "artifactType": "application/vnd.example.sbom.v1+json",
        "annotations": {"org.opencontainers.image.created": "2026-11-28T00:00:00Z"}}]
    status, headers, index = v2.json(
        "GET", f"/v2/{name}/referrers/{image.digest}?artifactType=application/vnd.other")
    assert status == 200 and index["manifests"] == []
    assert headers["oci-filters-applied"] == "artifactType"


def test_pushing_the_same_layers_to_a_second_repository_mounts_them(berth, ecr, skopeo, workdir,
                                                                    name):
    first, second = name + "-a", name + "-b"
    ecr.create_repository(repositoryName=first)
    ecr.create_repository(repositoryName=second)
    image = oci.Image("mounted", layer_count=2, layer_size=50000)
    src = layout(workdir, "src", [(image.manifest, image.media_type, "v1")], image.blobs)
    skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{first}:v1")
    skopeo.copy(f"oci:{src}:v1", f"docker://{berth.host}/{second}:v1")

    from registry_client import access_log_lines
    calls = access_log_lines(berth.access_log,
                             lambda r: r["path"].startswith(f"/v2/{second}/blobs/"))
    # skopeo mounts layers (from its blob-info cache); the small config it always sends anew.
    completed = [r for r in calls if r["method"] == "PUT"]
    mounts = [r for r in calls if r["method"] == "POST" and r["status"] == 201]
    assert len(mounts) == len(image.layers), calls
    assert len(completed) == 1, f"layers were uploaded again: {completed}"
    dst = os.path.join(workdir, "dst")
    skopeo.copy(f"docker://{berth.host}/{second}:v1", f"oci:{dst}:v1", "--preserve-digests")
    assert blobs_of_layout(dst) == blobs_of_layout(src)


def test_an_image_put_through_the_ecr_api_pulls_through_v2(berth, ecr, skopeo, workdir, name):
    ecr.create_repository(repositoryName=name)
    image = oci.Image("via-api", layer_count=2)
    oci.push(ecr, name, image, tag="api")
    dst = os.path.join(workdir, "dst")
    skopeo.copy(f"docker://{berth.host}/{name}:api", f"oci:{dst}:api", "--preserve-digests")
    pulled = blobs_of_layout(dst)
    for blob in image.blobs + [image.manifest]:
        assert pulled[oci.digest(blob)] == blob


def test_an_immutable_repository_refuses_to_move_a_tag(berth, ecr, skopeo, workdir, name):
    ecr.create_repository(repositoryName=name, imageTagMutability="IMMUTABLE")
    one, two = oci.Image("imm1"), oci.Image("imm2")
    for i, image in enumerate([one, two]):
        path = layout(workdir, f"l{i}", [(image.manifest, image.media_type, "v1")], image.blobs)
        result = skopeo.copy(f"oci:{path}:v1", f"docker://{berth.host}/{name}:v1", check=i == 0)
    assert result.returncode != 0
    assert "tag invalid" in result.stderr and "immutable" in result.stderr
    assert skopeo.inspect_raw(f"{name}:v1") == one.manifest


def test_without_login_skopeo_is_refused(berth, ecr, workdir, name):
    ecr.create_repository(repositoryName=name)
    image = oci.Image("anon")
    src = layout(workdir, "src", [(image.manifest, image.media_type, "v1")], image.blobs)
    anonymous = Skopeo(berth.host, os.path.join(workdir))
    anonymous.authfile = os.path.join(workdir, "empty-auth.json")
    with open(anonymous.authfile, "w") as f:
        f.write("{}")
    result = anonymous.copy(f"oci:{src}:v1", f"docker://{berth.host}/{name}:v1", check=False)
    assert result.returncode != 0
    assert "unauthorized" in result.stderr.lower() or "authentication required" in result.stderr
    assert ecr.describe_images(repositoryName=name)["imageDetails"] == []


def test_a_wrong_password_is_refused_at_login(berth, workdir):
    result = Skopeo(berth.host, workdir).run(
        "login", "--authfile", os.path.join(workdir, "a.json"), "--tls-verify=false",
        "--username", "AWS", "--password-stdin", berth.host, input="not-a-token", check=False)
    assert result.returncode != 0
