"""Builds small, real OCI/Docker images in memory and pushes them through the ECR API."""
import gzip
import hashlib
import io
import json
import tarfile

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def layer(files: dict) -> bytes:
    """A gzipped tar with the given {path: bytes}, deterministic."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, content in sorted(files.items()):
            info = tarfile.TarInfo(path)
            info.size = len(content)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(content))
    return gzip.compress(buf.getvalue(), mtime=0)


def config(layers, arch="amd64") -> bytes:
    diff_ids = [digest(gzip.decompress(l)) for l in layers]
    return json.dumps({
        "architecture": arch, "os": "linux",
        "config": {"Cmd": ["/bin/true"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
    }, sort_keys=True).encode()


class Image:
    """An image: its blobs (config + layers) and its manifest bytes."""

    def __init__(self, seed: str, layer_count=2, docker=False, arch="amd64", layer_size=0):
        self.layers = [layer({f"{seed}/file{i}": (seed * (1 + layer_size // max(1, len(seed))))
                              .encode()[: max(layer_size, len(seed))] + bytes([i])})
                       for i in range(layer_count)]
        self.config = config(self.layers, arch)
        self.docker = docker
        self.media_type = DOCKER_MANIFEST if docker else OCI_MANIFEST
        manifest = {
            "schemaVersion": 2,
            "mediaType": self.media_type,
            "config": {"mediaType": DOCKER_CONFIG if docker else OCI_CONFIG,
                       "digest": digest(self.config), "size": len(self.config)},
            "layers": [{"mediaType": DOCKER_LAYER if docker else OCI_LAYER,
                        "digest": digest(l), "size": len(l)} for l in self.layers],
        }
        self.manifest = json.dumps(manifest, indent=2).encode()
        self.digest = digest(self.manifest)

    @property
    def blobs(self):
        return [self.config, *self.layers]

    @property
    def layers_size(self):
        return sum(len(l) for l in self.layers)


def upload_blob(ecr, repo, data: bytes, part_size=None):
    """InitiateLayerUpload, UploadLayerPart (in parts), CompleteLayerUpload."""
    upload = ecr.initiate_layer_upload(repositoryName=repo)
    part_size = part_size or upload["partSize"]
    first = 0
    while first < len(data):
        chunk = data[first:first + part_size]
        res = ecr.upload_layer_part(repositoryName=repo, uploadId=upload["uploadId"],
                                    partFirstByte=first, partLastByte=first + len(chunk) - 1,
                                    layerPartBlob=chunk)
        assert res["lastByteReceived"] == first + len(chunk) - 1
        first += len(chunk)
    done = ecr.complete_layer_upload(repositoryName=repo, uploadId=upload["uploadId"],
                                     layerDigests=[digest(data)])
    assert done["layerDigest"] == digest(data)
    return done


def push(ecr, repo, image: Image, tag=None, part_size=None):
    """Uploads the blobs the repository lacks, then PutImage."""
    check = ecr.batch_check_layer_availability(
        repositoryName=repo, layerDigests=[digest(b) for b in image.blobs])
    present = {l["layerDigest"] for l in check["layers"]}
    for blob in image.blobs:
        if digest(blob) not in present:
            upload_blob(ecr, repo, blob, part_size)
            present.add(digest(blob))
    kwargs = {"imageTag": tag} if tag else {}
    return ecr.put_image(repositoryName=repo, imageManifest=image.manifest.decode(),
                         imageManifestMediaType=image.media_type, **kwargs)


def write_layout(path: str, manifests, blobs, index_annotations_ref=None):
    """Writes an OCI image layout at `path`: every blob, and an index.json listing `manifests`
    as (manifest_bytes, media_type, ref_name) triples (ref_name may be None)."""
    import os
    os.makedirs(os.path.join(path, "blobs", "sha256"), exist_ok=True)
    with open(os.path.join(path, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    for data in blobs:
        with open(os.path.join(path, "blobs", "sha256", digest(data)[7:]), "wb") as f:
            f.write(data)
    entries = []
    for data, media_type, ref in manifests:
        with open(os.path.join(path, "blobs", "sha256", digest(data)[7:]), "wb") as f:
            f.write(data)
        entry = {"mediaType": media_type, "digest": digest(data), "size": len(data)}
        if ref:
            entry["annotations"] = {"org.opencontainers.image.ref.name": ref}
        entries.append(entry)
    with open(os.path.join(path, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": entries}, f)


def image_layout(path: str, image: "Image", ref="latest"):
    """An OCI layout holding one image under `ref`."""
    write_layout(path, [(image.manifest, image.media_type, ref)], image.blobs)


def write_dir(path: str, manifest: bytes, blobs):
    """skopeo's dir: transport (for Docker schema 2 images, which an OCI layout cannot hold):
    manifest.json and each blob named by its hex digest."""
    import os
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "version"), "w") as f:
        f.write("Directory Transport Version: 1.1\n")
    with open(os.path.join(path, "manifest.json"), "wb") as f:
        f.write(manifest)
    for data in blobs:
        with open(os.path.join(path, digest(data)[7:]), "wb") as f:
            f.write(data)
