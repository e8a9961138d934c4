// The canvas's GL drawing layer: a frame's cells (regular grids as one textured quad per panel, other cells and the
// rects as instanced quads), queued into ImGui's draw lists so they sit in ImGui's draw order.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include <imgui.h>

namespace convarith::app::gl {

// One filled, stroked quad in cell units (see shaders/cells.vert for how each field is used).
struct QuadInstance {
  float x = 0, y = 0, w = 0, h = 0;
  uint8_t fill[4] = {0, 0, 0, 0};
  uint8_t stroke[4] = {0, 0, 0, 0};
  float stroke_width = 1;  // pixels, or pixels at 32 px per cell when `scaled`
  float dashed = 0;        // 1: dashed stroke
  float centred = 0;       // 1: the stroke straddles the edge (rects); 0: inside the quad (cells)
  float scaled = 0;        // 1: stroke_width scales with the cell size (rects)
};

// A regular grid of unit cells at (x, y) in cell units; its cells are rows [texel_row, texel_row + rows) of the
// cell texture, three RGBA texels per cell: fill, border, flags (r = 255: dashed).
struct GridPanel {
  float x = 0, y = 0;
  float cols = 0, rows = 0;
  float texel_row = 0;
};

// A picture of a large map: texel (r, c) fills the unit square (x + c, y + r). `owner` holds the RGBA8 pixels
// (rows * cols * 4 bytes at `rgba`); its address keys the texture, which is uploaded only when a new owner comes.
struct ImageQuad {
  float x = 0, y = 0;
  int cols = 0, rows = 0;
  float w = 0, h = 0;  // its size in cell units (a thumbnail's pixels are smaller than a cell)
  std::shared_ptr<const void> owner;
  const uint8_t* rgba = nullptr;
};

// What one layer of a frame draws: images first, then grids, then quads.
struct LayerGeometry {
  std::vector<ImageQuad> images;
  std::vector<GridPanel> grids;
  int texture_width = 0;   // texels
  int texture_height = 0;
  std::vector<uint8_t> texels;  // RGBA8, texture_width * texture_height * 4
  std::vector<QuadInstance> quads;
};

// Owns the shader programs and the buffers. Create it once the GL context is current; destroy it before.
class FrameRenderer {
 public:
  FrameRenderer();  // compiles the embedded shaders; throws std::runtime_error with the GL log on failure
  ~FrameRenderer();
  FrameRenderer(const FrameRenderer&) = delete;
  FrameRenderer& operator=(const FrameRenderer&) = delete;

  // A new, empty layer; returns its id.
  int CreateLayer();
  // Replaces a layer's geometry (uploaded now; draw it as often as needed until the next upload).
  void Upload(int layer, const LayerGeometry& geometry);
  // Bumped by every upload: part of what the damage tracker compares between frames.
  uint64_t Version(int layer) const;

  // Stands for everything queued this frame (layers, their uploads, positions): changes when what they draw does.
  uint64_t CallsKey() const;

  // Starts a frame: forgets the previous frame's queued draws.
  void BeginFrame(ImVec2 display_size, ImVec2 framebuffer_scale);
  // Queues drawing `layer` into `list` at its current position in the draw order, with cell-unit (0, 0) at
  // `origin` (pixels) and `cell_px` pixels per cell unit, clipped to the list's current clip rectangle.
  void Draw(ImDrawList* list, int layer, ImVec2 origin, float cell_px);

 private:
  struct LayerImage {
    ImageQuad quad;
    unsigned texture = 0;
  };
  struct Layer {
    std::vector<LayerImage> images;
    unsigned quad_vao = 0, quad_vbo = 0;
    int quad_count = 0;
    unsigned grid_vao = 0, grid_vbo = 0, texture = 0;
    int grid_count = 0;
    uint64_t version = 0;
  };
  struct DrawCall {
    FrameRenderer* renderer = nullptr;
    int layer = 0;
    ImVec2 origin;
    float cell_px = 1;
  };
  static void Callback(const ImDrawList* list, const ImDrawCmd* cmd);
  void Execute(const DrawCall& call, const ImVec4& clip) const;

  unsigned quad_program_ = 0, grid_program_ = 0, image_program_ = 0;
  int image_viewport_ = -1, image_origin_ = -1, image_cell_ = -1, image_rect_ = -1, image_sampler_ = -1;
  unsigned image_vao_ = 0;
  unsigned corner_vbo_ = 0;
  int quad_viewport_ = -1, quad_origin_ = -1, quad_cell_ = -1;
  int grid_viewport_ = -1, grid_origin_ = -1, grid_cell_ = -1, grid_cells_ = -1;
  std::vector<Layer> layers_;
  std::deque<DrawCall> calls_;  // stable addresses: the draw-list callbacks point into it
  ImVec2 display_size_{1, 1};
  ImVec2 framebuffer_scale_{1, 1};
  uint64_t uploads_ = 0;

 public:
  // Textures uploaded since start (tests and benchmarks: a step must not re-upload the pictures).
  uint64_t TextureUploads() const { return texture_uploads_; }

 private:
  uint64_t texture_uploads_ = 0;
};

}  // namespace convarith::app::gl
