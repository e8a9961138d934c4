// The strip under the canvas's grids: each view's current step written out, the transposed check, and the legend,
// in the UI's font so that they stay readable however small the cells are (and on a projector).
#include "panels/canvas_notes.hpp"

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include "app.hpp"
#include "frame_drawing.hpp"

namespace convarith::app {
namespace {

std::vector<std::string> WrapLines(ImFont* font, float px, const std::string& text, float width);

// How the step text is drawn: its font and pixel size.
struct EquationStyle {
  ImFont* font = nullptr;
  float px = 0;
};

// One equation: the heading's size; when that wraps, the body's, then the body's down to 85 % of it, whichever keeps
// it on one line (a large UI scale on a projector's width: a second line of a bolder font would cost the grids a
// row); when none does, the heading's. Several (side-by-side views): the body size, so that more of each fits. In
// presentation mode about twice the heading (drawn from the large canvas font, which stays sharp when scaled down).
EquationStyle EquationStyleFor(const Fonts& fonts, const CanvasNotes& notes, float width) {
  ImFont* heading = fonts.heading != nullptr ? fonts.heading : ImGui::GetFont();
  ImFont* body = fonts.ui != nullptr ? fonts.ui : heading;
  const bool several = notes.equations.size() > 1;
  if (notes.large) {
    ImFont* base = several ? body : heading;
    return {fonts.canvas_large != nullptr ? fonts.canvas_large : base, base->FontSize * (several ? 1.6f : 1.9f)};
  }
  if (several || notes.equations.empty()) return {body, body->FontSize};
  const std::string& eq = notes.equations.front();
  auto one_line = [&](ImFont* f, float px) { return WrapLines(f, px, eq, width).size() <= 1; };
  if (one_line(heading, heading->FontSize)) return {heading, heading->FontSize};
  if (one_line(body, body->FontSize)) return {body, body->FontSize};
  const float needed = body->CalcTextSizeA(body->FontSize, FLT_MAX, 0, eq.c_str()).x;
  const float px = body->FontSize * std::max(0.85f, std::min(1.0f, width / std::max(needed, 1.0f)) * 0.99f);
  if (one_line(body, px)) return {body, px};
  return {heading, heading->FontSize};
}
ImFont* LegendFont(const Fonts& fonts) { return fonts.ui != nullptr ? fonts.ui : ImGui::GetFont(); }

// Height of a text wrapped at `width` (one line: px).
// The text in lines no wider than `width`, broken only at spaces: a number ("44.5", "[1,2]") is never split, as
// ImGui's own wrapping splits it at '.' and ','. A word wider than the line keeps a line of its own.
std::vector<std::string> WrapLines(ImFont* font, float px, const std::string& text, float width) {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const std::string longer = line.empty() ? word : line + " " + word;
    if (!line.empty() && font->CalcTextSizeA(px, FLT_MAX, 0, longer.c_str()).x > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = longer;
    }
    start = end + 1;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

float WrappedHeight(ImFont* font, float px, const std::string& text, float width) {
  return px * static_cast<float>(WrapLines(font, px, text, width).size());
}

float WrappedWidth(ImFont* font, float px, const std::string& text, float width) {
  float w = 0;
  for (const std::string& line : WrapLines(font, px, text, width)) {
    w = std::max(w, font->CalcTextSizeA(px, FLT_MAX, 0, line.c_str()).x);
  }
  return w;
}

// Draws the text wrapped at spaces (WrapLines), a line every `px`.
void AddWrapped(ImDrawList* list, ImFont* font, float px, ImVec2 at, ImU32 colour, const std::string& text, float width,
                const ImVec4* clip) {
  for (const std::string& line : WrapLines(font, px, text, width)) {
    list->AddText(font, px, at, colour, line.c_str(), nullptr, 0, clip);
    at.y += px;
  }
}

// Above and below the notes: as the font's size up to 125 %, no more (a larger UI scale grows the texts, not the empty
// space the grids would give up).
float Spacing(const Fonts& fonts) { return std::min(LegendFont(fonts)->FontSize, fonts.base_size * 1.25f) * 0.45f; }
// One line of a step's per-channel parts.
float PartHeight(const Fonts& fonts) { return LegendFont(fonts)->FontSize * 1.25f; }

float TextW(ImFont* font, const std::string& text) { return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str()).x; }
float BarWidth(const Fonts& fonts) { return LegendFont(fonts)->FontSize * 5.0f; }

// Width of one legend entry: swatch, gap, name, gap; a colour bar: name, low value, bar, high value, gap.
float EntryWidth(const LegendEntry& e, const Fonts& fonts) {
  ImFont* font = LegendFont(fonts);
  if (!e.bar.empty()) {
    return TextW(font, e.name) + TextW(font, e.low) + TextW(font, e.high) + BarWidth(fonts) + font->FontSize * 2.4f;
  }
  return font->FontSize * 1.6f + font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, e.name.c_str()).x +
         font->FontSize * 1.4f;
}


void DashedRect(ImDrawList* list, ImVec2 a, ImVec2 b, ImU32 color) {
  const float dash = 3;
  for (float x = a.x; x < b.x; x += 2 * dash) {
    list->AddLine({x, a.y}, {std::min(x + dash, b.x), a.y}, color);
    list->AddLine({x, b.y - 1}, {std::min(x + dash, b.x), b.y - 1}, color);
  }
  for (float y = a.y; y < b.y; y += 2 * dash) {
    list->AddLine({a.x, y}, {a.x, std::min(y + dash, b.y)}, color);
    list->AddLine({b.x - 1, y}, {b.x - 1, std::min(y + dash, b.y)}, color);
  }
}

// A colour bar entry: "input  0 [bar] 255", the bar's colours side by side.
void DrawColourBar(ImDrawList* list, const LegendEntry& e, ImVec2 at, float line_h, float swatch, const Fonts& fonts,
                   const Theme& theme) {
  ImFont* font = LegendFont(fonts);
  const float text_y = at.y + (line_h - font->FontSize) * 0.5f;
  const float gap = font->FontSize * 0.5f;
  float x = at.x;
  auto text = [&](const std::string& s, ImU32 colour) {
    list->AddText(font, font->FontSize, {x, text_y}, colour, s.c_str());
    x += TextW(font, s) + gap;
  };
  text(e.name, ToImColor(theme.foreground));
  text(e.low, ToImColor(theme.muted));
  const float bar_w = BarWidth(fonts), top = at.y + (line_h - swatch) * 0.5f;
  const float step = bar_w / static_cast<float>(e.bar.size());
  for (size_t n = 0; n < e.bar.size(); ++n) {
    const float x0 = x + step * static_cast<float>(n);
    list->AddRectFilled({x0, top}, {x0 + step + 0.5f, top + swatch}, ToImColor(e.bar[n]));
  }
  list->AddRect({x, top}, {x + bar_w, top + swatch}, ToImColor(e.stroke));
  x += bar_w + gap;
  text(e.high, ToImColor(theme.muted));
}

}  // namespace

