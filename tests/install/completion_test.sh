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
touch "$work/x.json" "$work/w.json" "$work/notes.txt" "$work/photo.jpg" "$work/scan.PNG" "$work/model.py"
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
expect "compute export net shape" "$exe" ""
expect "conv" "$exe" --op c
expect "avgpool conv maxpool transposed" "$exe" shape --op ""
expect "max-unpool maxpool" "$exe" compute --op max
expect "pixel-shuffle" "$exe" compute --op pi
expect "bilinear nearest" "$exe" compute --op upsample --mode ""
expect "--mode" "$exe" compute --mo
expect "--overlap" "$exe" compute --ov
expect "gif pdf png svg tikz" "$exe" export --format ""
expect "pdf png" "$exe" export --format p
expect "reflect replicate" "$exe" compute --padding-mode re
expect "circular reflect replicate zeros" "$exe" export --padding-mode ""
expect "1 2 3" "$exe" shape --dims ""
expect "false true" "$exe" compute --op avgpool --count-include-pad ""
expect "dark light" "$exe" export --theme ""
expect "ramp random" "$exe" compute --fill ra
expect "sobel_x sobel_y" "$exe" compute --kernel-fill sob
expect "sharpen" "$exe" export --kernel-fill sh
expect "box fig1.1 identity ones sharpen sobel_x sobel_y" "$exe" --kernel-fill ""
expect "ramp random" "$exe" compute --bias-fill r
expect "ramp random" "$exe" compute --grad-fill r
expect "correlation" "$exe" compute --convention cor
expect "gray rgb" "$exe" compute --image-mode ""
expect "gray rgb" "$exe" --image-mode ""
expect "keras pytorch" "$exe" shape --code ""
expect "keras" "$exe" net --code k
expect "dilated encoder-decoder open transposed" "$exe" --network ""
expect "" "$exe" --window ""
expect "" "$exe" net --layers ""
expect "all associated direct equivalent scatter" "$exe" export --op transposed --view ""
expect "equivalent,scatter" "$exe" export --op transposed --view equivalent,s
expect "associated,all associated,associated associated,equivalent associated,scatter" "$exe" export --view associated,
expect "equivalent,scatter" "$exe" --view equivalent,s
expect "equivalent,all equivalent,associated equivalent,equivalent equivalent,scatter" "$exe" --view equivalent,
expect "fig2.1 fig2.2 fig2.3 fig2.4 fig2.5 fig2.6 fig2.7" "$exe" export --preset fig2.
expect "fig2.1 fig2.2 fig2.3 fig2.4 fig2.5 fig2.6 fig2.7" /nonexistent/convarith export --preset fig2.
expect "fig1.1 fig1.2 fig1.3 fig1.4 fig1.5 fig1.6" "$exe" --preset fig1.
expect "causal1d checkerboard" "$exe" compute --preset c
expect "causal1d checkerboard" /nonexistent/convarith compute --preset c
expect "depthwise" "$exe" shape --preset=dep
expect "" "$exe" shape -k ""
expect "fig5.1" "$exe" export --preset=fig5
expect "transposed" "$exe" --op=tr

# Options, per subcommand, from the program's --help.
expect "--json" "$exe" shape --js
expect "--all-presets" "$exe" export --all
expect "--no-equation --no-legend --no-loop --no-numbers" "$exe" export --no-
expect "--explain --explain-limit" "$exe" compute --ex
expect "--bench-change --bench-frames" "$exe" --ben
expect "--bias --bias-fill" "$exe" compute --bi
expect "--time-runs" "$exe" compute --ti
expect "--colour-by --compact --compare-layers --compare-upsampling --convention --count-include-pad" "$exe" export --co
expect "3d" "$exe" export --channels 3
expect "role value" "$exe" export --colour-by ""
expect "--image --image-mode --image-size" "$exe" export --im
expect "--network --network-import --network-input --network-layer --network-layers --network-pin" "$exe" --net
expect "--presentation --preset" "$exe" --pres
expect "--layers" "$exe" net --la
expect "--mirror" "$exe" net --keras model.py -i 32 --mi
got=$(complete_line "$exe" shape --)
case " $got " in
  *" --stride "*) echo "ok: shape options include --stride" ;;
  *) echo "FAIL: 'shape --<TAB>' offered '$got'"; failures=$((failures + 1)) ;;
esac
case " $got " in
  *" --all-presets "*) echo "FAIL: 'shape --<TAB>' offers export's --all-presets"; failures=$((failures + 1)) ;;
esac
got=$(complete_line "$exe" net --)
for option in --layers --pytorch --keras --mirror; do
  case " $got " in
    *" $option "*) echo "ok: net options include $option" ;;
    *) echo "FAIL: 'net --<TAB>' offered '$got', without $option"; failures=$((failures + 1)) ;;
  esac
done
case " $got " in
  *" --stride "*) echo "FAIL: 'net --<TAB>' offers a layer's --stride"; failures=$((failures + 1)) ;;
esac
# ... and from the completion's own list when the program cannot be run (the options added with 1-D/3-D tensors).
expect "--dilation --dims" /nonexistent/convarith shape --di
expect "--pad-after --pad-before --padding --padding-mode" /nonexistent/convarith shape --pad
expect "--in-channels --input --input-size" /nonexistent/convarith compute --in
expect "--grad --grad-fill --grad-output --groups" /nonexistent/convarith compute --gr
expect "--bias --bias-fill" /nonexistent/convarith export --bi
expect "--image --image-mode --image-size" /nonexistent/convarith compute --im
expect "--code --count-include-pad" /nonexistent/convarith shape --co
expect "--in-channels --input-size" /nonexistent/convarith net --in
expect "--keras" /nonexistent/convarith net --ke
expect "--network --network-import --network-input --network-layer --network-layers --network-pin" \
  /nonexistent/convarith --net
expect "--compact --compare-layers --compare-upsampling" /nonexistent/convarith export --comp

# File names: JSON files (and directories) for --input, --kernel and --bias, any path for --out, directories for
# --out with --all-presets.
expect "frames gifs w.json x.json" "$exe" compute --input ""
expect "w.json" "$exe" compute --input x.json --kernel w
expect "frames gifs model.py notes.txt photo.jpg scan.PNG w.json x.json" "$exe" export --out ""
expect "frames gifs" "$exe" export --all-presets --out ""
expect "frames gifs w.json x.json" "$exe" compute --bias ""
# Pictures for --image (any case of the extension), Python files for --pytorch, --keras and --network-import.
expect "frames gifs photo.jpg scan.PNG" "$exe" compute --image ""
expect "photo.jpg" "$exe" --image ph
expect "frames gifs model.py" "$exe" net --pytorch ""
expect "model.py" "$exe" net --keras m
expect "frames gifs model.py" "$exe" --network-import ""

if [ "$failures" -ne 0 ]; then
  echo "$failures completion check(s) failed"
  exit 1
fi
echo "all completion checks passed"
