// The Matrix window: C with y = C x for a convolution (Cᵀ for a transposed one), the current step's row highlighted.
#include "panels/matrix_panel.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "frame_drawing.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

void Refresh(App& app) {
  MatrixPanelState& st = app.matrix;
  const Computation* c = app.computation();
  if (c == nullptr || st.generation == app.derived.generation) return;
  st.generation = app.derived.generation;
  st.matrix = SparseMatrix{};
  st.refusal.clear();
  const Op op = c->config.op;
  if (op == Op::MaxPool || op == Op::AvgPool) {
    st.refusal = op == Op::MaxPool ? "Max pooling is not a matrix product: which input wins depends on the values."
                                   : "The matrix view covers convolutions (average pooling is C x with weights 1/n, "
                                     "but it is not shown here).";
    return;
  }
  const long long outputs = static_cast<long long>(c->output.size());
  const long long inputs = static_cast<long long>(c->input.size());
  if (outputs * inputs > kMaxDrawnMatrixCells) {
    st.refusal = "The matrix would be " + std::to_string(outputs) + " × " +
                 std::to_string(inputs) + " (" + std::to_string(outputs * inputs) + " entries); this window draws up "
                 "to " + std::to_string(kMaxDrawnMatrixCells) + " entries. Lower i, k or the channels to see it.";
    return;
  }
  try {
    st.matrix = ConvolutionMatrix(c->config, c->weight);
  } catch (const Error& e) {  // InvalidConfig
    st.refusal = e.what();
  }
}

// Which row (or, for the scatter views, column) of the matrix the current step is.
void CurrentLine(const App& app, int* row, int* col) {
  *row = -1;
  *col = -1;
  const View lead = app.LeadView();
  if (lead == View::Direct || lead == View::Equivalent) {
    *row = app.playback.step;
  } else {
    *col = app.playback.step;
  }
}

// What the window shows in words: y = C x, the matrix's size and order.
void DrawMatrixCaption(const Computation& c, const SparseMatrix& m) {
  const bool transposed = c.config.op == Op::Transposed;
  ImGui::PushTextWrapPos(0);
  const bool channels = c.input.dim(0) > 1 || c.output.dim(0) > 1;
  const char* order = channels ? "channel by channel, each map row-major" : "row-major";
  ImGui::Text("y = %s x%s: %s is %d × %d (%d non-zeros). Row r: output value r; column j: input value j (%s).",
              transposed ? "Cᵀ" : "C", c.config.bias ? " + b" : "", transposed ? "Cᵀ" : "C", m.rows, m.cols,
              m.NonZeros(), order);
  if (channels) {
    ImGui::TextDisabled("Blocks (output map, input map) are zero unless both maps share a group.");
  }
  ImGui::PopTextWrapPos();
}

// The highlighted row times x (plus the bias) is the current output: the product written out, and checked.
void DrawHighlightedProduct(const Computation& c, const SparseMatrix& m, int cur_row) {
  if (cur_row >= 0 && cur_row < m.rows && static_cast<size_t>(cur_row) < c.output.size()) {
    double dot = 0;
    for (int k = m.row_start[static_cast<size_t>(cur_row)]; k < m.row_start[static_cast<size_t>(cur_row) + 1]; ++k) {
      dot += m.values[static_cast<size_t>(k)] * c.input[static_cast<size_t>(m.col_index[static_cast<size_t>(k)])];
    }
    const std::vector<int> at = Unflatten(c.output.shape(), static_cast<size_t>(cur_row));
    const double b = c.config.bias && !c.bias.empty() ? c.bias[static_cast<size_t>(at[0])] : 0.0;
    const double y = c.output[static_cast<size_t>(cur_row)];
    const std::string where = (c.output.dim(0) > 1 ? "ch " + std::to_string(at[0]) + " " : std::string()) +
                              PositionText(c.config.rank, at[1], at[2], at[3]);
    const std::string bias = c.config.bias ? " + b[" + std::to_string(at[0]) + "]" : std::string();
    ImGui::Text("Highlighted: row %d · x%s = %s = y %s %s", cur_row, bias.c_str(), FormatValue(dot + b).c_str(),
                where.c_str(), std::abs(dot + b - y) < 1e-9 ? "✓" : "✗");
  } else {
    ImGui::TextDisabled("The highlighted column: where the current input cell's value goes (a column of Cᵀ).");
  }
}

// Where the matrix cells go in the child window: the cell size, the top-left and the whole size.
struct MatrixPlacement {
  float cell = 0;
  ImVec2 p0, total;
};

