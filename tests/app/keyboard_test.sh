#!/usr/bin/env bash
# Drives the real app with the keyboard under Xvfb (xdotool) and checks what each key did: the app writes its state
# to $CONVARITH_STATE_FILE whenever it changes, F12 saves a screenshot whose pixels are checked. Every wait is bounded.
#   keyboard_test.sh APP CHECKER      (run inside xvfb-run)
set -uo pipefail
app=$1 checker=$2
. "$(dirname "$0")/test_lib.sh"
use_work
export CONVARITH_SCREENSHOT_DIR=$work/shots
mkdir -p "$CONVARITH_SCREENSHOT_DIR"
key() {
  xdotool key --delay 60 "$@"
}

"$app" --preset fig2.6 >"$work/out.log" 2>&1 &
pid=$!
wait_for "the window opens" quiet xdotool search --onlyvisible --name '^convarith$'
window=$(xdotool search --onlyvisible --name '^convarith$' | head -1)
xdotool windowfocus --sync "$window" 2>/dev/null || true
xdotool mousemove --window "$window" 700 300
wait_for "the first state" state_has '"preset": "fig2.6"'
wait_for "step 0" state_has '"step": 0,'

key Right Right Right
wait_for "Right x3 -> step 3" state_has '"step": 3,'
key F12
wait_for "F12 saves a screenshot" sh -c "ls '$CONVARITH_SCREENSHOT_DIR'/*.png >/dev/null 2>&1"
sleep 0.5  # the file is renamed into place when complete; give the check a settled file
"$checker" "$(ls "$CONVARITH_SCREENSHOT_DIR"/*.png | head -1)" "output_done>=5000" "output_current>=1500" \
  "input>=10000" || fail "the F12 screenshot shows step 3"

key End
wait_for "End -> last step (8)" state_has '"step": 8,'
key Left
wait_for "Left -> step 7" state_has '"step": 7,'
key Home
wait_for "Home -> step 0" state_has '"step": 0,'
key space
wait_for "Space plays" state_has '"playing": true'
key space
wait_for "Space pauses" state_has '"playing": false'
key l
wait_for "L turns loop off" state_has '"loop": false'
key t
wait_for "T: dark theme" state_has '"dark": true'
# Figure 2.6 has one channel: all maps full size until C asks for the focus layout, and C again leaves it.
wait_for "one channel: no focus" state_has '"channels_in_focus": false'
key c
wait_for "C: channels in focus" state_has '"channels_in_focus": true'
key c
wait_for "C again: every map full size" state_has '"channels_in_focus": false'
key d
wait_for "D: 3-D tensors" state_has '"channel_layout": "3d"'
key d
wait_for "D again: channels laid out as before" state_has '"channel_layout": "auto"'
key s
wait_for "S: symbols" state_has '"symbols": true'
key s
wait_for "S again: numbers" state_has '"symbols": false'
key u
wait_for "U opens Upsampling compared" state_has '"upsampling_window": true'
wait_for "it draws Figure 2.6's k, s, p" state_has '"kernel_size": 3, "scale_factor": 2, "padding": 1, "ksp": "layer"'
key u
wait_for "U again closes it" state_has '"upsampling_window": false'
key Tab
wait_for "Tab hides the side panels" state_has '"side_panels": false'
key Tab
wait_for "Tab shows them again" state_has '"side_panels": true'
key plus
wait_for "+ zooms in" state_has '"zoom": 1.25'
wait_for "zooming ends auto-fit" state_has '"auto_fit": false'
key f
wait_for "F fits" state_has '"zoom": 1,'
wait_for "F fits again after every change" state_has '"auto_fit": true'
widths=$(grep -o '"panel_widths": \[[^]]*\]' "$CONVARITH_STATE_FILE" | sed 's/[][]/\\&/g')  # as a pattern
key ctrl+equal
wait_for "Ctrl+= enlarges the UI" state_has '"ui_scale": 1.25'
key ctrl+equal
wait_for "Ctrl+= again" state_has '"ui_scale": 1.5'
key ctrl+0
wait_for "Ctrl+0 resets the UI scale" state_has '"ui_scale": 1,'
wait_for "Ctrl+0 restores the panel widths ($widths)" state_has "$widths"
key p
wait_for "P: presentation mode" state_has '"presentation": true'
wait_for "presentation mode is full screen" state_has '"fullscreen": true'
wait_for "presentation mode hides panels and playback bar" \
  state_has '"parameters_rect": \[0, 0, 0, 0\], "arithmetic_rect": \[0, 0, 0, 0\], "playback_rect": \[0, 0, 0, 0\]'
