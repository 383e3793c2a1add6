"""Runs the end-to-end tests with pytest.

pytest comes from Debian's python3-pytest (PyPI is not reachable on our machines), while boto3 and
the aws CLI are the pip-installed ones of the python3 on PATH. Debian's dist-packages folder is
appended to the END of sys.path so that pip's boto3/botocore win over any Debian copy.

Tests run in parallel (Debian's python3-pytest-xdist): most of a test's time is spent waiting on
a CLI or a server, not on the CPU. Each worker starts its own berth (the session fixture) on a
free port with its own data dir; tests make their own uniquely named resources, so which worker
runs which test does not matter.
E2E_WORKERS overrides the worker count (6; 0 runs everything in this process).
"""
import importlib.util
import os
import sys

sys.path.append("/usr/lib/python3/dist-packages")

import pytest  # noqa: E402


def parallel_args():
    # Six, on CI's two cores: most of a test's time is spent waiting (on a CLI's start-up, an
    # alarm's evaluation, a delivery interval), so more workers than cores shorten the run.
    workers = os.environ.get("E2E_WORKERS", "6")
    if workers == "0":
        return []
    if importlib.util.find_spec("xdist") is None:
        return []
    return ["-n", workers, "--dist", "load"]


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    args = sys.argv[1:]
    # Test files or node ids given on the command line narrow the run; otherwise every module.
    named = [a for a in args if not a.startswith("-") and os.path.exists(a.split("::")[0])]
    targets = [] if named else [here]
    # The slowest tests are listed at the end, to see where the suite's time goes.
    sys.exit(pytest.main([*targets, "-p", "no:cacheprovider", "--durations=15", *parallel_args(),
                          *args]))
