// The Convolution matrix window's Unfolded (im2col) tab: y = W · X with X = F.unfold(x) (one column per output
// position, channels and groups as blocks of rows), W the flattened kernels and their product the output; the current
// step's kernel row and column lit in step with the canvas. Large matrices become heat maps (only what is on screen
// is drawn), with numbers once the cells are large enough to hold them.
#include <algorithm>
#include <cmath>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "convarith/ops/unfold.hpp"
#include "frame_drawing.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

void RefreshUnfold(App& app) {
  MatrixPanelState& st = app.matrix;
  const Computation* c = app.computation();
  if (c == nullptr || st.unfold_generation == app.derived.generation) return;
  st.unfold_generation = app.derived.generation;
  st.columns = st.kernels = st.product = Tensor{};
  st.unfold_refusal.clear();
  if (c->config.pooling()) {
    st.unfold_refusal = "Pooling has no kernels to multiply: F.unfold gives its windows, but max and mean are not a "
                        "matrix product. The unfolded view covers convolutions.";
    return;
  }
  try {
    st.columns = Unfold(c->config, c->input);
    st.kernels = UnfoldedKernels(c->config, c->weight);
    st.product = UnfoldedProduct(c->config, st.kernels, st.columns, c->config.bias ? c->bias : Tensor{});
  } catch (const Error& e) {  // InvalidConfig: too large
    st.unfold_refusal = e.what();
  }
}

// The sizes the tab works with: K taps per kernel, L output positions, channels per group.
struct UnfoldSizes {
  int K = 1, L = 1, ipg = 1, opg = 1, out_channels = 1;
};
UnfoldSizes SizesOf(const Computation& c, const MatrixPanelState& st) {
  UnfoldSizes s;
  s.ipg = c.config.in_channels / std::max(c.config.groups, 1);
  s.opg = c.out_channels() / std::max(c.config.groups, 1);
  s.out_channels = st.kernels.dim(0);
  s.K = std::max(st.kernels.dim(1) / std::max(s.ipg, 1), 1);
  s.L = st.columns.dim(1);
  return s;
}

// The lit kernel row and column: the current output (gather views; the scatter views step over inputs: none).
struct UnfoldLit {
  int oc = -1, n = -1, group = 0;
};
UnfoldLit LitOf(const App& app, const UnfoldSizes& s) {
  const View lead = app.LeadView();
  if (lead != View::Direct && lead != View::Equivalent) return {};
  const int step = app.playback.step;
  if (step < 0 || step >= s.out_channels * s.L) return {};
  return {step / s.L, step % s.L, step / s.L / std::max(s.opg, 1)};
}

// One matrix of the three, where it is drawn.
struct Block {
  const Tensor* t = nullptr;
  int rows = 0, cols = 0;
  ImVec2 p0;
  ValueScale scale;
  const char* name = "";
};
struct UnfoldLayout {
  float cell = 0;
  Block w, x, y;
  ImVec2 size;
};

// The product as it is written on a blackboard: X above Y, W left of Y, so that W's lit row and X's lit column meet
// at Y's lit cell. Cells as large as the space allows (at most 30 px; at least 3, the rest scrolls).
UnfoldLayout Place(const MatrixPanelState& st, const UnfoldSizes& s, ImVec2 origin, ImVec2 avail) {
  UnfoldLayout at;
  at.w = {&st.kernels, st.kernels.dim(0), st.kernels.dim(1), {}, ScaleOf(st.kernels.values()), "W: kernels"};
  at.x = {&st.columns, st.columns.dim(0), st.columns.dim(1), {}, ScaleOf(st.columns.values()), "X = F.unfold(x)"};
  at.y = {&st.product, s.out_channels, s.L, {}, ScaleOf(st.product.values()), "Y = W · X"};
  const float label = ImGui::GetTextLineHeightWithSpacing();
  const float cols = static_cast<float>(at.w.cols + at.y.cols + 1);
  const float rows = static_cast<float>(at.x.rows + at.y.rows + 1);
  // Fit the width; the height too unless that makes the cells smaller than 12 px (then it scrolls).
  at.cell = std::clamp(std::min(avail.x / cols, std::max((avail.y - 2 * label) / rows, 12.0f)), 3.0f, 30.0f);
  const float left = std::max(at.cell * static_cast<float>(at.w.cols + 1), ImGui::CalcTextSize(at.w.name).x + at.cell);
  at.x.p0 = {origin.x + left, origin.y + label};
  at.y.p0 = {at.x.p0.x, at.x.p0.y + at.cell * static_cast<float>(at.x.rows + 1) + label};
  at.w.p0 = {origin.x, at.y.p0.y};
  at.size = {left + at.cell * static_cast<float>(at.y.cols), at.y.p0.y - origin.y + at.cell * static_cast<float>(at.y.rows)};
  return at;
}

