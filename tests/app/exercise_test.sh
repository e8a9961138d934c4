#!/usr/bin/env bash
# The Exercises window: a question from the core's generator, a wrong, a right and a malformed answer (the score and
# the inline message), "Show me" putting the layer on the canvas (its output size is the answer) or a stack in the
# Network window (the pinned cell lights as many input cells as the receptive field), bad flags refused, X toggling it.
#   exercise_test.sh APP     (run inside xvfb-run)
set -uo pipefail
app=$1
work=$(mktemp -d)
export XDG_CONFIG_HOME=$work/config CONVARITH_STATE_FILE=$work/state.json
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/test_lib.sh"
field() { python3 -c "import json,sys; d=json.load(open('$CONVARITH_STATE_FILE')); print(eval(sys.argv[1]))" "$1"; }
shot() { "$app" --window 1280x720 --ui-scale 150 --frames 4 --screenshot "$work/$1.png" "${@:2}"; }

# A wrong answer: scored, "Not quite", the explanation revealed.
shot wrong --exercises 3 --exercise-answer 999 || fail "wrong-answer run"
state_has '"exercises_window": true' || fail "the window opens"
[ "$(field "d['exercise']['kind']")" = output_size ] || fail "the first question is an output size"
answer=$(field "d['exercise']['answer']")
[ "$(field "(d['exercise']['answered'], d['exercise']['correct'], d['exercise']['reveal'])")" = "(1, 0, True)" ] ||
  fail "a wrong answer scores 0 / 1 and reveals the explanation"
state_has '"message": "Not quite: the answer is '"$answer"' (you gave 999)' || fail "the wrong answer's message"

# The right answer, and Show me: the canvas animates the layer whose output size is the answer.
shot right --exercises 3 --exercise-answer "$answer" --exercise-show || fail "right-answer run"
[ "$(field "(d['exercise']['answered'], d['exercise']['correct'])")" = "(1, 1)" ] || fail "a right answer scores 1 / 1"
state_has '"shown": "On the canvas: [^"]*: o='"$answer"'"' || fail "Show me puts a layer with o = $answer on the canvas"

# A malformed answer: named inline, not scored.
shot malformed --exercises 3 --exercise-answer "five" || fail "malformed run"
[ "$(field "(d['exercise']['answered'], d['exercise']['well_formed'], d['exercise']['reveal'])")" = "(0, False, False)" ] ||
  fail "a malformed answer is not scored"
state_has '"message": "answer: .f. is not part of a whole number; expected' || fail "the malformed answer's message"

# A receptive field: Show me opens the stack in the Network window with the last layer's middle cell pinned.
shot field --exercises 3 --exercise-kind receptive_field --exercise-show || fail "receptive-field run"
state_has '"network_window": true' || fail "the Network window opens"
[ "$(field "d['network']['lit_inputs'] == int(d['exercise']['answer'].split('x')[0])")" = True ] ||
  fail "the pinned cell lights as many input cells as the receptive field"

# Bad flags: one line, exit 2.
"$app" --exercises 3 --exercise-kind nope --screenshot "$work/x.png" 2>"$work/err" && fail "--exercise-kind nope refused"
grep -q "exercise-kind: unknown kind 'nope'" "$work/err" || fail "the kind named: $(cat "$work/err")"
"$app" --exercise-answer 3 --screenshot "$work/x.png" 2>"$work/err" && fail "--exercise-answer alone refused"
grep -q "need --exercises SEED" "$work/err" || fail "--exercises named"
"$app" --exercises -1 --screenshot "$work/x.png" 2>/dev/null && fail "--exercises -1 refused"

# X toggles the window in a running app.
rm -f "$CONVARITH_STATE_FILE"
"$app" >"$work/out.log" 2>&1 &
pid=$!
wait_for "the app starts" state_has '"steps"'
window=$(xdotool search --onlyvisible --name '^convarith$' | head -1)
xdotool windowfocus --sync "$window" 2>/dev/null || true
xdotool key --window "$window" x
wait_for "X opens the Exercises window" state_has '"exercises_window": true, "exercise": {"seed": 1, "number": 1'
kill -TERM "$pid"
for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid" || fail "exit code $? after SIGTERM"
pid=
echo "exercise window: all checks passed"
