#!/usr/bin/env bash
# The test Wine prefix, used by CTest's "wine_prefix" fixture.
#
#   prefix.sh setup    PREFIX FIXTURE_EXE [RECORDER_EXE]
#                                           create once per build tree (Windows 10), start a persistent
#                                           wineserver and an Xvfb for it ($PREFIX/.wud-display), put the test
#                                           tools in C:\wud, (re)register the fixture services, reset their config
#   prefix.sh teardown PREFIX               stop that prefix's wineserver (and with it every service) and Xvfb
#   prefix.sh os       PREFIX win10|win11   make the prefix report Windows 10 (19045) or Windows 11 (22631)
#   prefix.sh stock    PREFIX win10|win11 START_TYPE_TOOL
#                                           make it look like a stock Windows 10 22H2 / 11 23H2 as far as Wine can
#                                           hold it (below); START_TYPE_TOOL is tests/e2e's wud_e2e_scq.exe
#   prefix.sh unstock  PREFIX START_TYPE_TOOL  undo `stock` (the prefix as setup leaves it, Windows 10)
#
# Wine ends services.exe and every service shortly after the last Wine program of a prefix exits, so
# the tests need a persistent wineserver (-p) for the services they start to survive between programs.
# Everything here addresses the prefix by WINEPREFIX: never by process name (others may run Wine too).
#
# What Wine reads back — a service's command line, a URL protocol's shell\open\command — names only short paths
# inside the prefix, whatever the checkout's path: Wine 8's shell32 reads a protocol's command into a
# 256-character buffer, so a recorder under a long build folder made ShellExecuteEx fail with 31 (SE_ERR_NOASSOC)
# when the project was cloned under a long path. C:\wud holds the tools (fixture.exe, rec.exe), the fixture
# services' shared record file and a scratch folder (tmp), emptied by every setup.
set -euo pipefail

cmd="${1:?usage: prefix.sh setup|teardown|os PREFIX ...}"
prefix="${2:?usage: prefix.sh setup|teardown|os PREFIX ...}"
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"   # Wine wants an absolute WINEPREFIX
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Wine's desktop process (explorer.exe) starts with the prefix's first program and picks its display driver
# then, for the whole session: started without a display, no window can be created later. So the fixture
# owns one Xvfb for the life of the persistent wineserver; GUI tests use it (DISPLAY from $prefix/.wud-display).
start_xvfb() {
    if [[ -n "${WUD_PREFIX_DISPLAY:-}" ]]; then   # a real display to use instead (scripts/run-app.sh)
        echo "$WUD_PREFIX_DISPLAY" > "$prefix/.wud-display"
        export DISPLAY="$WUD_PREFIX_DISPLAY"
        return
    fi
    command -v Xvfb >/dev/null || { echo "prefix.sh: Xvfb missing (apt-get install xvfb)" >&2; exit 1; }
    local fifo num
    fifo="$(mktemp -u)"
    mkfifo "$fifo"
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$fifo" </dev/null >/dev/null 2>&1 &
    echo $! > "$prefix/.wud-xvfb-pid"
    read -r -t 30 num <"$fifo" || { rm -f "$fifo"; echo "prefix.sh: Xvfb did not start" >&2; exit 1; }
    rm -f "$fifo"
    echo ":$num" > "$prefix/.wud-display"
    export DISPLAY=":$num"
}

stop_xvfb() {
    local pid
    pid="$(cat "$prefix/.wud-xvfb-pid" 2>/dev/null || true)"
    # Only our own Xvfb: the pid file's process, and only if it still is an Xvfb.
    if [[ -n "$pid" ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == Xvfb ]]; then
        kill "$pid" 2>/dev/null || true
    fi
    rm -f "$prefix/.wud-xvfb-pid" "$prefix/.wud-display"
}

stop_all() {
    wineserver -k 2>/dev/null || true
    stop_xvfb
}
stamp_version=4
tools="$prefix/drive_c/wud"   # C:\wud

set_os() {
    local key='HKLM\Software\Microsoft\Windows NT\CurrentVersion' build
    case "$1" in
        win10) build=19045 ;;
        win11) build=22631 ;;
        *) echo "prefix.sh: unknown OS '$1' (win10 or win11)" >&2; exit 2 ;;
    esac
    # Wine 8.0 knows no "win11" name: with no Wine-side version set, it reports what these values say.
    wine reg delete 'HKCU\Software\Wine' /v Version /f >/dev/null 2>&1 || true
    wine reg add "$key" /v CurrentVersion /d 10.0 /f >/dev/null
    wine reg add "$key" /v CurrentBuild /d "$build" /f >/dev/null
    wine reg add "$key" /v CurrentBuildNumber /d "$build" /f >/dev/null
    wine reg add "$key" /v CurrentMajorVersionNumber /t REG_DWORD /d 10 /f >/dev/null
    wine reg add "$key" /v CurrentMinorVersionNumber /t REG_DWORD /d 0 /f >/dev/null
}

