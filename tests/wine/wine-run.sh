#!/usr/bin/env bash
# CMAKE_CROSSCOMPILING_EMULATOR: runs a Windows test exe under Wine in the test prefix (WINEPREFIX from
# CTest), on the prefix's Xvfb display (see prefix.sh).
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
if [[ -z "${WINEPREFIX:-}" ]]; then
    echo "wine-run.sh: WINEPREFIX is not set (run the tests through ctest)" >&2
    exit 2
fi
if [[ -f "$WINEPREFIX/.wud-display" ]]; then
    DISPLAY="$(cat "$WINEPREFIX/.wud-display")"
    export DISPLAY
fi
exec wine "$@"