// The current step's row (or column) highlighted, then the non-zero entries (numbered when large enough).
void DrawMatrixEntries(ImDrawList* list, const SparseMatrix& m, const MatrixPlacement& at, int cur_row, int cur_col,
                       const Theme& theme) {
  const float cell = at.cell;
  const ImVec2 p0 = at.p0, total = at.total;
  const ImVec2 clip_min = list->GetClipRectMin(), clip_max = list->GetClipRectMax();
  const ImVec4 clip{clip_min.x, clip_min.y, clip_max.x, clip_max.y};
  list->AddRectFilled(p0, {p0.x + total.x, p0.y + total.y}, ToImColor(theme.background));
  if (cur_row >= 0 && cur_row < m.rows) {
    const float y = p0.y + cell * static_cast<float>(cur_row);
    list->AddRectFilled({p0.x, y}, {p0.x + total.x, y + cell}, ToImColor(Rgba{theme.highlight.r, theme.highlight.g,
                                                                                theme.highlight.b, 90}));
  }
  if (cur_col >= 0 && cur_col < m.cols) {
    const float x = p0.x + cell * static_cast<float>(cur_col);
    list->AddRectFilled({x, p0.y}, {x + cell, p0.y + total.y}, ToImColor(Rgba{theme.highlight.r, theme.highlight.g,
                                                                                theme.highlight.b, 90}));
  }
  const bool numbers = cell >= 22;
  for (int r = 0; r < m.rows; ++r) {
    const float y = p0.y + cell * static_cast<float>(r);
    if (y + cell < clip.y || y > clip.w) continue;
    for (int k = m.row_start[static_cast<size_t>(r)]; k < m.row_start[static_cast<size_t>(r) + 1]; ++k) {
      const int col = m.col_index[static_cast<size_t>(k)];
      const float x = p0.x + cell * static_cast<float>(col);
      const bool current = r == cur_row || col == cur_col;
      const Rgba fill = current ? theme.output_current : theme.kernel;
      list->AddRectFilled({x + 1, y + 1}, {x + cell - 1, y + cell - 1}, ToImColor(fill));
      if (numbers) {
        const std::string v = FormatValue(m.values[static_cast<size_t>(k)]);
        const float px = cell * 0.5f;
        const ImVec2 size = ImGui::GetFont()->CalcTextSizeA(px, 1e9f, 0, v.c_str());
        list->AddText(ImGui::GetFont(), px, {x + (cell - size.x) * 0.5f, y + (cell - size.y) * 0.5f},
                      ToImColor(theme.background), v.c_str());
      }
    }
  }
}

// A light grid (zeros are the empty squares) and a darker line between the maps of different channels.
void DrawMatrixGrid(ImDrawList* list, const Computation& c, const SparseMatrix& m, const MatrixPlacement& at,
                    const Theme& theme) {
  const float cell = at.cell;
  const ImVec2 p0 = at.p0, total = at.total;
  const int out_map = c.output.dim(0) > 0 ? static_cast<int>(c.output.size()) / c.output.dim(0) : 0;
  const int in_map = c.input.dim(0) > 0 ? static_cast<int>(c.input.size()) / c.input.dim(0) : 0;
  for (int r = 0; r <= m.rows; ++r) {  // light grid: zeros are the empty squares
    const float y = p0.y + cell * static_cast<float>(r);
    list->AddLine({p0.x, y}, {p0.x + total.x, y}, ToImColor(theme.grid_line));
  }
  for (int col = 0; col <= m.cols; ++col) {
    const float x = p0.x + cell * static_cast<float>(col);
    list->AddLine({x, p0.y}, {x, p0.y + total.y}, ToImColor(theme.grid_line));
  }
  if (c.output.dim(0) > 1 && out_map > 0) {
    for (int r = out_map; r < m.rows; r += out_map) {
      const float y = p0.y + cell * static_cast<float>(r);
      list->AddLine({p0.x, y}, {p0.x + total.x, y}, ToImColor(theme.foreground), 2.0f);
    }
  }
  if (c.input.dim(0) > 1 && in_map > 0) {
    for (int col = in_map; col < m.cols; col += in_map) {
      const float x = p0.x + cell * static_cast<float>(col);
      list->AddLine({x, p0.y}, {x, p0.y + total.y}, ToImColor(theme.foreground), 2.0f);
    }
  }
}

// The entry under the mouse: which output and input value it links, and its value.
void MatrixTooltip(const Computation& c, const SparseMatrix& m, const MatrixPlacement& place) {
  const float cell = place.cell;
  const ImVec2 p0 = place.p0;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const int r = static_cast<int>((mouse.y - p0.y) / cell);
  const int col = static_cast<int>((mouse.x - p0.x) / cell);
  if (r >= 0 && r < m.rows && col >= 0 && col < m.cols && static_cast<size_t>(r) < c.output.size() &&
      static_cast<size_t>(col) < c.input.size()) {
    auto name = [&](const Tensor& t, int index) {
      const std::vector<int> at = Unflatten(t.shape(), static_cast<size_t>(index));
      return (t.dim(0) > 1 ? "ch " + std::to_string(at[0]) + " " : std::string()) +
             PositionText(c.config.rank, at[1], at[2], at[3]);
    };
    ImGui::SetTooltip("row %d = output %s\ncolumn %d = input %s\nvalue %s", r, name(c.output, r).c_str(), col,
                      name(c.input, col).c_str(), FormatValue(m.At(r, col)).c_str());
  }
}

// The matrix itself in a scrolling child window.
void DrawMatrixCells(const App& app, const Computation& c, const SparseMatrix& m, int cur_row, int cur_col) {
  ImGui::BeginChild("matrix", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  MatrixPlacement at;
  const float avail = ImGui::GetContentRegionAvail().x;
  at.cell = std::clamp(avail / static_cast<float>(std::max(m.cols, 1)), 6.0f, 34.0f);
  const Theme theme = app.CurrentTheme();
  ImDrawList* list = ImGui::GetWindowDrawList();
  at.p0 = ImGui::GetCursorScreenPos();
  at.total = ImVec2{at.cell * static_cast<float>(m.cols), at.cell * static_cast<float>(m.rows)};
  ImGui::InvisibleButton("matrix_cells", ImVec2(std::max(at.total.x, 1.0f), std::max(at.total.y, 1.0f)));
  const bool hovered = ImGui::IsItemHovered();
  DrawMatrixEntries(list, m, at, cur_row, cur_col, theme);
  DrawMatrixGrid(list, c, m, at, theme);
  if (hovered) MatrixTooltip(c, m, at);
  ImGui::EndChild();
}

}  // namespace

void DrawMatrixWindow(App& app, bool* open) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - 40, vp->WorkPos.y + vp->WorkSize.y - 90),
                          ImGuiCond_FirstUseEver, ImVec2(1, 1));
  // Larger with the UI (at 150 % the text takes room), within three quarters of the screen.
  const float grow = std::max(ImGui::GetFontSize() / 13.0f, 1.0f);
  ImGui::SetNextWindowSize(ImVec2(std::min(620 * grow, vp->WorkSize.x * 0.75f), std::min(360 * grow, vp->WorkSize.y * 0.75f)),
                           ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Convolution matrix", open)) {
    ImGui::End();
    return;
  }
  // Two tabs: C (y = C x) and its dual, the unfolded product (the one shown remembered; Ctrl+I opens the second).
  MatrixPanelState& tabs = app.matrix;
  tabs.unfold_drawn = false;
  if (!ImGui::BeginTabBar("matrix_tabs")) {
    ImGui::End();
    return;
  }
  const ImGuiTabItemFlags pick = tabs.select_tab > 0 ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
  if (ImGui::BeginTabItem("Matrix C", nullptr, tabs.unfolded ? ImGuiTabItemFlags_None : pick)) {
    if (tabs.select_tab == 0) tabs.unfolded = false;
    DrawMatrixTab(app);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("Unfolded (im2col)", nullptr, tabs.unfolded ? pick : ImGuiTabItemFlags_None)) {
    if (tabs.select_tab == 0) tabs.unfolded = true;
    DrawUnfoldTab(app);
    ImGui::EndTabItem();
  }
  tabs.select_tab = std::max(tabs.select_tab - 1, 0);
  ImGui::EndTabBar();
  ImGui::End();
}

void DrawMatrixTab(App& app) {
  Refresh(app);
  const Computation* c = app.computation();
  const MatrixPanelState& st = app.matrix;
  if (c == nullptr) {
    ImGui::TextDisabled("No valid configuration.");
  } else if (!st.refusal.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(st.refusal.c_str());
    ImGui::PopTextWrapPos();
  } else {
    int cur_row = -1, cur_col = -1;
    CurrentLine(app, &cur_row, &cur_col);
    DrawMatrixCaption(*c, st.matrix);
    DrawHighlightedProduct(*c, st.matrix, cur_row);
    DrawMatrixCells(app, *c, st.matrix, cur_row, cur_col);
  }
}

}  // namespace convarith::app