int LegendRows(const std::vector<LegendEntry>& legend, float width, const Fonts& fonts) {
  if (legend.empty()) return 0;
  int rows = 1;
  float x = 0;
  for (const LegendEntry& e : legend) {
    const float w = EntryWidth(e, fonts);
    if (x > 0 && x + w > width) {
      ++rows;
      x = 0;
    }
    x += w;
  }
  return rows;
}

float TakeNotes(const Frame& frame, const std::string& view_name, CanvasNotes& notes) {
  notes.equations.push_back(view_name.empty() ? frame.equation : view_name + "  ·  " + frame.equation);
  notes.parts.push_back(frame.equation_parts);
  if (notes.check.empty() && !frame.check.empty()) {
    notes.check = frame.check;
    notes.check_failed = frame.check_failed;
  }
  return frame.grids_bottom + 0.15f;
}

std::vector<LegendEntry> LegendOf(const std::vector<const Frame*>& frames, const Theme& theme) {
  // The union of the frames' legends (core's order), then the hover entry: always listed, since hovering is always
  // possible, so the legend and the grids above it never jump on hover.
  std::vector<LegendEntry> legend;
  for (const Frame* f : frames) {
    for (const LegendEntry& e : f->legend) {
      const bool seen = std::any_of(legend.begin(), legend.end(), [&](const LegendEntry& x) { return x.name == e.name; });
      if (!seen && e.kind != LegendKind::Link) legend.push_back(e);
    }
  }
  legend.push_back(LinkLegendEntry(theme));
  return legend;
}

float NotesHeight(const CanvasNotes& notes, float width, const Fonts& fonts) {
  const EquationStyle eq_style = EquationStyleFor(fonts, notes, width);
  const float eq_px = eq_style.px;
  const float eq_h = eq_px * 1.35f;
  ImFont* eq_font = eq_style.font;
  ImFont* font = LegendFont(fonts);
  const float line_h = font->FontSize * 1.6f;
  float h = 0;
  const float part_px = font->FontSize;
  const float indent = part_px * 1.5f;
  for (size_t n = 0; n < notes.equations.size(); ++n) {
    h += WrappedHeight(eq_font, eq_px, notes.equations[n], width) - eq_px + eq_h;
    if (n >= notes.parts.size()) continue;
    for (const std::string& part : notes.parts[n])
      h += WrappedHeight(font, part_px, part, std::max(1.0f, width - indent)) - part_px + PartHeight(fonts);
  }
  if (!notes.check.empty()) h += WrappedHeight(font, font->FontSize, notes.check, width) - font->FontSize + line_h;
  if (notes.hover_line) h += line_h;
  h += line_h * static_cast<float>(LegendRows(notes.legend, width, fonts));
  return h > 0 ? h + Spacing(fonts) * 2 : 0;
}

