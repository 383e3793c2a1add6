#!/usr/bin/env bash
# The metric store's footprint (bench/metric_store.cc): bytes on disk per datapoint after a
# checkpoint for regular series (a random walk for a week, noise for a day), and RSS at 100,000
# active series (an hour each, walk and noise). BENCH_BEFORE_BIN: a bench_metric_store built from
# an older commit, run on the same data right after each case (before/after in one run). Then
# bench_metric_chunk_reads (the chunked table against the flat one, reads and puts). Prints the
# figures; bench/RESULTS.md holds the recorded ones.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BENCH_BIN:-build/release/bench_metric_store}
BEFORE=${BENCH_BEFORE_BIN:-}
dir=$(mktemp -d /tmp/berth-bench-store-XXXXXX)
trap 'rm -rf "$dir"' EXIT
for args in "1000 10080 walk" "1000 1440 noise" "100000 60 walk" "100000 60 noise"; do
  # shellcheck disable=SC2086
  set -- $args
  for bin in "$BIN" $BEFORE; do
    rm -rf "$dir/store"
    echo "== $bin: series minutes values: $args"
    "$bin" "$1" "$2" "$dir/store" "$3"
  done
done
echo "== chunked vs flat table, same process"
"$(dirname "$BIN")/bench_metric_chunk_reads"
