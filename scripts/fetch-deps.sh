#!/usr/bin/env bash
# Fetches the pinned third-party sources by Debian package name (apt-get source) into
# third_party/src/ (git-ignored). Does nothing for a package that is already there.
#
# Source packages are found through a deb-src list derived from this machine's own apt
# configuration (every "deb" entry becomes a "deb-src" one); it lives in a private apt
# state folder, so the system's apt configuration is never changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${WUD_THIRD_PARTY_SRC:-$root/third_party/src}"

# package=version (the source version Debian 12 ships) -> folder name apt-get source unpacks to
pins=(
    "imgui=1.86+ds-1:imgui-1.86+ds"
    "glfw3=3.3.8-1:glfw3-3.3.8"
    "spdlog=1:1.10.0+ds-0.4:spdlog-1.10.0+ds"
    "fmtlib=9.1.0+ds1-2:fmtlib-9.1.0+ds1"
    "catch2=2.13.10-1:catch2-2.13.10"
    "cli11=2.1.2+ds-1:cli11-2.1.2+ds"
    "nlohmann-json3=3.11.2-2:nlohmann-json3-3.11.2"
)

missing=()
for pin in "${pins[@]}"; do
    dir="${pin##*:}"
    spec="${pin%:*}"
    [[ -f "$dest/$dir/.wud-fetched" ]] || missing+=("$spec:$dir")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    [[ "${1:-}" == "--check" ]] || echo "fetch-deps: all ${#pins[@]} sources present in $dest"
    exit 0
fi
[[ "${1:-}" == "--check" ]] && exit 1

command -v dpkg-source >/dev/null || { echo "fetch-deps: dpkg-source missing: apt-get install dpkg-dev" >&2; exit 1; }

state="$dest/.apt"
mkdir -p "$state/parts" "$state/lists/partial" "$state/cache/archives/partial"

# Derive deb-src entries from the enabled apt sources (deb822 .sources files and one-line .list files).
: > "$state/parts/wud-src.sources"
: > "$state/parts/wud-src.list"
shopt -s nullglob
for f in /etc/apt/sources.list.d/*.sources; do
    sed -E 's/^Types:.*\bdeb\b.*$/Types: deb-src/' "$f" >> "$state/parts/wud-src.sources"
    echo >> "$state/parts/wud-src.sources"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    sed -nE 's/^[[:space:]]*deb[[:space:]]+/deb-src /p' "$f" >> "$state/parts/wud-src.list"
done
shopt -u nullglob

apt_opts=(
    -o "Dir::Etc::SourceList=/dev/null"
    -o "Dir::Etc::SourceParts=$state/parts"
    -o "Dir::State::Lists=$state/lists"
    -o "Dir::Cache=$state/cache"
    -o "APT::Sandbox::User=root"
    -q
)
echo "fetch-deps: updating the source index"
apt-get "${apt_opts[@]}" update >/dev/null

cd "$dest"
for item in "${missing[@]}"; do
    spec="${item%:*}"
    dir="${item##*:}"
    echo "fetch-deps: apt-get source $spec"
    rm -rf "$dir"
    apt-get "${apt_opts[@]}" source "$spec" >/dev/null
    touch "$dir/.wud-fetched"
done
rm -f ./*.dsc ./*.orig.tar.* ./*.debian.tar.*
echo "fetch-deps: done ($dest)"
