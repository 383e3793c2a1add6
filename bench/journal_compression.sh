#!/usr/bin/env bash
# CloudTrail journal compression: bytes per recorded call and recording throughput with the
# journal compressed (zstd, the default) and plain, and LookupEvents latency over each; results
# appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/journal_compression.py "$@"
