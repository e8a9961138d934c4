// Checks an app screenshot for a classroom: the window's size, how large the input cells and their digits are
// (measured from the pixels), and that the panels and the playback bar lie inside the window (from the state file
// the app writes, $CONVARITH_STATE_FILE).
//
//   app_layout_check FILE.png [--size WxH] [--min-cell PX] [--min-digit PX] [--state FILE.json REGION...]
//                    [--texts FILE.json MIN] [--state-at-least FILE.json KEY MIN] [--state-text FILE.json KEY TEXT]
//   --state-text: the state file's KEY (dotted: "upsampling.ksp"; a number or bool as JSON) contains TEXT.
//   REGION: parameters, arithmetic or playback (each must have been drawn, wholly inside the window).
//   --texts: at least MIN of the views' titles and labels were drawn, inside the window and off the side panels, no
//            two overlapping.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <stb_image.h>

#include "convarith/scene/frame.hpp"

namespace {

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgba;
  const unsigned char* at(int x, int y) const { return &rgba[(static_cast<size_t>(y) * w + x) * 4]; }
};

struct Box {
  int x0, y0, x1, y1;  // inclusive
  int w() const { return x1 - x0 + 1; }
  int h() const { return y1 - y0 + 1; }
};

bool Is(const unsigned char* p, convarith::Rgba c) { return p[0] == c.r && p[1] == c.g && p[2] == c.b; }

// The bounding boxes of the 4-connected regions of exactly `colour`.
std::vector<Box> Regions(const Image& img, convarith::Rgba colour) {
  std::vector<int> seen(static_cast<size_t>(img.w) * img.h, 0);
  std::vector<Box> boxes;
  std::vector<int> stack;
  for (int y = 0; y < img.h; ++y) {
    for (int x = 0; x < img.w; ++x) {
      const size_t i = static_cast<size_t>(y) * img.w + x;
      if (seen[i] || !Is(img.at(x, y), colour)) continue;
      Box b{x, y, x, y};
      stack.assign(1, static_cast<int>(i));
      seen[i] = 1;
      while (!stack.empty()) {
        const int k = stack.back();
        stack.pop_back();
        const int px = k % img.w, py = k / img.w;
        b.x0 = std::min(b.x0, px), b.x1 = std::max(b.x1, px), b.y0 = std::min(b.y0, py), b.y1 = std::max(b.y1, py);
        const int nx[4] = {px - 1, px + 1, px, px};
        const int ny[4] = {py, py, py - 1, py + 1};
        for (int n = 0; n < 4; ++n) {
          if (nx[n] < 0 || ny[n] < 0 || nx[n] >= img.w || ny[n] >= img.h) continue;
          const size_t j = static_cast<size_t>(ny[n]) * img.w + nx[n];
          if (seen[j] || !Is(img.at(nx[n], ny[n]), colour)) continue;
          seen[j] = 1;
          stack.push_back(static_cast<int>(j));
        }
      }
      boxes.push_back(b);
    }
  }
  return boxes;
}