# The Windows Update services Wine does not have, each an instance of the fixture service with
# default (well-behaved) flags. Wine's own wuauserv, BITS and msiserver stay Wine's.
fixture_services=(
    "UsoSvc|Update Orchestrator Service"
    "CryptSvc|Cryptographic Services"
    "TrustedInstaller|Windows Modules Installer"
    "WaaSMedicSvc|Windows Update Medic Service"
    "DoSvc|Delivery Optimization"
)

setup() {
    local fixture="${1:?setup needs the fixture service exe}" recorder="${2:-}"
    [[ -f "$fixture" ]] || { echo "prefix.sh: fixture service not built: $fixture" >&2; exit 1; }
    [[ -z "$recorder" || -f "$recorder" ]] || { echo "prefix.sh: recorder not built: $recorder" >&2; exit 1; }
    if [[ "$(cat "$prefix/.wud-ready" 2>/dev/null)" != "$stamp_version" ]]; then
        echo "prefix.sh: creating the test prefix $prefix (once per build tree)"
        stop_all
        rm -rf "$prefix"
        mkdir -p "$prefix"
        wineserver -p </dev/null >/dev/null 2>&1
        DISPLAY= wine wineboot -i </dev/null >/dev/null 2>&1
        set_os win10
        # A program that crashes ends at once with Wine's "Unhandled page fault …" line on its stderr (which the
        # GUI harness quotes), instead of waiting behind Wine's crash dialog until a test times out.
        wine reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f >/dev/null
        echo "$stamp_version" > "$prefix/.wud-ready"
    fi
    # A fresh server: every service stopped (and, after wineboot, an SCM that has settled).
    stop_all
    # A stand-in dismapi.dll / sfc.exe (tests/fixtures, they read C:\wud-standin\) that a killed run left in System32
    # would answer for Windows in every later test: Wine 8 has neither file of its own.
    local sys32="$prefix/drive_c/windows/system32" planted
    for planted in "$sys32/dismapi.dll" "$sys32/sfc.exe"; do
        if [[ -f "$planted" ]] && strings -el "$planted" | grep -F 'C:\wud-standin\' >/dev/null; then rm -f "$planted"; fi
    done
    # The tools, fresh: nothing runs from C:\wud now that the server is down.
    rm -rf "$tools"
    mkdir -p "$tools/tmp"
    cp "$fixture" "$tools/fixture.exe"
    [[ -z "$recorder" ]] || cp "$recorder" "$tools/rec.exe"
    start_xvfb
    wineserver -p </dev/null >/dev/null 2>&1

    local exe='C:\wud\fixture.exe' records='C:\wud\fixture-records.txt' batch
    batch="$prefix/drive_c/wud-setup.cmd"
    {
        for entry in "${fixture_services[@]}"; do
            local name="${entry%%|*}" display="${entry#*|}"
            local bin="\"$exe\" --record \"$records\""
            # Wine 8's sc has no "config": delete and create again, so a test that changed one cannot poison
            # the next run.
            printf 'sc delete %s >nul\r\n' "$name"
            printf 'sc create %s binpath= "%s" displayname= "%s" start= demand >nul\r\n' "$name" "${bin//\"/\\\"}" "$display"
        done
    } > "$batch"
    wine cmd /c 'C:\wud-setup.cmd' </dev/null >/dev/null 2>&1 || true
    rm -f "$batch"
    # Verify each one; on a loaded machine the batch can race Wine's SCM start-up, so retry one by one.
    for entry in "${fixture_services[@]}"; do
        local name="${entry%%|*}" display="${entry#*|}" state="" attempt
        for attempt in 1 2 3 4 5; do
            state="$(wine sc query "$name" </dev/null 2>&1 || true)"
            [[ "$state" == *STOPPED* ]] && break
            wine sc create "$name" binpath= "\"$exe\" --record \"$records\"" displayname= "$display" start= demand \
                </dev/null >/dev/null 2>&1 || true
            sleep "$attempt"
        done
        [[ "$state" == *STOPPED* ]] || { echo "prefix.sh: could not register $name: $state" >&2; exit 1; }
    done
    # Windows' Medic service restarts itself on failure (the shape "re-enable updates" scripts write back: restart
    # after 2 and 5 minutes; tests/unit/fake_pc.hpp kMedicRestarts). Without it, every run would show the
    # "FailureActions removed" warning that a healthy PC does not; the checks' own tests plant and restore it.
    wine reg add 'HKLM\SYSTEM\CurrentControlSet\Services\WaaSMedicSvc' /v FailureActions /t REG_BINARY \
        /d 840300000000000000000000030000001400000001000000c0d4010001000000e09304000000000000000000 /f \
        </dev/null >/dev/null 2>&1 || { echo "prefix.sh: could not set WaaSMedicSvc's FailureActions" >&2; exit 1; }
    echo "prefix.sh: ready: $prefix (Windows $(wine cmd /c ver | tr -d '\r' | grep -o '[0-9.]*$'))"
}