// The cells on screen (heat-map colours by value, numbers when large enough), lit where `lit(r, col)`, and lines
// every `major` rows (groups) and `minor` rows (channels).
template <class Lit>
void DrawBlock(ImDrawList* list, const Block& b, float cell, const Theme& theme, Lit lit, int major, int minor) {
  const ImVec2 clip_min = list->GetClipRectMin(), clip_max = list->GetClipRectMax();
  const int r0 = std::max(0, static_cast<int>((clip_min.y - b.p0.y) / cell));
  const int r1 = std::min(b.rows, static_cast<int>((clip_max.y - b.p0.y) / cell) + 1);
  const int c0 = std::max(0, static_cast<int>((clip_min.x - b.p0.x) / cell));
  const int c1 = std::min(b.cols, static_cast<int>((clip_max.x - b.p0.x) / cell) + 1);
  const bool numbers = cell >= 18;
  const ImU32 highlight = ToImColor(theme.highlight);
  list->AddText({b.p0.x, b.p0.y - ImGui::GetTextLineHeightWithSpacing()}, ToImColor(theme.foreground), b.name);
  for (int r = r0; r < r1; ++r)
    for (int col = c0; col < c1; ++col) {
      const double v = (*b.t)[static_cast<size_t>(r) * static_cast<size_t>(b.cols) + static_cast<size_t>(col)];
      const ImVec2 a{b.p0.x + cell * static_cast<float>(col), b.p0.y + cell * static_cast<float>(r)};
      const ImVec2 z{a.x + cell, a.y + cell};
      const Rgba fill = ValueFill(theme, b.scale, Role::Input, v, false);
      list->AddRectFilled(a, z, ToImColor(fill));
      if (lit(r, col)) list->AddRectFilled(a, z, (highlight & 0x00FFFFFFu) | (110u << 24));
      if (numbers) {
        const std::string text = FormatValue(v);
        const float px = cell * 0.5f;
        const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(px, 1e9f, 0, text.c_str());
        list->AddText(ImGui::GetFont(), px, {a.x + (cell - ts.x) * 0.5f, a.y + (cell - ts.y) * 0.5f},
                      ToImColor(0.3f * fill.r + 0.59f * fill.g + 0.11f * fill.b < 128 ? Rgba{255, 255, 255, 255}
                                                                                         : Rgba{0, 0, 0, 255}),
                      text.c_str());
      }
    }
  const ImVec2 end{b.p0.x + cell * static_cast<float>(b.cols), b.p0.y + cell * static_cast<float>(b.rows)};
  list->AddRect(b.p0, end, ToImColor(theme.foreground));
  for (int r = minor; minor > 0 && r < b.rows; r += minor) {
    const float y = b.p0.y + cell * static_cast<float>(r);
    list->AddLine({b.p0.x, y}, {end.x, y}, ToImColor(theme.foreground), r % std::max(major, 1) == 0 ? 2.5f : 1.0f);
  }
}

// Which cell of which block is under the mouse: its words in a tooltip, and a click steps the canvas to it.
void HoverBlocks(App& app, const Computation& c, const UnfoldLayout& at, const UnfoldSizes& s, const UnfoldLit& lit) {
  const ImVec2 m = ImGui::GetIO().MousePos;
  auto cell_of = [&](const Block& b, int* r, int* col) {
    *r = static_cast<int>(std::floor((m.y - b.p0.y) / at.cell));
    *col = static_cast<int>(std::floor((m.x - b.p0.x) / at.cell));
    return *r >= 0 && *r < b.rows && *col >= 0 && *col < b.cols;
  };
  const std::vector<int> out_dims{c.output.dim(1), c.output.dim(2), c.output.dim(3)};
  auto position = [&](int n) {
    const std::vector<int> p = Unflatten(out_dims, static_cast<size_t>(n));
    return PositionText(c.config.rank, p[0], p[1], p[2]);
  };
  auto value = [](const Block& b, int r, int col) {
    return FormatValue((*b.t)[static_cast<size_t>(r) * static_cast<size_t>(b.cols) + static_cast<size_t>(col)]);
  };
  int r = 0, col = 0, step = -1;
  if (cell_of(at.x, &r, &col)) {
    ImGui::SetTooltip("X row %d: input channel %d, kernel tap %d\ncolumn %d: output position %s\nvalue %s", r,
                      r / s.K, r % s.K, col, position(col).c_str(), value(at.x, r, col).c_str());
    step = (lit.oc >= 0 && r / s.K / std::max(s.ipg, 1) == lit.group ? lit.oc : r / s.K / std::max(s.ipg, 1) * s.opg) * s.L + col;
  } else if (cell_of(at.w, &r, &col)) {
    ImGui::SetTooltip("W row %d: output channel %d's kernel\ncolumn %d: its input channel %d, tap %d\nvalue %s", r, r,
                      col, r / std::max(s.opg, 1) * s.ipg + col / s.K, col % s.K, value(at.w, r, col).c_str());
    step = r * s.L + std::max(lit.n, 0);
  } else if (cell_of(at.y, &r, &col)) {
    ImGui::SetTooltip("Y row %d, column %d: output channel %d at %s\n= W row %d · X column %d = %s", r, col, r,
                      position(col).c_str(), r, col, value(at.y, r, col).c_str());
    step = r * s.L + col;
  }
  const View lead = app.LeadView();
  if (step >= 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && (lead == View::Direct || lead == View::Equivalent))
    app.SetStep(step);
}

