#!/usr/bin/env bash
# The /v2 registry API: berth vs Debian's docker-registry (CNCF Distribution), side by side in one
# run; results appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/registry.py "$@"
