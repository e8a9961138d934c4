// Draws a core Frame on the canvas: its cells and rects as GL quads, its text with ImGui (the rules of frame.hpp).
#include "frame_drawing.hpp"

#include <algorithm>
#include <cmath>
#include <cfloat>

#include "app.hpp"

namespace convarith::app {
namespace {

void CopyColor(uint8_t (&to)[4], Rgba c) {
  to[0] = c.r;
  to[1] = c.g;
  to[2] = c.b;
  to[3] = c.a;
}

// The baked font closest above the wanted pixel height (downscaling stays sharp; upscaling would blur).
ImFont* FontFor(const Fonts& fonts, float px) {
  if (fonts.canvas_small == nullptr) return ImGui::GetFont();
  if (px <= fonts.canvas_small->FontSize * 1.05f || fonts.canvas_large == nullptr) return fonts.canvas_small;
  return fonts.canvas_large;
}

bool Visible(const ImVec4& clip, ImVec2 a, ImVec2 b) {
  return b.x >= clip.x && a.x <= clip.z && b.y >= clip.y && a.y <= clip.w;
}

void AddText(ImDrawList* list, const Fonts& fonts, float px, ImVec2 pos, ImU32 color, const std::string& text) {
  list->AddText(FontFor(fonts, px), px, pos, color, text.data(), text.data() + text.size());
}

ImVec2 TextSize(const Fonts& fonts, float px, const std::string& text) {
  return FontFor(fonts, px)->CalcTextSizeA(px, FLT_MAX, 0.0f, text.data(), text.data() + text.size());
}

gl::QuadInstance CellQuad(const FrameCell& cell) {
  gl::QuadInstance q;
  q.x = cell.x;
  q.y = cell.y;
  q.w = cell.size;
  q.h = cell.size;
  CopyColor(q.fill, cell.fill);
  CopyColor(q.stroke, cell.border);
  q.stroke_width = 1;
  q.dashed = cell.dashed ? 1.0f : 0.0f;
  return q;
}

// The number of cells from `first` that form a rows x cols unit grid laid out row-major (0 when they do not).
int GridRun(const std::vector<FrameCell>& cells, size_t first, int* rows, int* cols) {
  const FrameCell& a = cells[first];
  if (a.size != 1.0f || a.row != 0 || a.col != 0) return 0;
  auto fits = [&](size_t n, int r, int c) {
    if (n >= cells.size()) return false;
    const FrameCell& b = cells[n];
    return b.panel == a.panel && b.row == r && b.col == c && b.size == 1.0f && b.x == a.x + static_cast<float>(c) &&
           b.y == a.y + static_cast<float>(r);
  };
  int c = 0;
  while (fits(first + static_cast<size_t>(c), 0, c)) ++c;
  int r = 1;
  for (;; ++r) {
    bool full = true;
    for (int k = 0; k < c && full; ++k) full = fits(first + static_cast<size_t>(r * c + k), r, k);
    if (!full) break;
  }
  *rows = r;
  *cols = c;
  return r * c;
}

}  // namespace

ImU32 ToImColor(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }

void DrawMinimumOutlines(ImDrawList* list, const Frame& frame, const FramePlacement& at, float scale) {
  for (const FrameRect& rect : frame.rects) {
    if (rect.min_px <= 0 || rect.stroke.a == 0) continue;
    const float min = rect.min_px * scale;
    const float w = rect.w * at.cell_px, h = rect.h * at.cell_px;
    if (w >= min && h >= min) continue;
    const ImVec2 a = at.ToScreen(rect.x, rect.y);
    const float gw = std::max(w, min), gh = std::max(h, min);
    const ImVec2 p0{a.x + (w - gw) * 0.5f, a.y + (h - gh) * 0.5f};
    const ImVec2 p1{p0.x + gw, p0.y + gh};
    // A light halo under the dark outline: visible on dark and light pictures alike.
    list->AddRect({p0.x - 1, p0.y - 1}, {p1.x + 1, p1.y + 1}, IM_COL32(255, 255, 255, 220), 0, 0, 4.0f * scale);
    list->AddRect(p0, p1, ToImColor(rect.stroke), 0, 0, 2.0f * scale);
  }
}

std::array<float, 4> PanelScreenRect(const Frame& frame, Panel panel, const FramePlacement& at) {
  for (const FrameImage& im : frame.images) {
    if (im.panel != panel || im.scale < 1.0f) continue;  // the map itself, not a thumbnail
    const ImVec2 a = at.ToScreen(im.x, im.y);
    const ImVec2 b = at.ToScreen(im.x + im.Width(), im.y + im.Height());
    return {a.x, a.y, b.x, b.y};
  }
  float x0 = FLT_MAX, y0 = FLT_MAX, x1 = -FLT_MAX, y1 = -FLT_MAX;
  bool any = false;
  const FrameCell* first = nullptr;  // the first full-size map of the panel (the one in focus)
  for (const FrameCell& cell : frame.cells) {
    if (cell.panel != panel || cell.size < 1.0f) continue;
    if (first == nullptr) first = &cell;
    if (cell.channel != first->channel || cell.z != first->z) continue;
    x0 = std::min(x0, cell.x);
    y0 = std::min(y0, cell.y);
    x1 = std::max(x1, cell.x + cell.size);
    y1 = std::max(y1, cell.y + cell.size);
    any = true;
  }
  if (!any) return {0, 0, 0, 0};
  const ImVec2 a = at.ToScreen(x0, y0), b = at.ToScreen(x1, y1);
  return {a.x, a.y, b.x, b.y};
}

gl::LayerGeometry CellGeometry(const Frame& frame) {
  gl::LayerGeometry g;
  static_assert(sizeof(Rgba) == 4, "FrameImage pixels are uploaded as RGBA8");
  for (const FrameImage& image : frame.images) {
    if (!image.pixels || image.pixels->size() < static_cast<size_t>(image.rows) * static_cast<size_t>(image.cols)) {
      continue;
    }
    g.images.push_back(gl::ImageQuad{image.x, image.y, image.cols, image.rows, image.Width(), image.Height(),
                                     std::shared_ptr<const void>(image.pixels),
                                     reinterpret_cast<const uint8_t*>(image.pixels->data())});
  }
  struct Run {
    size_t first;
    int rows, cols;
  };
  std::vector<Run> runs;
  for (size_t n = 0; n < frame.cells.size();) {
    int rows = 0, cols = 0;
    const int count = GridRun(frame.cells, n, &rows, &cols);
    if (count > 1) {
      runs.push_back({n, rows, cols});
      n += static_cast<size_t>(count);
    } else {
      g.quads.push_back(CellQuad(frame.cells[n]));
      ++n;
    }
  }
  for (const Run& run : runs) {
    g.texture_width = std::max(g.texture_width, 3 * run.cols);
    g.texture_height += run.rows;
  }
  g.texels.assign(static_cast<size_t>(g.texture_width) * g.texture_height * 4, 0);
  int texel_row = 0;
  for (const Run& run : runs) {
    const FrameCell& a = frame.cells[run.first];
    g.grids.push_back({a.x, a.y, static_cast<float>(run.cols), static_cast<float>(run.rows),
                       static_cast<float>(texel_row)});
    for (int r = 0; r < run.rows; ++r) {
      uint8_t* row = &g.texels[static_cast<size_t>(texel_row + r) * g.texture_width * 4];
      for (int c = 0; c < run.cols; ++c) {
        const FrameCell& cell = frame.cells[run.first + static_cast<size_t>(r * run.cols + c)];
        uint8_t* t = row + static_cast<size_t>(c) * 12;
        const Rgba f = cell.fill, b = cell.border;
        t[0] = f.r, t[1] = f.g, t[2] = f.b, t[3] = f.a;
        t[4] = b.r, t[5] = b.g, t[6] = b.b, t[7] = b.a;
        t[8] = cell.dashed ? 255 : 0;
      }
    }
    texel_row += run.rows;
  }
  return g;
}

gl::LayerGeometry RectGeometry(const Frame& frame) {
  gl::LayerGeometry g;
  g.quads.reserve(frame.rects.size());
  for (const FrameRect& rect : frame.rects) {
    gl::QuadInstance q;
    q.x = rect.x;
    q.y = rect.y;
    q.w = rect.w;
    q.h = rect.h;
    CopyColor(q.fill, rect.fill);
    CopyColor(q.stroke, rect.stroke);
    q.stroke_width = rect.stroke_width;
    q.dashed = rect.dashed ? 1.0f : 0.0f;
    q.centred = 1;
    q.scaled = 1;
    g.quads.push_back(q);
  }
  return g;
}

void DrawPolygons(ImDrawList* list, const Frame& frame, const FramePlacement& at) {
  if (frame.polygons.empty()) return;
  const ImDrawListFlags flags = list->Flags;
  list->Flags &= ~ImDrawListFlags_AntiAliasedFill;  // pieces of a face side by side: no seams between them
  for (const FramePolygon& poly : frame.polygons) {
    std::array<ImVec2, 4> q;
    for (size_t n = 0; n < 4; ++n) q[n] = at.ToScreen(poly.xy[2 * n], poly.xy[2 * n + 1]);
    const bool line = poly.xy[0] == poly.xy[6] && poly.xy[1] == poly.xy[7] && poly.xy[2] == poly.xy[4] &&
                      poly.xy[3] == poly.xy[5];
    if (poly.fill.a != 0 && !line) list->AddConvexPolyFilled(q.data(), 4, ToImColor(poly.fill));
    if (poly.stroke.a == 0) continue;
    const float width = std::max(1.0f, poly.stroke_width * at.cell_px / 32.0f);
    const ImU32 colour = ToImColor(poly.stroke);
    for (size_t n = 0; n < (line ? 1u : 4u); ++n) {
      const ImVec2 a = q[n], b = q[(n + 1) % 4];
      if (!poly.dashed) {
        list->AddLine(a, b, colour, width);
        continue;
      }
      const float length = std::hypot(b.x - a.x, b.y - a.y), dash = std::max(3.0f, 3.0f * width);
      for (float s = 0; s < length; s += 2 * dash) {
        const float e = std::min(length, s + dash);
        list->AddLine({a.x + (b.x - a.x) * s / length, a.y + (b.y - a.y) * s / length},
                      {a.x + (b.x - a.x) * e / length, a.y + (b.y - a.y) * e / length}, colour, width);
      }
    }
  }
  list->Flags = flags;
}

void DrawCellTexts(ImDrawList* list, const Frame& frame, const FramePlacement& at, const Fonts& fonts,
                   float min_text) {
  const ImVec2 clip_min = list->GetClipRectMin(), clip_max = list->GetClipRectMax();
  const ImVec4 clip{clip_min.x, clip_min.y, clip_max.x, clip_max.y};
  for (const FrameCell& cell : frame.cells) {
    if (cell.text.empty() && cell.corner_text.empty()) continue;
    const ImVec2 a = at.ToScreen(cell.x, cell.y);
    const ImVec2 b = at.ToScreen(cell.x + cell.size, cell.y + cell.size);
    if (!Visible(clip, a, b)) continue;
    if (!cell.text.empty()) {
      // A value alone in its cell may take more of it than one sharing it with a corner weight.
      const float enlarged = cell.corner_text.empty() ? min_text * 1.25f : min_text;
      const float px = std::max(cell.text_size, enlarged * cell.size) * at.cell_px;
      ImVec2 size = TextSize(fonts, px, cell.text);
      float draw_px = px;
      if (size.x > (b.x - a.x) * 0.92f) {  // long values ("-0.33") shrink to fit their cell
        draw_px = px * (b.x - a.x) * 0.92f / size.x;
        size = TextSize(fonts, draw_px, cell.text);
      }
      const ImVec2 pos{(a.x + b.x - size.x) * 0.5f, (a.y + b.y - size.y) * 0.5f};
      AddText(list, fonts, draw_px, pos, ToImColor(cell.text_color), cell.text);
    }
    if (!cell.corner_text.empty()) {
      const float px = cell.corner_size * at.cell_px;
      const ImVec2 size = TextSize(fonts, px, cell.corner_text);
      const float inset = std::max(1.0f, at.cell_px * 0.05f);
      const ImVec2 pos{b.x - size.x - inset, b.y - size.y - inset * 0.5f};
      AddText(list, fonts, px, pos, ToImColor(cell.corner_color), cell.corner_text);
    }
  }
}

TextMeasure CanvasTextMeasure(const Fonts& fonts) {
  return TextMeasure{[&fonts](std::string_view text, float size) {
    ImFont* font = fonts.canvas_large != nullptr ? fonts.canvas_large : ImGui::GetFont();
    if (font == nullptr || font->FontSize <= 0) return EstimatedTextWidth(text, size);
    return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size()).x / font->FontSize * size;
  }};
}

void DrawFrameTexts(ImDrawList* list, const Frame& frame, const FramePlacement& at, const Fonts& fonts,
                    float max_y, std::vector<std::array<float, 4>>* drawn, float least_px) {
  for (const FrameText& text : frame.texts) {
    if (text.text.empty() || text.y >= max_y) continue;
    const float px = text.size * at.cell_px;
    if (px < least_px) continue;
    const float width = text.width * at.cell_px;  // the frame's measure, in the canvas font
    ImVec2 pos = at.ToScreen(text.x, text.y);
    if (text.align == Align::Center) pos.x -= width * 0.5f;
    if (text.align == Align::Right) pos.x -= width;
    AddText(list, fonts, px, pos, ToImColor(text.color), text.text);
    if (drawn != nullptr) drawn->push_back({pos.x, pos.y, pos.x + width, pos.y + px});
  }
}

}  // namespace convarith::app
