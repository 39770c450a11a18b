#!/usr/bin/env bash
# Renders the WU Doctor icon from its SVG sources into a multi-size .ico (16-256 px, 32-bit with alpha).
#   make-icon.sh OUT.ico [ASSETS_DIR]
# Small sizes (16-24 px) come from wudoctor-small.svg, drawn for them; the rest from wudoctor.svg.
# Needs rsvg-convert (librsvg2-bin) and ImageMagick's convert (both in scripts/lib.sh's package list).
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
mkdir -p "$(dirname "$out")"
# PNG-compressed 256 px entry (as Windows' own icons), BMP for the rest; written to a temp name, then moved,
# so an interrupted build never leaves half an icon behind.
convert "${pngs[@]}" "$work/wudoctor.ico"
mv "$work/wudoctor.ico" "$out"
