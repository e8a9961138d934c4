#!/usr/bin/env bash
# Size and speed of the browser build (issue 18), printed as figures: the site's gzip transfer size, the time to the
# first drawn frame in headless chromium, and the page's frame time as a ratio to the desktop app's under software
# rendering (Mesa llvmpipe under xvfb-run) on this machine. Builds nothing: run scripts/web.sh --build-only and build
# the desktop app first. BUILD_WEB_DIR (build-web) and BUILD_DIR (build) override the folders.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 tests/web/bench_web.py --site "${BUILD_WEB_DIR:-build-web}/site" \
  --convarith "${BUILD_DIR:-build}/app/convarith" "$@"
