// The browser page around the app (browser build only): the canvas fitted to the page, the page's title, the state
// element, the settings in the browser's storage.
#include "platform/page.hpp"

#include <string>
#include <vector>

#include <emscripten.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include "app.hpp"
#include "convarith/base/read_file.hpp"
#include "convarith/computation_json.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/link/link.hpp"
#include "platform/window.hpp"
#include "settings.hpp"

// clang-format off
EM_JS(int, PageWidthPixels, (), { return Math.max(1, Math.round(window.innerWidth * (window.devicePixelRatio || 1))); });
EM_JS(int, PageHeightPixels, (), { return Math.max(1, Math.round(window.innerHeight * (window.devicePixelRatio || 1))); });
EM_JS(double, PagePixelRatio, (), { return window.devicePixelRatio || 1; });
EM_JS(void, SetPageTitle, (const char* title), { document.title = UTF8ToString(title); });
EM_JS(void, SetPageState, (const char* json), {
  var element = document.getElementById('convarith-state');
  if (!element) {
    element = document.createElement('script');
    element.type = 'application/json';
    element.id = 'convarith-state';
    document.body.appendChild(element);
  }
  element.textContent = UTF8ToString(json);
});
EM_JS(void, SyncStorage, (), {
  FS.syncfs(false, function (e) { if (e) err('convarith: the settings were not written to the browser storage: ' + e); });
});
EM_JS(void, DownloadFile, (const char* path), {
  var name = UTF8ToString(path);
  var bytes = FS.readFile(name);
  var link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([bytes]));
  link.download = name.split('/').pop();
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
});
EM_JS(void, CopyLinkJs, (const char* fragment), {
  var link = location.href.split('#')[0] + UTF8ToString(fragment);
  if (navigator.clipboard) navigator.clipboard.writeText(link).catch(function (e) { err('convarith: ' + e); });
});
// The clipboard: the text of the browser's last paste event (a Ctrl+V in the page), or the app's own last copy.
EM_JS(void, ClipboardListen, (), {
  Module.convarithClipboard = "";
  document.addEventListener('paste', function (e) {
    if (!e.clipboardData) return;
    Module.convarithClipboard = e.clipboardData.getData('text/plain');
    e.preventDefault();
  });
});
EM_JS(void, ClipboardWrite, (const char* text), {
  Module.convarithClipboard = UTF8ToString(text);
  if (navigator.clipboard) {
    navigator.clipboard.writeText(Module.convarithClipboard).catch(function (e) { err('convarith: the clipboard: ' + e); });
  }
});
EM_JS(int, ClipboardBytes, (), { return lengthBytesUTF8(Module.convarithClipboard || ""); });
EM_JS(void, ClipboardRead, (char* out, int size), { stringToUTF8(Module.convarithClipboard || "", out, size); });
// The wheel's last event in steps (a notch: 1; up and left positive, as GLFW's desktop platforms give them), kept by a
// listener on the window that runs before GLFW's on the canvas.
EM_JS(void, WheelListen, (), {
  Module.convarithWheel = [0, 0];
  window.addEventListener('wheel', function (e) {
    var unit = e.deltaMode === 1 ? 3 : e.deltaMode === 2 ? 1 / 80 : 100;  // lines, pages, pixels
    Module.convarithWheel = [-e.deltaX / unit, -e.deltaY / unit];
  }, true);
});
EM_JS(double, WheelSteps, (int axis), { return Module.convarithWheel[axis]; });
EM_JS(void, FullscreenJs, (int on), {
  var page = document.documentElement;
  var request = on ? (page.requestFullscreen && !document.fullscreenElement ? page.requestFullscreen() : null)
                   : (document.fullscreenElement ? document.exitFullscreen() : null);
  if (request) request.catch(function (e) { err('convarith: full screen: ' + e); });
});
EM_JS(void, MarkJs, (const char* name), { if (performance.mark) performance.mark(UTF8ToString(name)); });
// The canvas at the page's size, and GLFW's window with it. Not through glfwSetWindowSize: Emscripten's GLFW takes the
// screen's size while the page is full screen (the canvas is then the page's, not the screen's: a browser's full
// screen keeps its own bars) and asks for (or leaves) full screen by itself when the size is (or is not) the screen's.
EM_JS(void, ResizeCanvasJs, (int width, int height), {
  Browser.setCanvasSize(width, height, true);
  if (GLFW.active) {
    GLFW.active.width = width;
    GLFW.active.height = height;
  }
});
EM_JS(int, FullscreenNow, (), { return document.fullscreenElement ? 1 : 0; });
// The browser's file picker (File › Open image): the chosen file is copied into the page's memory under /tmp/picked/
// and its path queued for the app (PickedPath). A picker opens only just after a click or key press: the menu's.
EM_JS(void, PickFileJs, (), {
  if (!Module.convarithPicker) {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*,.png,.jpg,.jpeg,.bmp,.gif,.tga,.pgm,.ppm,.psd,.hdr,.pic';
    input.style.display = 'none';
    input.id = 'convarith-picker';
    document.body.appendChild(input);
    Module.convarithPicked = [];
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      input.value = '';
      if (!file) return;
      file.arrayBuffer().then(function (buffer) {
        FS.mkdirTree('/tmp/picked');
        var path = '/tmp/picked/' + file.name.replace(/[\/]/g, '_');
        FS.writeFile(path, new Uint8Array(buffer));
        Module.convarithPicked.push(path);
      }).catch(function (e) { err('convarith: the picked file: ' + e); });
    });
    Module.convarithPicker = input;
  }
  Module.convarithPicker.click();
});
EM_JS(int, PickedBytes, (), {
  return Module.convarithPicked && Module.convarithPicked.length ? lengthBytesUTF8(Module.convarithPicked[0]) : 0;
});
EM_JS(void, PickedTake, (char* out, int size), { stringToUTF8(Module.convarithPicked.shift(), out, size); });
// The address shows the link: a new configuration is a new history entry (Back returns to the previous one), a new
// step replaces the current entry.
EM_JS(void, SetPageFragment, (const char* fragment, int push), {
  var url = location.href.split('#')[0] + UTF8ToString(fragment);
  if (url === location.href) return;
  if (push) history.pushState(null, document.title, url); else history.replaceState(null, document.title, url);
});
// The time from the start of the page's navigation to the end of the app's first frame (performance.now()), kept in
// window.convarithFirstFrameMs for scripts/bench_web.sh and the browser tests.
EM_JS(void, MarkFirstFrame, (), { if (!window.convarithFirstFrameMs) window.convarithFirstFrameMs = performance.now(); });
// clang-format on

