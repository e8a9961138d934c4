// The app's run loop: window, frames, screenshot and benchmark modes, settings saved on exit.
#include "run.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "gl/damage_renderer.hpp"
#include "gl/framebuffer.hpp"
#include "gl/frame_renderer.hpp"
#include "panels/panels.hpp"
#include "platform/window.hpp"
#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include "platform/page.hpp"
#endif
#include "screenshot.hpp"
#include "settings.hpp"
#include "startup.hpp"
#include "state_file.hpp"
#include "style.hpp"

namespace convarith::app {
namespace {

// Set by SIGINT/SIGTERM so that the loop ends normally and the settings are saved. A signal handler can only reach
// a global, and only one of this type: the one exception to "no globals for state".
volatile std::sig_atomic_t g_stop_requested = 0;
extern "C" void OnStopSignal(int) { g_stop_requested = 1; }

// The page's start up, step by step in the browser's performance timeline (nothing on the desktop).
void Mark([[maybe_unused]] const char* name) {
#ifdef __EMSCRIPTEN__
  MarkPage(name);
#endif
}

constexpr int kMinScreenshotFrames = 3;  // ImGui sizes auto-fitting windows over the first frames
constexpr int kBenchWarmupFrames = 5;

std::string SaveWindowPixels(const Window& window, const std::string& path) {
  const auto [w, h] = window.FramebufferSize();
  return WritePng(path, w, h, gl::ReadFramebuffer(w, h));
}

double Median(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return ms.size() % 2 == 1 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
}

// The frames' median and 95th percentile; then the computations' median (they run off the UI thread, so a frame
// does not wait for them: tests compare the two).
void PrintBench(std::vector<double> ms, const std::vector<double>& recompute_ms) {
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  const size_t p95_index = std::min(ms.size() - 1, static_cast<size_t>(std::ceil(0.95 * static_cast<double>(ms.size()))) - 1);
  std::printf("median %.2f ms, p95 %.2f ms\n", Median(ms), ms[p95_index]);
  if (!recompute_ms.empty()) {
    std::printf("recompute median %.2f ms over %zu computations (off the UI thread)\n", Median(recompute_ms),
                recompute_ms.size());
  }
  std::fflush(stdout);
}

// Whether something will change on screen without input (so the loop must not wait for events).
bool Busy(const App& app) {
  return app.playback.playing || app.export_window.Running() || app.Computing() || app.requests.redraw > 0 ||
         (!app.status.empty() && ImGui::GetTime() < app.status_until);
}

// ImGui needs a frame or two after input to settle hover, popups and drags.
bool InputActive() {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsAnyItemActive() || io.MouseWheel != 0 || io.MouseDelta.x != 0 || io.MouseDelta.y != 0) return true;
  for (bool down : io.MouseDown) {
    if (down) return true;
  }
  for (int k = 0; k < 512; ++k) {
    if (io.KeysDown[k]) return true;
  }
  return false;
}


// Where the app keeps its settings and ImGui's layout: nowhere in automation runs (screenshots, benchmarks).
struct AppFiles {
  std::filesystem::path config_dir;
  std::filesystem::path settings;
  std::string ini;
};

AppFiles FilesFor(bool automation) {
  AppFiles files;
  files.config_dir = automation ? std::filesystem::path() : ConfigDirectory();
  files.settings = files.config_dir.empty() ? files.config_dir : files.config_dir / "settings.json";
  files.ini = files.config_dir.empty() ? std::string() : (files.config_dir / "imgui.ini").string();
  return files;
}

// What the app opens on: the last run's settings (the paper's first figure on a first run), then the command line.
// Returns an exit code when the command line is refused.
std::optional<int> LoadStartState(App& app, const cli::AppArgs& args, bool automation, const AppFiles& files,
                                  StoredWindow& stored) {
  std::error_code exists_error;
  if (!automation && !args.any_config_flag &&
      (files.settings.empty() || !std::filesystem::exists(files.settings, exists_error))) {
    app.LoadPreset("fig1.1");  // the first run opens on the paper's first figure
  }
  if (!files.settings.empty()) {
    const std::string note = LoadSettings(files.settings, app, stored);
    if (!note.empty()) std::cerr << "convarith: " << note << "\n";
    std::error_code ec;
    std::filesystem::create_directories(files.config_dir, ec);
  }
  const auto code = ApplyCommandLine(app, args, automation);
  app.link_error = args.link_error;
  if (!args.link_error.empty()) app.ShowStatus(args.link_error, 0.0, 15.0);  // shown from the first frame
  return code;
}

// The frames from the first to the last: each one takes the input, moves the app on, draws, and carries out what the
// panels asked for between frames.
class FrameLoop {
 public:
  FrameLoop(App& app, Window& window, const cli::AppArgs& args)
      : app_(app),
        window_(window),
        args_(args),
        bench_(args.bench_frames > 0),
        automation_(app.automation),
        style_dark_(app.display.dark),
        damage_(FullRedraw()),
        screenshot_frame_(std::max(args.frames, kMinScreenshotFrames)) {
    if (bench_) {
      const auto [w, h] = window.FramebufferSize();
      std::cerr << "convarith: benchmark on " << gl::RendererName() << ", " << w << "x" << h
                << (args.bench_change ? ", a kernel value changed every frame\n" : ", a new step every frame\n");
    }
  }

