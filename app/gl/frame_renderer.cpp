// The canvas's GL drawing layer: compiles the embedded shaders and draws a frame's layers from draw-list callbacks.
#include "gl/frame_renderer.hpp"

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gl/gl.hpp"

extern const char kEmbedded_cells_vert[];
extern const char kEmbedded_cells_frag[];
extern const char kEmbedded_grid_vert[];
extern const char kEmbedded_grid_frag[];
extern const char kEmbedded_image_vert[];
extern const char kEmbedded_image_frag[];

namespace convarith::app::gl {
namespace {

GLuint Compile(GLenum type, const char* source, const char* name) {
  GLuint shader = glCreateShader(type);
  const char* parts[2] = {kShaderHeader, source};  // the #version line for this platform, then the shader
  glShaderSource(shader, 2, parts, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw std::runtime_error(std::string("shader ") + name + " does not compile: " + log);
  }
  return shader;
}

GLuint Link(const char* vertex, const char* fragment, const char* name) {
  GLuint vs = Compile(GL_VERTEX_SHADER, vertex, name);
  GLuint fs = Compile(GL_FRAGMENT_SHADER, fragment, name);
  GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    glDeleteProgram(program);
    throw std::runtime_error(std::string(name) + " shaders do not link: " + log);
  }
  return program;
}

const void* Offset(size_t bytes) { return reinterpret_cast<const void*>(bytes); }

}  // namespace

FrameRenderer::FrameRenderer() {
  quad_program_ = Link(kEmbedded_cells_vert, kEmbedded_cells_frag, "cells");
  grid_program_ = Link(kEmbedded_grid_vert, kEmbedded_grid_frag, "grid");
  quad_viewport_ = glGetUniformLocation(quad_program_, "u_viewport");
  quad_origin_ = glGetUniformLocation(quad_program_, "u_origin");
  quad_cell_ = glGetUniformLocation(quad_program_, "u_cell");
  grid_viewport_ = glGetUniformLocation(grid_program_, "u_viewport");
  grid_origin_ = glGetUniformLocation(grid_program_, "u_origin");
  grid_cell_ = glGetUniformLocation(grid_program_, "u_cell");
  grid_cells_ = glGetUniformLocation(grid_program_, "u_cells");
  image_program_ = Link(kEmbedded_image_vert, kEmbedded_image_frag, "image");
  image_viewport_ = glGetUniformLocation(image_program_, "u_viewport");
  image_origin_ = glGetUniformLocation(image_program_, "u_origin");
  image_cell_ = glGetUniformLocation(image_program_, "u_cell");
  image_rect_ = glGetUniformLocation(image_program_, "u_rect");
  image_sampler_ = glGetUniformLocation(image_program_, "u_image");

  const float corners[] = {0, 0, 1, 0, 0, 1, 1, 1};
  glGenBuffers(1, &corner_vbo_);
  glBindBuffer(GL_ARRAY_BUFFER, corner_vbo_);
  glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glGenVertexArrays(1, &image_vao_);
  glBindVertexArray(image_vao_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

FrameRenderer::~FrameRenderer() {
  for (Layer& l : layers_) {
    glDeleteBuffers(1, &l.quad_vbo);
    glDeleteVertexArrays(1, &l.quad_vao);
    glDeleteBuffers(1, &l.grid_vbo);
    glDeleteVertexArrays(1, &l.grid_vao);
    glDeleteTextures(1, &l.texture);
    for (LayerImage& image : l.images) glDeleteTextures(1, &image.texture);
  }
  glDeleteVertexArrays(1, &image_vao_);
  glDeleteProgram(image_program_);
  glDeleteBuffers(1, &corner_vbo_);
  glDeleteProgram(quad_program_);
  glDeleteProgram(grid_program_);
}

int FrameRenderer::CreateLayer() {
  Layer l;
  const auto corner = [this] {
    glBindBuffer(GL_ARRAY_BUFFER, corner_vbo_);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
  };
  glGenVertexArrays(1, &l.quad_vao);
  glGenBuffers(1, &l.quad_vbo);
  glBindVertexArray(l.quad_vao);
  corner();
  glBindBuffer(GL_ARRAY_BUFFER, l.quad_vbo);
  const auto quad_stride = static_cast<GLsizei>(sizeof(QuadInstance));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, quad_stride, Offset(offsetof(QuadInstance, x)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, quad_stride, Offset(offsetof(QuadInstance, fill)));
  glEnableVertexAttribArray(3);
  glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, quad_stride, Offset(offsetof(QuadInstance, stroke)));
  glEnableVertexAttribArray(4);
  glVertexAttribPointer(4, 4, GL_FLOAT, GL_FALSE, quad_stride, Offset(offsetof(QuadInstance, stroke_width)));
  for (GLuint attribute = 1; attribute <= 4; ++attribute) glVertexAttribDivisor(attribute, 1);

  glGenVertexArrays(1, &l.grid_vao);
  glGenBuffers(1, &l.grid_vbo);
  glBindVertexArray(l.grid_vao);
  corner();
  glBindBuffer(GL_ARRAY_BUFFER, l.grid_vbo);
  const auto grid_stride = static_cast<GLsizei>(sizeof(GridPanel));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, grid_stride, Offset(offsetof(GridPanel, x)));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, grid_stride, Offset(offsetof(GridPanel, texel_row)));
  glVertexAttribDivisor(1, 1);
  glVertexAttribDivisor(2, 1);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);

  glGenTextures(1, &l.texture);
  glBindTexture(GL_TEXTURE_2D, l.texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  layers_.push_back(l);
  return static_cast<int>(layers_.size()) - 1;
}

