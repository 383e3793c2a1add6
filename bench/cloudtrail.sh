#!/usr/bin/env bash
# CloudTrail: what recording every call costs (berth with recording on vs off, same build, same
# run), how fast events are recorded, and LookupEvents latency over a large history; results
# appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/cloudtrail.py "$@"
