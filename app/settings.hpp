// Remembering the last configuration between runs: settings.json (nlohmann-json) beside ImGui's imgui.ini layout.
#pragma once

#include <filesystem>
#include <string>

namespace convarith::app {

struct App;

// The window as it was when the app closed.
struct StoredWindow {
  int width = 1440;
  int height = 900;
  bool fullscreen = false;
};

// $XDG_CONFIG_HOME/convarith, else ~/.config/convarith; empty when neither can be found.
std::filesystem::path ConfigDirectory();

// Reads what the file remembers into app and window. A missing file changes nothing; a corrupt file or a bad field
// keeps the defaults for what it cannot read. Returns a note for stderr when the file was unusable, else "".
// The largest settings file read (through the bounded reader; checked before reading).
inline constexpr size_t kMaxSettingsBytes = size_t{8} << 20;
std::string LoadSettings(const std::filesystem::path& file, App& app, StoredWindow& window);

// Writes the settings (to a temporary file, then renamed over the old one). Returns "" or what went wrong.
std::string SaveSettings(const std::filesystem::path& file, const App& app, const StoredWindow& window);

}  // namespace convarith::app
