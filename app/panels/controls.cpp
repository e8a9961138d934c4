// The Parameters panel: operation, i k s p d a (linked or per axis), padding presets, pooling flags, data, display.
#include <algorithm>
#include <array>
#include <exception>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "convarith/scene/presets.hpp"
#include "frame_drawing.hpp"
#include "panels/open_image.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

const ImVec4 kErrorColor{0.90f, 0.25f, 0.20f, 1.0f};

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

void Wrapped(const std::string& message) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(message.c_str());
  ImGui::PopTextWrapPos();
}

void MutedText(const std::string& message) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(message.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
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
  // The figure's values line keeps its room once shown ("Values: your own" after an edit clears the figure), so that
  // the controls under it never move under the pointer between two clicks (issue 17: they jumped 58 px).
  static float values_h = 0;
  const float y0 = ImGui::GetCursorPosY();
  if (current != nullptr && !current->data_note.empty()) {
    MutedText("Values: " + current->data_note);
  } else if (values_h > 0) {
    MutedText("Values: your own");
  }
  const float used = ImGui::GetCursorPosY() - y0;
  if (used < values_h) ImGui::SetCursorPosY(y0 + values_h);
  values_h = std::max(values_h, used);
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

void DrawRank(App& app) {
  Config& c = app.params.config;
  ImGui::TextUnformatted("Dimensions");
  const char* names[] = {"1-D", "2-D", "3-D"};
  const char* help[] = {"A signal: one row of cells (Conv1d)", "Maps of rows and columns (Conv2d)",
                        "Volumes, drawn as depth slices side by side (Conv3d)"};
  for (int r = 1; r <= kMaxRank; ++r) {
    ImGui::SameLine();
    if (ImGui::RadioButton(names[r - 1], c.rank == r) && c.rank != r) {
      SetRank(c, r);
      app.playback.step = 0;
      app.Changed();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help[r - 1]);
  }
  if (const std::string e = ErrorFor(app, Param::Dims); !e.empty()) ErrorText(e);
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
      {"causal", "Causal padding: d(k − 1) before, none after, so output t reads inputs up to t only (WaveNet)", 3},
  };
  const auto sp = c.spatial();
  for (const Choice& choice : choices) {
    if (choice.kind == 3 && c.op != Op::Conv) continue;
    auto before = [&](const AxisParams& a) {
      const int extent = a.dilation * (a.kernel - 1);
      return choice.kind == 0 ? 0 : choice.kind == 1 ? extent / 2 : extent;
    };
    auto after = [&](const AxisParams& a) { return choice.kind == 3 ? 0 : before(a); };
    const bool active = std::all_of(sp.begin(), sp.end(), [&](const AxisParams& a) {
      return a.pad_before == before(a) && a.pad_after == after(a);
    });
    // The buttons wrap on a narrow panel (or a large UI scale).
    const float width = ImGui::CalcTextSize(choice.label).x + ImGui::GetStyle().FramePadding.x * 2;
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
    if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(choice.label)) {
      for (AxisParams& a : c.spatial()) {
        a.pad_before = before(a);
        a.pad_after = after(a);
      }
      if (choice.kind == 3) app.params.asymmetric = true;
      app.Changed();
    }
    if (active) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", choice.help);
    ImGui::SameLine();
  }
  ImGui::NewLine();
}

void DrawPaddingMode(App& app) {
  Config& c = app.params.config;
  if (c.op != Op::Conv) return;
  const PaddingMode modes[] = {PaddingMode::Zeros, PaddingMode::Reflect, PaddingMode::Replicate, PaddingMode::Circular};
  const char* help[] = {"Padding cells hold 0", "Mirror the input at its edge, without repeating the edge value",
                        "Repeat the edge value", "Wrap around: the other end of the input continues"};
  const std::string current(PaddingModeName(c.padding_mode));
  ImGui::TextUnformatted("Padding mode");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##padding_mode", current.c_str())) {
    for (int n = 0; n < 4; ++n) {
      const std::string name(PaddingModeName(modes[n]));
      if (ImGui::Selectable(name.c_str(), modes[n] == c.padding_mode) && modes[n] != c.padding_mode) {
        c.padding_mode = modes[n];
        app.Changed();
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help[n]);
    }
    ImGui::EndCombo();
  }
  if (const std::string e = ErrorFor(app, Param::PaddingMode); !e.empty()) ErrorText(e);
}

