#!/usr/bin/env bash
# Runs the CLI black-box tests (wud_cli_e2e_tests) under Wine, in the test prefix (WINEPREFIX from CTest).
#
#   e2e.sh TEST_EXE CLI_EXE TMP_DIR [catch2 arguments...]
#
# TMP_DIR/bin/wudoctor.com   a copy in a writable folder: its log goes to TMP_DIR/bin/wudoctor-logs
# TMP_DIR/ro/wudoctor.com    a copy in a read-only folder (chattr +i: read-only even for root, which
#                            Wine runs as here; where chattr is not possible, a file named wudoctor-logs
#                            takes the folder's place, which blocks the log the same way)
# Copies, not dist/ itself: the tests must not leave a wudoctor-logs folder in dist/.
set -euo pipefail
test_exe="${1:?usage: e2e.sh TEST_EXE CLI_EXE TMP_DIR [catch2 args]}"
cli_exe="${2:?}"
tmp="${3:?}"
shift 3
: "${WINEPREFIX:?run through ctest (WINEPREFIX is not set)}"
export WINEDEBUG="${WINEDEBUG:--all}" WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"

win_path() { local p; p="$(readlink -f "$1")"; printf 'Z:%s' "${p//\//\\}"; }

unlock() { chattr -i "$tmp/ro" 2>/dev/null || true; }
unlock
rm -rf "$tmp"
mkdir -p "$tmp/bin" "$tmp/ro"
cp "$cli_exe" "$tmp/bin/wudoctor.com"
cp "$cli_exe" "$tmp/ro/wudoctor.com"
trap unlock EXIT
if ! chattr +i "$tmp/ro" 2>/dev/null; then
    : > "$tmp/ro/wudoctor-logs"
    echo "e2e.sh: chattr +i not possible here; a file named wudoctor-logs blocks the log folder instead"
fi

export WUD_CLI_EXE="$(win_path "$tmp/bin/wudoctor.com")"
export WUD_CLI_TMP="$(win_path "$tmp")"
export WUD_CLI_RO_DIR="$(win_path "$tmp/ro")"
wine "$test_exe" "$@"
