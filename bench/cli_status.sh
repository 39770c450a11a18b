#!/usr/bin/env bash
# Benchmark: `wudoctor status` against `sc query wuauserv`, same Wine prefix, same run, interleaved.
# Prints the median, min and max wall time of N runs of each, and the ratio of the medians (goal <= 1.2x).
# Figures only: it never fails on time.
#
#   bench/cli_status.sh [N]          N runs of each (default 21)
#   env: WINEPREFIX  the prefix (default: build/windows/wineprefix, the test prefix)
#        WUD_CLI     the exe (default: dist/wudoctor.com)
#
# Both commands start one Wine process and query the SCM; a persistent wineserver (-p) is started for the
# prefix and stopped again afterwards (by WINEPREFIX, never by process name), so neither pays for a server
# start-up.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-21}"
export WINEPREFIX="${WINEPREFIX:-$root/build/windows/wineprefix}"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
cli="${WUD_CLI:-$root/dist/wudoctor.com}"
[[ -d "$WINEPREFIX" ]] || { echo "cli_status.sh: no Wine prefix at $WINEPREFIX (run the tests once, or set WINEPREFIX)" >&2; exit 2; }
[[ -f "$cli" ]] || { echo "cli_status.sh: $cli not built" >&2; exit 2; }

wineserver -p
trap 'wineserver -k 2>/dev/null || true' EXIT
# Warm-up: page cache, the registry, services.exe.
for _ in 1 2 3; do wine "$cli" status >/dev/null; wine sc query wuauserv >/dev/null; done

now_us() { echo $(( $(date +%s%N) / 1000 )); }
declare -a ours=() theirs=()
for ((i = 0; i < runs; i++)); do
    t0=$(now_us); wine "$cli" status >/dev/null; t1=$(now_us)
    wine sc query wuauserv >/dev/null; t2=$(now_us)
    ours+=($((t1 - t0))); theirs+=($((t2 - t1)))
done

stats() {  # prints "median min max" in ms
    sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                        printf "%.1f %.1f %.1f\n", m / 1000, v[1] / 1000, v[NR] / 1000 }'
}
read -r om omin omax < <(printf '%s\n' "${ours[@]}" | stats)
read -r tm tmin tmax < <(printf '%s\n' "${theirs[@]}" | stats)
printf 'runs: %d each, interleaved, prefix %s\n' "$runs" "$WINEPREFIX"
printf '%-28s median %7.1f ms   min %7.1f   max %7.1f\n' "wudoctor status" "$om" "$omin" "$omax"
printf '%-28s median %7.1f ms   min %7.1f   max %7.1f\n' "sc query wuauserv" "$tm" "$tmin" "$tmax"
awk -v a="$om" -v b="$tm" 'BEGIN { printf "ratio (medians)              %.2fx   (goal <= 1.20x)\n", a / b }'
