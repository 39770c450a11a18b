# Shared by scripts/run-app.sh, scripts/test.sh and .ci/run. Source it; do not run it.

WUD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian 12 packages the build and the tests need.
WUD_APT_PACKAGES=(
    cmake ninja-build g++ git ca-certificates
    g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64   # the Windows cross compiler
    dpkg-dev                                               # apt-get source unpacks with dpkg-source
    wine wine64                                            # runs the Windows build and its tests
    xvfb xdotool x11-utils xclip libx11-6                  # real GUI tests: display, clicks, clipboard, and the
                                                           # screen's pixels (tests/wine/x_screen.py loads libX11)
    python3 jq                                             # test drivers (tests/wine/wud_gui.py) and JSON checks
    librsvg2-bin                                           # the icon: SVG -> PNGs (assets/make-icon.sh packs the .ico)
    mesa-vulkan-drivers libvulkan1                         # renderer e2e: Direct3D on Vulkan (lavapipe) under Wine
)

# Wine names files in the locale's encoding: without a UTF-8 locale it cannot create non-ASCII file names. A
# minimal Debian has no LANG at all; C.UTF-8 is built into its libc, so it works whatever the caller's environment.
export LANG=C.UTF-8 LC_ALL=C.UTF-8

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Installs what is missing (needs root); does nothing when everything is there.
wud_install_packages() {
    local missing=()
    for p in "${WUD_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    log "installing ${missing[*]}"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

wud_fetch_sources() {
    local sudo=()
    # apt-get source's index update writes only below third_party/src, but apt insists on root for it.
    [[ $(id -u) -eq 0 ]] || sudo=(sudo --preserve-env=WUD_THIRD_PARTY_SRC)
    if ! bash "$WUD_ROOT/scripts/fetch-deps.sh" --check 2>/dev/null; then
        "${sudo[@]}" bash "$WUD_ROOT/scripts/fetch-deps.sh"
    fi
}

# wud_build PRESET: configure (once) and build.
wud_build() {
    local preset="$1"
    cd "$WUD_ROOT"
    log "building ($preset)"
    if [[ ! -f "build/$preset/CMakeCache.txt" ]]; then
        cmake --preset "$preset" >/dev/null
    fi
    cmake --build --preset "$preset" -j "$(nproc)"
}