# A stock Windows PC as the public records of clean installs show it, as far as Wine can hold it (the same facts the
# unit tests' tests/unit/fake_pc.hpp holds, each cited where the check that reads it is):
# - the catalog's default start types (core/src/catalog.cpp): CryptSvc Automatic; UsoSvc, DoSvc Automatic (delayed:
#   Wine keeps no delayed flag, so Automatic); BITS Automatic (delayed), as BITS sets itself while it has jobs
#   (Microsoft Learn, "BITS Startup Type"); the others Manual;
# - an antivirus's rename list in Session Manager\PendingFileRenameOperations (no-faff/InstallerClean #12);
# - BITS' queue as Windows 10/11 keep it: an ESE database qmgr.db with its logs and checkpoint in
#   %ALLUSERSPROFILE%\Microsoft\Network\Downloader (fireeye/BitsParser);
# - WaaSMedicSvc's FailureActions from the 22621 manifest (setup always sets it).
# What Wine cannot hold: delayed and trigger start, scheduled tasks (Wine's Task Scheduler has no UpdateOrchestrator
# folder: the checks say "could not check"), so those defaults are the unit tests' (tests/unit/test_checks.cpp).
stock_renames='\??\C:\ProgramData\Avast Software\Avast\defs\24112801\engine.dll.old'
stock_queue=(qmgr.db qmgr.jfm edb.chk edb.log edbres00001.jrs edbres00002.jrs)
session_manager='HKLM\System\CurrentControlSet\Control\Session Manager'

stock() {
    local os="${1:?stock needs win10 or win11}" tool="${2:?stock needs the start-type tool (wud_e2e_scq.exe)}"
    set_os "$os"
    local name type
    for entry in CryptSvc:2 UsoSvc:2 DoSvc:2 BITS:2 wuauserv:3 TrustedInstaller:3 WaaSMedicSvc:3 msiserver:3; do
        name="${entry%%:*}" type="${entry#*:}"
        wine "$tool" --start-type "$name" "$type" </dev/null >/dev/null 2>&1 \
            || { echo "prefix.sh: could not set $name's start type" >&2; exit 1; }
    done
    wine reg add "$session_manager" /v PendingFileRenameOperations /t REG_MULTI_SZ /d "$stock_renames" /f \
        </dev/null >/dev/null 2>&1 || { echo "prefix.sh: could not plant the rename list" >&2; exit 1; }
    local queue="$prefix/drive_c/ProgramData/Microsoft/Network/Downloader"
    mkdir -p "$queue"
    for file in "${stock_queue[@]}"; do printf 'ESE %s' "$file" > "$queue/$file"; done
    echo "prefix.sh: $prefix now looks like a stock $os"
}

unstock() {
    local tool="${1:?unstock needs the start-type tool (wud_e2e_scq.exe)}"
    for name in CryptSvc UsoSvc DoSvc BITS wuauserv TrustedInstaller WaaSMedicSvc msiserver; do
        wine "$tool" --start-type "$name" 3 </dev/null >/dev/null 2>&1 || true
    done
    wine reg delete "$session_manager" /v PendingFileRenameOperations /f </dev/null >/dev/null 2>&1 || true
    local queue="$prefix/drive_c/ProgramData/Microsoft/Network/Downloader"
    for file in "${stock_queue[@]}"; do rm -f "$queue/$file"; done
    set_os win10
}

case "$cmd" in
    setup) setup "${3:-}" "${4:-}" ;;
    stock) stock "${3:-}" "${4:-}" ;;
    unstock) unstock "${3:-}" ;;
    teardown) stop_all; echo "prefix.sh: wineserver and Xvfb for $prefix stopped" ;;
    os) set_os "${3:?os needs win10 or win11}" ;;
    *) echo "prefix.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac
