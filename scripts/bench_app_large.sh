#!/usr/bin/env bash
# Large grids stay live: the app's frame time at i = 16 and i = 512 (k = 7) in one run, a new step every frame and a
# kernel value changed every frame, and their ratios (compare ratios, not absolute times, on a loaded machine).
#   scripts/bench_app_large.sh [BUILD_DIR] [FRAMES]
set -euo pipefail
build=${1:-build}
frames=${2:-120}
app=$build/app/convarith
export XDG_CONFIG_HOME=$(mktemp -d)
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
median() { sed -n 's/^median \([0-9.]*\) ms.*/\1/p'; }
run() { xvfb-run -a -s '-screen 0 1600x1000x24' "$app" "$@" --bench-frames "$frames" 2>/dev/null; }
s16=$(run -i 16 -k 7)
s512=$(run -i 512 -k 7)
c16=$(run -i 16 -k 7 --bench-change)
c512=$(run -i 512 -k 7 --bench-change)
echo "step,   i = 16,  k = 7: $s16"
echo "step,   i = 512, k = 7: $s512"
echo "change, i = 16,  k = 7: $c16"
echo "change, i = 512, k = 7: $c512"
v16=$(run -i 16 -k 7 --colour-by value)
v512=$(run -i 512 -k 7 --colour-by value)
w16=$(run -i 16 -k 7 --colour-by value --bench-change)
w512=$(run -i 512 -k 7 --colour-by value --bench-change)
echo "value colours, step,   i = 16 / 512: $v16 / $v512"
echo "value colours, change, i = 16 / 512: $w16 / $w512"
awk -v a="$(echo "$s16" | median)" -v b="$(echo "$s512" | median)" -v c="$(echo "$c512" | median)" \
  'BEGIN { printf "step frame i = 512 / i = 16: %.2fx (goal <= 2)\nparameter change at i = 512: %.1f ms (goal < 16)\n", b / a, c }'
# Issue 17: with values as colours, a step at i = 512 at most 1.5x the i = 16 step; the change as a ratio too.
awk -v a="$(echo "$v16" | median)" -v b="$(echo "$v512" | median)" -v c="$(echo "$w16" | median)" \
  -v d="$(echo "$w512" | median)" \
  'BEGIN { printf "value colours: step i = 512 / i = 16: %.2fx (goal <= 1.5); change: %.2fx\n", b / a, d / c }'
