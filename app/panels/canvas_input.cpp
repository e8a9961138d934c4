// The canvas's input handling: hover and tooltips, zoom about the mouse, pan, pins, and the value editor.
#include <algorithm>
#include <cmath>
#include <exception>
#include <string>
#include <vector>

#include "app.hpp"
#include "convarith/ops/compute.hpp"
#include "panels/canvas_parts.hpp"

namespace convarith::app::canvas_parts {
namespace {

// The cell of any visible view under the mouse, from where the views were drawn last frame.
std::optional<CanvasPointer> HitTest(const CanvasState& st, const std::vector<View>& views, ImVec2 mouse,
                                     const FrameCell** hit_cell, View* hit_view) {
  for (View v : views) {
    const ViewPlacement& at = st.placed[Index(v)];
    const ViewCache& cache = st.cache[Index(v)];
    if (!at.shown || !cache.built) continue;
    const float x = (mouse.x - at.origin.x) / at.cell_px;
    const float y = (mouse.y - at.origin.y) / at.cell_px;
    if (const FrameCell* cell = CellAt(cache.frame, x, y)) {
      *hit_cell = cell;
      *hit_view = v;
      return CanvasPointer{v, Pointer{cell->panel, cell->row, cell->col, cell->channel, cell->z}, cell->data_index,
                           cell->kernel_col, cell->size < 1.0f};
    }
    if (const std::optional<Pointer> p = PointerAt(cache.frame, x, y)) {  // a large map's picture
      *hit_view = v;
      return CanvasPointer{v, *p, -1, 0, OnThumbnail(cache.frame, x, y)};
    }
  }
  return std::nullopt;
}

bool Editable(const App& app, const CanvasPointer& p) {
  if (p.data_index < 0) return false;
  // Backward: the left grid is the output gradient (generated), the kernel the layer's (its layout as the forward's).
  // The weight and bias gradients draw ∂L/∂y or ones as their kernels: nothing there is the user's to edit.
  if (app.CurrentPass() == Pass::Backward) return app.DrawnGradient() == GradTarget::Input && p.pointer.panel == Panel::Kernel;
  if (p.pointer.panel == Panel::Kernel) return app.params.config.op == Op::Conv || app.params.config.op == Op::Transposed;
  return p.pointer.panel == Panel::Input && p.view != View::Associated;
}

// The sum (max, mean) that made an output cell, as the step that computed it writes it (with several input channels,
// its per-channel parts too); "" when not an output.
std::string OutputSum(const Computation& c, View view, const FrameCell& cell) {
  if (cell.panel != Panel::Output || cell.data_row < 0 || cell.role == Role::OutputPending) return "";
  if (view == View::Associated) return "";  // its outputs are the transposed convolution's inputs
  const View gather_view = c.config.op == Op::Transposed ? View::Equivalent : View::Direct;
  try {
    const int n = StepOf(c, gather_view, CellRef{cell.channel, cell.z, cell.data_row, cell.data_col});
    if (n < 0 || n >= StepCount(c, gather_view)) return "";
    const GatherStep step = Gather(c, gather_view, n);
    std::string text = StepEquation(c, step, 25);
    if (step.partials.size() > 1) {
      for (size_t part = 0; part < step.partials.size(); ++part) text += "\n" + PartEquation(c, step, static_cast<int>(part), 25);
    }
    return text;
  } catch (const Error&) {
    return "";
  }
}

// The weight's flat index of a kernel cell: the Equivalent view shows every kernel rotated by 180 degrees.
size_t WeightIndex(const Tensor& weight, View view, size_t shown_index) {
  if (view != View::Equivalent || weight.rank() != 5) return shown_index;
  std::vector<int> at = Unflatten(weight.shape(), shown_index);
  for (int d = 2; d < 5; ++d) at[static_cast<size_t>(d)] = weight.dim(d) - 1 - at[static_cast<size_t>(d)];
  return weight.Index({at[0], at[1], at[2], at[3], at[4]});
}

// Which data cell a frame cell shows, for people: "ch 1 [2, 3]", "w[2, 1] [0, 1]", "[4]".
std::string CellName(const Computation& c, View view, const FrameCell& cell) {
  const int rank = c.config.rank;
  if (cell.data_index < 0) return "";
  if (cell.panel == Panel::Kernel) {
    const Tensor& w = c.weight;
    if (w.rank() != 5) return "";
    const std::vector<int> at = Unflatten(w.shape(), WeightIndex(w, view, static_cast<size_t>(cell.data_index)));
    const bool several = w.dim(0) * w.dim(1) > 1;
    return (several ? "w[" + std::to_string(at[0]) + ", " + std::to_string(at[1]) + "] " : std::string()) +
           PositionText(rank, at[2], at[3], at[4]);
  }
  if (cell.panel == Panel::Overlap) return PositionText(rank, cell.z, cell.row, cell.col);
  // Input and output panels show the input, the output or (Associated's left) the transposed output: all (C, D, H, W).
  const bool shows_output = cell.panel == Panel::Output ? view != View::Associated : view == View::Associated;
  const Tensor& t = shows_output ? c.output : c.input;
  if (t.rank() != 4 || static_cast<size_t>(cell.data_index) >= t.size()) return "";
  const std::vector<int> at = Unflatten(t.shape(), static_cast<size_t>(cell.data_index));
  return (t.dim(0) > 1 ? "ch " + std::to_string(at[0]) + " " : std::string()) + PositionText(rank, at[1], at[2], at[3]);
}

void Tooltip(App& app, View view, const FrameCell& cell) {
  std::string text(RoleName(cell.role));
  if (cell.role == Role::Padding && app.params.config.op == Op::Conv &&
      app.params.config.padding_mode != PaddingMode::Zeros) {
    text = std::string(PaddingModeName(app.params.config.padding_mode)) + " padding (a copy of an input value)";
  }
  if (const Computation* c = app.computation()) {
    const std::string name = CellName(*c, view, cell);
    if (!name.empty()) text += " " + name;
  }
  if (cell.role != Role::OutputPending) text += " = " + FormatValue(cell.value);
  const Computation* c = app.computation();
  const std::string sum = c != nullptr ? OutputSum(*c, view, cell) : std::string();
  if (app.display.presentation) {  // into the step line: no tooltip covers the grids in front of a class
    app.canvas.hover_text = sum.empty() ? text : text + ":  " + sum;
    return;
  }
  if (sum.empty()) {
    ImGui::SetTooltip("%s", text.c_str());
    return;
  }
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(text.c_str());
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
  ImGui::TextUnformatted(sum.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// A cell of a large map's picture: its position and, where the map shows the data directly, its value (zoom in for
// the numbered cells and the written-out sum).
void PictureTooltip(App& app, View view, const Pointer& p) {
  const Computation* c = app.computation();
  if (c == nullptr) return;
  const int rank = c->config.rank;
  const bool several_out = c->out_channels() > 1, several_in = c->in_channels() > 1;
  std::string text;
  try {
    if (p.panel == Panel::Output && (view == View::Direct || view == View::Equivalent || view == View::Scatter)) {
      text = "output " + std::string(several_out ? "ch " + std::to_string(p.channel) + " " : "") +
             PositionText(rank, p.z, p.row, p.col) + " = " + FormatValue(c->OutputAt({p.channel, p.z, p.row, p.col}));
    } else if (p.panel == Panel::Input && view == View::Direct) {
      const AxisParams& h = c->config.axes[kHeight];
      const AxisParams& w = c->config.axes[kWidth];
      const AxisParams& d = c->config.axes[0];
      const int z = p.z - (rank == 3 ? d.pad_before : 0), r = p.row - (rank >= 2 ? h.pad_before : 0),
                col = p.col - w.pad_before;
      const auto dims = c->input_dims();
      const std::string ch = several_in ? "ch " + std::to_string(p.channel) + " " : "";
      if (z >= 0 && r >= 0 && col >= 0 && z < dims[0] && r < dims[1] && col < dims[2]) {
        text = "input " + ch + PositionText(rank, z, r, col) + " = " + FormatValue(c->InputAt({p.channel, z, r, col}));
      } else {
        text = "padding";
      }
    } else {
      text = std::string(p.panel == Panel::Output ? "output " : "input ") + PositionText(rank, p.z, p.row, p.col);
    }
  } catch (const Error&) {
    return;
  }
  if (app.display.presentation) {
    app.canvas.hover_text = text;
    return;
  }
  ImGui::SetTooltip("%s\n(zoom in for the numbers)", text.c_str());
}

}  // namespace

void HandleMouse(App& app, bool hovered, const std::vector<View>& views) {
  CanvasState& st = app.canvas;
  ImGuiIO& io = ImGui::GetIO();
  const FrameCell* hit = nullptr;
  st.hovered.reset();
  st.hover_text.clear();
  if (hovered) {
    View hit_view = View::Direct;
    st.hovered = HitTest(st, views, io.MousePos, &hit, &hit_view);
    if (!ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
      if (hit != nullptr) {
        Tooltip(app, hit_view, *hit);
      } else if (st.hovered) {
        PictureTooltip(app, hit_view, st.hovered->pointer);
      }
    }
    if (io.MouseWheel != 0) {  // zoom about the mouse
      const float factor = std::pow(1.15f, io.MouseWheel);
      const float old_zoom = st.zoom;
      st.zoom = std::clamp(st.zoom * factor, 0.1f, 40.0f);
      st.auto_fit = false;
      const float k = st.zoom / old_zoom;
      const ImVec2 centre{st.block_centre.x + st.pan.x, st.block_centre.y + st.pan.y};
      st.pan.x += (io.MousePos.x - centre.x) * (1 - k);
      st.pan.y += (io.MousePos.y - centre.y) * (1 - k);
    }
  }
  if (ImGui::IsItemActivated()) st.dragged = false;
  if (ImGui::IsItemActivated() || io.MouseWheel != 0) st.interacted = true;  // the hint has done its job
  const bool left_drag = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left);
  if (left_drag) st.dragged = true;
  const bool middle_drag = hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Middle);
  if ((left_drag || middle_drag) && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
    st.pan.x += io.MouseDelta.x;
    st.pan.y += io.MouseDelta.y;
    st.auto_fit = false;
  }
  if (ImGui::IsItemDeactivated() && !st.dragged) {
    const bool map = st.hovered && st.hovered->pointer.panel != Panel::Kernel;
    if (map && st.hovered->thumbnail) {
      app.display.focus_channel = st.hovered->pointer.channel;  // a thumbnail: its channel drawn large
    } else if (st.hovered && st.pinned && *st.hovered == *st.pinned) {
      st.pinned.reset();
    } else {
      st.pinned = st.hovered;  // a click on empty space unpins
    }
  }
  const bool edit = hovered && (ImGui::IsMouseClicked(ImGuiMouseButton_Right) ||
                                ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left));
  if (edit && st.hovered && Editable(app, *st.hovered) && hit != nullptr) {
    const CanvasPointer& p = *st.hovered;
    st.edit_kernel = p.pointer.panel == Panel::Kernel;
    const Tensor& t = st.edit_kernel ? app.params.weight : app.params.input;
    const size_t index = st.edit_kernel ? WeightIndex(t, p.view, static_cast<size_t>(p.data_index))
                                        : static_cast<size_t>(p.data_index);
    if (index < t.size()) {
      st.edit_request = true;
      st.edit_index = index;
      const Computation* c = app.computation();
      st.edit_label = std::string(st.edit_kernel ? "Kernel weight " : "Input value ") +
                      (c != nullptr ? CellName(*c, p.view, *hit) : std::string());
      st.edit_value = t[index];
    }
  }
}

void DrawEditPopup(App& app) {
  CanvasState& st = app.canvas;
  if (st.edit_request) {
    ImGui::OpenPopup("edit value");
    st.edit_request = false;
  }
  if (!ImGui::BeginPopup("edit value")) return;
  Tensor& tensor = st.edit_kernel ? app.params.weight : app.params.input;
  if (st.edit_index >= tensor.size()) {
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  ImGui::TextUnformatted(st.edit_label.c_str());
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  const bool enter = ImGui::InputDouble("##value", &st.edit_value, 1.0, 5.0, "%.4g",
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  if (enter || ImGui::Button("Set")) {
    tensor[st.edit_index] = st.edit_value;
    (st.edit_kernel ? app.params.kernel_custom : app.params.input_custom) = true;
    (st.edit_kernel ? app.params.kernel_edited : app.params.input_edited) = true;
    app.Changed();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace convarith::app::canvas_parts
