#!/usr/bin/env bash
# DLL-planting test: copies wudoctor.exe and wudoctor.com into a folder next to DLLs named like the ones
# GLFW, ImGui and Windows load by bare name, tells Wine to prefer such "native" copies, runs both programs,
# and fails if any planted DLL was loaded (each drops a marker from DllMain).
#
# Left out on purpose: version.dll and shcore.dll. Wine's own user32 and shlwapi import them statically,
# so Wine loads a planted copy before any code of ours runs; Windows' user32/shlwapi do not (a Wine artefact).
#
# Usage: plant_test.sh DIST_DIR PLANTED_DLL WORK_DIR     (WINEPREFIX etc. come from CTest)
set -euo pipefail
dist="$1" planted="$2" work="$3"
names=(opengl32 dwmapi xinput1_4 xinput1_3 xinput9_1_0 dinput8 uxtheme winmm dbghelp propsys
       profapi userenv cryptbase wtsapi32 dxgi d3d9 hid bcrypt msimg32 winhttp netapi32
       taskschd   # taskschd: the checks' Task Scheduler COM server (`check`), loaded by its registered full path
       dismapi    # dismapi: the DISM API (`repair-system`), loaded at run time from System32 only
       oleacc uiautomationcore)  # a screen reader's first question: loaded from System32 only, at first use
# What the renderer chain loads at run time (Direct3D 11 first; opengl32 is in the list above): the window runs
# again with "native first" for these, drawn by Direct3D 11 and then by OpenGL 2.
renderer_names=(d3d11 dxgi d3dcompiler_47 opengl32)

rm -rf "$work"
mkdir -p "$work/app" "$work/markers"
cp "$dist/wudoctor.exe" "$dist/wudoctor.com" "$work/app/"
for n in "${names[@]}" "${renderer_names[@]}"; do cp "$planted" "$work/app/$n.dll"; done

# The prefix's display for every wine call, the console ones too: the first program of a Wine session starts its
# desktop process, which keeps the display it found for the whole session (tests/wine/prefix.sh). A console
# program started without DISPLAY left no window possible afterwards, now and then.
DISPLAY="$(cat "$WINEPREFIX/.wud-display")"
export DISPLAY

win_path() { local p; p="$(readlink -f "$1")"; printf 'Z:%s' "${p//\//\\}"; }
overrides="$(IFS=,; echo "${names[*]}")=n,b"
export WINEDLLOVERRIDES="mscoree,mshtml=;$overrides"
export WUD_PLANT_MARKERS="$(win_path "$work/markers")"

# A marker DLL that really works: loaded explicitly (not by bare name), it must leave a marker. Without
# this check a broken planted DLL would make the test pass for the wrong reason.
probe="$work/probe"
mkdir -p "$probe/markers"
cp "$planted" "$probe/opengl32.dll"
WUD_PLANT_MARKERS="$(win_path "$probe/markers")" wine rundll32.exe "$(win_path "$probe/opengl32.dll"),Nothing" \
    </dev/null >/dev/null 2>&1 || true
[[ -e "$probe/markers/opengl32.dll.loaded" ]] || { echo "FAIL: the planted DLL leaves no marker even when loaded"; exit 1; }
echo "ok: the planted DLL leaves a marker when it is loaded (control)"

cd "$work/app"
echo "== wudoctor.com --version"
wine ./wudoctor.com --version </dev/null
echo "== wudoctor.com status"
wine ./wudoctor.com status </dev/null || true   # its exit code is the CLI test's business; loads are ours
echo "== wudoctor.com check"
wine ./wudoctor.com check </dev/null || true
echo "== wudoctor.com repair-system (no dismapi.dll in this prefix's System32: 'not available')"
wine ./wudoctor.com repair-system </dev/null || true
grep -q "repair-system dism not available: dismapi.dll is not in System32" wudoctor-logs/*.log ||
    { echo "FAIL: repair-system did not look for dismapi.dll in System32 (see its log)"; exit 1; }

# Drives the window like a user would, so DLLs loaded late (a refresh, the related table, the shell launch of the
# troubleshooter, the clipboard, a screen reader's questions) are exercised too, not only start-up; then checks which
# renderer drew it (the log's "renderer=" line), so the run really went through the DLLs loaded at run time.
window() {
    local renderer="$1"
    shift
    rm -rf wudoctor-logs
    python3 "$(dirname "$0")/../wine/wud_gui.py" drive "$work/app/wudoctor.exe" "$work/probe.json" \
        refresh troubleshooter copy-report related "$@" \
        || { echo "FAIL: the window could not be driven (see above)"; exit 1; }
    grep -q "renderer=$renderer " wudoctor-logs/*.log ||
        { echo "FAIL: the window was not drawn with $renderer:"; grep -h renderer wudoctor-logs/*.log; exit 1; }
    echo "ok: the window was drawn with $renderer"
}

echo "== wudoctor.exe (window): first status frame, Refresh, the troubleshooter, Copy report, Related services, a screen reader"
window dx11 screen-reader
echo "== wudoctor.exe with native-first d3d11, dxgi, d3dcompiler_47, opengl32 (Direct3D 11, then OpenGL 2)"
WINEDLLOVERRIDES="mscoree,mshtml=;$(IFS=,; echo "${renderer_names[*]}")=n,b" window dx11
WINEDLLOVERRIDES="mscoree,mshtml=;$(IFS=,; echo "${renderer_names[*]}")=n,b" WUD_RENDERER=gl2 window gl2

loaded=("$work"/markers/*.loaded)
if [[ -e "${loaded[0]}" ]]; then
    echo "FAIL: planted DLLs were loaded: ${loaded[*]##*/}"
    exit 1
fi
echo "ok: none of $(( ${#names[@]} + ${#renderer_names[@]} - 1 )) planted DLLs was loaded by wudoctor.exe or wudoctor.com"
