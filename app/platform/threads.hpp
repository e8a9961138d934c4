// Whether this build has threads: the desktop has; the browser build (WebAssembly without pthreads, so the site needs
// no cross-origin isolation headers) does its work on the page's one thread.
#pragma once

namespace convarith::app {

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
inline constexpr bool kHasThreads = false;
#else
inline constexpr bool kHasThreads = true;
#endif

}  // namespace convarith::app
