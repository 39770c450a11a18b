#!/usr/bin/env bash
# Benchmark: `wudoctor check` against `wudoctor status`, same Wine prefix, same run, interleaved (the goal:
# all checks should take at most 2x the time of status). Prints the median, min and max wall time of N runs of
# each and the ratio of the medians. Figures only: it never fails on time.
#
#   bench/cli_check.sh [N]           N runs of each (default 21)
#   env: WINEPREFIX  the prefix (default: build/windows/wineprefix, the test prefix)
#        WUD_CLI     the exe (default: dist/wudoctor.com; run from a copy in a temp folder, so its log and
#                    journal do not land in dist/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-21}"
export WINEPREFIX="${WINEPREFIX:-$root/build/windows/wineprefix}"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
src="${WUD_CLI:-$root/dist/wudoctor.com}"
[[ -d "$WINEPREFIX" ]] || { echo "cli_check.sh: no Wine prefix at $WINEPREFIX (run the tests once, or set WINEPREFIX)" >&2; exit 2; }
[[ -f "$src" ]] || { echo "cli_check.sh: $src not built" >&2; exit 2; }
tmp="$(mktemp -d)"
cp "$src" "$tmp/wudoctor.com"
cli="$tmp/wudoctor.com"

wineserver -p
trap 'wineserver -k 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in 1 2 3; do wine "$cli" status >/dev/null || true; wine "$cli" check >/dev/null || true; done

now_us() { echo $(( $(date +%s%N) / 1000 )); }
declare -a checks=() statuses=()
for ((i = 0; i < runs; i++)); do
    t0=$(now_us); wine "$cli" check >/dev/null || true; t1=$(now_us)
    wine "$cli" status >/dev/null || true; t2=$(now_us)
    checks+=($((t1 - t0))); statuses+=($((t2 - t1)))
done

stats() {  # prints "median min max" in ms
    sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                        printf "%.1f %.1f %.1f\n", m / 1000, v[1] / 1000, v[NR] / 1000 }'
}
read -r cm cmin cmax < <(printf '%s\n' "${checks[@]}" | stats)
read -r sm smin smax < <(printf '%s\n' "${statuses[@]}" | stats)
printf 'runs: %d each, interleaved, prefix %s\n' "$runs" "$WINEPREFIX"
printf '%-28s median %7.1f ms   min %7.1f   max %7.1f\n' "wudoctor check" "$cm" "$cmin" "$cmax"
printf '%-28s median %7.1f ms   min %7.1f   max %7.1f\n' "wudoctor status" "$sm" "$smin" "$smax"
awk -v a="$cm" -v b="$sm" 'BEGIN { printf "ratio (medians)              %.2fx   (goal <= 2.00x)\n", a / b }'