// A whole-number control of the Channels section; returns whether it changed.
bool ChannelInput(App& app, const char* label, const char* id_name, Param control, int* value, int min,
                  const char* help) {
  const std::string error = ErrorFor(app, control);
  ImGui::TextUnformatted(label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
  ImGui::SameLine(ImGui::GetFontSize() * 8.5f);
  if (!error.empty()) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.85f, 0.2f, 0.15f, 0.45f));
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.4f);
  const std::string id = std::string("##") + id_name;
  bool changed = false;
  if (ImGui::InputInt(id.c_str(), value, 1, 4)) {
    *value = std::clamp(*value, min, kMaxChannels);
    changed = true;
  }
  if (!error.empty()) {
    ImGui::PopStyleColor();
    ErrorText(error);
  }
  return changed;
}

std::string Divisors(int n) {
  std::string s;
  for (int d = 1; d <= n; ++d) {
    if (n % d == 0) s += (s.empty() ? "" : ", ") + std::to_string(d);
  }
  return s;
}

// Which input maps feed which output maps: one row of small squares per side, a line per connection; the current
// step's output map and the maps it reads stand out.
void DrawConnections(const App& app) {
  const Config& c = app.params.config;
  const int in = c.in_channels, out = c.pooling() ? c.in_channels : c.out_channels;
  const int g = c.pooling() ? in : c.groups;
  if (in < 1 || out < 1 || g < 1 || in % g != 0 || out % g != 0 || in > 32 || out > 32 || (in == 1 && out == 1)) {
    return;
  }
  int current_out = -1;
  if (const Computation* comp = app.computation()) {
    const View lead = app.LeadView();
    if ((lead == View::Direct || lead == View::Equivalent) && app.StepCount() > 0) {
      current_out = CellOfStep(*comp, lead, app.playback.step).channel;
    }
  }
  const Theme theme = app.CurrentTheme();
  const float font = ImGui::GetFontSize();
  const float width = ImGui::GetContentRegionAvail().x;
  const float box = std::min(font * 0.9f, (width - font * 5) / static_cast<float>(std::max(in, out)) * 0.7f);
  if (box < 3) return;
  const float label_w = ImGui::CalcTextSize("output").x + font * 0.5f;
  const float height = box * 2 + font * 2.2f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* list = ImGui::GetWindowDrawList();
  const float x0 = p0.x + label_w, span = width - label_w - box;
  auto x_of = [&](int n, int count) {
    return count == 1 ? x0 + span * 0.5f : x0 + span * static_cast<float>(n) / static_cast<float>(count - 1);
  };
  const float y_in = p0.y + font * 0.3f, y_out = p0.y + height - box - font * 0.3f;
  const int in_g = in / g, out_g = out / g;
  const ImU32 muted = ToImColor(Rgba{theme.muted.r, theme.muted.g, theme.muted.b, 150});
  const ImU32 strong = ToImColor(theme.foreground);
  for (int pass = 0; pass < 2; ++pass) {  // the current output's lines on top
    for (int o = 0; o < out; ++o) {
      const bool current = o == current_out;
      if ((pass == 1) != current) continue;
      const int group = o / out_g;
      for (int i = group * in_g; i < (group + 1) * in_g; ++i) {
        list->AddLine({x_of(i, in) + box * 0.5f, y_in + box}, {x_of(o, out) + box * 0.5f, y_out},
                      current ? strong : muted, current ? 2.5f : 1.0f);
      }
    }
  }
  for (int i = 0; i < in; ++i) {
    const ImVec2 a{x_of(i, in), y_in};
    list->AddRectFilled(a, {a.x + box, a.y + box}, ToImColor(theme.input));
  }
  for (int o = 0; o < out; ++o) {
    const ImVec2 a{x_of(o, out), y_out};
    list->AddRectFilled(a, {a.x + box, a.y + box}, ToImColor(o == current_out ? theme.output_current : theme.output_done));
  }
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  list->AddText({p0.x, y_in + (box - font) * 0.5f}, text, "input");
  list->AddText({p0.x, y_out + (box - font) * 0.5f}, text, "output");
}

