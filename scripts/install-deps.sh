#!/usr/bin/env bash
# Installs the Debian packages berth builds and tests with, when missing. As root it installs
# them; otherwise it prints the apt-get line to run. Idempotent and quick when all are present.
set -euo pipefail

build_packages=(cmake ninja-build g++ make pkg-config ccache libboost1.81-dev libssl-dev
  libsqlite3-dev zlib1g-dev libexpat1-dev libsimdjson-dev libcli11-dev libre2-dev libcbor-dev
  libgtest-dev liblz4-dev libzstd-dev libisal-dev libcairo2-dev libpng-dev fonts-dejavu-core
  prometheus-cpp-dev)
# clang and its runtime (libFuzzer, ASan, UBSan): the fuzz targets of fuzz/ (`make fuzz`).
test_packages=(awscli skopeo wrk python3-pytest python3-pytest-xdist docker-registry jq
  chromium python3-cryptography clang libclang-rt-dev
  python3-prometheus-client)

want=("${build_packages[@]}")
if [[ "${1:-}" == "--with-test-tools" ]]; then want+=("${test_packages[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The JS SDK v3 clients and playwright-core (which drives Debian's chromium; it downloads no
# browser) the e2e tests use (tests/e2e/js: versions pinned by its lock file).
install_js_sdk() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/e2e/js"
  # Up to date when npm's own record of node_modules is newer than the lock file (a client
  # added to package.json re-runs npm ci).
  [[ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]] && return 0
  if ! command -v npm >/dev/null; then
    echo "berth: npm is missing (the JS SDK e2e tests need node and npm)" >&2
    return 1
  fi
  echo "berth: installing the JS SDK test clients (npm ci in tests/e2e/js)" >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

if [[ ${#missing[@]} -eq 0 ]]; then
  if [[ "${1:-}" == "--with-test-tools" ]]; then install_js_sdk; fi
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  echo "berth: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ "${1:-}" == "--with-test-tools" ]]; then install_js_sdk; fi
else
  echo "berth: missing Debian packages; run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
