// The platform layer: one GLFW window with an OpenGL 3.3 core context, glad, and Dear ImGui's GLFW/OpenGL3 backends.
#include "platform/window.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "gl/gl.hpp"
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "convarith/base/read_file.hpp"
#include "gl/damage_renderer.hpp"
#include "gl/framebuffer.hpp"
#ifdef __EMSCRIPTEN__
#include "platform/page.hpp"
#endif

namespace convarith::app {

#ifdef __EMSCRIPTEN__
static constexpr char kNoContext[] = "cannot create a WebGL 2 context (this browser has no WebGL 2, or it is turned off)";
static constexpr char kImGuiGlsl[] = "#version 300 es";
#else
static constexpr char kNoContext[] = "cannot create an OpenGL 3.3 core window";
static constexpr char kImGuiGlsl[] = "#version 330 core";
#endif

// ImGui's layout file, read through the bounded reader rather than by ImGui (which would read a link to /dev/zero
// forever and block on a FIFO): loaded from memory, and not kept (no io.IniFilename) when it is refused.
static void LoadIniThroughBoundedReader(ImGuiIO& io) {
  if (io.IniFilename == nullptr) return;
  std::string text;
  try {
    text = convarith::ReadFileBounded(io.IniFilename, {"imgui.ini", size_t{1} << 20, true});
  } catch (const convarith::ReadError& e) {
    std::error_code missing;
    if (std::filesystem::exists(io.IniFilename, missing)) {
      std::fprintf(stderr, "convarith: ignoring %s (the window layout is not kept)\n", e.what());
      io.IniFilename = nullptr;
    }
    // A missing file: nothing to load (ImGui writes it on exit).
  }
  // Marks the settings loaded, so ImGui never opens the file itself.
  ImGui::LoadIniSettingsFromMemory(text.data(), text.size());
}

Window::Window(const WindowOptions& options) {
  glfwSetErrorCallback(nullptr);
  if (!glfwInit()) {
    throw std::runtime_error(
        "cannot open a window: no display (GLFW could not initialise; is DISPLAY set?); the subcommands shape, "
        "compute and export need no display");
  }
#ifdef __EMSCRIPTEN__
  // The page's canvas with a WebGL 2 context (OpenGL ES 3.0).
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
#else
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
#endif
  glfwWindowHint(GLFW_DOUBLEBUFFER, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);  // shown once it fits the screen
  window_ = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
  if (window_ == nullptr) {
    glfwTerminate();
    throw std::runtime_error(kNoContext);
  }
#ifndef __EMSCRIPTEN__  // the page's canvas has the size the page gives it
  FitToWorkArea(options.width, options.height);
#endif
  glfwShowWindow(window_);
  glfwMakeContextCurrent(window_);
#ifndef __EMSCRIPTEN__  // WebGL's functions need no loader
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    glfwDestroyWindow(window_);
    glfwTerminate();
    throw std::runtime_error("cannot load the OpenGL 3.3 functions");
  }
#endif
  glfwSwapInterval(options.vsync ? 1 : 0);
  glfwGetWindowPos(window_, &windowed_[0], &windowed_[1]);
  glfwGetWindowSize(window_, &windowed_[2], &windowed_[3]);

  // Installed before ImGui's backend, which chains to it.
  glfwSetWindowUserPointer(window_, this);
  glfwSetKeyCallback(window_, &Window::OnKey);
  glfwSetDropCallback(window_, &Window::OnDrop);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = options.ini_path;
  LoadIniThroughBoundedReader(io);
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  // Tab is the app's "canvas only" key; ImGui 1.86 would also use it to focus the next text field, which then
  // swallows every shortcut until the user clicks elsewhere.
  io.KeyMap[ImGuiKey_Tab] = -1;
  ImGui_ImplOpenGL3_Init(kImGuiGlsl);
#ifdef __EMSCRIPTEN__
  InstallPageInput(window_);  // the browser's clipboard and wheel steps
#endif
  if (options.fullscreen) SetFullscreen(true);
}

