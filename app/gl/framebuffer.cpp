// The window's framebuffer: clearing it and reading its pixels back (for --screenshot and F12).
#include "gl/framebuffer.hpp"

#include <algorithm>

#include "gl/gl.hpp"

namespace convarith::app::gl {

void ClearFramebuffer(int width, int height, float r, float g, float b) {
  glViewport(0, 0, width, height);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(r, g, b, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

std::vector<uint8_t> ReadFramebuffer(int width, int height) {
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * height * 4);
  glFinish();
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // GL's rows start at the bottom; images start at the top.
  const size_t row = static_cast<size_t>(width) * 4;
  for (int y = 0; y < height / 2; ++y) {
    std::swap_ranges(pixels.begin() + static_cast<long>(y * row), pixels.begin() + static_cast<long>((y + 1) * row),
                     pixels.begin() + static_cast<long>((height - 1 - y) * row));
  }
  for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // the window is opaque
  return pixels;
}

std::string RendererName() {
  const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return name != nullptr ? name : "unknown";
}

}  // namespace convarith::app::gl
