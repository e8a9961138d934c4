#!/usr/bin/env bash
# Runs the real app under Xvfb for a screenshot, then checks its pixels.
#   run_screenshot.sh APP CHECKER OUT.png "CHECKS" APP-ARGS...
set -euo pipefail
app=$1 checker=$2 out=$3 checks=$4
shift 4
rm -f "$out"
export XDG_CONFIG_HOME=$(mktemp -d)  # never the user's settings (screenshot runs ignore them anyway)
trap 'rm -rf "$XDG_CONFIG_HOME"' EXIT
timeout 120 "$(dirname "$0")/xvfb_run.sh" -a -s '-screen 0 1600x1000x24' "$app" "$@" --screenshot "$out"
# shellcheck disable=SC2086
"$checker" "$out" $checks
