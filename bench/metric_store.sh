#!/usr/bin/env bash
# The metric store's footprint (bench/metric_store.cc): bytes on disk per datapoint after a
# checkpoint for regular series (a random walk for a week, noise for a day), and RSS at 100,000
# active series (an hour each). Prints the figures; bench/RESULTS.md holds the recorded ones.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BENCH_BIN:-build/release/bench_metric_store}
dir=$(mktemp -d /tmp/berth-bench-store-XXXXXX)
trap 'rm -rf "$dir"' EXIT
for args in "1000 10080 walk" "1000 1440 noise" "100000 60 walk"; do
  rm -rf "$dir/store"
  echo "== series minutes values: $args"
  # shellcheck disable=SC2086
  set -- $args
  "$BIN" "$1" "$2" "$dir/store" "$3"
done
