#!/usr/bin/env bash
# Remembered settings: a run's configuration comes back in the next run; a corrupt settings file or imgui.ini falls
# back to the defaults without crashing.
#   settings_test.sh APP      (run inside xvfb-run)
set -uo pipefail
app=$1
work=$(mktemp -d)
export XDG_CONFIG_HOME=$work/config CONVARITH_STATE_FILE=$work/state.json
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/test_lib.sh"
# run ARGS...: starts the app, waits for its first state, leaves its pid in $pid.
run() {
  rm -f "$CONVARITH_STATE_FILE"
  "$app" "$@" >"$work/out.log" 2>&1 &
  pid=$!
  wait_for "the app starts" state_has '"steps"'
  window=$(xdotool search --onlyvisible --name '^convarith$' | head -1)
  xdotool windowfocus --sync "$window" 2>/dev/null || true
}
quit() {
  kill -TERM "$pid"  # SIGTERM ends the loop normally: settings are saved
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" || fail "exit code $? after SIGTERM"
  pid=
}

run --preset fig4.7
xdotool key --delay 60 Right Right t
wait_for "two steps and the dark theme" state_has '"step": 2,.*"dark": true'
quit
[ -s "$XDG_CONFIG_HOME/convarith/settings.json" ] || fail "settings.json written"
[ -s "$XDG_CONFIG_HOME/convarith/imgui.ini" ] || fail "imgui.ini written"

run  # no flags: the remembered configuration
wait_for "fig4.7 at step 2, dark, remembered" state_has '"step": 2,.*"dark": true.*"preset": "fig4.7"'
quit

echo '{"config": {"op": "conv", "height": {"i": "five"' >"$XDG_CONFIG_HOME/convarith/settings.json"
printf '[Window][Parameters]\nSize=abc,\x01\x02\n[[[' >"$XDG_CONFIG_HOME/convarith/imgui.ini"
run
wait_for "a corrupt file gives a working app on the defaults" state_has '"valid": true'
grep -q "ignoring" "$work/out.log" || fail "the corrupt file is reported on stderr"
quit

echo '{"config": {"op": "conv", "height": {"i": 3, "k": 9}, "width": {"i": 3, "k": 9}}, "link_axes": true}' \
  >"$XDG_CONFIG_HOME/convarith/settings.json"
run
wait_for "an invalid remembered configuration opens, shown as invalid" state_has '"valid": false'
quit
# Channels, groups and bias come back (the depthwise example: 3 maps of 5 x 5, 75 steps).
run --preset depthwise
xdotool key --delay 60 Right
wait_for "a step into the depthwise example" state_has '"step": 1,'
quit
grep -q '"groups": 3' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "groups saved"
grep -q '"in_channels": 3' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "in_channels saved"
run
wait_for "the depthwise example remembered" state_has '"step": 1, "steps": 75,.*"valid": true.*"preset": "depthwise"'
quit

# A version-1 file (one 2-D input and kernel, "p" for both sides) still opens, with its numbers.
cat >"$XDG_CONFIG_HOME/convarith/settings.json" <<'JSON'
{"version": 1, "config": {"op": "conv", "height": {"i": 4, "k": 3, "s": 1, "p": 1, "d": 1, "a": 0},
 "width": {"i": 4, "k": 3, "s": 1, "p": 1, "d": 1, "a": 0}, "ceil_mode": false, "count_include_pad": true},
 "link_axes": true, "input_custom": true, "kernel_custom": true,
 "input": [[1, 2, 3, 4], [5, 6, 7, 8], [9, 1, 2, 3], [4, 5, 6, 7]], "kernel": [[0, 1, 0], [1, 1, 1], [0, 1, 0]]}
JSON
run
wait_for "a version-1 settings file opens (4 x 4 output: 16 steps)" state_has '"steps": 16,.*"valid": true'
quit
grep -q '"p_after": 1' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "version-1 padding kept on both sides"
grep -q '"shape": \[' "$XDG_CONFIG_HOME/convarith/settings.json" || fail "tensors saved with their shape"

# A 3-D configuration with channels and asymmetric padding; a weight of the wrong shape is refilled, not fatal.
cat >"$XDG_CONFIG_HOME/convarith/settings.json" <<'JSON'
{"version": 2, "config": {"op": "conv", "rank": 3, "in_channels": 2, "out_channels": 2, "groups": 2, "bias": true,
 "padding_mode": "replicate", "depth": {"i": 3, "k": 2, "p": 1, "p_after": 0}, "height": {"i": 3, "k": 2},
 "width": {"i": 3, "k": 2}}, "weight": {"shape": [7, 7], "values": [1]}, "bias": {"shape": [2], "values": [1, -1]}}
JSON
run
wait_for "a remembered 3-D configuration (2 maps of 3 x 2 x 2: 24 steps)" state_has '"steps": 24,.*"valid": true'
quit
echo "settings test passed"
