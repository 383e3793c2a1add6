#!/usr/bin/env bash
# What a Logs subscription filter costs PutLogEvents and how fast berth delivers; results
# appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/logs_subscriptions.py "$@"
