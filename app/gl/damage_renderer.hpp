// Renders ImGui's draw data re-drawing only the region whose draw lists changed, when the back buffer still holds the
// last frame. A software rasterizer (Mesa's llvmpipe) pays per triangle: while an animation plays, the panels beside
// the canvas need not be drawn again.
//
// Whether the back buffer survives a swap is up to the driver (Mesa's software GLX copies, so it does; GPU drivers
// often flip), and neither GLX_EXT_buffer_age nor the swap method says so there. So the renderer checks: it leaves a
// sentinel pixel (bottom-right, alternating between two near-identical greys) and reads it back on the next frame.
// A mismatch means a full redraw; after a few mismatches in a row it stops checking and always redraws everything.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include <imgui.h>

namespace convarith::app::gl {

class DamageRenderer {
 public:
  // always_full: redraw everything every frame (CONVARITH_FULL_REDRAW=1, for comparison and debugging).
  explicit DamageRenderer(bool always_full) : always_full_(always_full) {}
  DamageRenderer(const DamageRenderer&) = delete;
  DamageRenderer& operator=(const DamageRenderer&) = delete;

  // Draws `data` with `draw` (ImGui's renderer) into the back buffer where something changed since the last frame
  // (everything when the back buffer did not keep it). `callback_key` stands for what the draw lists' user callbacks
  // draw (it changes whenever their content does). Clears the redrawn region to the colour (0..1).
  void Render(ImDrawData* data, uint64_t callback_key, const float clear_rgb[3],
              const std::function<void(ImDrawData*)>& draw);
  // Whether the last frame found the back buffer as it had left it.
  bool Preserved() const { return preserved_; }
  // Draws everything on the next frame (fonts or style changed).
  void Invalidate() { full_ = true; }
  // The pixels last redrawn (for tests and diagnostics), in framebuffer pixels: x0, y0, x1, y1.
  ImVec4 LastDamage() const { return last_damage_; }

 private:
  struct ListState {
    uint64_t hash = 0;
    ImVec4 rect;  // display coordinates
    bool seen = false;
  };
  bool BackBufferKept();
  void LeaveSentinel();

  int width_ = 0, height_ = 0;
  bool sentinel_parity_ = false;
  bool sentinel_written_ = false;
  int mismatches_ = 0;  // in a row
  bool preserved_ = false;
  bool full_ = true;
  bool always_full_ = false;
  float clear_[3] = {-1, -1, -1};
  std::unordered_map<const ImDrawList*, ListState> lists_;
  ImVector<ImDrawList*> visible_;  // the lists drawn this frame
  ImVec4 last_damage_;
};

}  // namespace convarith::app::gl
