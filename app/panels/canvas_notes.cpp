// The strip under the canvas's grids: each view's current step written out, the transposed check, and the legend,
// in the UI's font so that they stay readable however small the cells are (and on a projector).
#include "panels/canvas_notes.hpp"

#include <algorithm>
#include <cfloat>

#include "app.hpp"
#include "frame_drawing.hpp"

namespace convarith::app {
namespace {

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// One equation: the heading's size; several (side-by-side views): the body size, so that more of each fits.
ImFont* EquationFont(const Fonts& fonts, size_t equations) {
  if (equations > 1 && fonts.ui != nullptr) return fonts.ui;
  return fonts.heading != nullptr ? fonts.heading : ImGui::GetFont();
}
ImFont* LegendFont(const Fonts& fonts) { return fonts.ui != nullptr ? fonts.ui : ImGui::GetFont(); }

float Spacing(const Fonts& fonts) { return LegendFont(fonts)->FontSize * 0.45f; }

// Width of one legend entry: swatch, gap, name, gap.
float EntryWidth(const LegendEntry& e, const Fonts& fonts) {
  ImFont* font = LegendFont(fonts);
  return font->FontSize * 1.6f + font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, e.name.c_str()).x +
         font->FontSize * 1.4f;
}

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

// A role's own colour (the theme's), for roles whose every cell is under the kernel's shade at this step.
Rgba RoleColour(const Theme& t, Role role, Rgba fallback) {
  switch (role) {
    case Role::Input: return t.input;
    case Role::Padding: return t.padding;
    case Role::InsertedZero: return t.inserted_zero;
    case Role::ExtraZero: return t.extra_zero;
    case Role::Uncovered: return t.uncovered;
    case Role::Kernel: return t.kernel;
    default: return fallback;
  }
}

}  // namespace

float TakeNotes(const Frame& frame, const std::string& view_name, CanvasNotes& notes) {
  float cut = frame.height;
  for (const FrameText& t : frame.texts) {
    if (StartsWith(t.text, "step ")) {
      notes.equations.push_back(view_name.empty() ? t.text : view_name + "  ·  " + t.text);
      cut = std::min(cut, t.y - 0.2f);
    } else if (StartsWith(t.text, "check")) {
      if (notes.check.empty()) {
        notes.check = t.text;
        notes.check_failed = StartsWith(t.text, "check FAILED");
      }
      cut = std::min(cut, t.y - 0.2f);
    }
  }
  return cut;
}

std::vector<LegendEntry> LegendOf(const std::vector<const Frame*>& frames, const Theme& theme, bool gather) {
  constexpr Role kOrder[] = {Role::Input,      Role::Padding,       Role::InsertedZero,  Role::ExtraZero,
                             Role::Uncovered,  Role::Kernel,        Role::OutputDone,    Role::OutputCurrent,
                             Role::OutputPending, Role::Overlap};
  // One pass over the cells: which roles appear, and a cell of each (not under the kernel) for its colours.
  constexpr size_t kRoles = static_cast<size_t>(Role::Overlap) + 1;
  const FrameCell* sample[kRoles] = {};     // not under the kernel, when there is one
  const FrameCell* any_sample[kRoles] = {};
  const FrameCell* shaded = nullptr;
  bool winner = false, any_output = false;
  for (const Frame* f : frames) {
    for (const FrameCell& c : f->cells) {
      const auto r = static_cast<size_t>(c.role);
      if (r < kRoles && sample[r] == nullptr && !c.under_kernel) sample[r] = &c;
      if (r < kRoles && any_sample[r] == nullptr) any_sample[r] = &c;
      if (shaded == nullptr && c.under_kernel && c.panel == Panel::Input && c.role == Role::Input) shaded = &c;
      winner = winner || c.winner;
      any_output = any_output || c.panel == Panel::Output;
    }
  }
  std::vector<LegendEntry> legend;
  for (Role role : kOrder) {
    // Output roles are listed from the first step on, so that the legend does not grow while the animation plays.
    const bool output_role = role == Role::OutputDone || role == Role::OutputCurrent || role == Role::OutputPending;
    if (output_role && any_output) {
      const Rgba fill = role == Role::OutputDone      ? theme.output_done
                        : role == Role::OutputCurrent ? theme.output_current
                                                      : theme.output_pending;
      legend.push_back({std::string(RoleName(role)), fill, theme.grid_line, false, false});
    } else if (const FrameCell* c = sample[static_cast<size_t>(role)]) {
      legend.push_back({std::string(RoleName(role)), c->fill, c->border, c->dashed, false});
    } else if (const FrameCell* u = any_sample[static_cast<size_t>(role)]) {  // only seen under the kernel
      legend.push_back({std::string(RoleName(role)), RoleColour(theme, role, u->fill), u->border, u->dashed, false});
    }
  }
  if (shaded != nullptr) {
    legend.push_back({gather ? "under the kernel" : "current stamp", shaded->fill, shaded->border, false, false});
  }
  if (winner) legend.push_back({"max (winner)", theme.background, theme.winner, false, true});
  // Always listed (hovering is always possible): the legend, and so the grids above it, never jump on hover.
  legend.push_back({"hovered / linked", theme.background, theme.highlight, false, true});
  return legend;
}

float NotesHeight(const CanvasNotes& notes, float width, const Fonts& fonts) {
  const float eq_h = EquationFont(fonts, notes.equations.size())->FontSize * 1.35f;
  const float line_h = LegendFont(fonts)->FontSize * 1.6f;
  float h = 0;
  h += eq_h * static_cast<float>(notes.equations.size());
  if (!notes.check.empty()) h += line_h;
  h += line_h * static_cast<float>(LegendRows(notes.legend, width, fonts));
  return h > 0 ? h + Spacing(fonts) * 2 : 0;
}

void DrawNotes(ImDrawList* list, const CanvasNotes& notes, ImVec2 top_left, float width, const Fonts& fonts,
               const Theme& theme) {
  ImFont* eq_font = EquationFont(fonts, notes.equations.size());
  ImFont* font = LegendFont(fonts);
  const float eq_h = eq_font->FontSize * 1.35f;
  const float line_h = font->FontSize * 1.6f;
  const ImVec4 clip(top_left.x, top_left.y - 1, top_left.x + width, top_left.y + 10000);
  float y = top_left.y + Spacing(fonts);
  for (const std::string& eq : notes.equations) {
    list->AddText(eq_font, eq_font->FontSize, {top_left.x, y}, ToImColor(theme.foreground), eq.c_str(), nullptr, 0,
                  &clip);
    y += eq_h;
  }
  if (!notes.check.empty()) {
    list->AddText(font, font->FontSize, {top_left.x, y + (line_h - font->FontSize) * 0.3f},
                  ToImColor(notes.check_failed ? theme.winner : theme.muted), notes.check.c_str(), nullptr, 0, &clip);
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
