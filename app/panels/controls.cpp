// The Parameters panel: operation, i k s p d a (linked or per axis), padding presets, pooling flags, data, display.
#include <algorithm>
#include <array>
#include <exception>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "convarith/presets.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

const ImVec4 kErrorColor{0.90f, 0.25f, 0.20f, 1.0f};

struct ParamRow {
  const char* control;  // as ControlOf names it
  const char* symbol;
  const char* transposed_symbol;
  const char* name;
  const char* help;
  int AxisParams::*field;
  int min;
};

constexpr std::array<ParamRow, 6> kRows{{
    {"i", "i", "i′", "input", "Input size (for a transposed convolution, its own input i′)", &AxisParams::input, 0},
    {"k", "k", "k", "kernel", "Kernel size", &AxisParams::kernel, 0},
    {"s", "s", "s", "stride", "Stride: how far the kernel moves per step", &AxisParams::stride, 0},
    {"p", "p", "p", "padding", "Zero padding on each side (transposed: of the direct convolution it transposes)",
     &AxisParams::padding, -kMaxSize},
    {"d", "d", "d", "dilation", "Dilation: spacing between kernel taps (Relationship 15)", &AxisParams::dilation, 0},
    {"a", "a", "a", "output padding", "Extra zeros bottom/right that pick one of the s output sizes (PyTorch's "
                                      "output_padding)", &AxisParams::output_padding, -kMaxSize},
}};

void SectionHeading(const App& app, const char* text) {
  ImGui::Spacing();
  if (app.fonts.heading != nullptr) ImGui::PushFont(app.fonts.heading);
  ImGui::TextUnformatted(text);
  if (app.fonts.heading != nullptr) ImGui::PopFont();
  ImGui::Separator();
}

void ErrorText(const std::string& message) {
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(message.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

std::string ErrorFor(const App& app, const char* control) {
  if (!app.derived.error) return {};
  return ControlOf(*app.derived.error) == control ? app.derived.error->message : std::string{};
}

void DrawPresetCombo(App& app) {
  const Preset* current = app.params.preset.empty() ? nullptr : FindPreset(app.params.preset);
  std::string label = current != nullptr ? current->name + "  " + current->title : "(your own)";
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##figure", label.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (const Preset& p : Presets()) {
      const std::string item = p.name + "  " + p.title;
      if (ImGui::Selectable(item.c_str(), current == &p)) app.LoadPreset(p.name);
    }
    ImGui::EndCombo();
  }
}

void DrawOperation(App& app) {
  Config& c = app.params.config;
  const Op ops[] = {Op::Conv, Op::MaxPool, Op::AvgPool, Op::Transposed};
  for (int n = 0; n < 4; ++n) {
    const std::string title(OpTitle(ops[n]));
    if (ImGui::RadioButton(title.c_str(), c.op == ops[n]) && c.op != ops[n]) {
      c.op = ops[n];
      app.playback.step = 0;
      app.Changed();
    }
  }
}

