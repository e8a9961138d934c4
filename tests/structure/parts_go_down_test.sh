#!/usr/bin/env bash
# The configure-time direction check of the core's parts: a clean ladder configures; a part that includes or links
# the part above it fails with a message naming the file or the link.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmake_dir=$(cd "$here/../../cmake" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

configure() {  # configure BREAK -> prints cmake's output, returns its status
  cmake -S "$here/parts_fixture" -B "$work/$1" -DCONVARITH_CMAKE_DIR="$cmake_dir" -DBREAK="$1" 2>&1 | tr -s '\n ' ' '
  return "${PIPESTATUS[0]}"
}

if ! out=$(configure none); then
  echo "FAIL: a clean ladder did not configure:"; echo "$out"; fail=1
fi
if out=$(configure include); then
  echo "FAIL: an upward include configured"; fail=1
elif ! grep -q "low/src/low.cpp (core part 'low') includes convarith/high/" <<<"$out"; then
  echo "FAIL: the upward include's message does not name the file and the part:"; echo "$out"; fail=1
fi
if out=$(configure link); then
  echo "FAIL: an upward link configured"; fail=1
elif ! grep -q "core part 'low' links convarith::high" <<<"$out"; then
  echo "FAIL: the upward link's message does not name the link:"; echo "$out"; fail=1
fi
[ $fail -eq 0 ] && echo "parts go down: clean ladder configures, upward include and upward link are refused"
exit $fail
