// The Pictures section: the input and every output map as pictures (outputs as gray, their range stretched), beside
// the numbers of the canvas, updated with every recompute (a kernel value edited, a kernel preset picked).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "gl/texture.hpp"

namespace convarith::app {

struct App;

struct PicturesState {
  uint64_t generation = 0;  // of the computation the textures show
  struct Picture {
    gl::Texture texture;
    std::string label;  // "input", "output ch 1: -4 … 4"
  };
  std::vector<Picture> inputs, outputs;
  std::array<float, 4> output_rect{};  // the first output picture as drawn last frame, window pixels (tests)
};

// Draws the section (in the Arithmetic panel) while the app shows pictures (View › Pictures, or an image opened).
void DrawPictures(App& app);

}  // namespace convarith::app
