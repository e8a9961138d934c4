#!/usr/bin/env bash
# The Debian package, as a new user gets it: `cpack -G DEB` builds it with its dependencies declared; as root (CI) it
# is installed for real with apt, the installed /usr/bin/convarith prints its version and exports a GIF with no
# display, and the desktop entry and icon are where the desktop menu looks; then the package is removed again
# (unless it was installed before). Not root: the package is built and inspected, the installation is skipped
# (exit 77, reported as skipped).
# Usage: deb_install_test.sh BUILD_DIR WORK_DIR VERSION
set -euo pipefail
build=$1
work=$2
version=$3
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Build the package (into the work directory: nothing lands in the build tree).
(cd "$build" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
debs=("$work"/convarith_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single convarith_*.deb: ${debs[*]}"
deb=${debs[0]}
echo "built $(basename "$deb")"
dpkg-deb -I "$deb"

# The control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = convarith ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), expected $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Section)" ] || fail "no Section"
depends=$(field Depends)
for dep in libc6 libstdc++6 libglfw3 libgif7 fonts-dejavu-core; do
  [[ ", $depends," == *", $dep "* || ", $depends," == *", $dep,"* ]] || fail "Depends lacks $dep: $depends"
done
# Only run-time packages: no -dev package, no build tool.
[[ $depends != *-dev* ]] || fail "Depends names a -dev package: $depends"

# The contents: what cmake --install puts, under /usr.
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/contents"
for f in /usr/bin/convarith /usr/share/applications/convarith.desktop \
  /usr/share/icons/hicolor/scalable/apps/convarith.svg /usr/share/icons/hicolor/48x48/apps/convarith.png \
  /usr/share/man/man1/convarith.1.gz /usr/share/bash-completion/completions/convarith; do
  grep -qx "$f" "$work/contents" || fail "the package lacks $f"
done
! grep -v '^/usr/' "$work/contents" || fail "the package installs outside /usr"

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIPPED: installing the package needs root (CI runs as root); it was built and inspected: $deb"
  exit 77
fi

# Install it for real, as a user would. Leave the machine as found unless convarith was installed before.
was_installed=
dpkg-query -W -f='${Status}' convarith 2>/dev/null | grep -q 'install ok installed' && was_installed=1
apt_get() {
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q "$@"
}
cleanup() {
  if [ -z "$was_installed" ] && dpkg-query -W -f='${Status}' convarith 2>/dev/null | grep -q 'ok installed'; then
    apt_get remove --purge convarith >"$work/remove.log" 2>&1 || cat "$work/remove.log" >&2
  fi
}
trap cleanup EXIT
[ -z "$was_installed" ] || echo "note: convarith was installed before this test; it now holds this build"
apt_get install --no-install-recommends "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
tail -n 3 "$work/apt.log"
dpkg-query -W -f='${Status} ${Version}\n' convarith | grep -q "install ok installed $version" ||
  fail "dpkg does not list convarith $version as installed"

# The installed copy, found on PATH, headless.
[ "$(command -v convarith)" = /usr/bin/convarith ] || fail "convarith on PATH is $(command -v convarith)"
printed=$(env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/convarith --version)
[ "$printed" = "convarith $version" ] || fail "--version printed '$printed'"
echo "installed: $printed"
out=$work/export/fig2.6.gif
mkdir -p "$work/export"
(cd "$work/export" && env -u DISPLAY -u WAYLAND_DISPLAY HOME="$work/home" \
  /usr/bin/convarith export --preset fig2.6 --format gif --out "$out") || fail "the installed convarith's export"
[ "$(head -c 6 "$out")" = GIF89a ] || fail "$out is not a GIF: $(file -b "$out")"
echo "exported $(file -b "$out")"
[ ! -e "$work/home" ] || fail "a headless export wrote into HOME"

# Where the desktop menu looks (XDG_DATA_DIRS defaults to /usr/local/share:/usr/share): the entry, valid, shown,
# in a menu category, launching the installed program, with an icon the hicolor theme resolves.
entry=/usr/share/applications/convarith.desktop
[ -f "$entry" ] || fail "no $entry"
desktop-file-validate "$entry" || fail "desktop-file-validate $entry"
! grep -Eq '^(NoDisplay|Hidden)=true' "$entry" || fail "the entry hides itself from the menu"
grep -Eq '^Categories=.*(AudioVideo|Audio|Video|Development|Education|Game|Graphics|Network|Office|Science|Settings|System|Utility);' \
  "$entry" || fail "the entry has no main menu category: $(grep ^Categories= "$entry")"
exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$entry")
[ "$(command -v "$exec_name")" = /usr/bin/convarith ] || fail "Exec=$exec_name does not resolve to /usr/bin/convarith"
icon_name=$(sed -n 's/^Icon=//p' "$entry")
[ -f "/usr/share/icons/hicolor/scalable/apps/$icon_name.svg" ] || fail "no scalable icon for Icon=$icon_name"
for size in 16 32 48 64 128 256; do
  png=/usr/share/icons/hicolor/${size}x${size}/apps/$icon_name.png
  file -b "$png" | grep -q "^PNG image data, $size x $size," || fail "$png: $(file -b "$png" 2>&1)"
done
[ -f /usr/share/icons/hicolor/index.theme ] || echo "note: hicolor-icon-theme is not installed here (desktops bring it)"
if grep -hs '^path-exclude' /etc/dpkg/dpkg.cfg /etc/dpkg/dpkg.cfg.d/* | grep -q '/usr/share/man'; then
  echo "note: dpkg here excludes /usr/share/man (a slim container image): the man page check is left out"
else
  man -w convarith | grep -qx /usr/share/man/man1/convarith.1.gz || fail "man -w convarith: $(man -w convarith 2>&1)"
fi
[ -f /usr/share/bash-completion/completions/convarith ] || fail "no bash completion"

# Removal leaves nothing behind.
if [ -z "$was_installed" ]; then
  apt_get remove --purge convarith >"$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "apt-get remove"; }
  for f in $(cat "$work/contents"); do
    [ -d "$f" ] || [ ! -e "$f" ] || fail "$f is left after removing the package"
  done
  echo "removed again"
fi
echo "Debian package: built, installed, run, found by the desktop menu"
