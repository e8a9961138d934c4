#!/usr/bin/env bash
# One command for users: install what is missing, build, start the app (extra arguments go to convarith).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target convarith
exec build/app/convarith "$@"