#ifndef __EMSCRIPTEN__  // GLFW's work area: a desktop's
void Window::FitToWorkArea(int width, int height) {
  // Never larger than the monitor's work area (the screen less its panels), frame included: a window that opens
  // larger than a 1024x768 projector hides its side panel and playback bar off screen.
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  if (monitor == nullptr) return;
  int wx = 0, wy = 0, ww = 0, wh = 0;
  glfwGetMonitorWorkarea(monitor, &wx, &wy, &ww, &wh);
  if (ww <= 0 || wh <= 0) {
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    if (mode == nullptr) return;
    ww = mode->width;
    wh = mode->height;
  }
  int left = 0, top = 0, right = 0, bottom = 0;
  glfwGetWindowFrameSize(window_, &left, &top, &right, &bottom);
  const int w = std::max(1, std::min(width, ww - left - right));
  const int h = std::max(1, std::min(height, wh - top - bottom));
  if (w != width || h != height) glfwSetWindowSize(window_, w, h);
  int x = 0, y = 0;
  glfwGetWindowPos(window_, &x, &y);
  // Keep the whole window on the work area (centred when it had to shrink or sat off it).
  if (w != width || h != height || x - left < wx || y - top < wy || x + w + right > wx + ww ||
      y + h + bottom > wy + wh) {
    glfwSetWindowPos(window_, wx + left + (ww - left - right - w) / 2, wy + top + (wh - top - bottom - h) / 2);
  }
}
#endif

Window::~Window() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool Window::ShouldClose() const { return glfwWindowShouldClose(window_) != 0; }

void Window::RequestClose() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }

void Window::BeginFrame(double timeout_seconds) {
  if (timeout_seconds > 0) {
    glfwWaitEventsTimeout(timeout_seconds);
  } else {
    glfwPollEvents();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
#ifdef __EMSCRIPTEN__
  // The page's clock can stand still between two animation frames (headless browsers' virtual time): ImGui needs time
  // to pass.
  ImGuiIO& io = ImGui::GetIO();
  if (io.DeltaTime <= 0.0f) io.DeltaTime = 1e-4f;
#endif
  ImGui::NewFrame();
}

void Window::Render(gl::DamageRenderer& damage, uint64_t callback_key, float r, float g, float b) {
  ImGui::Render();
  const float rgb[3] = {r, g, b};
  damage.Render(ImGui::GetDrawData(), callback_key, rgb, [](ImDrawData* data) { ImGui_ImplOpenGL3_RenderDrawData(data); });
}

void Window::Swap() { glfwSwapBuffers(window_); }

std::array<int, 2> Window::FramebufferSize() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return {w, h};
}

std::array<int, 2> Window::WindowSize() const {
  if (fullscreen_) return {windowed_[2], windowed_[3]};
  int w = 0, h = 0;
  glfwGetWindowSize(window_, &w, &h);
  return {w, h};
}

void Window::SetSize(int width, int height) { glfwSetWindowSize(window_, width, height); }

#ifdef __EMSCRIPTEN__
// The browser's Fullscreen API (Emscripten's GLFW has no monitors to go full screen on); the canvas follows the page.
bool Window::Fullscreen() const { return PageFullscreen(); }
void Window::SetFullscreen(bool on) { RequestPageFullscreen(on); }
#else
bool Window::Fullscreen() const { return fullscreen_; }

void Window::SetFullscreen(bool on) {
  if (on == fullscreen_) return;
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = monitor != nullptr ? glfwGetVideoMode(monitor) : nullptr;
  if (on) {
    if (mode == nullptr) return;
    glfwGetWindowPos(window_, &windowed_[0], &windowed_[1]);
    glfwGetWindowSize(window_, &windowed_[2], &windowed_[3]);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_[0], windowed_[1], windowed_[2], windowed_[3], GLFW_DONT_CARE);
  }
  fullscreen_ = on;
}
#endif

void Window::OnKey(GLFWwindow* window, int key, int, int action, int mods) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(window));
  if (self == nullptr || action == GLFW_RELEASE || key == GLFW_KEY_UNKNOWN) return;
  if (self->keys_.size() < 256) self->keys_.push_back(KeyPress{key, mods, action == GLFW_REPEAT});
}

void Window::OnDrop(GLFWwindow* window, int count, const char** paths) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(window));
  if (self == nullptr) return;
  for (int n = 0; n < count && self->drops_.size() < 16; ++n) {
    if (paths[n] != nullptr) self->drops_.emplace_back(paths[n]);
  }
}

std::vector<std::string> Window::TakeDroppedPaths() {
  std::vector<std::string> paths;
  paths.swap(drops_);
  return paths;
}

std::vector<KeyPress> Window::TakeKeyPresses() {
  std::vector<KeyPress> keys;
  keys.swap(keys_);
  return keys;
}

void Window::RebuildFontTexture() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace convarith::app
