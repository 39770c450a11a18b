#!/usr/bin/env bash
# Runs CI as a brand-new Debian 12 machine would: builds a minimal Debian 12 root with debootstrap (from this
# machine's own apt sources), clones this repository's committed HEAD into it, and runs `.ci/run` there as root
# with an empty environment. Then prints its test count next to the count of a normal run on this machine.
#
#   scripts/fresh-machine-test.sh [WORK_DIR]     (default: build/fresh-machine; needs root; ~15-25 min)
#
# What it catches: a tool the tests use that scripts/lib.sh does not install, a test that needs the caller's
# locale or environment, tests that quietly fall away when something is missing.
# The root is kept between runs (debootstrap is the slow part); delete WORK_DIR to start over.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $(id -u) -eq 0 ]] || { echo "fresh-machine-test.sh: run as root (debootstrap and chroot need it)" >&2; exit 2; }
work="$(mkdir -p "${1:-$WUD_ROOT/build/fresh-machine}" && cd "${1:-$WUD_ROOT/build/fresh-machine}" && pwd)"
root="$work/root"

command -v debootstrap >/dev/null || {
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
}

# The first enabled Debian mirror of this machine's apt configuration (deb822 or one-line format).
mirror() {
    local uri
    uri="$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1)"
    [[ -n "$uri" ]] || uri="$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
                              awk '{for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' |
                              grep -v security | head -n1)"
    [[ -n "$uri" ]] || { echo "fresh-machine-test.sh: no Debian mirror in /etc/apt" >&2; exit 1; }
    echo "$uri"
}

mounted=()
cleanup() {
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() {   # bind SOURCE TARGET-inside-root
    mkdir -p "$root$2"
    mount --bind "$1" "$root$2"
    mounted+=("$root$2")
}

if [[ ! -f "$root/.wud-bootstrapped" ]]; then
    log "debootstrap --variant=minbase bookworm from $(mirror) (a few minutes)"
    rm -rf "$root"
    debootstrap --variant=minbase bookworm "$root" "$(mirror)" >"$work/debootstrap.log" 2>&1 ||
        { tail -n 20 "$work/debootstrap.log"; exit 1; }
    touch "$root/.wud-bootstrapped"
fi
# The same apt sources and settings as this machine (security updates, proxies), nothing else of it.
rm -f "$root/etc/apt/sources.list"
cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || true
cp /etc/apt/sources.list "$root/etc/apt/" 2>/dev/null || true
cp -r /etc/apt/apt.conf.d/. "$root/etc/apt/apt.conf.d/" 2>/dev/null || true
cp /etc/resolv.conf "$root/etc/resolv.conf"

log "cloning HEAD of $WUD_ROOT into the fresh root"
rm -rf "$root/src"
git clone -q "$WUD_ROOT" "$root/src/wudoctor"
git -C "$root/src/wudoctor" checkout -q "$(git -C "$WUD_ROOT" rev-parse HEAD)"

bind /proc /proc
bind /sys /sys
bind /dev /dev
bind /dev/pts /dev/pts
mkdir -p "$root/dev/shm"
mount -t tmpfs tmpfs "$root/dev/shm" && mounted+=("$root/dev/shm")

log "running .ci/run in the fresh root with an empty environment (CI=true, no display)"
started=$SECONDS
rc=0
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin CI=true \
    bash -c 'cd /src/wudoctor && bash .ci/run' >"$work/ci.log" 2>&1 || rc=$?
elapsed=$((SECONDS - started))

count() {   # "N tests" from ctest's summaries in a log: host + windows
    grep -Eo 'tests passed, [0-9]+ tests failed out of [0-9]+' "$1" | awk '{s += $NF} END {print s + 0}'
}
fresh="$(count "$work/ci.log")"
echo
echo "fresh Debian 12 root: .ci/run exit $rc in $((elapsed / 60)) min $((elapsed % 60)) s, $fresh tests ran (log: $work/ci.log)"
grep -E 'tests passed|The following tests FAILED|\*\*\*Failed|Not Run' "$work/ci.log" | sed 's/^/    /' || true
normal=""
for b in "$WUD_ROOT/build/host" "$WUD_ROOT/build/windows"; do
    [[ -f "$b/CTestTestfile.cmake" ]] || continue
    n="$(cd "$b" && ctest -N 2>/dev/null | awk '/Total Tests:/ {print $3}')"
    normal=$(( ${normal:-0} + ${n:-0} ))
done
[[ -n "$normal" ]] && echo "this machine's build trees register $normal tests"
if [[ -n "$normal" && "$fresh" != "$normal" ]]; then
    echo "FAIL: the fresh root ran $fresh tests, this machine registers $normal"
    rc=1
fi
exit $rc
