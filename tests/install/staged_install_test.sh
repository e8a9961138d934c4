#!/usr/bin/env bash
# `cmake --install` into a staging directory (DESTDIR), as a packager runs it: every file lands in its GNU place,
# the desktop entry validates, the icons have their sizes, the man page renders without a warning, and the staged
# program runs.
# Usage: staged_install_test.sh BUILD_DIR WORK_DIR VERSION
set -euo pipefail
build=$1
work=$2
version=$3
rm -rf "$work"
mkdir -p "$work"
stage=$work/stage

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

DESTDIR=$stage cmake --install "$build" --prefix /usr >"$work/install.log"
cat "$work/install.log"

icon_sizes="16 32 48 64 128 256"
expected=(
  usr/bin/convarith
  usr/share/applications/convarith.desktop
  usr/share/icons/hicolor/scalable/apps/convarith.svg
  usr/share/man/man1/convarith.1.gz
  usr/share/bash-completion/completions/convarith
)
for size in $icon_sizes; do expected+=("usr/share/icons/hicolor/${size}x${size}/apps/convarith.png"); done

for f in "${expected[@]}"; do
  [ -f "$stage/$f" ] || fail "$f was not installed"
done
# Nothing else: a stray file would be packaged too.
extra=$(cd "$stage" && find . -type f | sed 's|^\./||' | sort | comm -23 - <(printf '%s\n' "${expected[@]}" | sort))
[ -z "$extra" ] || fail "unexpected installed files: $extra"
[ -x "$stage/usr/bin/convarith" ] || fail "usr/bin/convarith is not executable"
for f in "${expected[@]}"; do
  [ "$f" = usr/bin/convarith ] && continue
  mode=$(stat -c %a "$stage/$f")
  [ "$mode" = 644 ] || fail "$f has mode $mode, expected 644"
done

# The desktop entry: valid, launching the installed program by name, with the installed icon's name.
desktop-file-validate "$stage/usr/share/applications/convarith.desktop" || fail "desktop-file-validate"
grep -qx 'Exec=convarith' "$stage/usr/share/applications/convarith.desktop" || fail "the desktop entry's Exec"
grep -qx 'Icon=convarith' "$stage/usr/share/applications/convarith.desktop" || fail "the desktop entry's Icon"

# Icons: each PNG has its size; the SVG renders.
for size in $icon_sizes; do
  png=$stage/usr/share/icons/hicolor/${size}x${size}/apps/convarith.png
  file -b "$png" | grep -q "^PNG image data, $size x $size," || fail "$png: $(file -b "$png")"
done
file -b "$stage/usr/share/icons/hicolor/scalable/apps/convarith.svg" | grep -qi svg || fail "the SVG icon is not SVG"

# The man page: gzipped, with the version filled in, rendering with no warning on a UTF-8 and an ASCII terminal.
man_page=$stage/usr/share/man/man1/convarith.1.gz
gzip -t "$man_page" || fail "the man page is not a valid gzip file"
zcat "$man_page" >"$work/convarith.1"
grep -q "\"convarith $version\"" "$work/convarith.1" || fail "the man page does not carry version $version"
! grep -n '@' "$work/convarith.1" || fail "the man page has an unfilled @VARIABLE@"
for device in utf8 ascii; do
  warnings=$(groff -man -T"$device" -ww -z "$work/convarith.1" 2>&1)
  [ -z "$warnings" ] || fail "groff -T$device warns: $warnings"
done
lexgrog "$man_page" | grep -q 'convarith - ' || fail "lexgrog finds no NAME section (whatis/apropos)"
MANWIDTH=80 man -l "$man_page" 2>"$work/man.err" | grep -q 'EXIT STATUS' || fail "man -l does not render the page"
[ ! -s "$work/man.err" ] || fail "man -l warns: $(cat "$work/man.err")"

# The completion registers for convarith.
grep -q '^complete -F _convarith convarith' "$stage/usr/share/bash-completion/completions/convarith" ||
  fail "the bash completion does not register for convarith"

# The staged program runs headless.
printed=$(env -u DISPLAY -u WAYLAND_DISPLAY "$stage/usr/bin/convarith" --version)
echo "staged: $printed"
[ "$printed" = "convarith $version" ] || fail "--version printed '$printed', expected 'convarith $version'"

echo "staged install: all ${#expected[@]} files in place and checked"
