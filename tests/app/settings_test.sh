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
echo "settings test passed"
