// The app's configuration as a link (Edit › Copy link, the browser page's address): the figure or the parameters,
// the transposed views shown and the step, written by core's WriteLink.
#pragma once

#include <string>

#include "convarith/scene/fragment.hpp"

namespace convarith::app {

struct App;

// What a link needs to open the app as it is now (the figure when one is loaded and unchanged, else the parameters).
LinkFields LinkOf(const App& app);

// "#preset=fig2.6&step=4", "#op=transposed&i=3&k=3&s=2&p=1&a=1&view=all&step=7".
inline std::string LinkFragment(const App& app) { return WriteLink(LinkOf(app)); }

}  // namespace convarith::app