key Home Right
wait_for "playback by keys in presentation mode" state_has '"step": 1,'
key Escape
wait_for "Esc leaves presentation mode" state_has '"presentation": false'
wait_for "and its full screen" state_has '"fullscreen": false'
wait_for "the panels come back" state_has '"playback_rect": \[[1-9]'
key p
wait_for "P again" state_has '"presentation": true'
# In presentation mode the hovered cell is written in the step line (no tooltip over the grids).
rect=$(sed -n 's/.*"canvas_input_rect": \[\([^]]*\)\].*/\1/p' "$CONVARITH_STATE_FILE" | tr -d ',')
read -r x0 y0 x1 y1 <<<"$rect"
xdotool mousemove $(( (${x0%.*} + ${x1%.*}) / 2 )) $(( (${y0%.*} + ${y1%.*}) / 2 ))
wait_for "presentation: the hovered cell in the step line" state_has '"hover_text": "[a-z]'
# V: values as colours (a figure opens in role colours), remembered.
wait_for "a figure opens in role colours" state_has '"colour_by": "role"'
key v
wait_for "V: values as colours" state_has '"colour_by": "value"'
# B: the backward pass. Figure 2.6's input gradient is drawn as a transposed convolution (25 steps: one per input
# gradient value), then B again goes back to the forward pass (9 steps) and B once more is remembered.
wait_for "the forward pass first" state_has '"pass": "forward", "pass_drawn": "forward"'
key b
wait_for "B: the backward pass" state_has '"pass": "backward", "pass_drawn": "backward"'
wait_for "B: the input gradient's computation (a transposed convolution, 25 steps)" \
  state_has '"steps": 25,.*"drawn_op": "transposed"'
key b
wait_for "B again: the forward pass" state_has '"steps": 9,.*"pass": "forward", "pass_drawn": "forward", .*"drawn_op": "conv"'
key b
wait_for "B once more" state_has '"pass_drawn": "backward"'
# G: which gradient. Figure 2.6's weight gradient is a direct convolution of its own: ∂L/∂y (3x3) slides over the
# input with stride d = 1 and dilation s = 2, one step per weight (9). The figure has no bias, so G then goes back to
# ∂L/∂x (25 steps), and once more to ∂L/∂w (remembered).
key g
wait_for "G: the weight gradient" state_has '"steps": 9,.*"grad": "weight", "grad_drawn": "weight", "drawn_op": "conv"'
# Ctrl+I (out of presentation mode, which shows the canvas alone): the unfolded (im2col) view of what is drawn, in
# the matrix window: F.unfold's 9 x 9 columns. Then presentation mode again (remembered, checked below).
key p
wait_for "P: out of presentation mode" state_has '"presentation": false'
key ctrl+i
wait_for "Ctrl+I: the unfolded view" state_has '"matrix_window": true, "unfolded_tab": true, "unfold_rect": \[[0-9.]*, [0-9.]*, [1-9][0-9.]*, [1-9][0-9.]*\], "unfold_drawn": true, "unfold_columns": \[9, 9\]'
key ctrl+i
wait_for "Ctrl+I again closes it" state_has '"matrix_window": false'
key p
wait_for "P: presentation mode again" state_has '"presentation": true'
key g
wait_for "G again: the input gradient (no bias to show)" state_has '"steps": 25,.*"grad": "input", "grad_drawn": "input"'
key g
wait_for "G once more" state_has '"grad_drawn": "weight"'
key ctrl+q
for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "Ctrl+Q quits"
wait "$pid"
code=$?
pid=
[ "$code" -eq 0 ] || fail "exit code $code"
grep -q '"dark": true' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "the dark theme is remembered"
grep -q '"presentation": true' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "presentation mode is remembered"
grep -q '"colour_by": "value"' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "V's colour mode is remembered"
grep -q '"pass": "backward"' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "B's pass is remembered"
grep -q '"grad": "weight"' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "G's gradient is remembered"
grep -q '"unfolded": true' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "the matrix window's tab is remembered"
grep -q '"fullscreen": false' "$XDG_CONFIG_HOME/convarith/settings.json" ||
  fail "presentation mode's full screen is not remembered as the window's own"
echo "keyboard test passed"
