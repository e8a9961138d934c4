// Writing the window's pixels as PNG (stb_image_write from libstb).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace convarith::app {

// Writes RGBA8 pixels (top row first) as a PNG; returns "" or what went wrong.
std::string WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba);

// Where F12 saves: $CONVARITH_SCREENSHOT_DIR, else $HOME, else the current directory; a new name each time.
std::string ScreenshotPath(const std::string& stem);

}  // namespace convarith::app
