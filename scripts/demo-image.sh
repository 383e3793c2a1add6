#!/usr/bin/env bash
# Writes a tiny one-layer container image as an OCI image layout, so that the README's push and
# pull work on an offline machine: skopeo, docker and berth need an image, and none can be pulled
# from a public registry there. The image holds one text file; it is not meant to run.
#
#   scripts/demo-image.sh DIR [TAG]     then: skopeo copy oci:DIR:TAG docker://…
#
# Done with coreutils, tar and gzip rather than a tool such as umoci, which Debian packages but
# the README cannot assume is installed.
set -euo pipefail
dir="${1:?usage: scripts/demo-image.sh DIR [TAG]}"
tag="${2:-v1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dir/blobs/sha256" "$work/root"

# Put one blob into the layout; prints its digest and size as "sha256:HEX SIZE".
put_blob() {
  local hex size
  hex="$(sha256sum "$1" | cut -d' ' -f1)"
  size="$(stat -c %s "$1")"
  cp "$1" "$dir/blobs/sha256/$hex"
  echo "sha256:$hex $size"
}

echo "hello from berth's demo image ($tag)" >"$work/root/hello.txt"
# Fixed owner, mode and time: the same TAG gives the same digests on every machine.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --mode=0644 \
  -C "$work/root" -cf "$work/layer.tar" hello.txt
diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
gzip -n -c "$work/layer.tar" >"$work/layer.tar.gz"
read -r layer_digest layer_size < <(put_blob "$work/layer.tar.gz")

printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$diff_id" >"$work/config.json"
read -r config_digest config_size < <(put_blob "$work/config.json")

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%s}]}' \
  "$config_digest" "$config_size" "$layer_digest" "$layer_size" >"$work/manifest.json"
read -r manifest_digest manifest_size < <(put_blob "$work/manifest.json")

printf '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest_digest" "$manifest_size" "$tag" >"$dir/index.json"
echo "wrote $dir (tag $tag, manifest $manifest_digest)"
