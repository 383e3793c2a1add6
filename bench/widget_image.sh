#!/usr/bin/env bash
# GetMetricWidgetImage of 10 series x 1,440 points at 800x400, p50/p99 over 250 calls; results
# appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/widget_image.py "$@"