  // Runs until the window closes (or the screenshot or benchmark is done); returns the exit code.
  int Run() {
    std::signal(SIGINT, OnStopSignal);
    std::signal(SIGTERM, OnStopSignal);
    for (int frame = 1; !window_.ShouldClose(); ++frame) {
      if (!Frame(frame)) break;
    }
    return Finish();
  }

  // One frame: input, the app moved on, drawing, then what the panels asked for. False when the loop is to end (the
  // screenshot or benchmark is done). The desktop loop above and the browser's main loop both call it.
  bool Frame(int frame) {
    if (g_stop_requested != 0) window_.RequestClose();
    const auto start = std::chrono::steady_clock::now();
    ApplyFontsAndStyle();
    window_.BeginFrame(automation_ || Busy(app_) ? 0.0 : 0.25);
    const ImGuiIO& io = ImGui::GetIO();
    renderer_.BeginFrame(io.DisplaySize, io.DisplayFramebufferScale);
    TakeInput();
    MoveOn(frame, io.DeltaTime);
    Recompute();
    DrawUi(app_, renderer_);
    const Rgba bg = app_.CurrentTheme().background;
    window_.Render(damage_, renderer_.CallsKey(), bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f);
    if (SaveScreenshots(frame)) return false;
    window_.Swap();
    ApplyWindowRequests();
    app_.requests.redraw = InputActive() ? 2 : std::max(app_.requests.redraw - 1, 0);
    state_file_.Update(app_, window_.Fullscreen());
    return !(bench_ && BenchDone(frame, start));
  }

  // After the last frame: a running export cancelled, the state file brought up to date; returns the exit code.
  int Finish() {
    app_.export_window.Cancel();
    state_file_.Update(app_, window_.Fullscreen());
    return exit_code_;
  }

 private:
  static bool FullRedraw() {
#ifdef __EMSCRIPTEN__
    return true;  // WebGL clears the canvas after the page shows it: every frame is drawn whole
#endif
    const char* full_redraw = std::getenv("CONVARITH_FULL_REDRAW");
    return full_redraw != nullptr && full_redraw[0] == '1';
  }

  // New fonts (the UI scale changed) and the style of the current theme, between frames.
  void ApplyFontsAndStyle() {
    if (app_.requests.rebuild_fonts) {
      app_.requests.rebuild_fonts = false;
      LoadFonts(app_.fonts, app_.display.ui_scale, app_.pixel_ratio);
      window_.RebuildFontTexture();
      ApplyStyle(app_.display.dark, app_.UiPixels());
      damage_.Invalidate();
      // The side panels follow the new scale now that sizes are measured with the new fonts.
      app_.requests.rescale_panels = app_.requests.pending_rescale;
      app_.requests.reset_layout = app_.requests.reset_layout || app_.requests.pending_reset;
      app_.requests.pending_rescale = 1.0f;
      app_.requests.pending_reset = false;
    }
    if (style_dark_ != app_.display.dark) {
      style_dark_ = app_.display.dark;
      ApplyStyle(app_.display.dark, app_.UiPixels());
    }
  }

