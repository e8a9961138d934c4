#!/usr/bin/env bash
# The Data section names what is on screen (the app's state file carries its two lines): a figure's own numbers, the
# fill or kernel preset a figure's data is, "edited" after an edit; a plain fill made again at a new size stays itself
# (a ramp stays a ramp). The display hints of the figures come with them: Figure 1.4's subsampling, the overlap map of
# the checkerboard examples, and the figure's title above the caption.
#   data_test.sh APP      (run inside xvfb-run)
set -uo pipefail
app=$1
work=$(mktemp -d)
export XDG_CONFIG_HOME=$work/config CONVARITH_STATE_FILE=$work/state.json
settings=$XDG_CONFIG_HOME/convarith/settings.json
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/test_lib.sh"
run() {
  rm -f "$CONVARITH_STATE_FILE"
  "$app" "$@" >"$work/out.log" 2>&1 &
  pid=$!
  wait_for "the app starts" state_has '"steps"'
}
quit() {
  kill -TERM "$pid"  # SIGTERM ends the loop normally: settings are saved
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" || fail "exit code $? after SIGTERM"
  pid=
}

# The first start opens on Figure 1.1: its kernel is Figure 1.1's (not "ones"), its input the paper's numbers.
run
wait_for "first start: Figure 1.1's data named" \
  state_has '"preset": "fig1.1", "data": {"input": "Figure 1.1.s input", "kernels": "Figure 1.1"}'
quit

# A remembered random fill and Sobel kernel do not describe a figure picked next: Figure 2.6 is a ramp with ones.
cat >"$settings" <<'JSON'
{"version": 2, "config": {"op": "conv", "height": {"i": 6, "k": 3}, "width": {"i": 6, "k": 3}},
 "fill": "random", "seed": 2, "kernel_preset": "sobel_x"}
JSON
run
wait_for "the remembered fill named" state_has '"data": {"input": "random 0…4, seed 2", "kernels": "Sobel x"}'
quit
run --preset fig2.6
wait_for "Figure 2.6: ramp and ones" state_has '"preset": "fig2.6", "data": {"input": "ramp 1…9", "kernels": "ones"}'
quit

# A larger input: the ramp is made again at 7 x 7 (1 2 ... 9 1 2 ...), not the 5 x 5 ramp with new cells around it.
run --preset fig2.6 -i 7
wait_for "i = 7: still a ramp" state_has '"preset": "", "data": {"input": "ramp 1…9", "kernels": "ones"}'
quit
values=$(tr -d ' \n' <"$settings" | grep -o '"input":{"shape":\[1,1,7,7\],"values":\[[^]]*\]' | sed 's/\.0\([],]\)/\1/g')
[ "$values" = '"input":{"shape":[1,1,7,7],"values":[1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4]' ] ||
  fail "the 7 x 7 input is a ramp: $values"

# The paper's numbers at another size say so; an edited value says "edited" (remembered with the settings).
run --preset fig1.1 -i 6
wait_for "the paper's numbers resized" \
  state_has '"data": {"input": "Figure 1.1.s input, resized (new cells: ramp 1…9)", "kernels": "Figure 1.1"}'
quit
sed -i 's/"input_edited": *false/"input_edited": true/; s/"kernel_edited": *false/"kernel_edited": true/' "$settings"
run
wait_for "edited values named" state_has '"input": "Figure 1.1.s input, resized (new cells: ramp 1…9), edited"'
quit

# Display hints: Figure 1.4 subsamples (keep 1 in 2) until a parameter changes; the checkerboard example turns the
# overlap map on, and the next figure without the hint turns it off again.
run --preset fig1.4
wait_for "Figure 1.4: keep 1 in 2" state_has '"preset": "fig1.4",.*"keep_every": 2'
quit
run --preset fig1.4 -i 6
wait_for "Figure 1.4 changed: no subsampling" state_has '"preset": "",.*"keep_every": 1'
quit
run --preset checkerboard
wait_for "the checkerboard example: overlap map on" state_has '"preset": "checkerboard",.*"overlap_panel": true'
quit
run --preset fig4.6
wait_for "the next figure: overlap map off again" state_has '"preset": "fig4.6",.*"overlap_panel": false'
quit

# With the caption on, a figure's frame carries its title.
sed -i 's/"caption": *false/"caption": true/' "$settings"
grep -q '"caption": *true' "$settings" || fail "caption option in the settings"
run --preset fig2.6
wait_for "the title of Figure 2.6" state_has '"title": "Figure 2.6: Padding, strides"'
quit
echo "data test passed"