int Median(std::vector<int> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

bool Fail(const std::string& what) {
  std::printf("  FAILED: %s\n", what.c_str());
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: app_layout_check FILE.png [--size WxH] [--min-cell PX] [--min-digit PX] "
                         "[--state FILE REGION...]\n");
    return 2;
  }
  Image img;
  int n = 0;
  unsigned char* pixels = stbi_load(argv[1], &img.w, &img.h, &n, 4);
  if (pixels == nullptr) {
    std::fprintf(stderr, "cannot read %s: %s\n", argv[1], stbi_failure_reason());
    return 1;
  }
  img.rgba.assign(pixels, pixels + static_cast<size_t>(img.w) * img.h * 4);
  stbi_image_free(pixels);
  std::printf("%s: %dx%d\n", argv[1], img.w, img.h);

  bool ok = true;
  const convarith::Theme theme = convarith::LightTheme();
  for (int a = 2; a < argc; ++a) {
    const std::string arg = argv[a];
    if (arg == "--size" && a + 1 < argc) {
      const std::string want = argv[++a];
      const std::string got = std::to_string(img.w) + "x" + std::to_string(img.h);
      std::printf("  window %s (want %s)\n", got.c_str(), want.c_str());
      if (got != want) ok = Fail("the window is " + got + ", not " + want);
    } else if ((arg == "--min-cell" || arg == "--min-digit") && a + 1 < argc) {
      const int bound = std::atoi(argv[++a]);
      // Input cells (blue, not under the kernel): each one a region of the exact colour, its digit a hole in it.
      std::vector<int> sides, digits;
      for (const Box& b : Regions(img, theme.input)) {
        if (b.w() < 8 || std::abs(b.w() - b.h()) > 2) continue;  // a cell's interior is square
        sides.push_back(b.w());
        Box d{b.x1, b.y1, b.x0, b.y0};
        for (int y = b.y0; y <= b.y1; ++y) {
          for (int x = b.x0; x <= b.x1; ++x) {
            const unsigned char* p = img.at(x, y);
            const int diff = std::abs(p[0] - theme.input.r) + std::abs(p[1] - theme.input.g) +
                             std::abs(p[2] - theme.input.b);
            if (diff < 96) continue;  // the digit's own pixels, not its faint antialiased fringe
            d.x0 = std::min(d.x0, x), d.x1 = std::max(d.x1, x), d.y0 = std::min(d.y0, y), d.y1 = std::max(d.y1, y);
          }
        }
        if (d.x1 >= d.x0) digits.push_back(d.h());
      }
      // The interior plus its border: the cell's pitch on screen.
      const int cell = sides.empty() ? 0 : Median(sides) + 1;
      const int digit = Median(digits);
      if (arg == "--min-cell") {
        std::printf("  input cells: %zu, %d px (at least %d)\n", sides.size(), cell, bound);
        if (sides.size() < 4 || cell < bound) ok = Fail("input cells of " + std::to_string(cell) + " px");
      } else {
        std::printf("  digits: %zu, %d px tall (at least %d)\n", digits.size(), digit, bound);
        if (digits.size() < 4 || digit < bound) ok = Fail("digits " + std::to_string(digit) + " px tall");
      }
    } else if (arg == "--state-at-least" && a + 3 < argc) {
      // A number the app's state file reports (e.g. cell_px: the current maps' cells on screen), at least MIN.
      std::ifstream in(argv[++a]);
      const std::string key = argv[++a];
      const double bound = std::atof(argv[++a]);
      const nlohmann::json state = nlohmann::json::parse(in, nullptr, false);
      const bool has = !state.is_discarded() && state.contains(key) && state[key].is_number();
      const double value = has ? state[key].get<double>() : 0.0;
      std::printf("  %s: %g (at least %g)\n", key.c_str(), value, bound);
      if (!has || value < bound) ok = Fail(key + " is " + std::to_string(value));
    } else if (arg == "--state-text" && a + 3 < argc) {
      std::ifstream in(argv[++a]);
      const std::string key = argv[++a], want = argv[++a];
      const nlohmann::json state = nlohmann::json::parse(in, nullptr, false);
      const nlohmann::json* at = state.is_discarded() ? nullptr : &state;
      for (size_t from = 0; at != nullptr && from <= key.size();) {
        const size_t dot = std::min(key.find('.', from), key.size());
        const std::string part = key.substr(from, dot - from);
        at = at->is_object() && at->contains(part) ? &(*at)[part] : nullptr;
        from = dot + 1;
      }
      const std::string value = at == nullptr ? std::string("(none)") : at->is_string() ? at->get<std::string>() : at->dump();
      std::printf("  %s: %s (wants '%s')\n", key.c_str(), value.c_str(), want.c_str());
      if (at == nullptr || value.find(want) == std::string::npos) ok = Fail(key + " is " + value);
    } else if (arg == "--state" && a + 1 < argc) {
      std::ifstream in(argv[++a]);
      const nlohmann::json state = nlohmann::json::parse(in, nullptr, false);
      if (state.is_discarded() || !state.contains("display")) {
        std::printf("  FAILED: cannot read the state file %s\n", argv[a]);
        return 1;
      }
      const float w = state["display"][0].get<float>(), h = state["display"][1].get<float>();
      std::vector<std::pair<std::string, std::array<float, 4>>> drawn;
      for (++a; a < argc && argv[a][0] != '-'; ++a) {
        const std::string region = argv[a];
        const auto it = state.find(region + "_rect");
        if (it == state.end() || !it->is_array() || it->size() != 4) {
          ok = Fail("no rectangle for " + region);
          continue;
        }
        const float x0 = (*it)[0], y0 = (*it)[1], x1 = (*it)[2], y1 = (*it)[3];
        std::printf("  %-10s [%g, %g, %g, %g] in %gx%g\n", region.c_str(), x0, y0, x1, y1, w, h);
        if (x1 <= x0 || y1 <= y0) ok = Fail(region + " is not drawn");
        if (x0 < 0 || y0 < 0 || x1 > w + 0.5f || y1 > h + 0.5f) ok = Fail(region + " is cut off by the window");
        // Nor hidden under another region (the playback bar under a side panel).
        for (const auto& [other, r] : drawn) {
          const float ix = std::min(x1, r[2]) - std::max(x0, r[0]), iy = std::min(y1, r[3]) - std::max(y0, r[1]);
          if (ix > 1 && iy > 1) ok = Fail(region + " overlaps " + other);
        }
        drawn.push_back({region, {x0, y0, x1, y1}});
      }
      --a;
    } else if (arg == "--texts" && a + 2 < argc) {
      std::ifstream in(argv[++a]);
      const nlohmann::json state = nlohmann::json::parse(in, nullptr, false);
      const int min_texts = std::atoi(argv[++a]);
      if (state.is_discarded() || !state.contains("canvas_texts") || !state.contains("display")) {
        std::printf("  FAILED: no canvas_texts in the state file\n");
        return 1;
      }
      const float w = state["display"][0].get<float>(), h = state["display"][1].get<float>();
      const auto rects = state["canvas_texts"].get<std::vector<std::array<float, 4>>>();
      std::printf("  canvas texts: %zu (at least %d)\n", rects.size(), min_texts);
      if (static_cast<int>(rects.size()) < min_texts) ok = Fail("only " + std::to_string(rects.size()) + " texts drawn");
      auto name = [](const std::array<float, 4>& r) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "[%.0f, %.0f, %.0f, %.0f]", r[0], r[1], r[2], r[3]);
        return std::string(buf);
      };
      for (size_t i = 0; i < rects.size(); ++i) {
        const auto& r = rects[i];
        if (r[0] < -0.5f || r[1] < -0.5f || r[2] > w + 0.5f || r[3] > h + 0.5f) ok = Fail("text " + name(r) + " is cut off");
        // Nor under a docked side panel (the canvas clips it there: a view's title wider than the canvas).
        for (const char* panel : {"parameters_rect", "arithmetic_rect"}) {
          if (!state.contains(panel)) continue;
          const auto p = state[panel].get<std::array<float, 4>>();
          const float ix = std::min(r[2], p[2]) - std::max(r[0], p[0]), iy = std::min(r[3], p[3]) - std::max(r[1], p[1]);
          if (p[2] > p[0] && ix > 1 && iy > 1) ok = Fail("text " + name(r) + " runs under the " + panel);
        }
        for (size_t j = 0; j < i; ++j) {
          const auto& q = rects[j];
          // Glyph boxes include the line's leading: 2 px of it may touch.
          const float ix = std::min(r[2], q[2]) - std::max(r[0], q[0]), iy = std::min(r[3], q[3]) - std::max(r[1], q[1]);
          if (ix > 1 && iy > 2) ok = Fail("text " + name(r) + " overlaps text " + name(q));
        }
      }
    } else {
      std::fprintf(stderr, "bad argument '%s'\n", arg.c_str());
      return 2;
    }
  }
  return ok ? 0 : 1;
}