  // Keys since the last frame, and files dropped on the window or picked in the browser (the first picture that opens).
  void TakeInput() {
    HandleShortcuts(app_, window_.TakeKeyPresses());
    std::vector<std::string> paths = window_.TakeDroppedPaths();
#ifdef __EMSCRIPTEN__
    for (std::string picked = PickedPath(); !picked.empty(); picked = PickedPath()) paths.push_back(picked);
#endif
    for (const std::string& path : paths) {
      const std::string error = app_.OpenImage(path, app_.params.image);
      app_.ShowStatus(error.empty() ? "Opened " + path : error, ImGui::GetTime(), error.empty() ? 4.0 : 6.0);
      if (error.empty()) break;
    }
  }

  // The app moves on: playback, or in a benchmark the change it measures every frame.
  void MoveOn(int frame, float delta_time) {
    if (bench_ && frame > 1 && args_.bench_change) {
      // A parameter change every frame: a kernel value edited (recompute, new pictures, frame rebuilt, uploaded).
      if (!app_.params.weight.empty()) {
        app_.params.weight[0] += frame % 2 == 0 ? 1.0 : -1.0;
        app_.params.kernel_custom = app_.params.kernel_edited = true;
      } else {
        app_.params.input[0] += frame % 2 == 0 ? 1.0 : -1.0;
        app_.params.input_custom = app_.params.input_edited = true;
      }
      app_.Changed();
    } else if (bench_ && frame > 1) {  // worst case: every frame shows a new step (frame rebuilt, quads re-uploaded)
      app_.SetStep(app_.StepCount() > 0 ? (app_.playback.step + 1) % app_.StepCount() : 0);
    } else {
      app_.Advance(delta_time);
    }
  }

  // Parameters changed: recomputed off the UI thread (the previous computation stays on screen meanwhile); a
  // screenshot waits for it, so that it shows the parameters asked for.
  void Recompute() {
    if (app_.dirty) app_.RequestRecompute();
    if (!args_.screenshot.empty() && app_.Computing()) app_.FinishRecompute();
    app_.TakeRecomputed();
  }

  // --screenshot at its frame (then the loop stops: returns true) and F12's screenshots.
  bool SaveScreenshots(int frame) {
    if (!args_.screenshot.empty() && frame == screenshot_frame_) {
      const std::string error = SaveWindowPixels(window_, args_.screenshot);
      if (!error.empty()) {
        std::cerr << "convarith: " << error << "\n";
        exit_code_ = 1;
      }
      return true;
    }
    if (app_.requests.screenshot) {
      app_.requests.screenshot = false;
      const std::string path =
          ScreenshotPath("convarith" + (app_.params.preset.empty() ? std::string() : "-" + app_.params.preset));
      const std::string error = SaveWindowPixels(window_, path);
#ifdef __EMSCRIPTEN__
      if (error.empty()) OfferDownload(path);  // the page's file: handed to the browser
#endif
      app_.ShowStatus(error.empty() ? "Saved " + path : error, ImGui::GetTime());
    }
    return false;
  }

  // Quit, full screen and presentation mode asked for by the panels.
  void ApplyWindowRequests() {
    if (app_.requests.quit) window_.RequestClose();
    if (app_.requests.toggle_fullscreen) {
      app_.requests.toggle_fullscreen = false;
      window_.SetFullscreen(!window_.Fullscreen());
      app_.fullscreen = window_.Fullscreen();
      app_.presentation_fullscreen = false;  // the user's choice from now on
    }
    if (app_.requests.presentation_changed) {
      app_.requests.presentation_changed = false;
      if (!automation_) {
        if (app_.display.presentation && !window_.Fullscreen()) {
          window_.SetFullscreen(true);
#ifdef __EMSCRIPTEN__
          app_.presentation_fullscreen = true;  // the browser answers later (and may refuse: then leaving does nothing)
#else
          app_.presentation_fullscreen = window_.Fullscreen();
#endif
        } else if (!app_.display.presentation && app_.presentation_fullscreen) {
          window_.SetFullscreen(false);  // back to the window presentation mode left
          app_.presentation_fullscreen = false;
        }
        app_.fullscreen = window_.Fullscreen();
      }
    }
  }

  // The frame's time; true once enough frames were timed (their median and 95th percentile printed).
  bool BenchDone(int frame, std::chrono::steady_clock::time_point start) {
    const std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start;
    if (frame > kBenchWarmupFrames) frame_ms_.push_back(ms.count());
    if (static_cast<int>(frame_ms_.size()) < args_.bench_frames) return false;
    PrintBench(frame_ms_, app_.derived.milliseconds);
    return true;
  }

