#!/bin/sh
# xvfb-run for the app's tests, with its search for a free display started at a number of its own: `ctest -j` starts
# several tests at once, and two plain `xvfb-run -a` both try :99 first; the loser's Xvfb can still be alive when
# xvfb-run checks it, so the test's app and xdotool talk to the other test's server and the window never appears
# ("the window opens" failed once in ~10 full runs under load). Arguments as xvfb-run's (-a, -s ...).
exec xvfb-run -n "$(( $$ % 4000 + 100 ))" "$@"