namespace {

// Whether two pictures show the same: the same buffer, or the same size and the same pixels.
bool SamePicture(const ImageQuad& a, const ImageQuad& b) {
  if (a.cols != b.cols || a.rows != b.rows) return false;
  if (a.owner == b.owner) return true;
  const size_t bytes = static_cast<size_t>(a.cols) * static_cast<size_t>(a.rows) * 4;
  return std::memcmp(a.rgba, b.rgba, bytes) == 0;
}

}  // namespace

void FrameRenderer::Upload(int layer, const LayerGeometry& g) {
  Layer& l = layers_.at(static_cast<size_t>(layer));
  // Pictures: a texture per picture, kept while the same picture comes again and uploaded when a new one comes. A
  // picture is keyed on what it shows, its size and its pixels (geometry, theme and values): the same buffer (a new
  // step of the same computation), or a new buffer with the same pixels (a kernel edit leaves the input's picture as
  // it was). The layer holds the buffers, so an address is never reused meanwhile.
  std::vector<LayerImage> images;
  images.reserve(g.images.size());
  for (const ImageQuad& quad : g.images) {
    if (!quad.owner || quad.rgba == nullptr || quad.cols <= 0 || quad.rows <= 0) continue;
    LayerImage image{quad, 0};
    for (LayerImage& old : l.images) {
      if (old.texture != 0 && SamePicture(old.quad, quad)) {
        image.texture = old.texture;
        old.texture = 0;
        break;
      }
    }
    if (image.texture == 0) {
      glGenTextures(1, &image.texture);
      glBindTexture(GL_TEXTURE_2D, image.texture);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, quad.cols, quad.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, quad.rgba);
      glBindTexture(GL_TEXTURE_2D, 0);
      ++texture_uploads_;
    }
    images.push_back(std::move(image));
  }
  for (LayerImage& old : l.images) {
    if (old.texture != 0) glDeleteTextures(1, &old.texture);
  }
  l.images = std::move(images);
  const std::span<const QuadInstance> quads(g.quads);
  glBindBuffer(GL_ARRAY_BUFFER, l.quad_vbo);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(quads.size_bytes()), quads.data(), GL_DYNAMIC_DRAW);
  l.quad_count = static_cast<int>(quads.size());
  const std::span<const GridPanel> grids(g.grids);
  glBindBuffer(GL_ARRAY_BUFFER, l.grid_vbo);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(grids.size_bytes()), grids.data(), GL_DYNAMIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  l.grid_count = g.texture_width > 0 && g.texture_height > 0 ? static_cast<int>(grids.size()) : 0;
  if (l.grid_count > 0) {
    glBindTexture(GL_TEXTURE_2D, l.texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, g.texture_width, g.texture_height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 g.texels.data());
    glBindTexture(GL_TEXTURE_2D, 0);
  }
  l.version = ++uploads_;
}