  App& app_;
  Window& window_;
  const cli::AppArgs& args_;
  const bool bench_;
  const bool automation_;
  bool style_dark_;
  gl::FrameRenderer renderer_;
  gl::DamageRenderer damage_;
  StateFile state_file_;
  std::vector<double> frame_ms_;
  const int screenshot_frame_;
  int exit_code_ = 0;
};

#ifdef __EMSCRIPTEN__
// The browser's loop: the page runs one frame per animation frame after main returned, so the app, its window and
// the loop live as long as the page (a page does not exit; nothing is freed).
struct PageLoop {
  std::unique_ptr<App> app;
  std::unique_ptr<Window> window;
  cli::AppArgs args;
  Page page;
  std::unique_ptr<FrameLoop> loop;
  int frame = 0;
};

void PageFrame(void* data) {
  auto& page = *static_cast<PageLoop*>(data);
  if (page.frame == 0) Mark("convarith-frame");
  page.page.FitCanvas(*page.window, *page.app);
  page.app->fullscreen = page.window->Fullscreen();  // the browser leaves full screen on its own too (Esc)
  if (!page.loop->Frame(++page.frame)) emscripten_cancel_main_loop();
  page.page.Show(*page.app);
}

void StartPageLoop(std::unique_ptr<App> app, std::unique_ptr<Window> window, const cli::AppArgs& args,
                   const std::filesystem::path& settings) {
  auto* page = new PageLoop{std::move(app), std::move(window), args, Page(settings), nullptr, 0};
  page->loop = std::make_unique<FrameLoop>(*page->app, *page->window, page->args);
  emscripten_set_main_loop_arg(&PageFrame, page, 0, false);
}
#endif

}  // namespace

int RunApp(const cli::AppArgs& args) {
  const bool bench = args.bench_frames > 0;
  const bool automation = bench || !args.screenshot.empty();
  auto app = std::make_unique<App>();  // large: the frames of every view, the export worker
  app->automation = automation;
  StoredWindow stored;
  const AppFiles files = FilesFor(automation);
  Mark("convarith-main");
  if (auto code = LoadStartState(*app, args, automation, files, stored)) return *code;
  Mark("convarith-state");

  try {
    std::array<int, 2> size{automation ? 1440 : stored.width, automation ? 900 : stored.height};
    if (!args.window.empty()) size = cli::ParseWindowSize(args.window);  // checked by cli::Main
    // Presentation mode opens full screen, except in automation runs (the screenshot has the size asked for).
    const bool presentation_fullscreen = !automation && app->display.presentation && !stored.fullscreen;
    auto window_owner = std::make_unique<Window>(WindowOptions{.width = size[0],
                   .height = size[1],
                   .vsync = !automation,
                   .fullscreen = !automation && (stored.fullscreen || app->display.presentation),
                   .ini_path = files.ini.empty() ? nullptr : files.ini.c_str()});
    Window& window = *window_owner;
    Mark("convarith-window");
    app->fullscreen = window.Fullscreen();
    app->presentation_fullscreen = presentation_fullscreen && window.Fullscreen();
    LoadFonts(app->fonts, app->display.ui_scale, app->pixel_ratio);
    window.RebuildFontTexture();
    ApplyStyle(app->display.dark, app->UiPixels());
    Mark("convarith-fonts");
#ifdef __EMSCRIPTEN__
    StartPageLoop(std::move(app), std::move(window_owner), args, files.settings);
    return 0;  // the page keeps running the loop after main returns
#endif
    FrameLoop loop(*app, window, args);
    const int exit_code = loop.Run();
    if (!files.settings.empty()) {
      const auto window_size = window.WindowSize();
      // Full screen because of presentation mode comes back with presentation mode, not on its own.
      stored = StoredWindow{window_size[0], window_size[1], window.Fullscreen() && !app->presentation_fullscreen};
      const std::string error = SaveSettings(files.settings, *app, stored);
      if (!error.empty()) std::cerr << "convarith: " << error << "\n";
    }
    app.reset();  // joins the export worker while the GL context still exists
    return exit_code;
  } catch (const std::exception& e) {
    std::cerr << "convarith: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace convarith::app
