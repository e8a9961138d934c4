#!/usr/bin/env bash
# One command for developers and CI: install what is missing, build everything, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} -DCONVARITH_WERROR=ON ${CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"

# The browser build: scripts/web.sh builds the site (emscripten, Debian's imgui and giflib sources) into build-web/site,
# then headless chromium loads it from a local server (tests/web/site_test.py): the grids drawn, the title, links, a
# bad link's message, and the page's state equal to `convarith compute --json` for random configurations given as
# links; then through WebDriver (tests/web/browser_test.py): exports downloaded from the page equal to `convarith
# export`'s files, settings kept across a reload, a dropped picture, presentation mode, Ctrl+L's link. From scratch:
# 8.4 minutes measured here on 2 cores shared with other builds (7 min CPU), 1 more for the browser tests, 1 more for
# the WebDriver ones. CONVARITH_WEB=0 skips it on a developer's machine, never in CI.
if [ "${CONVARITH_WEB:-1}" = 1 ]; then
  WEB_JOBS=$(nproc) scripts/web.sh --build-only
  /usr/bin/python3 tests/web/site_test.py --site "${BUILD_WEB_DIR:-build-web}/site" --convarith "$build_dir/app/convarith"
  /usr/bin/python3 tests/web/browser_test.py --site "${BUILD_WEB_DIR:-build-web}/site" --convarith "$build_dir/app/convarith"
fi

# The parsers under AddressSanitizer and UndefinedBehaviorSanitizer: the fuzz driver alone (the command line, JSON,
# code, --layers, settings; no app, no GL), built in its own directory, replays the regression corpus and fuzzes each
# parser briefly. On by default; it builds the core and the CLI a second time, unoptimised for a shorter build (about
# 3 minutes on 2 cores). CONVARITH_SANITIZE_CORPUS=0 skips it on a developer's machine, never in CI.
if [ "${CONVARITH_SANITIZE_CORPUS:-1}" = 1 ]; then
  asan_dir=${ASAN_BUILD_DIR:-build-asan}
  cmake -S . -B "$asan_dir" -DCMAKE_BUILD_TYPE=Debug -DCONVARITH_SANITIZE=ON -DCONVARITH_WERROR=ON >/dev/null
  cmake --build "$asan_dir" -j"$(nproc)" --target fuzz_parsers
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  "$asan_dir"/tests/fuzz/fuzz_parsers replay tests/corpus
  for target in cmdline json code layers settings; do
    "$asan_dir"/tests/fuzz/fuzz_parsers "$target" --seconds "${CONVARITH_SANITIZE_FUZZ_SECONDS:-5}" --seed 2
  done
fi
