#!/usr/bin/env bash
# Installs what is missing, builds both trees and runs every test:
#   host    - platform-neutral core, native g++ with ASan + UBSan
#   wine    - the Windows build's unit and integration tests under Wine, against Wine's real SCM
#   e2e     - the real window and CLI under Wine (+ Xvfb + xdotool for the window)
# Extra arguments go to both ctest runs (e.g. -L host, -R restart).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

wud_install_packages
wud_fetch_sources

status=0
# CI's configure: warnings are errors here (a developer's own build only shows them).
for preset in host windows; do cmake --preset "$preset" -DWUD_WARNINGS_AS_ERRORS=ON >/dev/null; done
wud_build host
log "testing (host)"
ctest --preset host "$@" || status=1

wud_build windows
log "testing (windows, under Wine)"
ctest --preset windows "$@" || status=1

exit $status
