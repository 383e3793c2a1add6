#!/usr/bin/env bash
# Signed DescribeRepositories: berth vs moto_server, results appended to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/describe_repositories.py "$@"