void DrawParamTable(App& app) {
  Config& c = app.params.config;
  const bool linked = app.params.link_axes;
  const bool transposed = c.op == Op::Transposed;
  const bool pooling = c.op == Op::MaxPool || c.op == Op::AvgPool;
  const int columns = linked ? 3 : 4;
  // NoClip: an error message under a row runs across the value columns too.
  if (!ImGui::BeginTable("params", columns, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_NoClip)) return;
  ImGui::TableSetupColumn("symbol", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 1.2f);
  ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  const float value_width = ImGui::GetFontSize() * (linked ? 6.4f : 5.2f);
  ImGui::TableSetupColumn(linked ? "value" : "height", ImGuiTableColumnFlags_WidthFixed, value_width);
  if (!linked) ImGui::TableSetupColumn("width", ImGuiTableColumnFlags_WidthFixed, value_width);
  if (!linked) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(2);
    ImGui::TextDisabled("height");
    ImGui::TableSetColumnIndex(3);
    ImGui::TextDisabled("width");
  }
  for (const ParamRow& row : kRows) {
    if (std::string(row.control) == "a" && !transposed) continue;
    if (std::string(row.control) == "d" && c.op == Op::AvgPool) continue;  // AvgPool2d has no dilation
    const std::string error = ErrorFor(app, row.control);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(transposed ? row.transposed_symbol : row.symbol);
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(row.name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.help);
    if (pooling && std::string(row.control) == "k" && ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Pooling window size");
    }
    if (!error.empty()) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.85f, 0.2f, 0.15f, 0.45f));
    for (int axis = 0; axis < (linked ? 1 : 2); ++axis) {
      ImGui::TableSetColumnIndex(2 + axis);
      ImGui::SetNextItemWidth(-1);
      int value = c.axes[static_cast<size_t>(axis)].*row.field;
      const std::string id = std::string("##") + row.control + std::to_string(axis);
      if (ImGui::InputInt(id.c_str(), &value, 1, 5)) {
        value = std::clamp(value, row.min, kMaxSize);
        if (linked) {
          c.axes[kHeight].*row.field = value;
          c.axes[kWidth].*row.field = value;
        } else {
          c.axes[static_cast<size_t>(axis)].*row.field = value;
        }
        app.Changed();
      }
    }
    if (!error.empty()) {
      ImGui::PopStyleColor();
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(1);
      ImGui::PushTextWrapPos(ImGui::GetWindowContentRegionMax().x);
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      ImGui::TextUnformatted(error.c_str());
      ImGui::PopStyleColor();
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::EndTable();
}

void DrawPaddingButtons(App& app) {
  Config& c = app.params.config;
  ImGui::TextUnformatted("Padding");
  ImGui::SameLine();
  struct Choice {
    const char* label;
    const char* help;
    int kind;
  };
  const Choice choices[] = {
      {"valid", "No padding: p = 0", 0},
      {"half (same)", "Half padding: p = ⌊d(k − 1)/2⌋; with s = 1 and odd k the output has the input's size", 1},
      {"full", "Full padding: p = d(k − 1); every partial overlap counts", 2},
  };
  for (const Choice& choice : choices) {
    auto padding_for = [&](const AxisParams& a) {
      const int extent = a.dilation * (a.kernel - 1);
      return choice.kind == 0 ? 0 : choice.kind == 1 ? extent / 2 : extent;
    };
    const bool active = c.axes[0].padding == padding_for(c.axes[0]) && c.axes[1].padding == padding_for(c.axes[1]);
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(choice.label)) {
      for (AxisParams& a : c.axes) a.padding = padding_for(a);
      app.Changed();
    }
    if (active) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", choice.help);
    ImGui::SameLine();
  }
  ImGui::NewLine();
}

