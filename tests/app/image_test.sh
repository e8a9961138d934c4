#!/usr/bin/env bash
# Pictures as the input, and large grids: a PNG opened with --image shows Sobel's edges in the Pictures section
# (pixels); zoomed in, the picture's cells carry numbers; a 512 x 512 configuration draws as pictures; a bad file is
# one line (exit 2) in an automation run and an inline message, with nothing changed, in the app.
#   image_test.sh APP IMAGE_CHECK      (run inside xvfb-run)
set -uo pipefail
app=$1 check=$2
work=$(mktemp -d)
export XDG_CONFIG_HOME=$work/config CONVARITH_STATE_FILE=$work/state.json
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
. "$(dirname "$0")/test_lib.sh"
num() { sed -n "s/.*\"$1\": \([-0-9.]*\).*/\1/p" "$CONVARITH_STATE_FILE"; }

"$check" make "$work/square.png" 48 48 || fail "cannot write the test picture"

# Sobel x on a bright square: the output picture is mid gray with a white and a black edge.
timeout 90 "$app" --image "$work/square.png" --kernel-fill sobel_x -k 3 --screenshot "$work/sobel.png" --frames 5 \
  || fail "--image run failed"
state_has '"input_size": \[48, 48\]' || fail "the picture did not set i"
state_has '"pictures": true' || fail "the Pictures section is not shown"
rect=$(sed -n 's/.*"picture_output_rect": \[\([^]]*\)\].*/\1/p' "$CONVARITH_STATE_FILE" | tr -d ',')
echo "output picture at: $rect"
# shellcheck disable=SC2086
"$check" edges "$work/sobel.png" $(printf '%.0f %.0f %.0f %.0f' $rect) || fail "no edge picture"
# R, G, B: three input channels.
timeout 90 "$app" --image "$work/square.png" --image-mode rgb --image-size 32 --kernel-fill box -k 3 \
  --screenshot "$work/rgb.png" --frames 5 || fail "--image-mode rgb run failed"
state_has '"input_size": \[32, 32\], "in_channels": 3' || fail "rgb: expected 3 channels of 32 x 32"

# The picture on the canvas as itself (values as colours, the default for a picture), windowed and in presentation
# mode: the canvas's input map correlates with the picture. In the paper's role colours it is one flat colour.
"$check" scene "$work/scene.png" 300 200 || fail "cannot write the scene picture"
for mode in windowed presentation; do
  extra=()
  [ "$mode" = presentation ] && extra=(--presentation)
  timeout 90 "$app" --image "$work/scene.png" --kernel-fill sobel_x -k 3 --window 1280x720 --ui-scale 150 "${extra[@]}" \
    --screenshot "$work/scene_$mode.png" --frames 5 || fail "$mode: --image run failed"
  state_has '"input_size": \[200, 300\]' || fail "$mode: the picture's size did not set i"
  state_has '"colour_by": "value"' || fail "$mode: a picture does not open in value colours"
  rect=$(sed -n 's/.*"canvas_input_rect": \[\([^]]*\)\].*/\1/p' "$CONVARITH_STATE_FILE" | tr -d ',')
  echo "$mode: input map on the canvas at $rect"
  # shellcheck disable=SC2086
  "$check" correlate "$work/scene_$mode.png" "$work/scene.png" $rect 0.9 || fail "$mode: the canvas does not show the picture"
done
timeout 90 "$app" --image "$work/scene.png" --kernel-fill sobel_x -k 3 --colour-by role --window 1280x720 \
  --screenshot "$work/scene_role.png" --frames 5 || fail "--colour-by role run failed"
state_has '"colour_by": "role"' || fail "--colour-by role is not applied"
rect=$(sed -n 's/.*"canvas_input_rect": \[\([^]]*\)\].*/\1/p' "$CONVARITH_STATE_FILE" | tr -d ',')
# shellcheck disable=SC2086
if "$check" correlate "$work/scene_role.png" "$work/scene.png" $rect 0.5; then fail "role colours show the picture?"; fi
# --image-size N: the longer side becomes N, the aspect ratio kept; HxW sets both.
timeout 90 "$app" --image "$work/scene.png" --image-size 150 -k 3 --screenshot "$work/n.png" --frames 3 \
  || fail "--image-size 150 run failed"
state_has '"input_size": \[100, 150\]' || fail "--image-size 150 on 300 x 200 did not give 100 x 150"
timeout 90 "$app" --image "$work/scene.png" --image-size 40x50 -k 3 --screenshot "$work/hw.png" --frames 3 \
  || fail "--image-size 40x50 run failed"
state_has '"input_size": \[40, 50\]' || fail "--image-size 40x50 did not set both sides"

# Zoomed in: numbered cells over the picture of a large map; fitted: pictures and no numbers.
"$check" make "$work/big.png" 160 160 || fail "cannot write the large picture"
timeout 90 "$app" --image "$work/big.png" --kernel-fill sobel_x -k 3 --screenshot "$work/fit.png" --frames 5 \
  || fail "fitted run failed"
[ "$(num images)" -ge 2 ] || fail "a 160 x 160 map is not drawn as a picture"
[ "$(num numbered_cells)" -eq 0 ] || fail "numbers on 1-pixel cells"
timeout 90 "$app" --image "$work/big.png" --kernel-fill sobel_x -k 3 --zoom 12 --screenshot "$work/zoom.png" \
  --frames 8 || fail "zoomed run failed"
[ "$(num numbered_cells)" -ge 100 ] || fail "zoomed in: no numbered cells"

# 512 x 512, k = 7: pictures, within the time limit.
timeout 90 "$app" -i 512 -k 7 --step 1000 --screenshot "$work/i512.png" --frames 5 || fail "i = 512 run failed"
[ "$(num images)" -ge 2 ] || fail "i = 512: no pictures"
state_has '"valid": true' || fail "i = 512 refused"
timeout 90 "$app" -i 1024 -k 3 --screenshot "$work/i1024.png" --frames 3 || fail "i = 1024 is refused"

# Bad files: one line naming the file, exit 2.
printf 'not a picture' >"$work/notes.png"
head -c 200 "$work/big.png" >"$work/truncated.png"
for bad in "$work/notes.png" "$work/truncated.png" "$work/missing.png"; do
  err=$(timeout 60 "$app" --image "$bad" --screenshot "$work/bad.png" 2>&1 >/dev/null)
  code=$?
  echo "$err"
  [ $code -eq 2 ] || fail "$bad: exit $code, expected 2"
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "$bad: more than one line"
  printf '%s' "$err" | grep -q "$(basename "$bad")" || fail "$bad: the message does not name the file"
done
# In the app: the message inline (the Data section), the input as it was.
"$app" -i 7 -k 3 --image "$work/truncated.png" >"$work/out.log" 2>&1 &
pid=$!
wait_for "the app starts" state_has '"steps"'
wait_for "the inline message" state_has '"image_error": "[^"]*truncated.png'
state_has '"input_size": \[7, 7\]' || fail "a bad picture changed the input"
kill -TERM "$pid"
wait "$pid"
pid=
echo "image tests passed"
