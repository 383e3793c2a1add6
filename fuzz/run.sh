#!/usr/bin/env bash
# Runs every libFuzzer target of a build tree for a while, all targets at once (libFuzzer
# uses one core each; the kernel shares them), each from its seed corpus in fuzz/corpus/<name>/.
# A crash, leak, sanitizer report, timeout or out-of-memory fails the run: its log is printed
# and the input that did it is left in <build>/fuzz-artifacts/ (reproduce: <target> <file>).
#
#   fuzz/run.sh <build dir> [seconds per target] [target names…]
set -euo pipefail
build="${1:?usage: fuzz/run.sh <build dir> [seconds] [targets…]}"
seconds="${2:-20}"
shift $(( $# < 2 ? $# : 2 ))
here="$(cd "$(dirname "$0")" && pwd)"

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for exe in "$build"/fuzz/fuzz_*; do targets+=("$(basename "$exe" | sed 's/^fuzz_//')"); done
fi

artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/../tests/lsan-suppressions.txt}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
pids=()
for name in "${targets[@]}"; do
  # New inputs go to a scratch corpus in the build tree: the repository's seeds stay as written.
  work="$build/fuzz-corpus/$name"
  mkdir -p "$work"
  "$build/fuzz/fuzz_$name" "$work" "$here/corpus/$name" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$name-" >"$build/fuzz-$name.log" 2>&1 &
  pids+=("$!")
done

failed=0
for i in "${!targets[@]}"; do
  name="${targets[$i]}"
  if wait "${pids[$i]}"; then
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz-$name.log" | grep -o '[0-9]*$' || true)"
    echo "fuzz $name: ok, ${runs:-?} runs in ${seconds}s"
  else
    echo "fuzz $name: FAILED (log: $build/fuzz-$name.log)" >&2
    tail -40 "$build/fuzz-$name.log" >&2
    failed=1
  fi
done
exit "$failed"
