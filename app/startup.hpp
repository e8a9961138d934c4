// From the command line to the app's first state: remembered settings, then --preset and the operation flags,
// --view and --step on top.
#pragma once

#include <optional>

#include "convarith/cli/cli.hpp"

namespace convarith::app {

struct App;

// Applies the command line to app (already holding the remembered settings) and recomputes. Returns an exit code
// when the app must not start: an unparsable flag; in automation runs (--screenshot, --bench-frames) also an invalid
// configuration or a step past the end. Interactive runs open with an invalid configuration shown inline instead.
std::optional<int> ApplyCommandLine(App& app, const cli::AppArgs& args, bool automation);

}  // namespace convarith::app
