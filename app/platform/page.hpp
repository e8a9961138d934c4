// The browser page around the app (browser build only): the canvas fitted to the page, the page's title, the state
// element tests and scripts read, and the settings kept in the browser's storage.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

struct GLFWwindow;

namespace convarith::app {

struct App;
class Window;

// Hands a file the app wrote (in the page's memory) to the browser as a download.
void OfferDownload(const std::string& path);

// Puts the page's address with this fragment on the clipboard (Edit › Copy link).
void CopyPageLink(const std::string& fragment);

// What Emscripten's GLFW leaves out or gets wrong, once ImGui's backend is set up: ImGui's clipboard through the
// browser's (a copy goes to navigator.clipboard and is kept for the app's own paste; a paste, Ctrl+V, reads what the
// browser's paste event brought), and the mouse wheel in steps as on the desktop (GLFW hands on the browser's pixels,
// 100 a notch, with the opposite sign: a notch down zoomed the canvas in 1.15^100 times).
void InstallPageInput(GLFWwindow* window);

// Full screen in the browser: the page (its canvas fills it) through the Fullscreen API, which asks for a key press or
// a click just before (F11, the menu); PageFullscreen follows the browser (Esc leaves full screen there too).
void RequestPageFullscreen(bool on);
bool PageFullscreen();

// The browser's file picker (File › Open image's "Choose a picture"): opens it (just after a click or key press);
// the picture chosen is copied into the page's memory, and PickedPath gives its path there once (empty: none yet).
void PickPageFile();
std::string PickedPath();

// performance.mark(name): where the time to the first frame goes, for scripts/bench_web.sh.
void MarkPage(const char* name);

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
