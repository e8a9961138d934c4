// The app's run loop: window, frames, screenshot and benchmark modes, settings saved on exit.
#include "run.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "gl/damage_renderer.hpp"
#include "gl/framebuffer.hpp"
#include "gl/frame_renderer.hpp"
#include "panels/panels.hpp"
#include "platform/window.hpp"
#include "screenshot.hpp"
#include "settings.hpp"
#include "startup.hpp"
#include "style.hpp"

namespace convarith::app {
namespace {

// Set by SIGINT/SIGTERM so that the loop ends normally and the settings are saved. A signal handler can only reach
// a global, and only one of this type: the one exception to "no globals for state".
volatile std::sig_atomic_t g_stop_requested = 0;
extern "C" void OnStopSignal(int) { g_stop_requested = 1; }

constexpr int kMinScreenshotFrames = 3;  // ImGui sizes auto-fitting windows over the first frames
constexpr int kBenchWarmupFrames = 5;

std::string SaveWindowPixels(const Window& window, const std::string& path) {
  const auto [w, h] = window.FramebufferSize();
  return WritePng(path, w, h, gl::ReadFramebuffer(w, h));
}

void PrintBench(std::vector<double> ms) {
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  const double median = ms.size() % 2 == 1 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
  const size_t p95_index = std::min(ms.size() - 1, static_cast<size_t>(std::ceil(0.95 * static_cast<double>(ms.size()))) - 1);
  std::printf("median %.2f ms, p95 %.2f ms\n", median, ms[p95_index]);
  std::fflush(stdout);
}

// A string's JSON escapes (without the quotes); UTF-8 passes through.
std::string JsonText(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) continue;
    out += ch;
  }
  return out;
}

std::string Json(const std::array<float, 4>& r) {
  std::ostringstream out;
  out << "[" << r[0] << ", " << r[1] << ", " << r[2] << ", " << r[3] << "]";
  return out.str();
}

// Cells with a number on screen (every view's frame), and the maps drawn as pictures: level of detail, for tests.
int NumberedCells(const App& app) {
  int n = 0;
  for (const ViewCache& cache : app.canvas.cache) {
    if (!cache.built) continue;
    for (const FrameCell& cell : cache.frame.cells) n += cell.text.empty() ? 0 : 1;
  }
  return n;
}
size_t ImageCount(const App& app) {
  size_t n = 0;
  for (const ViewCache& cache : app.canvas.cache) n += cache.built ? cache.frame.images.size() : 0;
  return n;
}

std::string TextRectsJson(const std::vector<std::array<float, 4>>& rects) {
  std::string out = "[";
  for (size_t i = 0; i < rects.size(); ++i) out += (i > 0 ? ", " : "") + Json(rects[i]);
  return out + "]";
}

// For tests driving the app with keys: the state as one line of JSON, written to $CONVARITH_STATE_FILE whenever it
// changes (via a temporary file and a rename, so a reader never sees half of it).
class StateFile {
 public:
  StateFile() {
    const char* path = std::getenv("CONVARITH_STATE_FILE");
    if (path != nullptr && path[0] != '\0') path_ = path;
  }
  void Update(const App& app, bool fullscreen) {
    if (path_.empty()) return;
    std::ostringstream out;
    out << "{\"step\": " << app.playback.step << ", \"steps\": " << app.StepCount()
        << ", \"playing\": " << (app.playback.playing ? "true" : "false")
        << ", \"loop\": " << (app.playback.loop ? "true" : "false")
        << ", \"dark\": " << (app.display.dark ? "true" : "false")
        << ", \"fullscreen\": " << (fullscreen ? "true" : "false") << ", \"zoom\": " << app.canvas.zoom
        << ", \"ui_scale\": " << app.display.ui_scale
        << ", \"presentation\": " << (app.display.presentation ? "true" : "false")
        << ", \"auto_fit\": " << (app.canvas.auto_fit ? "true" : "false")
        << ", \"panel_widths\": [" << app.layout.left << ", " << app.layout.right << "]"
        << ", \"display\": [" << ImGui::GetIO().DisplaySize.x << ", " << ImGui::GetIO().DisplaySize.y << "]"
        << ", \"parameters_rect\": " << Json(app.layout.parameters_rect)
        << ", \"arithmetic_rect\": " << Json(app.layout.arithmetic_rect)
        << ", \"playback_rect\": " << Json(app.layout.playback_rect)
        << ", \"side_panels\": " << (app.windows.parameters || app.windows.arithmetic ? "true" : "false")
        << ", \"valid\": " << (app.computation() ? "true" : "false") << ", \"preset\": \"" << app.params.preset
        << "\", \"data\": {\"input\": \"" << JsonText(InputDescription(app.params)) << "\", \"kernels\": \""
        << JsonText(KernelDescription(app.params)) << "\"}"
        << ", \"overlap_panel\": " << (app.display.overlap_panel ? "true" : "false")
        << ", \"image\": \"" << JsonText(app.params.image_path) << "\", \"image_error\": \""
        << JsonText(app.image_error) << "\", \"input_size\": [" << app.params.config.axes[1].input << ", "
        << app.params.config.axes[2].input << "], \"in_channels\": " << app.params.config.in_channels
        << ", \"pictures\": " << (app.windows.pictures ? "true" : "false")
        << ", \"picture_output_rect\": " << Json(app.pictures.output_rect)
        << ", \"canvas_input_rect\": " << Json(app.canvas.input_rect)
        << ", \"colour_by\": \"" << ColourByName(app.CurrentColourBy()) << "\""
        << ", \"canvas_texts\": " << TextRectsJson(app.canvas.text_rects)
        << ", \"cell_px\": " << app.canvas.cell_px << ", \"numbered_cells\": " << NumberedCells(app)
        << ", \"images\": " << ImageCount(app)
        << ", \"keep_every\": " << app.BaseFrameOptions().keep_every << ", \"title\": \""
        << JsonText(app.BaseFrameOptions().title) << "\", \"network_window\": " << (app.windows.network ? "true" : "false")
        << ", \"network\": " << NetworkStateJson(app.network) << "}\n";
    if (out.str() == last_) return;
    last_ = out.str();
    const std::string temporary = path_ + ".tmp";
    {
      std::ofstream file(temporary, std::ios::trunc);
      file << last_;
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path_, ec);
  }

