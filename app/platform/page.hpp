// The browser page around the app (browser build only): the canvas fitted to the page, the page's title, the state
// element tests and scripts read, and the settings kept in the browser's storage.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace convarith::app {

struct App;
class Window;

// Hands a file the app wrote (in the page's memory) to the browser as a download.
void OfferDownload(const std::string& path);

// Puts the page's address with this fragment on the clipboard (Edit › Copy link).
void CopyPageLink(const std::string& fragment);

class Page {
 public:
  explicit Page(std::filesystem::path settings) : settings_(std::move(settings)) {}

  // Gives the canvas the page's size in device pixels (CSS size × devicePixelRatio), so that it follows resizes and
  // zoom and stays sharp; GLFW's window is that many pixels, and the app's UI is drawn devicePixelRatio times larger.
  void FitCanvas(Window& window, App& app);

  // After a frame: the title names the figure (or operation) and the step ("Figure 2.6 · step 4/9 — convarith");
  // <script type="application/json" id="convarith-state"> holds what `convarith compute --json` prints for the
  // configuration on screen; the address's fragment is its link (core's WriteLink); the settings are saved and
  // written to the browser's storage when they changed.
  void Show(const App& app);

 private:
  void SaveSettings(const App& app);
  void ShowLink(const App& app);

  std::filesystem::path settings_;
  std::string title_;
  uint64_t state_generation_ = 0;
  std::string saved_;
  std::string link_, configuration_;  // the address's fragment, and without its step
  int frames_ = 0;
};

}  // namespace convarith::app
