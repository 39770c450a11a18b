#!/usr/bin/env bash
# No stray writes: snapshot the Wine prefix's files, the app's folder and the registry
# (HKLM + HKCU, exported live from the wineserver), run the CLI (status, report, log, start / restart / stop a
# fixture service, repair-start-type of one) and the window (with clicks), snapshot again, and assert:
#   - files: nothing new, changed or removed anywhere in the prefix or beside the exe, except the log folder;
#   - registry: the only differences are the start-type change the test asked for (CryptSvc: demand ->
#     automatic, Windows' default) and the Wine artefacts regdiff.py lists and explains.
# Excluded from the file snapshot, narrowly:
#   - system.reg, user.reg, userdef.reg: the registry's storage, rewritten by the wineserver on its own
#     schedule; the registry is compared through the exports instead (they include volatile keys too);
#   - C:\wud\fixture-records.txt: written by the fixture service (our stand-in for Windows' services), not by us;
#   - directory mtimes: a directory's mtime moves whenever an entry in it is replaced (the .reg files are
#     saved by rename); created / removed entries are still caught by the file list.
# The wineserver's socket directory (/tmp/.wine-UID) is outside the prefix and not looked at.
# Usage: stray_writes_test.sh DIST_DIR SVC_START_TYPE_EXE WORK_DIR      (WINEPREFIX etc. come from CTest)
set -euo pipefail
dist="$1" svc_tool="$2" work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
export LC_ALL=C.UTF-8
: "${WINEPREFIX:?}"
# The prefix's display for every wine call, the console ones (regedit, wudoctor.com) too: the first program of a
# Wine session starts its desktop process, which keeps the display it found for the whole session
# (tests/wine/prefix.sh). Started without DISPLAY, it left the window no way to open, now and then (GLFW: "Failed to
# create helper window", seen once in 5 runs).
DISPLAY="$(cat "$WINEPREFIX/.wud-display")"
export DISPLAY

win_path() { local p; p="$(readlink -f "$1")"; printf 'Z:%s' "${p//\//\\}"; }
failures=0
ok() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }

rm -rf "$work"
mkdir -p "$work/app" "$work/cwd" "$work/instrumentation"
work="$(readlink -f "$work")"
app="$work/app"
cp "$dist/wudoctor.exe" "$dist/wudoctor.com" "$app/"
appwin="$(win_path "$app")"

# snapshot DIR: files (type, size, mtime; directories by name only) of the prefix and the app folder, and
# the registry exported by regedit (which asks the running wineserver: volatile keys included).
snapshot() {
    local out="$work/$1"
    mkdir -p "$out"
    find "$WINEPREFIX" \( -path "$WINEPREFIX/dosdevices" -o -path "$WINEPREFIX/system.reg" \
                          -o -path "$WINEPREFIX/user.reg" -o -path "$WINEPREFIX/userdef.reg" \
                          -o -path "$WINEPREFIX/drive_c/wud/fixture-records.txt" \) -prune \
         -o -type d -printf 'd - - %p\n' -o -printf '%y %s %T@ %p\n' >"$out/files.unsorted"
    find "$app" "$work/cwd" -type d -printf 'd - - %p\n' -o -printf '%y %s %T@ %p\n' >>"$out/files.unsorted"
    sort -k4 "$out/files.unsorted" >"$out/files.txt"
    rm "$out/files.unsorted"
    wine regedit /E "$(win_path "$out")\\hklm.reg" HKEY_LOCAL_MACHINE </dev/null
    wine regedit /E "$(win_path "$out")\\hkcu.reg" HKEY_CURRENT_USER </dev/null
    [[ -s "$out/hklm.reg" && -s "$out/hkcu.reg" ]] || { echo "FAIL: regedit exported nothing"; exit 1; }
}

# wud EXPECTED_EXIT ARGS...: runs the copied wudoctor.com from an empty working directory.
wud() {
    local expected="$1" rc=0
    shift
    (cd "$work/cwd" && wine "$appwin\\wudoctor.com" "$@" </dev/null >"$work/instrumentation/out.txt" 2>&1) || rc=$?
    echo "      wudoctor $* -> exit $rc"
    [[ $rc -eq $expected ]] || fail "wudoctor $* exited $rc, not $expected: $(head -c 400 "$work/instrumentation/out.txt")"
}

# demand_start NAME: puts the fixture service's start type back to the prefix's default, demand (3).
demand_start() {
    wine "$(win_path "$svc_tool")" "$1" 3 </dev/null || { echo "FAIL: could not reset $1's start type"; exit 1; }
}

# The fixture's config must be the prefix default, or the expected registry change would not be one.
demand_start CryptSvc
wine sc stop UsoSvc </dev/null >/dev/null 2>&1 || true

echo "== snapshot before"
snapshot before

echo "== the CLI"
wud 0 status
wud 0 status --all --json
wud 0 report
wud 0 log
wud 0 start UsoSvc
wud 0 restart UsoSvc
wud 0 stop UsoSvc
wud 0 repair-start-type CryptSvc
wud 0 --version
wud 2 nosuch-command   # a usage error: nothing done, nothing written

echo "== the window (clicks: Refresh, Copy report, Related services, Refresh)"
if python3 "$here/../wine/wud_gui.py" drive "$appwin\\wudoctor.exe" "$work/instrumentation/probe.json" \
        refresh copy-report related refresh; then
    ok "the window ran, took its clicks and closed"
else
    fail "the window run"
fi

echo "== snapshot after"
snapshot after

echo "== files"
# Everything under the app's log folder may change; nothing else.
logs="$app/wudoctor-logs"
diff <(grep -v -F " $logs" "$work/before/files.txt") <(grep -v -F " $logs" "$work/after/files.txt") \
    >"$work/files.diff" && status=0 || status=$?
if [[ $status -eq 0 ]]; then
    ok "no file written, changed or removed outside $logs ($(wc -l <"$work/after/files.txt") entries compared)"
else
    fail "files written outside the log folder:"
    sed 's/^/      /' "$work/files.diff" | head -40
fi
[[ -s "$logs/wudoctor.log" ]] && ok "the log folder has the log" || fail "no log in $logs"

echo "== registry"
if python3 "$here/regdiff.py" "$work/before/hklm.reg" "$work/after/hklm.reg" --wine-noise \
        --expect 'HKEY_LOCAL_MACHINE\System\CurrentControlSet\Services\CryptSvc' Start dword:00000003 dword:00000002 \
        | sed 's/^/      /'; [[ ${PIPESTATUS[0]} -eq 0 ]]; then
    ok "HKLM: only the start-type change the test asked for (and explained Wine artefacts)"
else
    fail "HKLM has unexplained changes"
fi
if python3 "$here/regdiff.py" "$work/before/hkcu.reg" "$work/after/hkcu.reg" --wine-noise | sed 's/^/      /'; \
        [[ ${PIPESTATUS[0]} -eq 0 ]]; then
    ok "HKCU: nothing but explained Wine artefacts"
else
    fail "HKCU has unexplained changes"
fi

# Put the fixture back as the prefix had it, for the tests after this one.
demand_start CryptSvc

if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "no stray writes"
