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
bash "$WUD_ROOT/tests/wine/prefix.sh" setup "$prefix" "$WUD_ROOT/build/windows/tests/fixtures/wud_fixture_service.exe"
trap 'bash "$WUD_ROOT/tests/wine/prefix.sh" teardown "$prefix" >/dev/null; wud_stop_xvfb' EXIT
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

if [[ -n "${DISPLAY:-}" ]] && xdpyinfo >/dev/null 2>&1; then
    log "running dist/wudoctor.exe on $DISPLAY (close the window to quit)"
    wine "$WUD_ROOT/dist/wudoctor.exe" "$@"
    exit 0
fi

wud_start_xvfb
log "no display: running dist/wudoctor.exe under Xvfb ($DISPLAY)"
wine "$WUD_ROOT/dist/wudoctor.exe" "$@" &
app=$!
for _ in $(seq 1 100); do
    xdotool search --name '^WU Doctor$' >/dev/null 2>&1 && break
    kill -0 "$app" 2>/dev/null || { echo "wudoctor.exe exited early" >&2; exit 1; }
    sleep 0.2
done
sleep "${WUD_SCREENSHOT_DELAY:-3}"   # let the first status poll land
shot="$WUD_ROOT/build/screenshots/wudoctor.png"
mkdir -p "$(dirname "$shot")"
win="$(xdotool search --name '^WU Doctor$' | head -n1)"
import -window "${win:-root}" "$shot"
log "screenshot: $shot"