// The words: what the three matrices are, and the lit row times the lit column written out and checked.
void DrawUnfoldCaption(const Computation& c, const MatrixPanelState& st, const UnfoldSizes& s, const UnfoldLit& lit) {
  ImGui::PushTextWrapPos(0);
  ImGui::Text("Y = W · X%s. X = F.unfold(x), %d × %d: a column per output position, row c·K + u = channel c, tap u "
              "(K = %d). W: the kernels flattened, %d × %d.",
              c.config.bias ? " + b" : "", st.columns.dim(0), s.L, s.K, st.kernels.dim(0), st.kernels.dim(1));
  if (c.config.groups > 1)
    ImGui::TextDisabled("Groups: W's rows of group g multiply X's rows of group g only (blocks between thick lines).");
  if (c.config.op == Op::Transposed)
    ImGui::TextDisabled("Transposed: X unfolds the stretched, padded input of the equivalent convolution; W holds "
                        "its kernels, rotated 180°.");
  if (lit.oc >= 0) {
    double dot = 0;
    const int width = st.kernels.dim(1);
    for (int j = 0; j < width; ++j)
      dot += st.kernels[static_cast<size_t>(lit.oc * width + j)] *
             st.columns[static_cast<size_t>(lit.group * width + j) * static_cast<size_t>(s.L) + static_cast<size_t>(lit.n)];
    if (c.config.bias && !c.bias.empty()) dot += c.bias[static_cast<size_t>(lit.oc)];
    const double y = c.output[static_cast<size_t>(lit.oc) * static_cast<size_t>(s.L) + static_cast<size_t>(lit.n)];
    ImGui::Text("Lit: W row %d · X column %d (rows %d–%d)%s = %s = output %d at column %d %s", lit.oc, lit.n,
                lit.group * width, (lit.group + 1) * width - 1, c.config.bias ? " + b" : "", FormatValue(dot).c_str(),
                lit.oc, lit.n, std::abs(dot - y) < 1e-9 * (1 + std::abs(y)) ? "✓" : "✗");
  } else {
    ImGui::TextDisabled("The scatter views step over input cells: the lit column follows the gather views' steps.");
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

void DrawUnfoldTab(App& app) {
  RefreshUnfold(app);
  MatrixPanelState& st = app.matrix;
  const Computation* c = app.computation();
  if (c == nullptr) {
    ImGui::TextDisabled("No valid configuration.");
    return;
  }
  if (!st.unfold_refusal.empty() || st.columns.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(st.unfold_refusal.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  const UnfoldSizes s = SizesOf(*c, st);
  const UnfoldLit lit = LitOf(app, s);
  const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
  st.unfold_rect = {wp.x, wp.y, wp.x + ws.x, wp.y + ws.y};
  DrawUnfoldCaption(*c, st, s, lit);
  ImGui::BeginChild("unfolded", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const UnfoldLayout at = Place(st, s, ImGui::GetCursorScreenPos(), avail);
  // A new step whose column is off screen: scrolled into view (playback keeps it in sight).
  if (lit.n >= 0 && st.unfold_step != app.playback.step) {
    st.unfold_step = app.playback.step;
    const float x = at.x.p0.x - ImGui::GetCursorScreenPos().x + ImGui::GetScrollX() + at.cell * static_cast<float>(lit.n);
    if (x < ImGui::GetScrollX() || x + at.cell > ImGui::GetScrollX() + avail.x) ImGui::SetScrollX(x - avail.x * 0.5f);
  }
  ImGui::InvisibleButton("unfolded_cells", ImVec2(std::max(at.size.x, 1.0f), std::max(at.size.y, 1.0f)));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const Theme theme = app.CurrentTheme();
  const int width = st.kernels.dim(1);
  DrawBlock(list, at.w, at.cell, theme, [&](int r, int) { return r == lit.oc; }, s.opg, s.opg);
  DrawBlock(list, at.x, at.cell, theme, [&](int r, int col) { return col == lit.n && r / std::max(width, 1) == lit.group; },
            width, s.K);
  DrawBlock(list, at.y, at.cell, theme, [&](int r, int col) { return r == lit.oc && col == lit.n; }, s.opg, s.opg);
  if (hovered) HoverBlocks(app, *c, at, s, lit);
  st.unfold_drawn = true;
  ImGui::EndChild();
}

}  // namespace convarith::app
