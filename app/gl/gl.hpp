// The GL functions: glad's OpenGL 3.3 core loader on the desktop, OpenGL ES 3.0 (WebGL 2) in the browser.
#pragma once

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <glad/gl.h>
#endif

namespace convarith::app::gl {

// The first lines of every shader in shaders/ (which start without a #version line): GLSL 3.30 core on the desktop,
// GLSL ES 3.00 with its precision statements in the browser.
#ifdef __EMSCRIPTEN__
inline constexpr char kShaderHeader[] = "#version 300 es\nprecision highp float;\nprecision highp int;\n";
#else
inline constexpr char kShaderHeader[] = "#version 330 core\n";
#endif

}  // namespace convarith::app::gl
