// Writing the window's pixels as PNG (stb_image_write from libstb).
#include "screenshot.hpp"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <stb_image_write.h>

namespace convarith::app {

std::string WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba) {
  if (width <= 0 || height <= 0 || rgba.size() < static_cast<size_t>(width) * height * 4) {
    return "no pixels to write";
  }
  // Written beside the target, then renamed: a reader never sees half a file.
  const std::string temporary = path + ".tmp";
  if (stbi_write_png(temporary.c_str(), width, height, 4, rgba.data(), width * 4) == 0) {
    return "cannot write " + path + ": " + std::strerror(errno);
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    return "cannot write " + path;
  }
  return "";
}

std::string ScreenshotPath(const std::string& stem) {
  std::filesystem::path dir = ".";
  if (const char* d = std::getenv("CONVARITH_SCREENSHOT_DIR"); d != nullptr && d[0] != '\0') {
    dir = d;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    dir = home;
  }
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  std::filesystem::path path = dir / (stem + "-" + stamp + ".png");
  for (int n = 2; std::filesystem::exists(path); ++n) {
    path = dir / (stem + "-" + stamp + "-" + std::to_string(n) + ".png");
  }
  return path.string();
}

}  // namespace convarith::app
