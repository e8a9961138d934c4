#!/usr/bin/env bash
# Growing the UI scale never costs the grids their size (issue 17): at 1024x768, Figure 2.6's cells at 125-200 % are
# never smaller than at 100 %, and do not shrink while both panels stay docked; a side panel too narrow for the UI
# font folds into a strip at its edge, whose click opens it as a drawer over the canvas (the canvas does not move)
# and a click on the canvas folds it back.
#   side_strips_test.sh APP      (run inside xvfb-run)
set -uo pipefail
app=$1
. "$(dirname "$0")/test_lib.sh"
use_work
eval "lib_$(declare -f fail)"  # the shared fail, then the app's own log
fail() {
  [ -f "$work/out.log" ] && tail -5 "$work/out.log"
  lib_fail "$@"
}
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d[sys.argv[2]]))" "$@"; }

# The sweep: one screenshot run per scale, the state file read after each.
for scale in 100 125 150 175 200; do
  CONVARITH_STATE_FILE=$work/s$scale.json timeout 90 "$app" --preset fig2.6 --window 1024x768 --ui-scale $scale \
    --frames 5 --screenshot "$work/s$scale.png" >/dev/null 2>&1 || fail "the app at $scale %"
done
python3 - "$work" <<'PY' || fail "cell sizes over the UI scales"
import json, sys
w = sys.argv[1]
rows = [(s, json.load(open(f"{w}/s{s}.json"))) for s in (100, 125, 150, 175, 200)]
base = rows[0][1]["cell_px"]
prev_docked = None
for s, d in rows:
    print(f"{s} %: cells {d['cell_px']:.1f} px, strips {d['strips']}")
    assert d["cell_px"] >= base - 0.5, f"{s} %: cells {d['cell_px']} below the 100 % size {base}"
    if d["strips"] == [False, False]:
        if prev_docked is not None:
            assert d["cell_px"] >= prev_docked - 0.5, f"{s} %: docked cells shrank from {prev_docked}"
        prev_docked = d["cell_px"]
    for name in ("parameters_rect", "arithmetic_rect"):
        x0, y0, x1, y1 = d[name]
        assert 0 <= x0 < x1 <= 1024 and y1 <= 768, f"{s} %: {name} {d[name]} not inside the window"
assert rows[0][1]["strips"] == [False, False] and rows[1][1]["strips"] == [False, False], "docked up to 125 %"
assert rows[-1][1]["strips"] == [True, True], "both panels fold at 200 %"
strip = rows[-1][1]["arithmetic_rect"]
assert strip[2] - strip[0] < 2 * 17 * 2, f"a strip is narrow: {strip}"
PY

# The drawer, driven by the mouse at 150 % (the Arithmetic panel folds there).
"$app" --preset fig2.6 --window 1024x768 --ui-scale 150 >"$work/out.log" 2>&1 &
pid=$!
wait_for "the window opens" quiet xdotool search --onlyvisible --name '^convarith$'
wait_for "the Arithmetic panel is a strip" state_has '"strips": \[false, true\]'
wait_for "its drawer closed" state_has '"arithmetic_drawer_rect": \[0, 0, 0, 0\]'
cells=$(field "$CONVARITH_STATE_FILE" cell_px)
read -r x0 y0 x1 y1 <<<"$(field "$CONVARITH_STATE_FILE" arithmetic_rect | tr -d '[],')"
xdotool mousemove $(( (${x0%.*} + ${x1%.*}) / 2 )) $(( ${y0%.*} + 200 )) click 1
wait_for "a click on the strip opens the drawer" state_has '"arithmetic_drawer_rect": \[[1-9]'
read -r d0 _ d1 _ <<<"$(field "$CONVARITH_STATE_FILE" arithmetic_drawer_rect | tr -d '[],')"
[ "${d1%.*}" -le "${x0%.*}" ] && [ "${d0%.*}" -lt "${d1%.*}" ] || fail "the drawer lies left of its strip"
[ "$(field "$CONVARITH_STATE_FILE" cell_px)" = "$cells" ] || fail "the canvas kept its cells under the drawer"
read -r c0 c1 c2 c3 <<<"$(field "$CONVARITH_STATE_FILE" canvas_input_rect | tr -d '[],')"
xdotool mousemove $(( ${c0%.*} + 5 )) $(( ${c1%.*} + 5 )) click 1
wait_for "a click on the canvas folds it back" state_has '"arithmetic_drawer_rect": \[0, 0, 0, 0\]'
echo "side strips: OK"
