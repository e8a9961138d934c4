// The platform layer: one GLFW window with an OpenGL 3.3 core context, glad, and Dear ImGui's GLFW/OpenGL3 backends.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app.hpp"

struct GLFWwindow;

namespace convarith::app::gl {
class DamageRenderer;
}

namespace convarith::app {

struct WindowOptions {
  std::string title = "convarith";
  int width = 1440;
  int height = 900;
  bool vsync = true;
  bool fullscreen = false;
  const char* ini_path = nullptr;  // ImGui's layout file; nullptr keeps no layout file (automation runs)
};

// Owns the window, the GL context and the ImGui context; throws std::runtime_error when any cannot be created.
class Window {
 public:
  explicit Window(const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  bool ShouldClose() const;
  void RequestClose();
  // Waits up to `timeout_seconds` for an event (0: just polls), then starts an ImGui frame.
  void BeginFrame(double timeout_seconds);
  // Renders ImGui's draw data through the damage tracker (background colour components 0..1). Does not swap.
  void Render(gl::DamageRenderer& damage, uint64_t callback_key, float r, float g, float b);
  void Swap();
  std::array<int, 2> FramebufferSize() const;
  std::array<int, 2> WindowSize() const;  // the windowed size (remembered between runs)
  void SetSize(int width, int height);     // the browser build: the page's size

  bool Fullscreen() const;  // the browser build: the page's full screen, which the browser may leave on its own
  void SetFullscreen(bool on);

  // The keys pressed since the last call (presses and repeats, in order).
  std::vector<KeyPress> TakeKeyPresses();

  // The files dropped onto the window since the last call (drag and drop).
  std::vector<std::string> TakeDroppedPaths();

  // Re-uploads ImGui's font atlas after fonts were added (between frames).
  void RebuildFontTexture();

 private:
  // Shrinks (and moves) the window so that it lies inside the primary monitor's work area.
  void FitToWorkArea(int width, int height);
  static void OnKey(GLFWwindow* window, int key, int scancode, int action, int mods);
  static void OnDrop(GLFWwindow* window, int count, const char** paths);

  GLFWwindow* window_ = nullptr;
  std::vector<KeyPress> keys_;
  std::vector<std::string> drops_;
  bool fullscreen_ = false;
  std::array<int, 4> windowed_{0, 0, 1440, 900};  // x, y, w, h before going full screen
};

}  // namespace convarith::app
