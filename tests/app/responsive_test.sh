#!/usr/bin/env bash
# The UI never waits for a recompute: a kernel value edited every frame at i = 1024, k = 7 with two channels (a
# computation of hundreds of milliseconds on a shared machine). The app prints its frames' median and 95th percentile
# and the computations' median; the frames must stay under the computations (a ratio in one run), and computations
# must have arrived while the frames ran. In role colours: with values as colours (the default for a map this large)
# every edit also redraws the 1024 x 1024 pictures on the UI thread, which this test does not measure. 1500 frames:
# since an edit no longer copies the input (copy-on-write tensors), 120 frames took less than one computation.
#   responsive_test.sh APP
set -uo pipefail
app=$1
out=$("$(dirname "$0")/xvfb_run.sh" -a -s "-screen 0 1600x1000x24" "$app" -i 1024 -k 7 --in-channels 2 --out-channels 2 --colour-by role --bench-change \
  --bench-frames 1500 2>&1)
echo "$out"
p95=$(echo "$out" | sed -n 's/^median [0-9.]* ms, p95 \([0-9.]*\) ms.*/\1/p')
recompute=$(echo "$out" | sed -n 's/^recompute median \([0-9.]*\) ms over \([0-9]*\) computations.*/\1/p')
count=$(echo "$out" | sed -n 's/^recompute median [0-9.]* ms over \([0-9]*\) computations.*/\1/p')
[ -n "$p95" ] || { echo "FAIL: no frame times"; exit 1; }
[ -n "$recompute" ] || { echo "FAIL: no recompute times (recomputed on the UI thread?)"; exit 1; }
# The startup computation, then at least one that arrived from the worker while the frames ran.
[ "$count" -ge 2 ] || { echo "FAIL: no computation arrived during $count frames"; exit 1; }
awk -v f="$p95" -v r="$recompute" 'BEGIN { exit !(f < r) }' ||
  { echo "FAIL: frames (p95 $p95 ms) wait for the recompute (median $recompute ms)"; exit 1; }
echo "ok: frame p95 $p95 ms < recompute median $recompute ms ($count computations)"
