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

# The paper's animations (github.com/vdumoulin/conv_arithmetic) at the same figures: pixel size and bytes.
declare -A paper=(
  [fig2.6]="padding_strides 395x381 121198"
  [fig4.6]="padding_strides_transposed 395x449 272238"
  [fig5.1]="dilation 395x381 141518"
)
printf '\n%-8s %7s %9s %10s   %s\n' figure frames pixels bytes "paper (file, pixels, bytes, ratio)"
for f in "$out"/gif/*.gif; do
  name=$(basename "$f" .gif)
  read -r w h < <(od -An -tu2 -j6 -N4 "$f")
  bytes=$(stat -c %s "$f")
  n=$(frames_of "$name")
  line=$(printf '%-8s %7d %9s %10d' "$name" "$n" "${w}x${h}" "$bytes")
  if [ -n "${paper[$name]:-}" ]; then
    read -r stem size paper_bytes <<<"${paper[$name]}"
    line+=$(printf '   %s.gif %s %d bytes, %.2fx' "$stem" "$size" "$paper_bytes" "$(awk -v a="$bytes" -v b="$paper_bytes" 'BEGIN { print a / b }')")
  fi
  echo "$line"
done
