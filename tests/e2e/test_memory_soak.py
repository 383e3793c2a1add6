"""The short memory soak: bench/soak.py's mixed load (pushes, pulls, PutLogEvents,
FilterLogEvents, LookupEvents, S3, Insights) for 90 seconds against a berth with small cache
bounds, checking that SQLite's heap (its page caches, read from GET /metrics) stays within the
configured bounds and that RssAnon does not keep growing after warm-up. The 30-minute run is
bench/soak.sh (results in bench/RESULTS.md)."""
import os
import re
import subprocess
import sys

from conftest import BERTH_BIN, REPO_ROOT

# Page caches of 2 MiB (writer) + 2 × 1 MiB (readers); SQLite's schemas and prepared
# statements come on top (a few MiB).
SERVE_ARGS = "--db-cache-mib 2 --db-read-cache-mib 1 --db-readers 2"
MAX_SQLITE_MIB = 10
# After warm-up the page caches may still fill their last few MiB; a leak of the size issue 16
# measured (0.6 KB per call, at a few hundred calls a second) would show past this.
MAX_GROWTH_MIB = 24


def growth_bound_mib():
    """In the sanitizer build RSS measures ASan, not berth: its quarantine keeps freed memory (up
    to 256 MiB by default) and its allocator adds redzones, so only SQLite's bound is checked
    there. Read when the test runs, not at every worker's collection. GCC links ASan's runtime
    as libasan.so, so the binary itself names only the runtime's entry point, __asan_init, which
    every instrumented object calls (clang's static runtime defines it too)."""
    with open(BERTH_BIN, "rb") as binary:
        sanitized = b"__asan_init" in binary.read()
    return 1 << 20 if sanitized else MAX_GROWTH_MIB


def test_memory_levels_off_under_mixed_load():
    env = dict(os.environ, BERTH_BIN=BERTH_BIN, SOAK_MINUTES="1.5", SOAK_WORKERS="2",
               SOAK_SAMPLE="5", SOAK_NO_RESULTS="1", SOAK_SERVE_ARGS=SERVE_ARGS,
               SOAK_MAX_SQLITE_MIB=str(MAX_SQLITE_MIB),
               SOAK_MAX_GROWTH_MIB=str(growth_bound_mib()))
    proc = subprocess.run([sys.executable, os.path.join(REPO_ROOT, "bench", "soak.py")],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-6000:]
    # The bound was checked on real readings: /metrics answered every sample.
    held = float(re.search(r'"sqlite_max_mib": ([\d.]+)', proc.stdout).group(1))
    assert 0 < held <= MAX_SQLITE_MIB, proc.stdout[-3000:]
