#!/usr/bin/env bash
# Import-table check: every DLL that wudoctor.exe / wudoctor.com import must be one Windows loads from
# System32 by the KnownDLLs rule (or ntdll / the CRT that is a KnownDLL), so nothing beside the exe on a
# USB stick can stand in for it. Usage: check_imports.sh OBJDUMP EXE...
set -euo pipefail
objdump="$1"; shift
known=" kernel32.dll user32.dll gdi32.dll advapi32.dll shell32.dll ole32.dll oleaut32.dll shlwapi.dll comdlg32.dll
        imm32.dll msvcrt.dll ws2_32.dll setupapi.dll sechost.dll rpcrt4.dll ntdll.dll normaliz.dll psapi.dll
        combase.dll gdiplus.dll difxapi.dll imagehlp.dll wldap32.dll nsi.dll clbcatq.dll msctf.dll
        "
status=0
for exe in "$@"; do
    [[ -f "$exe" ]] || { echo "FAIL: $exe does not exist"; status=1; continue; }
    mapfile -t dlls < <("$objdump" -p "$exe" | sed -nE 's/^[[:space:]]*DLL Name: (.*)$/\1/p' | tr 'A-Z' 'a-z')
    [[ ${#dlls[@]} -gt 0 ]] || { echo "FAIL: no import table read from $exe"; status=1; continue; }
    for dll in "${dlls[@]}"; do
        if [[ "$known" == *" $dll "* ]]; then
            echo "ok    $(basename "$exe") imports $dll"
        else
            echo "FAIL  $(basename "$exe") imports $dll: not a KnownDLL, a copy beside the exe would be loaded"
            status=1
        fi
    done
done
exit $status
