#!/usr/bin/env bash
# The bash completion, as bash-completion runs it: subcommands, options (from the program's --help, and from the
# completion's own list when the program cannot be run), option values and file names.
# Usage: completion_test.sh COMPLETION_FILE CONVARITH_EXE
set -uo pipefail
completion=$1
exe=$2

bash_completion=/usr/share/bash-completion/bash_completion
if [ ! -r "$bash_completion" ]; then
  echo "install the bash-completion package (scripts/setup.sh)" >&2
  exit 1
fi
# shellcheck disable=SC1090
source "$bash_completion"
# shellcheck disable=SC1090
source "$completion"
complete -p convarith >/dev/null || { echo "FAIL: the completion does not register for convarith"; exit 1; }

failures=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/frames" "$work/gifs"
touch "$work/x.json" "$work/w.json" "$work/notes.txt"
cd "$work" || exit 1

# complete WORD... : what the completion offers for the command line WORD... (the last word is being completed).
complete_line() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _convarith 2>/dev/null
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect "WANTED" WORD...: the sorted offers are exactly WANTED.
expect() {
  local wanted=$1
  shift
  local got
  got=$(complete_line "$@")
  if [ "$got" != "$wanted" ]; then
    echo "FAIL: '$*<TAB>' offered '$got', expected '$wanted'"
    failures=$((failures + 1))
  else
    echo "ok: '$*<TAB>' -> $got"
  fi
}

# Subcommands and option values.
expect "compute export shape" "$exe" ""
expect "conv" "$exe" --op c
expect "avgpool conv maxpool transposed" "$exe" shape --op ""
expect "gif png svg" "$exe" export --format ""
expect "reflect replicate" "$exe" compute --padding-mode re
expect "circular reflect replicate zeros" "$exe" export --padding-mode ""
expect "1 2 3" "$exe" shape --dims ""
expect "false true" "$exe" compute --op avgpool --count-include-pad ""
expect "dark light" "$exe" export --theme ""
expect "ramp random" "$exe" compute --fill ra
expect "sobel_x sobel_y" "$exe" compute --kernel-fill sob
expect "associated direct equivalent scatter" "$exe" export --op transposed --view ""
expect "equivalent,scatter" "$exe" --view equivalent,s
expect "equivalent,all equivalent,associated equivalent,equivalent equivalent,scatter" "$exe" --view equivalent,
expect "fig2.1 fig2.2 fig2.3 fig2.4 fig2.5 fig2.6 fig2.7" "$exe" export --preset fig2.
expect "fig2.1 fig2.2 fig2.3 fig2.4 fig2.5 fig2.6 fig2.7" /nonexistent/convarith export --preset fig2.
expect "" "$exe" shape -k ""
expect "fig5.1" "$exe" export --preset=fig5
expect "transposed" "$exe" --op=tr

# Options, per subcommand, from the program's --help.
expect "--json" "$exe" shape --js
expect "--all-presets" "$exe" export --all
expect "--no-equation --no-legend --no-loop --no-numbers" "$exe" export --no-
expect "--explain" "$exe" compute --ex
expect "--bench-change --bench-frames" "$exe" --ben
got=$(complete_line "$exe" shape --)
case " $got " in
  *" --stride "*) echo "ok: shape options include --stride" ;;
  *) echo "FAIL: 'shape --<TAB>' offered '$got'"; failures=$((failures + 1)) ;;
esac
case " $got " in
  *" --all-presets "*) echo "FAIL: 'shape --<TAB>' offers export's --all-presets"; failures=$((failures + 1)) ;;
esac
# ... and from the completion's own list when the program cannot be run (the options added with 1-D/3-D tensors).
expect "--dilation --dims" /nonexistent/convarith shape --di
expect "--pad-after --pad-before --padding --padding-mode" /nonexistent/convarith shape --pad
expect "--in-channels --input --input-size" /nonexistent/convarith compute --in
expect "--groups" /nonexistent/convarith compute --gr
expect "--bias" /nonexistent/convarith export --bi

# File names: JSON files (and directories) for --input, --kernel and --bias, any path for --out, directories for
# --out with --all-presets.
expect "frames gifs w.json x.json" "$exe" compute --input ""
expect "w.json" "$exe" compute --input x.json --kernel w
expect "frames gifs notes.txt w.json x.json" "$exe" export --out ""
expect "frames gifs" "$exe" export --all-presets --out ""
expect "frames gifs w.json x.json" "$exe" compute --bias ""

if [ "$failures" -ne 0 ]; then
  echo "$failures completion check(s) failed"
  exit 1
fi
echo "all completion checks passed"
