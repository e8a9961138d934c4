// The window's framebuffer: clearing it and reading its pixels back (for --screenshot and F12).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convarith::app::gl {

// Sets the viewport to the whole framebuffer and clears it to the colour (components 0..1).
void ClearFramebuffer(int width, int height, float r, float g, float b);

// The back buffer's pixels as RGBA8, top row first (call after rendering, before swapping).
std::vector<uint8_t> ReadFramebuffer(int width, int height);

// GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)".
std::string RendererName();

}  // namespace convarith::app::gl