void DrawPoolingFlags(App& app) {
  Config& c = app.params.config;
  if (c.op != Op::MaxPool && c.op != Op::AvgPool) return;
  if (ImGui::Checkbox("ceil_mode", &c.ceil_mode)) app.Changed();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Round the output size up: a last, partial window counts");
  if (const std::string e = ErrorFor(app, "ceil_mode"); !e.empty()) ErrorText(e);
  if (c.op == Op::AvgPool) {
    if (ImGui::Checkbox("count_include_pad", &c.count_include_pad)) app.Changed();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Divide by the window size including padding (PyTorch's default)");
    if (const std::string e = ErrorFor(app, "count_include_pad"); !e.empty()) ErrorText(e);
  }
}

void DrawData(App& app) {
  Params& p = app.params;
  const Fill fills[] = {Fill::Ramp, Fill::Ones, Fill::Random};
  ImGui::TextUnformatted("Input");
  for (Fill f : fills) {
    ImGui::SameLine();
    const std::string name(FillName(f));
    if (ImGui::RadioButton(name.c_str(), p.fill == f)) {
      p.fill = f;
      p.input = MakeGrid(p.input.rows, p.input.cols, p.fill, p.seed);
      p.input_custom = false;
      app.Changed();
    }
  }
  if (p.fill == Fill::Random) {
    int seed = static_cast<int>(p.seed);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::InputInt("seed", &seed)) {
      p.seed = static_cast<uint32_t>(std::max(seed, 0));
      p.input = MakeGrid(p.input.rows, p.input.cols, p.fill, p.seed);
      p.input_custom = false;
      app.Changed();
    }
    ImGui::SameLine();
  }
  if (ImGui::Button("Refill input")) {
    p.input = MakeGrid(p.input.rows, p.input.cols, p.fill, p.seed);
    p.input_custom = false;
    app.Changed();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Replace every input value (also the ones you edited)");

  if (p.config.op == Op::MaxPool || p.config.op == Op::AvgPool) return;
  const KernelPreset kernels[] = {KernelPreset::Ones,    KernelPreset::Figure11, KernelPreset::Identity,
                                  KernelPreset::BoxBlur, KernelPreset::SobelX,   KernelPreset::SobelY};
  const char* titles[] = {"ones", "Figure 1.1", "identity", "box blur", "Sobel x", "Sobel y"};
  int current = 0;
  for (int n = 0; n < 6; ++n) {
    if (kernels[n] == p.kernel_preset) current = n;
  }
  ImGui::TextUnformatted("Kernel");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##kernel", titles[current])) {
    for (int n = 0; n < 6; ++n) {
      if (ImGui::Selectable(titles[n], n == current)) {
        try {
          p.kernel = MakeKernel(kernels[n], p.kernel.rows, p.kernel.cols);
          p.kernel_preset = kernels[n];
          p.kernel_custom = false;
          app.Changed();
        } catch (const std::exception& e) {
          app.ShowStatus(std::string(titles[n]) + ": " + e.what(), ImGui::GetTime());
        }
      }
    }
    ImGui::EndCombo();
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted("Right-click (or double-click) a cell on the canvas to edit its value.");
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void DrawDisplay(App& app) {
  DisplayOptions& d = app.display;
  if (ImGui::BeginTable("display", 2)) {
    ImGui::TableNextColumn();
    ImGui::Checkbox("numbers", &d.numbers);
    ImGui::TableNextColumn();
    ImGui::Checkbox("labels", &d.labels);
    ImGui::TableNextColumn();
    ImGui::Checkbox("legend", &d.legend);
    ImGui::TableNextColumn();
    ImGui::Checkbox("equation", &d.equation);
    ImGui::TableNextColumn();
    ImGui::Checkbox("caption", &d.caption);
    ImGui::TableNextColumn();
    ImGui::Checkbox("kernel", &d.kernel_panel);
    ImGui::EndTable();
  }
  if (app.params.config.op != Op::Transposed) return;
  ImGui::TextUnformatted("Views, side by side");
  ImGui::Checkbox("the direct convolution it transposes", &d.show_associated);
  ImGui::Checkbox("equivalent direct convolution", &d.show_equivalent);
  ImGui::Checkbox("scatter", &d.show_scatter);
  ImGui::Checkbox("overlap map (checkerboard)", &d.overlap_panel);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("How many kernel stamps reach each output cell: uneven when k is not a multiple of s");
  }
  const std::vector<View> views = app.VisibleViews();
  if (views.size() > 1) {
    const View lead = app.LeadView();
    const std::string lead_name(ViewName(lead));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("steps follow", lead_name.c_str())) {
      for (View v : views) {
        const std::string name(ViewName(v));
        if (ImGui::Selectable(name.c_str(), v == lead)) {
          d.lead_view = v;
          app.SetStep(0);
        }
      }
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("The timeline counts this view's steps; the other views keep pace (same fraction done)");
    }
  }
}

}  // namespace

void DrawParameters(App& app) {
  if (app.derived.error && ControlOf(*app.derived.error).empty()) ErrorText(app.derived.error->message);
  SectionHeading(app, "Figure of the paper");
  DrawPresetCombo(app);
  SectionHeading(app, "Operation");
  DrawOperation(app);
  SectionHeading(app, "Parameters");
  if (ImGui::Checkbox("same value for height and width", &app.params.link_axes) && app.params.link_axes) {
    app.params.config.axes[kWidth] = app.params.config.axes[kHeight];
    app.Changed();
  }
  DrawParamTable(app);
  DrawPaddingButtons(app);
  DrawPoolingFlags(app);
  SectionHeading(app, "Data");
  DrawData(app);
  SectionHeading(app, "Show");
  DrawDisplay(app);
}

}  // namespace convarith::app
