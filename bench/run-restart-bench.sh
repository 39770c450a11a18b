#!/usr/bin/env bash
# Runs bench/restart_bench.cpp under Wine in the test prefix. Usage: bench/run-restart-bench.sh [RUNS]
# (after a Windows build: cmake --build --preset windows).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build/windows"
prefix="$build/bench-wineprefix"   # its own prefix: never disturbs a test run
bash "$root/tests/wine/prefix.sh" setup "$prefix" "$build/tests/fixtures/wud_fixture_service.exe" >/dev/null
trap 'bash "$root/tests/wine/prefix.sh" teardown "$prefix" >/dev/null' EXIT
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wine "$build/bench/wud_bench_restart.exe" "${1:-9}"
