#!/usr/bin/env bash
# A Logs Insights filter | stats query over CloudTrail-shaped records: berth vs jq, with berth's
# memory while it scans; results appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/logs_insights.py "$@"
