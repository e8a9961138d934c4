#!/usr/bin/env bash
# The browser build: installs what is missing (emscripten, chromium for the tests, Debian's imgui and giflib sources),
# builds the site into build-web/site/ (index.html, convarith.js, convarith.wasm, convarith.data) and serves it on
# http://127.0.0.1:8080. `scripts/web.sh --build-only` only builds. BUILD_WEB_DIR (build-web) and PORT (8080) override.
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=0
for arg in "$@"; do
  case "$arg" in
    --build-only) build_only=1 ;;
    *) echo "scripts/web.sh: unknown argument '$arg' (only --build-only)" >&2; exit 2 ;;
  esac
done
build_dir=${BUILD_WEB_DIR:-build-web}
port=${PORT:-8080}
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

# Debian's packages: the compiler, a browser and its WebDriver for the tests (chromium-driver, python3-selenium),
# dpkg-dev for apt-get source; the header-only libraries the desktop build uses too (scripts/setup.sh installs them as
# well).
packages=(emscripten chromium chromium-driver python3-selenium dpkg-dev python3 libcli11-dev nlohmann-json3-dev
  libstb-dev fonts-dejavu-core cmake)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "convarith web: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Dear ImGui (the version of libimgui-dev) and giflib from Debian's source packages, unpacked into the build folder
# (never committed). apt-get source needs a deb-src entry for the suites the machine uses: added when missing.
src_dir="$build_dir/src"
mkdir -p "$src_dir"
need_source=()
compgen -G "$src_dir/imgui-*/imgui.cpp" >/dev/null || need_source+=(imgui)
compgen -G "$src_dir/giflib-*/dgif_lib.c" >/dev/null || need_source+=(giflib)
if [ ${#need_source[@]} -gt 0 ]; then
  if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "convarith web: adding a deb-src entry (/etc/apt/sources.list.d/convarith-deb-src.sources)" >&2
    suites=$(. /etc/os-release && echo "$VERSION_CODENAME $VERSION_CODENAME-updates")
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
      "$suites" /usr/share/keyrings/debian-archive-keyring.gpg |
      "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/convarith-deb-src.sources >/dev/null
    "${sudo_cmd[@]}" apt-get update -qq
  fi
  imgui_version=$(dpkg-query -W -f='${source:Version}' libimgui-dev 2>/dev/null || true)
  for pkg in "${need_source[@]}"; do
    spec=$pkg
    [ "$pkg" = imgui ] && [ -n "$imgui_version" ] && spec="imgui=$imgui_version"
    echo "convarith web: apt-get source $spec" >&2
    (cd "$src_dir" && apt-get source -qq "$spec" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
  done
  compgen -G "$src_dir/imgui-*/imgui.cpp" >/dev/null && compgen -G "$src_dir/giflib-*/dgif_lib.c" >/dev/null ||
    { echo "convarith web: apt-get source did not unpack imgui and giflib into $src_dir" >&2; exit 1; }
fi

# Emscripten runs with Debian's python3 and nodejs (its JS optimizer needs Debian's acorn).
export PATH="/usr/bin:$PATH" NODE_PATH=/usr/share/nodejs
emcmake cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG" \
  ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j"${WEB_JOBS:-$(nproc)}" --target convarith
site="$build_dir/site"
echo "convarith web: built $site ($(du -k "$site/convarith.wasm" | cut -f1) KB wasm, $(du -k "$site/convarith.js" | cut -f1) KB js)" >&2

[ "$build_only" = 1 ] && exit 0
echo "convarith web: serving $site on http://127.0.0.1:$port/ (Ctrl+C stops)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site"
