#!/usr/bin/env bash
# Renders the WU Doctor icon from its SVG sources into a multi-size .ico (16-256 px, 32-bit with alpha).
#   make-icon.sh OUT.ico [ASSETS_DIR]
# Small sizes (16-24 px) come from wudoctor-small.svg, drawn for them; the rest from wudoctor.svg.
# Needs rsvg-convert (librsvg2-bin, in scripts/lib.sh's package list).
set -euo pipefail
out="${1:?usage: make-icon.sh OUT.ico [ASSETS_DIR]}"
assets="${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

pngs=()
for size in 16 20 24 32 40 48 64 128 256; do
    src="$assets/wudoctor.svg"
    [[ $size -le 24 ]] && src="$assets/wudoctor-small.svg"
    rsvg-convert --width "$size" --height "$size" "$src" --output "$work/$size.png"
    pngs+=("$work/$size.png")
done
# Every size is stored as PNG, as Windows' own icons store 256 px (Windows Vista and later read PNG entries at
# any size); bitmaps would add ~100 KB to the exe. The layout: ICONDIR (reserved, type 1, count), one
# ICONDIRENTRY per size (width and height, 0 meaning 256; planes 1; 32 bpp; byte count; offset), the PNGs.
le16() { printf '\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)); }
le32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
{
    printf "$(le16 0)$(le16 1)$(le16 ${#pngs[@]})"
    offset=$((6 + 16 * ${#pngs[@]}))
    for png in "${pngs[@]}"; do
        size=$(basename "$png" .png)
        bytes=$(stat -c %s "$png")
        dim=$((size >= 256 ? 0 : size))
        printf "$(printf '\\x%02x\\x%02x' "$dim" "$dim")\\x00\\x00$(le16 1)$(le16 32)$(le32 "$bytes")$(le32 "$offset")"
        offset=$((offset + bytes))
    done
    cat "${pngs[@]}"
} >"$work/wudoctor.ico"
# Written to a temp name, then moved, so an interrupted build never leaves half an icon behind.
mkdir -p "$(dirname "$out")"
mv "$work/wudoctor.ico" "$out"
