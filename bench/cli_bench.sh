#!/usr/bin/env bash
# Benchmark: a `wudoctor` command against a baseline, same Wine prefix, same run, interleaved. Prints the median,
# min and max wall time of N runs of each and the ratio of the medians, with its goal. Figures only: it never fails
# on time.
#
#   bench/cli_bench.sh status [N]    `wudoctor status` vs `sc query wuauserv` (goal <= 1.2x)
#   bench/cli_bench.sh check [N]     `wudoctor check` (all checks) vs `wudoctor status` (goal <= 1.5x, issue 23)
#                                    N runs of each (default 21)
#   env: WINEPREFIX  the prefix (default: build/windows/wineprefix, the test prefix)
#        WUD_CLI     the exe (default: dist/wudoctor.com; run from a copy in a temp folder, so its log and
#                    journal do not land in dist/)
#
# Each command starts one Wine process; a persistent wineserver (-p) is started for the prefix and stopped again
# afterwards (by WINEPREFIX, never by process name), so neither pays for a server start-up.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-}"
runs="${2:-21}"
[[ "$mode" == status || "$mode" == check ]] || { echo "usage: bench/cli_bench.sh status|check [N]" >&2; exit 2; }
export WINEPREFIX="${WINEPREFIX:-$root/build/windows/wineprefix}"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
src="${WUD_CLI:-$root/dist/wudoctor.com}"
[[ -d "$WINEPREFIX" ]] || { echo "cli_bench.sh: no Wine prefix at $WINEPREFIX (run the tests once, or set WINEPREFIX)" >&2; exit 2; }
[[ -f "$src" ]] || { echo "cli_bench.sh: $src not built" >&2; exit 2; }
tmp="$(mktemp -d)"
cp "$src" "$tmp/wudoctor.com"
cli="$tmp/wudoctor.com"

# The command measured and its baseline, their labels, the goal for the ratio, and whether a non-zero exit is an
# answer (check exits 1 when it finds a problem) rather than a broken run.
case "$mode" in
status)
    measured=("$cli" status) baseline=(sc query wuauserv) labels=("wudoctor status" "sc query wuauserv")
    goal=1.20 answers=0 ;;
check)
    measured=("$cli" check) baseline=("$cli" status) labels=("wudoctor check" "wudoctor status")
    goal=1.50 answers=1 ;;
esac
run() { wine "$@" >/dev/null || ((answers)); }

wineserver -p
trap 'wineserver -k 2>/dev/null || true; rm -rf "$tmp"' EXIT
# Warm-up: page cache, the registry, services.exe.
for _ in 1 2 3; do run "${measured[@]}"; run "${baseline[@]}"; done

now_us() { echo $(( $(date +%s%N) / 1000 )); }
declare -a ours=() theirs=()
for ((i = 0; i < runs; i++)); do
    t0=$(now_us); run "${measured[@]}"; t1=$(now_us)
    run "${baseline[@]}"; t2=$(now_us)
    ours+=($((t1 - t0))); theirs+=($((t2 - t1)))
done

stats() {  # prints "median min max" in ms
    sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                        printf "%.1f %.1f %.1f\n", m / 1000, v[1] / 1000, v[NR] / 1000 }'
}
read -r om omin omax < <(printf '%s\n' "${ours[@]}" | stats)
read -r tm tmin tmax < <(printf '%s\n' "${theirs[@]}" | stats)
printf 'runs: %d each, interleaved, prefix %s\n' "$runs" "$WINEPREFIX"
printf '%-28s median %7.1f ms   min %7.1f   max %7.1f\n' "${labels[0]}" "$om" "$omin" "$omax"
printf '%-28s median %7.1f ms   min %7.1f   max %7.1f\n' "${labels[1]}" "$tm" "$tmin" "$tmax"
awk -v a="$om" -v b="$tm" -v goal="$goal" 'BEGIN { printf "ratio (medians)              %.2fx   (goal <= %sx)\n", a / b, goal }'
