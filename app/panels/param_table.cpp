// The Parameters panel's table of i, k, s, p (or p₀ p₁), d and a: one field per axis or one for all, the row of an
// invalid parameter marked with its message under it.
#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

const ImVec4 kErrorColor{0.90f, 0.25f, 0.20f, 1.0f};

struct ParamRow {
  Param control;  // the control ControlOf names for an error about it
  const char* symbol;
  const char* transposed_symbol;
  const char* name;
  const char* help;
  int AxisParams::*field;
  int min;
  bool both_sides = false;  // padding shown as one value: sets before and after
};

const ParamRow kInputRow{Param::Input, "i", "i′", "input", "Input size (for a transposed convolution, its own input i′)",
                         &AxisParams::input, 0};
const ParamRow kKernelRow{Param::Kernel, "k", "k", "kernel", "Kernel size", &AxisParams::kernel, 0};
const ParamRow kStrideRow{Param::Stride, "s", "s", "stride", "Stride: how far the kernel moves per step",
                          &AxisParams::stride, 0};
const ParamRow kPaddingRow{Param::Padding, "p", "p", "padding",
                           "Padding on each side (transposed: of the direct convolution it transposes)",
                           &AxisParams::pad_before, -kMaxSize, true};
const ParamRow kPadBeforeRow{Param::Padding, "p₀", "p₀", "pad before", "Padding at the start of the axis (top / left / front)",
                             &AxisParams::pad_before, -kMaxSize};
const ParamRow kPadAfterRow{Param::Padding, "p₁", "p₁", "pad after", "Padding at the end of the axis (bottom / right / back)",
                            &AxisParams::pad_after, -kMaxSize};
const ParamRow kDilationRow{Param::Dilation, "d", "d", "dilation", "Dilation: spacing between kernel taps (Relationship 15)",
                            &AxisParams::dilation, 0};
const ParamRow kOutputPaddingRow{Param::OutputPadding, "a", "a", "output padding",
                                 "Extra zeros at the end that pick one of the s output sizes (PyTorch's "
                                 "output_padding)",
                                 &AxisParams::output_padding, -kMaxSize};

}  // namespace

std::string ErrorFor(const App& app, Param control) {
  if (!app.derived.error) return {};
  return ControlOf(*app.derived.error) == control ? app.derived.error->message : std::string{};
}

void DrawParamTable(App& app) {
  Config& c = app.params.config;
  const bool linked = app.params.link_axes || c.rank == 1;
  const bool transposed = c.op == Op::Transposed;
  const bool pooling = c.pooling();
  const int first = c.first_axis();
  const int value_columns = linked ? 1 : c.rank;
  const float font = ImGui::GetFontSize();
  const float value_width = font * (linked ? 6.4f : c.rank == 3 ? 4.2f : 5.2f);
  // A narrow panel (a projector's window at a large UI scale) keeps the symbols and the fields and drops the names
  // (they stay in each symbol's tooltip) rather than drawing them under the fields.
  const bool names =
      ImGui::GetContentRegionAvail().x >= font * 1.4f + static_cast<float>(value_columns) * value_width + font * 4.5f;
  const int first_value = names ? 2 : 1;
  // NoClip: an error message under a row runs across the value columns too.
  if (!ImGui::BeginTable("params", first_value + value_columns,
                         ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoClip)) {
    return;
  }
  ImGui::TableSetupColumn("symbol", names ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch,
                          names ? font * 1.4f : 1.0f);
  if (names) ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  for (int n = 0; n < value_columns; ++n) {
    ImGui::TableSetupColumn(linked ? "value" : std::string(AxisName(c, first + n)).c_str(),
                            ImGuiTableColumnFlags_WidthFixed, value_width);
  }
  if (!linked) {
    ImGui::TableNextRow();
    for (int n = 0; n < value_columns; ++n) {
      ImGui::TableSetColumnIndex(first_value + n);
      ImGui::TextDisabled("%s", std::string(AxisName(c, first + n)).c_str());
    }
  }
  std::vector<const ParamRow*> rows{&kInputRow, &kKernelRow, &kStrideRow};
  if (app.params.asymmetric) {
    rows.push_back(&kPadBeforeRow);
    rows.push_back(&kPadAfterRow);
  } else {
    rows.push_back(&kPaddingRow);
  }
  if (c.op != Op::AvgPool) rows.push_back(&kDilationRow);  // AvgPool has no dilation
  if (transposed) rows.push_back(&kOutputPaddingRow);
  for (const ParamRow* row : rows) {
    // A padding error is shown once, under the last padding row.
    const bool last_padding = row != &kPadBeforeRow;
    const std::string error = last_padding || row->control != Param::Padding ? ErrorFor(app, row->control) : "";
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(transposed ? row->transposed_symbol : row->symbol);
    const char* help = pooling && row == &kKernelRow ? "Pooling window size" : row->help;
    if (!names && ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", row->name, help);
    if (names) {
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(row->name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
    }
    if (!error.empty()) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.85f, 0.2f, 0.15f, 0.45f));
    for (int n = 0; n < value_columns; ++n) {
      const int axis = linked ? 2 : first + n;  // linked: the width axis holds the shared value
      ImGui::TableSetColumnIndex(first_value + n);
      ImGui::SetNextItemWidth(-1);
      int value = c.axes[static_cast<size_t>(axis)].*row->field;
      const std::string id = std::string("##") + row->name + std::to_string(axis);
      if (ImGui::InputInt(id.c_str(), &value, 1, 5)) {
        value = std::clamp(value, row->min, kMaxSize);
        for (int a = linked ? first : axis; a <= (linked ? 2 : axis); ++a) {
          AxisParams& target = c.axes[static_cast<size_t>(a)];
          target.*row->field = value;
          if (row->both_sides) target.SetPadding(value);
        }
        app.Changed();
      }
    }
    if (!error.empty()) {
      ImGui::PopStyleColor();
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(first_value - 1);
      ImGui::PushTextWrapPos(ImGui::GetWindowContentRegionMax().x);
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      ImGui::TextUnformatted(error.c_str());
      ImGui::PopStyleColor();
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::EndTable();
}

}  // namespace convarith::app
