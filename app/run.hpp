// The app's run loop: window, frames, screenshot and benchmark modes, settings saved on exit.
#pragma once

#include "convarith/cli/cli.hpp"

namespace convarith::app {

// Opens the app for the command line's arguments; returns the process exit code.
int RunApp(const cli::AppArgs& args);

}  // namespace convarith::app
