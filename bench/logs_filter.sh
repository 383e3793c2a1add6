#!/usr/bin/env bash
# FilterLogEvents with a JSON pattern over CloudTrail-shaped records: berth vs jq vs moto_server,
# results appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/logs_filter.py "$@"