uint64_t FrameRenderer::Version(int layer) const { return layers_.at(static_cast<size_t>(layer)).version; }

uint64_t FrameRenderer::CallsKey() const {
  uint64_t key = 1469598103934665603ull;
  auto mix = [&key](uint64_t v) { key = (key ^ v) * 1099511628211ull; };
  for (const DrawCall& call : calls_) {
    mix(static_cast<uint64_t>(call.layer));
    mix(layers_[static_cast<size_t>(call.layer)].version);
    uint32_t bits[3];
    std::memcpy(&bits[0], &call.origin.x, 4);
    std::memcpy(&bits[1], &call.origin.y, 4);
    std::memcpy(&bits[2], &call.cell_px, 4);
    for (uint32_t b : bits) mix(b);
  }
  return key;
}

void FrameRenderer::BeginFrame(ImVec2 display_size, ImVec2 framebuffer_scale) {
  calls_.clear();
  display_size_ = display_size;
  framebuffer_scale_ = framebuffer_scale;
}

void FrameRenderer::Draw(ImDrawList* list, int layer, ImVec2 origin, float cell_px) {
  const Layer& l = layers_.at(static_cast<size_t>(layer));
  if (l.quad_count == 0 && l.grid_count == 0 && l.images.empty()) return;
  calls_.push_back(DrawCall{this, layer, origin, cell_px});
  list->AddCallback(&FrameRenderer::Callback, &calls_.back());
  list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);  // hand ImGui's own GL state back to its backend
}

void FrameRenderer::Callback(const ImDrawList*, const ImDrawCmd* cmd) {
  const auto* call = static_cast<const DrawCall*>(cmd->UserCallbackData);
  call->renderer->Execute(*call, cmd->ClipRect);
}

void FrameRenderer::Execute(const DrawCall& call, const ImVec4& clip) const {
  const Layer& l = layers_[static_cast<size_t>(call.layer)];
  const ImVec2 scale = framebuffer_scale_;
  const float fb_height = display_size_.y * scale.y;
  const float x0 = clip.x * scale.x, y0 = clip.y * scale.y, x1 = clip.z * scale.x, y1 = clip.w * scale.y;
  if (x1 <= x0 || y1 <= y0) return;
  glEnable(GL_SCISSOR_TEST);
  glScissor(static_cast<GLint>(x0), static_cast<GLint>(fb_height - y1), static_cast<GLsizei>(x1 - x0),
            static_cast<GLsizei>(y1 - y0));
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  if (!l.images.empty()) {
    glUseProgram(image_program_);
    glUniform2f(image_viewport_, display_size_.x, display_size_.y);
    glUniform2f(image_origin_, call.origin.x, call.origin.y);
    glUniform1f(image_cell_, call.cell_px);
    glUniform1i(image_sampler_, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(image_vao_);
    for (const LayerImage& image : l.images) {
      glUniform4f(image_rect_, image.quad.x, image.quad.y, image.quad.w, image.quad.h);
      glBindTexture(GL_TEXTURE_2D, image.texture);
      glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    }
  }
  if (l.grid_count > 0) {
    glUseProgram(grid_program_);
    glUniform2f(grid_viewport_, display_size_.x, display_size_.y);
    glUniform2f(grid_origin_, call.origin.x, call.origin.y);
    glUniform1f(grid_cell_, call.cell_px);
    glUniform1i(grid_cells_, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, l.texture);
    glBindVertexArray(l.grid_vao);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, l.grid_count);
  }
  if (l.quad_count > 0) {
    glUseProgram(quad_program_);
    glUniform2f(quad_viewport_, display_size_.x, display_size_.y);
    glUniform2f(quad_origin_, call.origin.x, call.origin.y);
    glUniform1f(quad_cell_, call.cell_px);
    glBindVertexArray(l.quad_vao);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, l.quad_count);
  }
  glBindVertexArray(0);
}

}  // namespace convarith::app::gl
