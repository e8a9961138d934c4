# Shared by the app's shell tests (sourced): a work folder, failure with the app's last state, bounded polling, state
# checks. Expects $CONVARITH_STATE_FILE to be set (use_work does it).

# A fresh work folder ($work) holding the app's settings and state file, removed at exit with the app the test
# started in the background ($pid).
use_work() {
  work=$(mktemp -d)
  export XDG_CONFIG_HOME=$work/config CONVARITH_STATE_FILE=$work/state.json
  pid=
  trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; fi; rm -rf "$work"' EXIT
}
fail() {
  echo "FAILED: $*"
  echo "state: $(cat "$CONVARITH_STATE_FILE" 2>/dev/null)"
  exit 1
}
# wait_for DESCRIPTION COMMAND...: polls for up to 30 s (a shared CI machine under load can take 15 s to start the app).
wait_for() {
  local what=$1
  shift
  for _ in $(seq 300); do
    "$@" && return 0
    sleep 0.1
  done
  fail "$what"
}
quiet() { "$@" >/dev/null 2>&1; }
state_has() { grep -q -- "$1" "$CONVARITH_STATE_FILE" 2>/dev/null; }
