#!/usr/bin/env bash
# Memory soak under mixed load (pushes, pulls, Logs, CloudTrail, S3, Insights): RSS and RssAnon
# sampled over SOAK_MINUTES (default 30), results appended to bench/RESULTS.md. See bench/soak.py.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/soak.py "$@"
