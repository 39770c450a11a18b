#!/usr/bin/env bash
# Installs what is missing, builds the Windows app and runs it under Wine, in the test prefix (Windows 10,
# with stand-ins for the Windows Update services Wine lacks).
# With a display: the window opens there. Without one: under Xvfb, saving a screenshot and printing its path.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

wud_install_packages
wud_fetch_sources
wud_build windows

prefix="$WUD_ROOT/build/windows/wineprefix"
fixture="$WUD_ROOT/build/windows/tests/fixtures/wud_fixture_service.exe"
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
trap 'bash "$WUD_ROOT/tests/wine/prefix.sh" teardown "$prefix" >/dev/null' EXIT

if [[ $# -gt 0 ]]; then   # a command: the console twin, in the same prefix
    bash "$WUD_ROOT/tests/wine/prefix.sh" setup "$prefix" "$fixture" >/dev/null
    set +e
    wine "$WUD_ROOT/dist/wudoctor.com" "$@"
    exit $?
fi

if [[ -n "${DISPLAY:-}" ]] && xdpyinfo >/dev/null 2>&1; then
    # Wine's desktop process must start on the display the window will use.
    WUD_PREFIX_DISPLAY="$DISPLAY" bash "$WUD_ROOT/tests/wine/prefix.sh" setup "$prefix" "$fixture"
    log "running dist/wudoctor.exe on $DISPLAY (close the window to quit)"
    wine "$WUD_ROOT/dist/wudoctor.exe"
    exit 0
fi

# No display: the prefix's own Xvfb, then a screenshot.
bash "$WUD_ROOT/tests/wine/prefix.sh" setup "$prefix" "$fixture"
DISPLAY="$(cat "$prefix/.wud-display")"
export DISPLAY
log "no display: running dist/wudoctor.exe under Xvfb ($DISPLAY)"
shot="$WUD_ROOT/build/screenshots/wudoctor.png"
mkdir -p "$(dirname "$shot")"
# The harness waits for the first frame that shows the services' status, then takes the screenshot.
python3 "$WUD_ROOT/tests/wine/wud_gui.py" screenshot "$WUD_ROOT/dist/wudoctor.exe" "$shot"
log "screenshot: $shot"
