#!/usr/bin/env bash
# The canvas settles (issue 17, 21): a layout whose labels change the cell size they are sized for must come to rest,
# not alternate. Figure 4.6's three views at 1280x720 and 150 % with both panels open went from 18 px cells with
# labels to 23 px without and back, every frame. Two runs, N and N+1 frames, draw the same; at 1280x720/150 % the
# Arithmetic panel folds to its strip so that the cells show their values; a long animation keeps a one-row bar.
#   steady_test.sh APP      (run inside xvfb-run)
set -uo pipefail
app=$1
. "$(dirname "$0")/test_lib.sh"
use_work
drawn() {  # cell size, values drawn, texts drawn, strips
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(round(d['cell_px'], 2), d['numbered_cells'], len(d['canvas_texts']), d['strips'])" "$CONVARITH_STATE_FILE"
}
steady() {
  local what=$1
  shift
  timeout 90 "$app" "$@" --frames 24 --screenshot "$work/a.png" >"$work/out.log" 2>&1 || fail "$what runs: $(cat "$work/out.log")"
  local a
  a=$(drawn)
  timeout 90 "$app" "$@" --frames 25 --screenshot "$work/b.png" >"$work/out.log" 2>&1 || fail "$what runs"
  local b
  b=$(drawn)
  [ "$a" = "$b" ] || fail "$what: frame 24 drew '$a', frame 25 '$b'"
  echo "$what: $a"
}
steady "fig4.6 all views 1280x720/150" --preset fig4.6 --view all --window 1280x720 --ui-scale 150
read -r cell values _ strips <<<"$(drawn)"
python3 -c "import sys; sys.exit(0 if float('$cell') >= 22 else 1)" || fail "Figure 4.6's cells are $cell px (under 22: no values)"
[ "$values" -gt 50 ] || fail "Figure 4.6 shows its values ($values cells with a value)"
grep -q '"strips": \[false, true\]' "$CONVARITH_STATE_FILE" || fail "the Arithmetic panel folds to its strip ($strips)"
steady "fig4.6 all views 1024x768/125" --preset fig4.6 --view all --window 1024x768 --ui-scale 125
steady "fig4.6 presentation 1280x720/150" --preset fig4.6 --view all --window 1280x720 --ui-scale 150 --presentation
steady "fig1.3 1280x720/150" --preset fig1.3 --window 1280x720 --ui-scale 150
steady "16 channels 1280x720/150" -i 64 -k 3 --in-channels 16 --out-channels 16 --window 1280x720 --ui-scale 150
# Its 61504 steps keep the playback bar on one row (the tight bar: it took two rows, 98 px, 16 px short of one).
bar_h=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['playback_rect']; print(int(r[3]-r[1]))" "$CONVARITH_STATE_FILE")
[ "$bar_h" -lt 60 ] || fail "the playback bar of 61504 steps takes one row at 1280x720/150 % ($bar_h px high)"
# Where the values show docked, the panel stays docked.
steady "fig2.6 1280x720/150" --preset fig2.6 --window 1280x720 --ui-scale 150
grep -q '"strips": \[false, false\]' "$CONVARITH_STATE_FILE" || fail "Figure 2.6 keeps both panels docked"
echo "steady: OK"
