#!/usr/bin/env bash
# Prints the size of what ships (dist/) against the goal: wudoctor.exe <= 2.5 MB. A figure, never a
# pass/fail: always exits 0. Also lists the biggest PE sections, to show where the bytes are.
# Usage: bench/sizes.sh [DIST_DIR]      (default: dist/ beside this script's folder)
set -uo pipefail
dist="${1:-$(cd "$(dirname "$0")/.." && pwd)/dist}"
goal=$((5 * 1024 * 1024 / 2))   # 2.5 MiB = 2,621,440 bytes
objdump="$(command -v x86_64-w64-mingw32-objdump || command -v objdump || true)"

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }

echo "== dist sizes ($dist), goal: wudoctor.exe <= $(mib $goal) ($goal bytes)"
shopt -s nullglob
files=("$dist"/*.exe "$dist"/*.com)
if [[ ${#files[@]} -eq 0 ]]; then
    echo "no wudoctor.exe / wudoctor.com in $dist (build first: cmake --build --preset windows)"
    exit 0
fi
total=0
for f in "${files[@]}"; do
    size=$(stat -c %s "$f")
    total=$((total + size))
    note=""
    if [[ "$(basename "$f")" == wudoctor.exe ]]; then
        delta=$((size - goal))
        if [[ $delta -gt 0 ]]; then note="  over the goal by $(mib $delta) ($((100 * size / goal))% of it)"
        else note="  under the goal by $(mib $((-delta))) ($((100 * size / goal))% of it)"; fi
    fi
    printf '%-14s %10d bytes  %s%s\n' "$(basename "$f")" "$size" "$(mib "$size")" "$note"
done
printf '%-14s %10d bytes  %s\n' "total" "$total" "$(mib $total)"

exe="$dist/wudoctor.exe"
if [[ -n "$objdump" && -f "$exe" ]]; then
    echo "== wudoctor.exe sections (largest first)"
    "$objdump" -h "$exe" | awk '$1 ~ /^[0-9]+$/ { print $2, $3 }' | while read -r name hex; do
        printf '%-10s %10d bytes\n' "$name" "$((16#$hex))"
    done | sort -k2 -nr
fi
exit 0
