#!/usr/bin/env bash
# Paths test: wudoctor.exe and wudoctor.com run from a folder whose path has spaces,
# non-ASCII letters and characters that trip up format strings and shells ({0} & 100%). Under Wine:
#   - the window starts from there (on the test prefix's Xvfb), shows the services, takes a click, closes;
#   - the CLI's --version, status, log, report (text and JSON) work from there, with the right exit codes;
#   - the log folder is created beside the exe, not in %LOCALAPPDATA%; `log` prints its path exactly;
#   - the report is valid UTF-8 and names that log folder;
#   - an elevated relaunch (relaunchElevated, "runas") from there passes tricky arguments through unchanged.
# Usage: paths_test.sh DIST_DIR RELAUNCH_ECHO_EXE WORK_DIR      (WINEPREFIX etc. come from CTest)
set -euo pipefail
dist="$1" echo_exe="$2" work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
# Wine turns Unix command-line arguments and file names into UTF-16 through the Unix locale: make it UTF-8.
export LC_ALL=C.UTF-8
# The prefix's display for every wine call, the console ones too (see plant_test.sh: a session's desktop keeps the
# display its first program found).
DISPLAY="$(cat "${WINEPREFIX:?}/.wud-display")"
export DISPLAY

win_path() { local p; p="$(readlink -f "$1")"; printf 'Z:%s' "${p//\//\\}"; }
failures=0
ok() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
expect_eq() { if [[ "$2" == "$3" ]]; then ok "$1"; else fail "$1: expected [$3], got [$2]"; fi; }

rm -rf "$work"
mkdir -p "$work"
work="$(readlink -f "$work")"
dir="$work/USB stick/Prüfung Ordner ünï/日本 {0} & 100%"
mkdir -p "$dir" "$work/localappdata"
cp "$dist/wudoctor.exe" "$dist/wudoctor.com" "$echo_exe" "$dir/"
win="$(win_path "$dir")"
# A private %LOCALAPPDATA%: the log must not fall back there (it would if the exe's folder were not usable).
export LOCALAPPDATA="$(win_path "$work/localappdata")"
echo "folder: $win"

# run NAME ARGS...: runs wudoctor.com from the folder (working directory = the folder too); sets rc, out, err.
run() {
    rc=0
    out="$(cd "$dir" && wine "$win\\wudoctor.com" "$@" </dev/null 2>"$work/stderr.txt")" || rc=$?
    err="$(cat "$work/stderr.txt")"
}

echo "== the window, started from the folder (first, so it is the one that creates the log folder)"
if python3 "$here/../wine/wud_gui.py" drive "$win\\wudoctor.exe" "$work/probe.json" refresh; then
    ok "the window started from the folder, showed the services, took a click and closed"
else
    fail "the window from the folder"
fi
[[ -f "$dir/wudoctor-logs/wudoctor.log" ]] && ok "the window opened its log beside the exe" \
    || fail "no $dir/wudoctor-logs/wudoctor.log after the window ran"

echo "== wudoctor.com --version"
run --version
expect_eq "--version exit code" "$rc" 0
[[ "$out" == "WU Doctor "[0-9]* ]] && ok "--version prints the version" || fail "--version printed [$out]"

echo "== wudoctor.com status"
run status
expect_eq "status exit code" "$rc" 0
[[ "$out" == *wuauserv* && "$out" == *UsoSvc* ]] && ok "status lists UsoSvc and wuauserv" || fail "status printed [$out] [$err]"

echo "== wudoctor.com log"
run log
expect_eq "log exit code" "$rc" 0
expect_eq "log prints the log file beside the exe" "$out" "$win\\wudoctor-logs\\wudoctor.log"
run log --json
expect_eq "log --json exit code" "$rc" 0
expect_eq "log --json: no fallback" "$(jq -r .fallback <<<"$out")" false
expect_eq "log --json: the folder beside the exe" "$(jq -r .log_folder <<<"$out")" "$win\\wudoctor-logs"

echo "== wudoctor.com report"
run report
expect_eq "report exit code" "$rc" 0
iconv -f UTF-8 -t UTF-8 <<<"$out" >/dev/null 2>&1 && ok "the report is valid UTF-8" || fail "the report is not valid UTF-8"
grep -qxF "Log folder  $win\\wudoctor-logs" <<<"$out" && ok "the report names the log folder, path intact" \
    || fail "the report's log folder line: [$(grep -a 'Log folder' <<<"$out")]"
run report --json
expect_eq "report --json exit code" "$rc" 0
jq -e --arg f "$win\\wudoctor-logs" '.report | contains($f)' <<<"$out" >/dev/null \
    && ok "report --json carries the same path" || fail "report --json lacks the log folder path"

echo "== the log file"
log="$dir/wudoctor-logs/wudoctor.log"
iconv -f UTF-8 -t UTF-8 "$log" >/dev/null 2>&1 && ok "the log is valid UTF-8" || fail "the log is not valid UTF-8"
grep -qF "Log folder  $win\\wudoctor-logs" "$log" && ok "the logged report has the path intact" \
    || fail "the logged report lacks the path"
grep -qF "'status'" "$log" && ok "the status run is logged" || fail "the status run is not in the log"
left="$(find "$work/localappdata" -mindepth 1 | head -5)"
[[ -z "$left" ]] && ok "nothing written to %LOCALAPPDATA%" || fail "written to %LOCALAPPDATA%: $left"

echo "== elevated relaunch from the folder (relaunchElevated, runas)"
if (cd "$dir" && wine "$win\\$(basename "$echo_exe")" </dev/null); then
    ok "relaunchElevated passed every argument through unchanged"
else
    fail "elevated relaunch round trip"
fi

if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all paths checks passed"