namespace convarith::app {
namespace {

constexpr int kSaveEveryFrames = 120;  // about two seconds at 60 frames a second

// "Figure 2.6 · step 4/9 — convarith"; the operation's title when no figure is loaded.
std::string PageTitle(const App& app) {
  const Preset* preset = app.LoadedPreset();
  std::string title = preset != nullptr ? FigureTitle(*preset) : std::string(OpTitle(app.params.config.op));
  if (const size_t colon = title.find(':'); preset != nullptr && colon != std::string::npos) title.resize(colon);
  if (app.StepCount() > 0) {
    title += " \u00b7 step " + std::to_string(app.playback.step + 1) + "/" + std::to_string(app.StepCount());
  }
  return title + " \u2014 convarith";
}

}  // namespace

void OfferDownload(const std::string& path) { DownloadFile(path.c_str()); }

void CopyPageLink(const std::string& fragment) { CopyLinkJs(fragment.c_str()); }

void InstallPageInput(GLFWwindow* window) {
  WheelListen();
  glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) {
    ImGui_ImplGlfw_ScrollCallback(w, WheelSteps(0), WheelSteps(1));
  });
  ClipboardListen();
  ImGuiIO& io = ImGui::GetIO();
  io.SetClipboardTextFn = [](void*, const char* text) { ClipboardWrite(text); };
  io.GetClipboardTextFn = [](void*) -> const char* {
    static std::string text;
    text.assign(static_cast<size_t>(ClipboardBytes()) + 1, '\0');
    ClipboardRead(text.data(), static_cast<int>(text.size()));
    text.resize(text.size() - 1);
    return text.c_str();
  };
}

void RequestPageFullscreen(bool on) { FullscreenJs(on ? 1 : 0); }

void PickPageFile() { PickFileJs(); }

std::string PickedPath() {
  const int bytes = PickedBytes();
  if (bytes <= 0) return {};
  std::string path(static_cast<size_t>(bytes) + 1, '\0');
  PickedTake(path.data(), static_cast<int>(path.size()));
  path.resize(static_cast<size_t>(bytes));
  return path;
}

bool PageFullscreen() { return FullscreenNow() != 0; }

void MarkPage(const char* name) { MarkJs(name); }

void Page::FitCanvas(Window& window, App& app) {
  app.SetPixelRatio(static_cast<float>(PagePixelRatio()));
  const int width = PageWidthPixels(), height = PageHeightPixels();
  const auto [w, h] = window.WindowSize();
  if (w != width || h != height) ResizeCanvasJs(width, height);
}

void Page::Show(const App& app) {
  if (frames_ == 0) MarkFirstFrame();
  if (const std::string title = PageTitle(app); title != title_) {
    SetPageTitle(title.c_str());
    title_ = title;
  }
  // The forward computation of the parameters on screen (not while a new one is on its way, not the backward pass).
  const Computation* computation = app.derived.computation.get();
  if (computation != nullptr && !app.Computing() && !app.derived.backward &&
      app.derived.generation != state_generation_) {
    const Config& c = app.params.config;
    const bool channels = c.in_channels > 1 || c.out_channels > 1;  // as `compute` decides for the flags
    SetPageState(ComputationJson(c, *computation, channels).dump(2).c_str());
    state_generation_ = app.derived.generation;
  }
  ShowLink(app);
  if (++frames_ % kSaveEveryFrames == 0) SaveSettings(app);
}

void Page::ShowLink(const App& app) {
  if (app.Computing()) return;  // the link of what is on screen
  std::vector<LinkEntry> entries = app.CurrentLink();
  const std::string link = WriteLink(entries);
  if (link == link_) return;
  std::erase_if(entries, [](const LinkEntry& e) { return e.key == "step"; });
  const std::string configuration = WriteLink(entries);
  SetPageFragment(link.c_str(), !link_.empty() && configuration != configuration_ ? 1 : 0);
  link_ = link;
  configuration_ = configuration;
}

void Page::SaveSettings(const App& app) {
  if (settings_.empty()) return;
  if (!app::SaveSettings(settings_, app, StoredWindow{}).empty()) return;
  std::string text;
  try {
    text = ReadFileBounded(settings_.string(), {"settings", kMaxSettingsBytes, true});
  } catch (const ReadError&) {
    return;
  }
  if (text == saved_) return;
  saved_ = std::move(text);
  SyncStorage();
}

}  // namespace convarith::app
