#!/usr/bin/env bash
# GetMetricData with SEARCH() and Metrics Insights over 10,000 stored series, p50/p99 per query
# kind against a MetricStat baseline; results appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/metric_query_features.py "$@"
