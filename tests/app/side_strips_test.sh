#!/usr/bin/env bash
# Growing the UI scale never costs the grids their size (issue 17): at 1024x768 and 1280x720, Figure 2.6's cells at
# 125-200 % are never smaller than at 100 %, never shrink from one scale to the next while both panels stay docked,
# and lose at most 5 % from one scale to the next otherwise (the playback bar keeps one row, the step line one line,
# a legend of three rows gives way: before, 1024x768 lost 8 % from 150 to 175 % and 11 % from 175 to 200 %); a side
# panel too narrow for the UI
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

# The sweep: one screenshot run per window and scale, the state file read after each.
for window in 1024x768 1280x720; do
  for scale in 100 125 150 175 200; do
    CONVARITH_STATE_FILE=$work/s$window-$scale.json timeout 90 "$app" --preset fig2.6 --window $window \
      --ui-scale $scale --frames 5 --screenshot "$work/s$window-$scale.png" >/dev/null 2>&1 ||
      fail "the app at $window, $scale %"
  done
done
python3 - "$work" <<'PY' || fail "cell sizes over the UI scales"
import json, sys
w = sys.argv[1]
for window in ("1024x768", "1280x720"):
    width, height = map(int, window.split("x"))
    rows = [(s, json.load(open(f"{w}/s{window}-{s}.json"))) for s in (100, 125, 150, 175, 200)]
    base = rows[0][1]["cell_px"]
    prev = None
    for s, d in rows:
        print(f"{window} {s} %: cells {d['cell_px']:.1f} px, strips {d['strips']}")
        assert d["cell_px"] >= base - 0.5, f"{window} {s} %: cells {d['cell_px']} below the 100 % size {base}"
        if prev is not None:
            both_docked = d["strips"] == [False, False] and prev[1]["strips"] == [False, False]
            floor = prev[1]["cell_px"] - 0.5 if both_docked else 0.95 * prev[1]["cell_px"]
            assert d["cell_px"] >= floor, f"{window} {s} %: cells {d['cell_px']} shrank from {prev[1]['cell_px']}"
        prev = (s, d)
        for name in ("parameters_rect", "arithmetic_rect"):
            x0, y0, x1, y1 = d[name]
            assert 0 <= x0 < x1 <= width and y1 <= height, f"{window} {s} %: {name} {d[name]} not inside the window"
    if window == "1024x768":
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