void DrawChannels(App& app) {
  Config& c = app.params.config;
  const bool pooling = c.pooling();
  if (ChannelInput(app, pooling ? "channels" : "in channels", "in_channels", Param::InChannels, &c.in_channels, 1,
                   pooling ? "Maps pooled (each by itself)" : "Input maps C_in")) {
    app.Changed();
  }
  if (pooling) {
    MutedText("Pooling works map by map: as many output maps as input maps.");
    DrawConnections(app);
    return;
  }
  if (ChannelInput(app, "out channels", "out_channels", Param::OutChannels, &c.out_channels, 1,
                   "Output maps C_out: one kernel set each")) {
    app.Changed();
  }
  if (ChannelInput(app, "groups", "groups", Param::Groups, &c.groups, 1,
                   "Split the maps into groups: output maps of group n read only the input maps of group n. 1 is a "
                   "standard convolution, groups = in channels a depthwise one. C_in and C_out must be divisible by "
                   "it.")) {
    app.Changed();
  }
  if (ImGui::SmallButton("standard (1)")) {
    c.groups = 1;
    app.Changed();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every output map reads every input map");
  ImGui::SameLine();
  if (ImGui::SmallButton("depthwise (C_in)")) {
    c.groups = c.in_channels;
    if (c.out_channels % c.in_channels != 0) c.out_channels = c.in_channels;
    app.Changed();
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("groups = in channels: every input map has its own kernel(s); out channels become a multiple");
  }
  if (c.in_channels > 1 && c.in_channels <= kMaxChannels) MutedText("groups that divide C_in = " +
                                                                    std::to_string(c.in_channels) + ": " +
                                                                    Divisors(c.in_channels));
  DrawConnections(app);
  if (ImGui::Checkbox("bias", &c.bias)) app.Changed();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add b[c] to every value of output map c");
  if (c.bias && app.computation() != nullptr && app.params.bias.size() == static_cast<size_t>(c.out_channels)) {
    const int shown = std::min(c.out_channels, 16);
    for (int n = 0; n < shown; ++n) {
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.5f);
      double v = app.params.bias[static_cast<size_t>(n)];
      const std::string label = "b[" + std::to_string(n) + "]";
      if (n % 2 == 1) ImGui::SameLine();
      if (ImGui::InputDouble(label.c_str(), &v, 0, 0, "%.4g", ImGuiInputTextFlags_EnterReturnsTrue)) {
        app.params.bias[static_cast<size_t>(n)] = v;
        app.Changed();
      }
    }
    if (c.out_channels > shown) MutedText("(the first 16 of " + std::to_string(c.out_channels) + " biases)");
  }
}

