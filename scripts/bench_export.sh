#!/usr/bin/env bash
# Times `convarith export --all-presets --format gif` (the goal: under 2 s for all 19 figures) and compares the GIF
# sizes with the paper's animations. Builds convarith first when needed; CONVARITH_EXE picks another binary.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
runs=${RUNS:-5}

exe=${CONVARITH_EXE:-}
if [ -z "$exe" ]; then
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$build_dir" -j2 --target convarith >/dev/null
  exe=$build_dir/app/convarith
fi

out=$(mktemp -d "${TMPDIR:-/tmp}/convarith_bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

times=()
for run in $(seq "$runs"); do
  rm -rf "$out/gif"
  start=$(date +%s.%N)
  "$exe" export --all-presets --format gif --out "$out/gif" >"$out/summary.txt"
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -g)
best=$(echo "$sorted" | head -1)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
# convarith prints "PATH: N frames, 1 file, B bytes" per figure.
frames_of() { grep -F "/$1.gif: " "$out/summary.txt" | sed -E 's/.*: ([0-9]+) frames?,.*/\1/'; }
frames=$(sed -E 's/.*: ([0-9]+) frames?,.*/\1/' "$out/summary.txt" | awk '{ n += $1 } END { print n }')
printf 'convarith export --all-presets --format gif: %d files, %d frames, best %.3f s, median %.3f s of %d runs (%d cores)\n' \
  "$(ls "$out"/gif/*.gif | wc -l)" "$frames" "$best" "$median" "$runs" "$(nproc)"

# The paper's animations (github.com/vdumoulin/conv_arithmetic, gif/) at the same figures: pixel size and bytes.
# Measured on 2026-12-06 by regenerating them from the paper's own sources (bin/produce_figure, templates/, the
# Makefile rules of bin/generate_makefile: pdflatex, convert -density 600 -flatten -resize 25%, convert -layers
# Optimize, gifsicle -O3) with TeX Live 2022, ImageMagick 6.9.11-60 and gifsicle 1.93 from Debian 12. The pixel sizes
# follow from the PDF pages; the three sizes v0.1 recorded (2.6, 4.6, 5.1) came out byte for byte the same.
declare -A paper=(
  [fig2.1]="no_padding_no_strides 244x259 38850"
  [fig2.2]="arbitrary_padding_no_strides 495x542 459693"
  [fig2.3]="same_padding_no_strides 395x449 274733"
  [fig2.4]="full_padding_no_strides 495x576 562304"
  [fig2.5]="no_padding_strides 294x288 43740"
  [fig2.6]="padding_strides 395x381 121198"
  [fig2.7]="padding_strides_odd 445x411 120249"
  [fig4.1]="no_padding_no_strides_transposed 344x386 181961"
  [fig4.2]="arbitrary_padding_no_strides_transposed 445x479 321656"
  [fig4.3]="same_padding_no_strides_transposed 395x449 274733"
  [fig4.4]="full_padding_no_strides_transposed 395x449 277506"
  [fig4.5]="no_padding_strides_transposed 395x449 264105"
  [fig4.6]="padding_strides_transposed 395x449 272238"
  [fig4.7]="padding_strides_odd_transposed 445x513 404139"
  [fig5.1]="dilation 395x381 141518"
)
printf '\n%-12s %7s %9s %10s   %s\n' figure frames pixels bytes "paper (file, pixels, bytes, ratio)"
for f in "$out"/gif/*.gif; do
  name=$(basename "$f" .gif)
  read -r w h < <(od -An -tu2 -j6 -N4 "$f")
  bytes=$(stat -c %s "$f")
  n=$(frames_of "$name")
  line=$(printf '%-12s %7d %9s %10d' "$name" "$n" "${w}x${h}" "$bytes")
  if [ -n "${paper[$name]:-}" ]; then
    read -r stem size paper_bytes <<<"${paper[$name]}"
    line+=$(printf '   %s.gif %s %d bytes, %.2fx' "$stem" "$size" "$paper_bytes" "$(awk -v a="$bytes" -v b="$paper_bytes" 'BEGIN { print a / b }')")
  fi
  echo "$line"
done
