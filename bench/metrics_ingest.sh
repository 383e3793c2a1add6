#!/usr/bin/env bash
# PutMetricData ingestion into berth (durable, gzipped JSON 1.0, 1,000 datums a request over
# 10,000 series), results appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/metrics_ingest.py "$@"