void DrawPoolingFlags(App& app) {
  Config& c = app.params.config;
  if (c.op != Op::MaxPool && c.op != Op::AvgPool) return;
  if (ImGui::Checkbox("ceil_mode", &c.ceil_mode)) app.Changed();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Round the output size up: a last, partial window counts");
  if (const std::string e = ErrorFor(app, Param::CeilMode); !e.empty()) ErrorText(e);
  if (c.op == Op::AvgPool) {
    if (ImGui::Checkbox("count_include_pad", &c.count_include_pad)) app.Changed();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Divide by the window size including padding (PyTorch's default)");
    if (const std::string e = ErrorFor(app, Param::CountIncludePad); !e.empty()) ErrorText(e);
  }
}

void Refill(App& app) {
  Params& p = app.params;
  if (!p.input.shape().empty()) p.input = MakeTensor(p.input.shape(), p.fill, p.seed);
  p.input_custom = false;
  p.input_source.clear();
  p.input_edited = p.input_resized = false;
  app.Changed();
}

// The Data section names what is on screen: the figure's data while it is loaded, then each tensor's fill or kernel
// preset, or where its values came from and whether they were edited since.
void DrawData(App& app) {
  Params& p = app.params;
  if (const Preset* preset = app.LoadedPreset(); preset != nullptr && !preset->data_note.empty()) {
    MutedText(FigureTitle(*preset) + " — " + preset->data_note);
  }
  Wrapped("Input: " + InputDescription(p));
  const Fill fills[] = {Fill::Ramp, Fill::Ones, Fill::Random};
  for (size_t n = 0; n < 3; ++n) {
    if (n > 0) ImGui::SameLine();
    const Fill f = fills[n];
    const std::string name(FillName(f));
    // A fill is ticked only while the input is that fill (not a figure's or edited numbers).
    if (ImGui::RadioButton(name.c_str(), !p.input_custom && p.fill == f)) {
      p.fill = f;
      Refill(app);
    }
  }
  if (p.fill == Fill::Random) {
    int seed = static_cast<int>(p.seed);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::InputInt("seed", &seed)) {
      p.seed = static_cast<uint32_t>(std::max(seed, 0));
      Refill(app);
    }
    ImGui::SameLine();
  }
  if (ImGui::Button("Refill input")) Refill(app);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Replace every input value (also the ones you edited)");
  ImGui::SameLine();
  DrawImageControls(app);

  if (p.config.pooling()) return;
  const KernelPreset kernels[] = {KernelPreset::Ones,   KernelPreset::Figure11, KernelPreset::Identity,
                                  KernelPreset::BoxBlur, KernelPreset::SobelX,   KernelPreset::SobelY,
                                  KernelPreset::Sharpen};
  constexpr int kKernels = 7;
  Wrapped("Kernels: " + KernelDescription(p));
  const std::string preview = p.kernel_custom ? std::string("set every kernel to…") : KernelPresetTitle(p.kernel_preset);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##kernel", preview.c_str())) {
    for (int n = 0; n < kKernels; ++n) {
      const std::string title = KernelPresetTitle(kernels[n]);
      if (ImGui::Selectable(title.c_str(), !p.kernel_custom && kernels[n] == p.kernel_preset)) {
        if (!p.weight.shape().empty()) p.weight = MakeWeight(kernels[n], p.weight.shape());
        p.kernel_preset = kernels[n];
        p.kernel_custom = false;
        p.kernel_source.clear();
        p.kernel_edited = p.kernel_resized = false;
        app.Changed();
      }
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every kernel of the weight set to this one");
  MutedText("Right-click (or double-click) a cell on the canvas to edit its value.");
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
  if (app.DrawnOp() != Op::Transposed) return;
  ImGui::TextUnformatted("Views, side by side");
  ImGui::Checkbox("the direct convolution it transposes", &d.show_associated);
  ImGui::Checkbox("equivalent direct convolution", &d.show_equivalent);
  ImGui::Checkbox("scatter", &d.show_scatter);
  if (ImGui::Checkbox("overlap map (checkerboard)", &d.overlap_panel)) d.overlap_from_preset = false;
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
  if (app.derived.error && ControlOf(*app.derived.error) == Param::None) ErrorText(app.derived.error->message);
  SectionHeading(app, "Figure of the paper");
  DrawPresetCombo(app);
  SectionHeading(app, "Operation");
  DrawOperation(app);
  SectionHeading(app, "Parameters");
  DrawRank(app);
  Config& c = app.params.config;
  if (c.rank > 1) {
    if (ImGui::Checkbox("same value for every axis", &app.params.link_axes) && app.params.link_axes) {
      for (AxisParams& a : c.spatial()) a = c.axes[kWidth];
      app.Changed();
    }
  }
  if (ImGui::Checkbox("asymmetric padding", &app.params.asymmetric) && !app.params.asymmetric) {
    for (AxisParams& a : c.spatial()) a.pad_after = a.pad_before;
    app.Changed();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Set the padding before and after each axis separately");
  DrawParamTable(app);
  DrawPaddingButtons(app);
  DrawPaddingMode(app);
  DrawPoolingFlags(app);
  SectionHeading(app, "Channels");
  DrawChannels(app);
  SectionHeading(app, "Data");
  DrawData(app);
  SectionHeading(app, "Show");
  DrawDisplay(app);
}

}  // namespace convarith::app
