// A plain RGBA8 texture for ImGui::Image (the Pictures window), nearest filtering: one texel per map cell.
#pragma once

#include <cstdint>
#include <vector>

#include <imgui.h>

namespace convarith::app::gl {

class Texture {
 public:
  Texture() = default;
  ~Texture();
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;
  Texture(Texture&& other) noexcept;
  Texture& operator=(Texture&& other) noexcept;

  // Replaces the pixels (width * height * 4 bytes, row-major RGBA). Needs the GL context current.
  void Upload(int width, int height, const std::vector<uint8_t>& rgba);
  ImTextureID Id() const;
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  unsigned id_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace convarith::app::gl
