#!/usr/bin/env bash
# Alarm evaluation on schedule: 10,000 alarms for 150 s on the system clock (bench/alarms.cc).
# Targets (issue 12): under 10% of one core on average, no evaluation late by more than 2 s.
#   bench/alarms.sh [ALARMS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ALARMS=${1:-10000}
SECONDS_RUN=${2:-150}
BIN=build/release/bench_alarms
[ -x "$BIN" ] || { echo "build first: make release" >&2; exit 1; }
DIR=$(mktemp -d /tmp/bench-alarms-XXXXXX)
trap 'rm -rf "$DIR"' EXIT
"$BIN" "$ALARMS" "$SECONDS_RUN" "$DIR"
