// The Pictures section: the input and the output maps as pictures, next to the numbers.
#include "panels/pictures.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"

namespace convarith::app {
namespace {

constexpr int kMaxPictures = 8;  // per side: more maps are listed by number only

std::vector<uint8_t> GrayRgba(const std::vector<uint8_t>& gray) {
  std::vector<uint8_t> rgba(gray.size() * 4);
  for (size_t n = 0; n < gray.size(); ++n) {
    rgba[n * 4] = rgba[n * 4 + 1] = rgba[n * 4 + 2] = gray[n];
    rgba[n * 4 + 3] = 255;
  }
  return rgba;
}

// Map (channel, depth slice 0) of a canonical (C, D, H, W) tensor.
const double* MapOf(const Tensor& t, int channel) {
  return t.values().data() + static_cast<size_t>(channel) * t.dim(1) * t.dim(2) * t.dim(3);
}

// The name, then the range one value a line: a narrow panel never splits a number ("-630.\n93", as ImGui's wrapping
// breaks at a dot).
std::string Range(double lo, double hi) { return "\n" + FormatValue(lo) + " …\n" + FormatValue(hi); }

void Rebuild(App& app, const Computation& c) {
  PicturesState& st = app.pictures;
  st.generation = app.derived.generation;
  const Tensor& in = c.input;
  const Tensor& out = c.output;
  const int rows = in.dim(2), cols = in.dim(3);
  const size_t plane = static_cast<size_t>(rows) * cols;
  st.inputs.resize(0);
  st.outputs.resize(0);
  // R, G, B input: one colour picture (its values as they are when they are 0..255, else each channel stretched).
  if (in.dim(0) == 3) {
    bool bytes = true;
    for (double v : in.values()) bytes = bytes && v >= 0 && v <= 255;
    std::vector<uint8_t> rgba(plane * 4, 255);
    for (int ch = 0; ch < 3; ++ch) {
      const double* map = MapOf(in, ch);
      const std::vector<uint8_t> gray = bytes ? std::vector<uint8_t>() : GrayPixels(map, rows, cols);
      for (size_t n = 0; n < plane; ++n) {
        rgba[n * 4 + static_cast<size_t>(ch)] = bytes ? static_cast<uint8_t>(std::lround(map[n])) : gray[n];
      }
    }
    PicturesState::Picture p;
    p.texture.Upload(cols, rows, rgba);
    p.label = "input (R, G, B)";
    st.inputs.push_back(std::move(p));
  } else {
    for (int ch = 0; ch < std::min(in.dim(0), kMaxPictures); ++ch) {
      double lo = 0, hi = 0;
      PicturesState::Picture p;
      p.texture.Upload(cols, rows, GrayRgba(GrayPixels(MapOf(in, ch), rows, cols, &lo, &hi)));
      p.label = (in.dim(0) > 1 ? "input ch " + std::to_string(ch) : std::string("input")) + Range(lo, hi);
      st.inputs.push_back(std::move(p));
    }
  }
  for (int ch = 0; ch < std::min(out.dim(0), kMaxPictures); ++ch) {
    double lo = 0, hi = 0;
    PicturesState::Picture p;
    p.texture.Upload(out.dim(3), out.dim(2), GrayRgba(GrayPixels(MapOf(out, ch), out.dim(2), out.dim(3), &lo, &hi)));
    p.label = (out.dim(0) > 1 ? "output ch " + std::to_string(ch) : std::string("output")) + Range(lo, hi);
    st.outputs.push_back(std::move(p));
  }
}

void Show(const PicturesState::Picture& p, float width, std::array<float, 4>* rect) {
  const float w = std::max(width, 16.0f);
  const float aspect = static_cast<float>(p.texture.height()) / static_cast<float>(std::max(p.texture.width(), 1));
  const float h = std::min(w * aspect, w * 2.0f);
  ImGui::BeginGroup();
  ImGui::Image(p.texture.Id(), ImVec2(h < w * aspect ? h / aspect : w, h));
  if (rect != nullptr) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    *rect = {a.x, a.y, b.x, b.y};
  }
  ImGui::TextDisabled("%s", p.label.c_str());  // its own lines (Range), never wrapped inside a number
  ImGui::EndGroup();
}

}  // namespace

void DrawPictures(App& app) {
  PicturesState& st = app.pictures;
  st.output_rect = {};
  const Computation* c = app.computation();
  if (c == nullptr) return;
  if (c->config.rank == 1) {
    ImGui::TextDisabled("Pictures show 2-D maps (3-D: the first depth slice).");
    return;
  }
  if (st.generation != app.derived.generation) Rebuild(app, *c);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float half = std::floor((avail - spacing) * 0.5f);
  // Input and output side by side (several maps: two a row).
  std::vector<const PicturesState::Picture*> all;
  for (const auto& p : st.inputs) all.push_back(&p);
  for (const auto& p : st.outputs) all.push_back(&p);
  for (size_t n = 0; n < all.size(); ++n) {
    if (n % 2 == 1) ImGui::SameLine();
    const bool first_output = !st.outputs.empty() && all[n] == &st.outputs.front();
    Show(*all[n], half, first_output ? &st.output_rect : nullptr);
  }
  if (c->out_channels() > kMaxPictures || c->in_channels() > kMaxPictures) {
    ImGui::TextDisabled("(the first %d maps of each side)", kMaxPictures);
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("Gray: each map's range stretched to black … white.");
  ImGui::PopTextWrapPos();
}

}  // namespace convarith::app