 private:
  std::string path_;
  std::string last_;
};

// Whether something will change on screen without input (so the loop must not wait for events).
bool Busy(const App& app) {
  return app.playback.playing || app.export_window.Running() || app.requests.redraw > 0 ||
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

}  // namespace

int RunApp(const cli::AppArgs& args) {
  const bool bench = args.bench_frames > 0;
  const bool automation = bench || !args.screenshot.empty();
  auto app = std::make_unique<App>();  // large: the frames of every view, the export worker
  app->automation = automation;
  StoredWindow stored;
  const std::filesystem::path config_dir = automation ? std::filesystem::path() : ConfigDirectory();
  const std::filesystem::path settings_file = config_dir.empty() ? config_dir : config_dir / "settings.json";
  const std::string ini_file = config_dir.empty() ? std::string() : (config_dir / "imgui.ini").string();
  std::error_code exists_error;
  if (!automation && !args.any_config_flag &&
      (settings_file.empty() || !std::filesystem::exists(settings_file, exists_error))) {
    app->LoadPreset("fig1.1");  // the first run opens on the paper's first figure
  }
  if (!settings_file.empty()) {
    const std::string note = LoadSettings(settings_file, *app, stored);
    if (!note.empty()) std::cerr << "convarith: " << note << "\n";
    std::error_code ec;
    std::filesystem::create_directories(config_dir, ec);
  }
  if (auto code = ApplyCommandLine(*app, args, automation)) return *code;

  try {
    std::array<int, 2> size{automation ? 1440 : stored.width, automation ? 900 : stored.height};
    if (!args.window.empty()) size = cli::ParseWindowSize(args.window);  // checked by cli::Main
    // Presentation mode opens full screen, except in automation runs (the screenshot has the size asked for).
    const bool presentation_fullscreen = !automation && app->display.presentation && !stored.fullscreen;
    Window window({.width = size[0],
                   .height = size[1],
                   .vsync = !automation,
                   .fullscreen = !automation && (stored.fullscreen || app->display.presentation),
                   .ini_path = ini_file.empty() ? nullptr : ini_file.c_str()});
    app->fullscreen = window.Fullscreen();
    app->presentation_fullscreen = presentation_fullscreen && window.Fullscreen();
    LoadFonts(app->fonts, app->display.ui_scale);
    window.RebuildFontTexture();
    ApplyStyle(app->display.dark, app->display.ui_scale);
    bool style_dark = app->display.dark;
    gl::FrameRenderer renderer;
    const char* full_redraw = std::getenv("CONVARITH_FULL_REDRAW");
    gl::DamageRenderer damage(full_redraw != nullptr && full_redraw[0] == '1');
    if (bench) {
      const auto [w, h] = window.FramebufferSize();
      std::cerr << "convarith: benchmark on " << gl::RendererName() << ", " << w << "x" << h
                << (args.bench_change ? ", a kernel value changed every frame\n" : ", a new step every frame\n");
    }

    std::vector<double> frame_ms;
    const int screenshot_frame = std::max(args.frames, kMinScreenshotFrames);
    int exit_code = 0;
    StateFile state_file;
    std::signal(SIGINT, OnStopSignal);
    std::signal(SIGTERM, OnStopSignal);
    for (int frame = 1; !window.ShouldClose(); ++frame) {
      if (g_stop_requested != 0) window.RequestClose();
      const auto start = std::chrono::steady_clock::now();
      if (app->requests.rebuild_fonts) {
        app->requests.rebuild_fonts = false;
        LoadFonts(app->fonts, app->display.ui_scale);
        window.RebuildFontTexture();
        ApplyStyle(app->display.dark, app->display.ui_scale);
        damage.Invalidate();
        // The side panels follow the new scale now that sizes are measured with the new fonts.
        app->requests.rescale_panels = app->requests.pending_rescale;
        app->requests.reset_layout = app->requests.reset_layout || app->requests.pending_reset;
        app->requests.pending_rescale = 1.0f;
        app->requests.pending_reset = false;
      }
      if (style_dark != app->display.dark) {
        style_dark = app->display.dark;
        ApplyStyle(app->display.dark, app->display.ui_scale);
      }
      window.BeginFrame(automation || Busy(*app) ? 0.0 : 0.25);
      const ImGuiIO& io = ImGui::GetIO();
      renderer.BeginFrame(io.DisplaySize, io.DisplayFramebufferScale);
      HandleShortcuts(*app, window.TakeKeyPresses());
      for (const std::string& path : window.TakeDroppedPaths()) {  // drag and drop: the first picture that opens
        const std::string error = app->OpenImage(path, app->params.image);
        app->ShowStatus(error.empty() ? "Opened " + path : error, ImGui::GetTime(), error.empty() ? 4.0 : 6.0);
        if (error.empty()) break;
      }
      if (bench && frame > 1 && args.bench_change) {
        // A parameter change every frame: a kernel value edited (recompute, new pictures, frame rebuilt, uploaded).
        if (!app->params.weight.empty()) {
          app->params.weight.values[0] += frame % 2 == 0 ? 1.0 : -1.0;
          app->params.kernel_custom = app->params.kernel_edited = true;
        } else {
          app->params.input.values[0] += frame % 2 == 0 ? 1.0 : -1.0;
          app->params.input_custom = app->params.input_edited = true;
        }
        app->Changed();
      } else if (bench && frame > 1) {  // worst case: every frame shows a new step (frame rebuilt, quads re-uploaded)
        app->SetStep(app->StepCount() > 0 ? (app->playback.step + 1) % app->StepCount() : 0);
      } else {
        app->Advance(io.DeltaTime);
      }
      if (app->dirty) app->Recompute();
      DrawUi(*app, renderer);
      const Rgba bg = app->CurrentTheme().background;
      window.Render(damage, renderer.CallsKey(), bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f);

      if (!args.screenshot.empty() && frame == screenshot_frame) {
        const std::string error = SaveWindowPixels(window, args.screenshot);
        if (!error.empty()) {
          std::cerr << "convarith: " << error << "\n";
          exit_code = 1;
        }
        break;
      }
      if (app->requests.screenshot) {
        app->requests.screenshot = false;
        const std::string path =
            ScreenshotPath("convarith" + (app->params.preset.empty() ? std::string() : "-" + app->params.preset));
        const std::string error = SaveWindowPixels(window, path);
        app->ShowStatus(error.empty() ? "Saved " + path : error, ImGui::GetTime());
      }
      window.Swap();

      if (app->requests.quit) window.RequestClose();
      if (app->requests.toggle_fullscreen) {
        app->requests.toggle_fullscreen = false;
        window.SetFullscreen(!window.Fullscreen());
        app->fullscreen = window.Fullscreen();
        app->presentation_fullscreen = false;  // the user's choice from now on
      }
      if (app->requests.presentation_changed) {
        app->requests.presentation_changed = false;
        if (!automation) {
          if (app->display.presentation && !window.Fullscreen()) {
            window.SetFullscreen(true);
            app->presentation_fullscreen = window.Fullscreen();
          } else if (!app->display.presentation && app->presentation_fullscreen) {
            window.SetFullscreen(false);  // back to the window presentation mode left
            app->presentation_fullscreen = false;
          }
          app->fullscreen = window.Fullscreen();
        }
      }
      app->requests.redraw = InputActive() ? 2 : std::max(app->requests.redraw - 1, 0);
      state_file.Update(*app, window.Fullscreen());

      if (bench) {
        const std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start;
        if (frame > kBenchWarmupFrames) frame_ms.push_back(ms.count());
        if (static_cast<int>(frame_ms.size()) >= args.bench_frames) {
          PrintBench(frame_ms);
          break;
        }
      }
    }
    app->export_window.Cancel();
    state_file.Update(*app, window.Fullscreen());
    if (!settings_file.empty()) {
      const auto window_size = window.WindowSize();
      // Full screen because of presentation mode comes back with presentation mode, not on its own.
      stored = StoredWindow{window_size[0], window_size[1], window.Fullscreen() && !app->presentation_fullscreen};
      const std::string error = SaveSettings(settings_file, *app, stored);
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
