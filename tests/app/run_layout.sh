#!/usr/bin/env bash
# Runs the real app under Xvfb on a screen of the given size (a projector's), then checks its screenshot's layout:
# window size, cell and digit sizes from the pixels, and what the app's state file says was drawn where.
#   run_layout.sh APP CHECKER SCREEN(WxH) OUT.png "CHECKS" APP-ARGS...     (@STATE@ in CHECKS: the state file)
set -euo pipefail
app=$1 checker=$2 screen=$3 out=$4 checks=$5
shift 5
rm -f "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config CONVARITH_STATE_FILE=$work/state.json
timeout 120 "$(dirname "$0")/xvfb_run.sh" -a -s "-screen 0 ${screen}x24" "$app" "$@" --screenshot "$out"
echo "state: $(cat "$CONVARITH_STATE_FILE")"
# shellcheck disable=SC2086
"$checker" "$out" ${checks//@STATE@/$CONVARITH_STATE_FILE}
