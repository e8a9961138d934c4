// The Network window's stack drawing: every layer's output as a row of cells along one axis, the receptive field of
// a hovered or pinned cell lit in every layer below down to the input, a transposed stack coloured by its stamp paths.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include <imgui.h>

#include "app.hpp"
#include "panels/network_parts.hpp"

namespace convarith::app::network_parts {
namespace {

// Where the stack is drawn: rows from the bottom (the input) up, a label column on the left.
struct StackGeometry {
  ImVec2 origin;
  float width = 0, height = 0, row_h = 0, gap = 0, label_w = 0;
  int rows = 0;
  float x0() const { return origin.x + label_w; }
  float cells_w() const { return width - label_w; }
  // The row (0: the input) under a screen height.
  int RowAt(float y) const { return static_cast<int>((origin.y + height - gap - y) / (row_h + gap)); }
};

// The axis the stack runs along (a choice for 2-D and 3-D stacks) and what a hover shows.
void DrawStackHeader(NetworkPanelState& s) {
  const float font = ImGui::GetFontSize();
  const Network& n = s.network;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Stack along");
  ImGui::SameLine();
  if (n.rank > 1) {
    std::string items;
    for (int a = 0; a < n.rank; ++a) items += std::string(AxisName(s.configs.front(), a + 3 - n.rank)) + '\0';
    items += '\0';
    int axis = s.Axis();
    ImGui::SetNextItemWidth(font * 6);
    if (ImGui::Combo("##axis", &axis, items.c_str())) {
      s.axis = axis;
      s.pinned.reset();
      s.view_built = false;
    }
  } else {
    ImGui::TextUnformatted("width");
  }
  ImGui::SameLine();
  ImGui::TextDisabled(s.view.transposed ? "hover or click a cell; colour: stamp paths from the input"
                                        : "hover or click a cell: its receptive field below");
}

// Rows fit what is left of the window above one line of text and the paste box's header (at least 0.55 font tall).
StackGeometry PlaceStack(int rows) {
  const float font = ImGui::GetFontSize();
  StackGeometry g;
  g.rows = rows;
  g.label_w = font * 4.5f;
  const float below = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeightWithSpacing() +
                      ImGui::GetStyle().WindowPadding.y + 6;
  const float avail = ImGui::GetContentRegionAvail().y - below;
  g.gap = std::max(2.0f, font * 0.2f);
  g.row_h = std::clamp(avail / static_cast<float>(std::max(rows, 1)) - g.gap, font * 0.55f, font * 1.3f);
  g.origin = ImGui::GetCursorScreenPos();
  g.width = std::max(ImGui::GetContentRegionAvail().x, font * 10);
  g.height = static_cast<float>(rows) * (g.row_h + g.gap) + g.gap;
  return g;
}

// The cell under the mouse, and what a click does: pins or unpins a cell, or (on a row's label) animates that layer.
std::optional<std::pair<int, int>> PickStackCell(App& app, NetworkPanelState& s, const StackGeometry& g) {
  const bool hovered = ImGui::IsItemHovered() && !app.automation;
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const float x0 = g.x0();
  std::optional<std::pair<int, int>> hover;
  if (hovered && mouse.x >= x0) {
    const int from_bottom = g.RowAt(mouse.y);
    if (from_bottom >= 0 && from_bottom < g.rows) {
      const int size = s.view.rows[static_cast<size_t>(from_bottom)].size;
      const int cell = static_cast<int>((mouse.x - x0) / g.cells_w() * static_cast<float>(size));
      if (cell >= 0 && cell < size) hover = std::make_pair(from_bottom, cell);
    }
  }
  if (clicked) {
    if (hover && s.pinned == hover) {
      s.pinned.reset();
    } else if (hover) {
      s.pinned = hover;
    } else if (hovered && mouse.x < x0) {  // a row's label: animate that layer
      const int from_bottom = g.RowAt(mouse.y);
      if (from_bottom >= 1 && from_bottom < g.rows) {
        s.selected = from_bottom - 1;
        AnimateNetworkLayer(app, s.selected);
      }
    }
  }
  return hover;
}

// A cell's colour: the focus, the cells it depends on, else the row's colour or (transposed) its stamp paths.
Rgba CellColour(const NetworkPanelState& s, const StackRow& row, int r, int c, const Theme& theme) {
  const Rgba base = r == 0 ? theme.input : theme.output_done;
  const size_t i = static_cast<size_t>(c);
  if (s.view.focus && s.view.focus->first == r && s.view.focus->second == c) return theme.output_current;
  if (row.weight[i] > 0) return theme.highlight;
  if (!s.view.transposed || r <= s.view.first_stamped) return base;
  if (row.paths[i] <= 0) return theme.uncovered;
  return Lerp(theme.overlap_low, theme.overlap_high,
              row.max_paths > 0 ? static_cast<float>(row.paths[i] / row.max_paths) : 0.0f);
}

// A row of cells at least a pixel wide: bordered and numbered when there is room, else runs of one colour.
void DrawRowCells(ImDrawList* list, const NetworkPanelState& s, const StackRow& row, int r, float x0, float y0,
                  float cw, float row_h, const Theme& theme) {
  const float font = ImGui::GetFontSize();
  auto cell_colour = [&](int c) { return CellColour(s, row, r, c, theme); };
  const bool borders = cw >= 4;
  const bool numbers = cw >= font * 1.6f && row_h >= font;
  for (int c = 0; c < row.size; ++c) {
    const float a = x0 + cw * static_cast<float>(c);
    const Rgba colour = cell_colour(c);
    if (!borders && !numbers) {  // thin cells: one rectangle per run of a colour
      int end = c + 1;
      while (end < row.size && cell_colour(end) == colour) ++end;
      list->AddRectFilled({a, y0}, {x0 + cw * static_cast<float>(end), y0 + row_h}, Colour(colour));
      c = end - 1;
      continue;
    }
    list->AddRectFilled({a, y0}, {a + cw, y0 + row_h}, Colour(colour));
    if (borders) list->AddRect({a, y0}, {a + cw + 1, y0 + row_h}, Colour(theme.grid_line));
    if (numbers) {
      const double v = s.view.focus ? row.weight[static_cast<size_t>(c)] : row.paths[static_cast<size_t>(c)];
      if (v > 0 && (s.view.focus || (s.view.transposed && r > s.view.first_stamped))) {
        const std::string t = Number(v);
        const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
        if (ts.x < cw - 2) {
          list->AddText({a + (cw - ts.x) * 0.5f, y0 + (row_h - ts.y) * 0.5f}, Colour(theme.foreground), t.c_str());
        }
      }
    }
  }
}

// More cells than pixels: each pixel column shows the most telling cell it covers.
void DrawRowPixels(ImDrawList* list, const NetworkPanelState& s, const StackRow& row, int r, float x0, float y0,
                   float cw, float cells_w, float row_h, const Theme& theme) {
  const int columns = static_cast<int>(cells_w);
  for (int p = 0; p < columns; ++p) {
    const int c0 = static_cast<int>(static_cast<float>(p) / cw);
    const int c1 = std::min(row.size, static_cast<int>(static_cast<float>(p + 1) / cw) + 1);
    int pick = c0;
    for (int c = c0; c < c1; ++c) {
      if (row.weight[static_cast<size_t>(c)] > 0 ||
          (s.view.focus && s.view.focus->first == r && s.view.focus->second == c)) {
        pick = c;
        break;
      }
    }
    const float a = x0 + static_cast<float>(p);
    list->AddRectFilled({a, y0}, {a + 1, y0 + row_h}, Colour(CellColour(s, row, r, pick, theme)));
  }
}

// One row: its label (in, or the layer's number, and its size) and its cells.
void DrawStackRow(ImDrawList* list, const NetworkPanelState& s, const StackGeometry& g, int r, const Theme& theme) {
  const float font = ImGui::GetFontSize();
  const StackRow& row = s.view.rows[static_cast<size_t>(r)];
  const float gap = g.gap, row_h = g.row_h;
  const float y0 = g.origin.y + g.height - gap - static_cast<float>(r + 1) * (row_h + gap) + gap;
  const std::string label = (r == 0 ? std::string("in ") : std::to_string(r) + "  ") + std::to_string(row.size);
  const bool selected_row = r == s.selected + 1 && r > 0;
  list->AddText({g.origin.x + 2, y0 + (row_h - font) * 0.5f},
                selected_row ? Colour(theme.output_current) : ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
  if (row.size <= 0) return;
  const float cw = g.cells_w() / static_cast<float>(row.size);
  if (cw >= 1.0f) {
    DrawRowCells(list, s, row, r, g.x0(), y0, cw, row_h, theme);
  } else {
    DrawRowPixels(list, s, row, r, g.x0(), y0, cw, g.cells_w(), row_h, theme);
  }
}

// What the focus means, in words.
void DrawFocusCaption(const NetworkPanelState& s) {
  if (s.view.focus) {
    const auto [r, c] = *s.view.focus;
    std::string t = (r == 0 ? std::string("input cell ") : "layer " + std::to_string(r) + " output cell ") +
                    std::to_string(c);
    if (s.view.field) {
      t += ": receptive field " + std::to_string(s.view.field->second - s.view.field->first + 1) +
           " input cells [" + std::to_string(s.view.field->first) + ", " + std::to_string(s.view.field->second) + "]";
    } else if (r > 0) {
      t += ": depends on no input (only the bias)";
    }
    if (s.pinned) t += "   (pinned; click it again to unpin)";
    ImGui::TextUnformatted(t.c_str());
  } else if (s.view.transposed) {
    std::string t = "stamp paths per cell, most in the last row: " + Number(s.view.rows.back().max_paths);
    ImGui::TextDisabled("%s", t.c_str());
  }
}

}  // namespace

// The stack: row 0 (the input) at the bottom, the last layer's output on top; every row spans the width.
void DrawStack(App& app, NetworkPanelState& s) {
  if (s.configs.empty()) return;
  ImGui::Separator();
  DrawStackHeader(s);
  s.BuildView(s.view_built ? s.view_focus : s.pinned);  // the rows' sizes (they do not depend on the focus)
  const StackGeometry g = PlaceStack(static_cast<int>(s.view.rows.size()));
  ImGui::InvisibleButton("stack", ImVec2(g.width, g.height));
  const auto hover = PickStackCell(app, s, g);
  const auto focus = s.pinned ? s.pinned : hover;
  s.BuildView(focus);
  ImDrawList* list = ImGui::GetWindowDrawList();
  const Theme theme = app.CurrentTheme();
  for (int r = 0; r < g.rows; ++r) DrawStackRow(list, s, g, r, theme);
  DrawFocusCaption(s);
}

}  // namespace convarith::app::network_parts
