#!/usr/bin/env bash
# PutLogEvents ingestion into berth (durable, several streams, full batches), results appended to
# bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/logs_ingest.py "$@"