float NotesWidth(const CanvasNotes& notes, float width, const Fonts& fonts) {
  const EquationStyle eq_style = EquationStyleFor(fonts, notes, width);
  ImFont* eq_font = eq_style.font;
  const float eq_px = eq_style.px;
  ImFont* font = LegendFont(fonts);
  float w = 0;
  for (const std::string& eq : notes.equations) w = std::max(w, WrappedWidth(eq_font, eq_px, eq, width));
  const float indent = font->FontSize * 1.5f;
  for (const std::vector<std::string>& parts : notes.parts)
    for (const std::string& part : parts)
      w = std::max(w, indent + WrappedWidth(font, font->FontSize, part, std::max(1.0f, width - indent)));
  if (!notes.check.empty()) w = std::max(w, WrappedWidth(font, font->FontSize, notes.check, width));
  float x = 0;
  for (const LegendEntry& e : notes.legend) {
    const float ew = EntryWidth(e, fonts);
    if (x > 0 && x + ew > width) x = 0;
    x += ew;
    w = std::max(w, x);
  }
  return std::min(w, width);
}

void DrawNotes(ImDrawList* list, const CanvasNotes& notes, ImVec2 top_left, float width, const Fonts& fonts,
               const Theme& theme) {
  const EquationStyle eq_style = EquationStyleFor(fonts, notes, width);
  ImFont* eq_font = eq_style.font;
  const float eq_px = eq_style.px;
  ImFont* font = LegendFont(fonts);
  const float eq_h = eq_px * 1.35f;
  const float line_h = font->FontSize * 1.6f;
  const ImVec4 clip(top_left.x, top_left.y - 1, top_left.x + width, top_left.y + 10000);
  float y = top_left.y + Spacing(fonts);
  ImFont* part_font = LegendFont(fonts);
  const float part_px = part_font->FontSize;
  const float indent = part_px * 1.5f;
  const float part_width = std::max(1.0f, width - indent);
  for (size_t n = 0; n < notes.equations.size(); ++n) {
    // A long step wraps at its spaces rather than run off the canvas.
    const std::string& eq = notes.equations[n];
    AddWrapped(list, eq_font, eq_px, {top_left.x, y}, ToImColor(theme.foreground), eq, width, &clip);
    y += WrappedHeight(eq_font, eq_px, eq, width) - eq_px + eq_h;
    if (n >= notes.parts.size()) continue;
    // Its per-input-channel parts, indented under it.
    for (const std::string& part : notes.parts[n]) {
      AddWrapped(list, part_font, part_px, {top_left.x + indent, y}, ToImColor(theme.muted), part, part_width, &clip);
      y += WrappedHeight(part_font, part_px, part, part_width) - part_px + PartHeight(fonts);
    }
  }
  if (!notes.check.empty()) {
    AddWrapped(list, font, font->FontSize, {top_left.x, y + (line_h - font->FontSize) * 0.3f},
               ToImColor(notes.check_failed ? theme.winner : theme.muted), notes.check, width, &clip);
    y += WrappedHeight(font, font->FontSize, notes.check, width) - font->FontSize + line_h;
  }
  if (notes.hover_line) {  // one line, cut at the canvas's edge: the room never changes on hover
    list->AddText(font, font->FontSize, {top_left.x, y + (line_h - font->FontSize) * 0.3f}, ToImColor(theme.muted),
                  notes.hover.c_str(), nullptr, 0, &clip);
    y += line_h;
  }
  float x = 0;
  const float swatch = font->FontSize * 1.05f;
  for (const LegendEntry& e : notes.legend) {
    const float w = EntryWidth(e, fonts);
    if (x > 0 && x + w > width) {
      x = 0;
      y += line_h;
    }
    const ImVec2 a{top_left.x + x, y + (line_h - swatch) * 0.5f};
    const ImVec2 b{a.x + swatch, a.y + swatch};
    if (!e.bar.empty()) {
      DrawColourBar(list, e, {top_left.x + x, y}, line_h, swatch, fonts, theme);
      x += w;
      continue;
    }
    if (e.outline) {
      list->AddRectFilled(a, b, ToImColor(e.fill));
      list->AddRect(a, b, ToImColor(e.stroke), 0, 0, 3.0f);
    } else {
      list->AddRectFilled(a, b, ToImColor(e.fill));
      if (e.dashed) {
        DashedRect(list, a, b, ToImColor(e.stroke));
      } else {
        list->AddRect(a, b, ToImColor(e.stroke));
      }
    }
    list->AddText(font, font->FontSize, {b.x + font->FontSize * 0.55f, y + (line_h - font->FontSize) * 0.5f},
                  ToImColor(theme.foreground), e.name.c_str());
    x += w;
  }
}

}  // namespace convarith::app
