#!/usr/bin/env bash
# CMAKE_CROSSCOMPILING_EMULATOR: runs a Windows test exe under Wine in the test prefix (WINEPREFIX from CTest).
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
if [[ -z "${WINEPREFIX:-}" ]]; then
    echo "wine-run.sh: WINEPREFIX is not set (run the tests through ctest)" >&2
    exit 2
fi
exec wine "$@"
