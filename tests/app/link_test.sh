#!/usr/bin/env bash
# Links in the app (issue 18): `--link` opens the configuration it holds, the app's own link (the state file's, and
# Edit › Copy link's through Ctrl+L into the X clipboard) is the same link; a bad link stops an automation run
# before any window, and a person opening it gets the app without it (its message in the app).
#   link_test.sh APP      (run inside xvfb-run)
set -uo pipefail
app=$1
. "$(dirname "$0")/test_lib.sh"
use_work
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$@"; }

# A link opens what it says and comes back out the same (keys in their written order).
check_link() {
  local given=$1 written=$2 op=$3 step=$4
  timeout 90 "$app" --link "$given" --window 1024x768 --frames 3 --screenshot "$work/shot.png" >"$work/out.log" 2>&1 ||
    fail "--link '$given' exits 0: $(cat "$work/out.log")"
  [ "$(field "$CONVARITH_STATE_FILE" link)" = "$written" ] || fail "the app's link for '$given' is '$written'"
  [ "$(field "$CONVARITH_STATE_FILE" drawn_op)" = "$op" ] || fail "'$given' draws $op"
  [ "$(field "$CONVARITH_STATE_FILE" step)" = "$step" ] || fail "'$given' opens at step $step"
}
check_link '#op=transposed&i=3&k=3&s=2&p=1&a=1&view=all&step=7' '#op=transposed&i=3&k=3&s=2&p=1&a=1&view=all&step=7' \
  transposed 6
check_link 'https://example.org/convarith/#step=4&preset=fig2.6' '#preset=fig2.6&step=4' conv 3
check_link '#op=conv&i=5x7&k=3&p=1&in_channels=4&out_channels=8&groups=2&padding_mode=reflect&channels=3d&symbols=1' \
  '#op=conv&i=5x7&k=3&p=1&in_channels=4&out_channels=8&groups=2&padding_mode=reflect&channels=3d&symbols=1' conv 0
grep -q '"channel_layout": "3d"' "$CONVARITH_STATE_FILE" || fail "channels=3d opens the 3-D view"
grep -q '"symbols": true' "$CONVARITH_STATE_FILE" || fail "symbols=1 turns symbols on"

# A random fill's seed (issue 18): the app's values are `compute`'s for the same link, written back with the seed;
# another seed gives other values.
same_values() {  # LINK: the state's computation equals `compute --link LINK --json`
  python3 -c "import json,sys; a=json.load(open(sys.argv[1]))['computation']; b=json.loads(sys.argv[2]); sys.exit(a != b)" \
    "$CONVARITH_STATE_FILE" "$("$app" compute --link "$1" --json)"
}
check_link '#op=conv&i=6&k=3&fill=random&seed=7' '#op=conv&i=6&k=3&fill=random&seed=7' conv 0
same_values '#op=conv&i=6&k=3&fill=random&seed=7' || fail "seed=7: the app's values are compute's"
[ "$(field "$CONVARITH_STATE_FILE" seed)" = 7 ] || fail "seed=7 sets the seed"
same_values '#op=conv&i=6&k=3&fill=random&seed=8' && fail "seed=8 gives other values than the app's seed 7"
check_link '#op=conv&i=6&k=3&fill=random&seed=8' '#op=conv&i=6&k=3&fill=random&seed=8' conv 0
same_values '#op=conv&i=6&k=3&fill=random&seed=8' || fail "seed=8: the app's values are compute's"

# A bad link in an automation run: one line naming the key, exit 2, no window and no state.
rm -f "$CONVARITH_STATE_FILE"
timeout 30 "$app" --link '#op=conv&stride=2' --screenshot "$work/never.png" >"$work/out.log" 2>&1
[ $? -eq 2 ] || fail "a bad link exits 2"
grep -q "unknown key 'stride'" "$work/out.log" || fail "the message names the key: $(cat "$work/out.log")"
[ ! -e "$CONVARITH_STATE_FILE" ] || fail "a bad link opens no window"

# Ctrl+L copies the link of what is on screen into the clipboard.
"$app" --preset fig2.6 >"$work/out.log" 2>&1 &
pid=$!
wait_for "the window opens" quiet xdotool search --onlyvisible --name '^convarith$'
window=$(xdotool search --onlyvisible --name '^convarith$' | head -1)
xdotool windowfocus --sync "$window" 2>/dev/null || true
wait_for "the first state" state_has '"preset": "fig2.6"'
xdotool key --delay 60 Right Right
wait_for "two steps" state_has '"step": 2,'
xdotool key --delay 60 ctrl+l
wait_for "Ctrl+L copies the link" sh -c "[ \"\$(xclip -o -selection clipboard 2>/dev/null)\" = '#preset=fig2.6&step=3' ]"
kill "$pid"
wait "$pid" 2>/dev/null
pid=

# A person opening a bad link gets the app without it and the message in it (the browser page must never be blank).
rm -f "$CONVARITH_STATE_FILE"
"$app" --link '#preset=fig2.6&colour_by=purple' >"$work/out.log" 2>&1 &
pid=$!
wait_for "the app opens without the bad link" state_has '"valid": true'
state_has '"link_error": "link: --colour-by: purple not in {role,value}' ||
  state_has '"link_error": "link: [^"]*colour' || fail "the state names the bad value"
grep -q "colour" "$work/out.log" || fail "stderr names the bad value: $(cat "$work/out.log")"
state_has '"link": "#op=conv' || state_has '"link": "#preset' || fail "the app opened on its default"
echo "links: OK"
