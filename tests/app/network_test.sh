#!/usr/bin/env bash
# The Network window: PyTorch code imported as if pasted (layers, passed-through ones, the shapes), bad code shown
# inline with its line, a bad flag refused, Ctrl+N, and the network remembered in the settings (an older settings
# file without it still opens).
#   network_test.sh APP CHECKER DATA-DIR     (run inside xvfb-run)
set -uo pipefail
app=$1 checker=$2 data=$3
work=$(mktemp -d)
export XDG_CONFIG_HOME=$work/config CONVARITH_STATE_FILE=$work/state.json
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/test_lib.sh"

# Import: Conv2d s2, BatchNorm and ReLU passed through, MaxPool2d, Conv2d 'same' over the panel's 64 x 64 input.
"$app" --network-import "$data/net_model.py" --screenshot "$work/import.png" --frames 5 || fail "import run"
state_has '"network_window": true' || fail "the Network window opens"
state_has '"network": {"layers": 3, "valid": true, "output": "16x16"' || fail "3 layers imported, 64 -> 32 -> 16 -> 16"
"$checker" "$work/import.png" "output_done>=2000" || fail "the stack is drawn"

# Bad code: the error names the line, inline (no exit: a paste that fails is not a crash).
"$app" --network-import "$data/net_bad.py" --screenshot "$work/bad.png" --frames 5 || fail "bad-code run"
state_has '"error": "[^"]*line 5' || fail "the import error names line 5 (nn.Flatten)"

# An invalid size in the stack: named inline with the layer and parameter.
"$app" --network-layers "conv k=3; conv k=9; conv k=3" --network-input 8 --screenshot "$work/invalid.png" \
  --frames 5 || fail "invalid-stack run"
state_has '"valid": false, "output": "6x6", "error": "layer 2[^"]*kernel_size' || fail "layer 2's kernel_size named"

# Pinned: a dilated stack's last cell lights 31 input cells (1 + 2 (1 + 2 + 4 + 8)).
"$app" --network dilated --network-pin 4,16 --screenshot "$work/pin.png" --frames 5 || fail "pin run"
state_has '"lit_inputs": 31' || fail "the pinned cell's receptive field: 31 input cells"

# A layer on the canvas: the encoder's first layer (3 -> 16 maps, 64 -> 32, k4 s2 p1): 32·32·16 steps.
"$app" --network encoder-decoder --network-layer 1 --screenshot "$work/layer.png" --frames 5 || fail "layer run"
state_has '"steps": 16384,.*"selected": 0' || fail "layer 1 animated on the canvas"

# A bad flag value: one line, exit 2.
"$app" --network nonsense --screenshot "$work/x.png" 2>"$work/err" && fail "--network nonsense refused"
grep -q "encoder-decoder" "$work/err" || fail "the presets are named"

# Remembered: the dilated stack and the open window come back; Ctrl+N closes the window.
run() {
  rm -f "$CONVARITH_STATE_FILE"
  "$app" "$@" >"$work/out.log" 2>&1 &
  pid=$!
  wait_for "the app starts" state_has '"steps"'
  window=$(xdotool search --onlyvisible --name '^convarith$' | head -1)
  xdotool windowfocus --sync "$window" 2>/dev/null || true
}
quit() {
  kill -TERM "$pid"
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" || fail "exit code $? after SIGTERM"
  pid=
}
# An imported network after a restart (issue 17): its 3 input channels and its BatchNorm and ReLU (for code out).
run --network-import "$data/net_model.py"
wait_for "the import" state_has '"in_channels": 3, "pass_layers": 2}'
quit
run
wait_for "the import remembered" state_has '"layers": 3, "valid": true, "output": "16x16"'
state_has '"in_channels": 3, "pass_layers": 2}' || fail "channels and pass-through layers remembered"
quit
run --network dilated
wait_for "the dilated preset" state_has '"network_window": true, "network": {"layers": 4, "valid": true, "output": "32x32"'
quit
grep -q '"layers": "conv k=3 s=1 p=1 c=8; conv k=3 s=1 p=2 d=2 c=8' "$XDG_CONFIG_HOME/convarith/settings.json" ||
  fail "the layers saved as a spec"
run
wait_for "the network remembered" state_has '"network_window": true, "network": {"layers": 4, "valid": true'
xdotool key --delay 60 ctrl+n
wait_for "Ctrl+N closes the window" state_has '"network_window": false'
quit
# An older settings file (no "network"): the app opens on the panel's default stack.
echo '{"version": 2, "config": {"op": "conv"}, "windows": {"parameters": true}}' >"$XDG_CONFIG_HOME/convarith/settings.json"
run
wait_for "an older file opens" state_has '"network": {"layers": 8, "valid": true, "output": "64x64"'
quit
# A Network window remembered larger than the screen, and off it (imgui.ini from a larger monitor): it opens inside
# the work area, whole.
cat >"$XDG_CONFIG_HOME/convarith/imgui.ini" <<'INI'
[Window][Network]
Pos=2500,1800
Size=3000,2200
Collapsed=0
INI
run --network encoder-decoder
wait_for "the Network window is drawn" state_has '"window": \[[0-9.]*, [0-9.]*, [1-9]'
read -r x0 y0 x1 y1 < <(sed -n 's/.*"window": \[\([^]]*\)\].*/\1/p' "$CONVARITH_STATE_FILE" | tr -d ',')
read -r dw dh < <(sed -n 's/.*"display": \[\([^]]*\)\].*/\1/p' "$CONVARITH_STATE_FILE" | tr -d ',')
echo "Network window at $x0 $y0 $x1 $y1 on a display of $dw x $dh"
awk -v a="$x0" -v b="$y0" -v c="$x1" -v d="$y1" -v w="$dw" -v h="$dh" \
  'BEGIN { exit !(a >= 0 && b >= 0 && c <= w + 0.5 && d <= h + 0.5 && c - a > 100) }' ||
  fail "the Network window is not inside the screen"
quit
# A teacher's window, 1280x720 at 150 %: the Network window opens with every column of the table in view (the output
# size and the receptive field without scrolling sideways).
rm -f "$XDG_CONFIG_HOME/convarith/imgui.ini" "$XDG_CONFIG_HOME/convarith/settings.json"
run --network encoder-decoder --window 1280x720 --ui-scale 150
wait_for "the Network window is drawn at 1280x720" state_has '"window": \[[0-9.]*, [0-9.]*, [1-9]'
wait_for "its table needs no sideways scrolling (a few px of border at most)" state_has '"table_scroll_x": [0-7][.0-9]*[,}]'
quit
echo "network tests passed"
