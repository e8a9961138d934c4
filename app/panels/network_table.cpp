// The Network window's layer editor: the input row, the shapes down the stack, the table of layers edited row by row
// (a row's error marks its column), the mirror decoder, code to the clipboard and the paste box.
#include <algorithm>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "convarith/network/code_io.hpp"
#include "convarith/shape/arithmetic.hpp"
#include "panels/network_parts.hpp"

namespace convarith::app::network_parts {
namespace {

constexpr const char* kOps[] = {"conv", "maxpool", "avgpool", "convT"};
constexpr Op kOpValues[] = {Op::Conv, Op::MaxPool, Op::AvgPool, Op::Transposed};

void SetNetworkRank(NetworkPanelState& s, int rank) {
  Network& n = s.network;
  if (rank == n.rank) return;
  const int last = std::max(n.input[2], 1);
  for (int a = 0; a < 3; ++a) n.input[static_cast<size_t>(a)] = a < 3 - rank ? 1 : (a >= 3 - n.rank ? n.input[static_cast<size_t>(a)] : last);
  for (Layer& l : n.layers) SetRank(l.config, rank);
  n.rank = rank;
  s.pinned.reset();
  s.Changed();
}

// The parameter columns: the column an error's parameter belongs to (the channels column holds the groups too).
Param ColumnOf(const std::string& parameter) {
  const Param p = ParamNamed(parameter);
  return p == Param::InChannels || p == Param::Groups ? Param::OutChannels : p;
}

// One spatial parameter of a layer as an InputInt (editing sets every axis); red frame when the error names it.
bool AxisInput(const char* id, Layer& layer, int AxisParams::*field, int min_value, bool bad, float width) {
  auto sp = layer.config.spatial();
  int v = sp[0].*field;
  bool differs = false;
  for (const AxisParams& a : sp) differs |= a.*field != v;
  if (bad) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.85f, 0.2f, 0.15f, 0.55f));
  ImGui::SetNextItemWidth(width);
  const bool changed = ImGui::InputInt(id, &v, 0, 0);
  if (bad) ImGui::PopStyleColor();
  if (differs && ImGui::IsItemHovered()) {
    std::vector<int> all;
    for (const AxisParams& a : sp) all.push_back(a.*field);
    ImGui::SetTooltip("per axis %s (editing sets every axis)", Join(all).c_str());
  }
  if (!changed) return false;
  v = std::clamp(v, min_value, kMaxSize);
  for (AxisParams& a : layer.config.spatial()) {
    a.*field = v;
    if (field == &AxisParams::pad_before) a.pad_after = v;
  }
  return true;
}

// The last item's rectangle, for tests that click it.
void KeepRect(NetworkPanelState& s, const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  s.control_rects[name] = {a.x, a.y, b.x, b.y};
}

void CopyToClipboard(App& app, const std::string& text, const std::string& what) {
  ImGui::SetClipboardText(text.c_str());
  app.ShowStatus("Copied " + what + " to the clipboard", ImGui::GetTime());
}

std::vector<PaddingRule> Rules(const Network& n, size_t count) {
  std::vector<PaddingRule> r;
  for (size_t i = 0; i < count && i < n.layers.size(); ++i) r.push_back(n.layers[i].padding_rule);
  return r;
}


// The table's height: every row when they fit, else between 3.5 and 9 rows (at most 40 % of what is left).
float TableHeight(int count) {
  const float row_h = ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2 + 1;
  return std::min(row_h * static_cast<float>(count + 1) + ImGui::GetStyle().ScrollbarSize + 4,
                  std::max(row_h * 3.5f, std::min(row_h * 9, ImGui::GetContentRegionAvail().y * 0.4f)));
}

enum class RowAction { None, Up, Down, Remove, Insert };

// The row's number (a click animates the layer on the canvas) and its operation.
void DrawLayerName(App& app, NetworkPanelState& s, Layer& layer, int r, bool computed) {
  const float font = ImGui::GetFontSize();
  ImGui::TableNextColumn();
  const std::string label = std::to_string(r + 1);
  if (ImGui::Selectable(label.c_str(), s.selected == r, 0, ImVec2(font * 1.4f, 0)) && computed) {
    s.selected = r;
    AnimateNetworkLayer(app, r);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Animate this layer on the canvas");
  ImGui::TableNextColumn();
  int op = static_cast<int>(std::find(std::begin(kOpValues), std::end(kOpValues), layer.config.op) - kOpValues);
  ImGui::SetNextItemWidth(font * 5);
  if (ImGui::Combo("##op", &op, kOps, 4)) {
    layer.config.op = kOpValues[op];
    s.Changed();
  }
}

// The padding column: 'same' as a button (a click makes it explicit), explicit padding as a value with a menu.
bool DrawPaddingCell(const NetworkPanelState& s, Layer& layer, int r, bool computed, bool bad, float w) {
  bool changed = false;
  if (layer.padding_rule == PaddingRule::Same) {
    if (ImGui::SmallButton("same")) {
      layer.padding_rule = PaddingRule::Explicit;
      if (computed) {
        const auto resolved = s.configs[static_cast<size_t>(r)].spatial();
        auto sp = layer.config.spatial();
        for (size_t a = 0; a < sp.size(); ++a) {
          sp[a].pad_before = resolved[a].pad_before, sp[a].pad_after = resolved[a].pad_after;
          sp[a].output_padding = resolved[a].output_padding;
        }
      }
      changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("TensorFlow/Keras 'same' padding; click for explicit padding");
  } else {
    changed |= AxisInput("##p", layer, &AxisParams::pad_before, 0, bad, w);
    if (ImGui::BeginPopupContextItem("padding")) {
      if (ImGui::MenuItem("same (TF / Keras / PyTorch)")) layer.padding_rule = PaddingRule::Same, changed = true;
      if (ImGui::MenuItem("valid (no padding)")) {
        for (AxisParams& a : layer.config.spatial()) a.SetPadding(0);
        changed = true;
      }
      ImGui::EndPopup();
    }
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) ImGui::SetTooltip("Right-click: 'same' or 'valid'");
  }
  return changed;
}

// The output channels (not for pooling, which keeps its input's).
bool DrawChannelsCell(const NetworkPanelState& s, Layer& layer, int r, bool computed, bool bad) {
  if (layer.config.pooling()) return false;
  const float font = ImGui::GetFontSize();
  bool changed = false;
  int c = computed ? s.configs[static_cast<size_t>(r)].out_channels : layer.config.out_channels;
  if (bad) ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.85f, 0.2f, 0.15f, 0.55f));
  ImGui::SetNextItemWidth(font * 3);
  if (ImGui::InputInt("##c", &c, 0, 0)) {
    layer.config.out_channels = std::clamp(c, 1, kMaxChannels);
    layer.out_channels_given = true;
    changed = true;
  }
  if (bad) ImGui::PopStyleColor();
  return changed;
}

// The row's editable parameters (k, s, p, d, a, c), the erroneous one framed in red; true when one changed.
bool DrawLayerParameters(const NetworkPanelState& s, Layer& layer, int r, bool computed, Param bad) {
  const float w = ImGui::GetFontSize() * 2.3f;  // three digits; every column in view at 1280x720, 150 %
  bool changed = false;
  ImGui::TableNextColumn();
  changed |= AxisInput("##k", layer, &AxisParams::kernel, 1, bad == Param::Kernel, w);
  ImGui::TableNextColumn();
  changed |= AxisInput("##s", layer, &AxisParams::stride, 1, bad == Param::Stride, w);
  ImGui::TableNextColumn();
  changed |= DrawPaddingCell(s, layer, r, computed, bad == Param::Padding, w);
  ImGui::TableNextColumn();
  if (layer.config.op != Op::AvgPool) {
    changed |= AxisInput("##d", layer, &AxisParams::dilation, 1, bad == Param::Dilation, w);
  }
  ImGui::TableNextColumn();
  if (layer.config.op == Op::Transposed) {
    changed |= AxisInput("##a", layer, &AxisParams::output_padding, 0, bad == Param::OutputPadding, w);
    if (r < static_cast<int>(s.mirror_choices.size()) && !s.mirror_choices[static_cast<size_t>(r)].empty() &&
        ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Mirror: output sizes %s", s.mirror_choices[static_cast<size_t>(r)].c_str());
    }
  }
  ImGui::TableNextColumn();
  changed |= DrawChannelsCell(s, layer, r, computed, bad == Param::OutChannels);
  return changed;
}

// What the row's layer gives: output shape, relationship, receptive field, jump and start (or why it has none).
void DrawLayerResults(const NetworkPanelState& s, int r, bool computed, bool bad_row) {
  ImGui::TableNextColumn();
  if (computed) {
    const Config& c = s.configs[static_cast<size_t>(r)];
    ImGui::TextUnformatted(ShapeText(OutputSpatial(c), c.out_channels).c_str());
    ImGui::TableNextColumn();
    std::vector<int> rel;
    for (int a = c.first_axis(); a < 3; ++a) rel.push_back(FindRelationship(c, a).number);
    ImGui::Text("R%s", PerAxis(rel, [](int x) { return std::to_string(x); }).c_str());
    if (ImGui::IsItemHovered()) {
      const Relationship rr = FindRelationship(c, 2);
      ImGui::SetTooltip("Relationship %d: %s\n%s", rr.number, rr.formula.c_str(), rr.substituted.c_str());
    }
    const auto& f = s.fields[static_cast<size_t>(r)];
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(PerAxis(f, [](const FieldAxis& x) { return std::to_string(x.receptive_field); }).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(PerAxis(f, [](const FieldAxis& x) { return x.jump.text(); }).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(PerAxis(f, [](const FieldAxis& x) { return Number(x.start); }).c_str());
  } else {
    if (bad_row) {
      ImGui::TextColored(kErrorColour, "invalid");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.error->what());
    } else {
      ImGui::TextDisabled("-");
    }
    for (int k = 0; k < 4; ++k) ImGui::TableNextColumn();
  }
}

// The row's buttons: up, down, remove, insert a copy below.
RowAction DrawRowButtons() {
  RowAction action = RowAction::None;
  if (ImGui::SmallButton("^")) action = RowAction::Up;
  ImGui::SameLine();
  if (ImGui::SmallButton("v")) action = RowAction::Down;
  ImGui::SameLine();
  if (ImGui::SmallButton("x")) action = RowAction::Remove;
  ImGui::SameLine();
  if (ImGui::SmallButton("+")) action = RowAction::Insert;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Insert a copy below");
  return action;
}

// One layer's row of the table; returns the button pressed on it.
RowAction DrawLayerRow(App& app, NetworkPanelState& s, int r) {
  Layer& layer = s.network.layers[static_cast<size_t>(r)];
  const bool computed = r < static_cast<int>(s.configs.size());
  const bool bad_row = s.error && s.error->layer == r + 1;
  const Param bad = bad_row ? ColumnOf(s.error->parameter) : Param::None;
  ImGui::TableNextRow();
  ImGui::PushID(r);
  DrawLayerName(app, s, layer, r, computed);
  if (DrawLayerParameters(s, layer, r, computed, bad)) s.Changed();
  DrawLayerResults(s, r, computed, bad_row);
  ImGui::TableNextColumn();
  const RowAction action = DrawRowButtons();
  ImGui::PopID();
  return action;
}

// A row moved, removed or copied: the mirror's notes, the animated layer and the pin no longer apply.
void ApplyRowAction(NetworkPanelState& s, int row, RowAction action) {
  const size_t r = static_cast<size_t>(row);
  if (action == RowAction::Up) EditLayers(s.network, r, LayerEdit::Up);
  if (action == RowAction::Down) EditLayers(s.network, r, LayerEdit::Down);
  if (action == RowAction::Remove) EditLayers(s.network, r, LayerEdit::Remove);
  if (action == RowAction::Insert) EditLayers(s.network, r, LayerEdit::InsertCopy);
  s.mirror_choices.clear();
  s.selected = -1;
  s.pinned.reset();
  s.Changed();
}

void MirrorInto(NetworkPanelState& s) {
  s.mirror_note.clear();
  if (s.error || s.configs.empty()) {
    s.mirror_note = "Mirror needs a valid encoder";
    return;
  }
  std::vector<MirrorLayer> decoder;
  try {
    decoder = convarith::Mirror(s.configs);
  } catch (const NetworkError& e) {
    s.mirror_note = e.what();
    return;
  }
  s.mirror_choices.resize(s.network.layers.size());
  std::string choices;
  for (const MirrorLayer& m : decoder) {
    Layer l;
    l.config = m.config;
    l.out_channels_given = true;
    s.network.layers.push_back(l);
    std::string text;
    for (const std::vector<int>& axis : m.choices) text += (text.empty() ? "" : " / ") + Join(axis, ", ");
    s.mirror_choices.push_back("{" + text + "}");
    if (std::any_of(m.choices.begin(), m.choices.end(), [](const auto& c) { return c.size() > 1; })) {
      choices += "layer " + std::to_string(s.network.layers.size()) + " (undoes " + std::to_string(m.encoder_layer) +
                 "): sizes {" + text + "}, a picks " + Join(OutputSpatial(m.config)) + "; ";
    }
  }
  s.mirror_note = "Mirror: " + std::to_string(decoder.size()) + " transposed layers undo layers " +
                  std::to_string(decoder.size()) + "..1, back to " + Join(InputSpatial(s.network)) + ". " +
                  (choices.empty() ? "Every output_padding is 0 (one size each)." : "output_padding choices: " + choices);
  const std::string keep = s.mirror_note;
  auto kept = s.mirror_choices;
  s.Changed();
  s.mirror_note = keep;
  s.mirror_choices = kept;
}

}  // namespace

void DrawInputRow(NetworkPanelState& s) {
  Network& n = s.network;
  const float font = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Input");
  ImGui::SameLine();
  int rank = n.rank;
  ImGui::SetNextItemWidth(font * 3.5f);
  if (ImGui::Combo("##rank", &rank, "-\0" "1-D\0" "2-D\0" "3-D\0") && rank >= 1) SetNetworkRank(s, rank);
  for (int a = 3 - n.rank; a < 3; ++a) {
    ImGui::SameLine();
    ImGui::PushID(a);
    int v = n.input[static_cast<size_t>(a)];
    ImGui::SetNextItemWidth(font * 3.2f);
    if (ImGui::InputInt("##size", &v, 0, 0)) {
      n.input[static_cast<size_t>(a)] = std::clamp(v, 1, kMaxSize);
      s.Changed();
    }
    ImGui::PopID();
  }
  ImGui::SameLine();
  ImGui::TextUnformatted("channels");
  ImGui::SameLine();
  int c = n.in_channels;
  ImGui::SetNextItemWidth(font * 3.2f);
  if (ImGui::InputInt("##channels", &c, 0, 0)) {
    n.in_channels = std::clamp(c, 1, kMaxChannels);
    s.Changed();
  }
}

// The shapes down the stack at a glance: "64x64x3 → 32x32x16 → … → 64x64x3 (the input size again)".
void DrawShapes(const NetworkPanelState& s) {
  if (s.configs.empty()) return;
  std::string t = ShapeText(InputSpatial(s.network), s.configs.front().in_channels);
  for (const Config& c : s.configs) t += " \xE2\x86\x92 " + ShapeText(OutputSpatial(c), c.out_channels);
  const bool resized = std::any_of(s.configs.begin(), s.configs.end(),
                                   [&](const Config& c) { return OutputSpatial(c) != InputSpatial(s.network); });
  if (!s.error && resized && OutputSpatial(s.configs.back()) == InputSpatial(s.network)) {
    t += "   (round trip: the input size again)";
  }
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(t.c_str());
  ImGui::PopTextWrapPos();
}

void DrawTable(App& app, NetworkPanelState& s) {
  const int count = static_cast<int>(s.network.layers.size());
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("layers", 14, flags, ImVec2(0, TableHeight(count)))) return;
  ImGui::TableSetupScrollFreeze(2, 1);
  for (const char* name : {"#", "layer", "k", "s", "p", "d", "a", "c", "output", "rel.", "RF", "jump", "start", ""}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableHeadersRow();
  int action_row = -1;
  RowAction action = RowAction::None;
  ImGuiListClipper clipper;  // long stacks: only the rows in view are built
  clipper.Begin(count);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const RowAction pressed = DrawLayerRow(app, s, r);
      if (pressed != RowAction::None) action_row = r, action = pressed;
    }
  }
  s.table_scroll_x = ImGui::GetScrollMaxX();
  ImGui::EndTable();
  if (action_row >= 0) ApplyRowAction(s, action_row, action);
}

void DrawButtons(App& app, NetworkPanelState& s) {
  if (ImGui::Button("Add layer")) {
    Layer l;
    if (!s.network.layers.empty()) {
      l = s.network.layers.back();
    } else {
      SetRank(l.config, s.network.rank);
      for (AxisParams& a : l.config.spatial()) a.SetPadding(1);
      l.config.bias = true;
    }
    s.network.layers.push_back(l);
    s.Changed();
  }
  ImGui::SameLine();
  if (ImGui::Button("Mirror")) MirrorInto(s);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add the decoder of transposed convolutions that restores every size");
  const bool valid = !s.error && !s.configs.empty();
  const int current = s.selected >= 0 && s.selected < static_cast<int>(s.configs.size())
                          ? s.selected
                          : static_cast<int>(s.configs.size()) - 1;
  if (!s.configs.empty()) {
    const Config& c = s.configs[static_cast<size_t>(current)];
    const PaddingRule rule = s.network.layers[static_cast<size_t>(current)].padding_rule;
    const std::string which = "layer " + std::to_string(current + 1);
    if (ImGui::Button("Copy PyTorch")) CopyToClipboard(app, PyTorchLayerCode(c, rule), which + " as PyTorch");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", PyTorchLayerCode(c, rule).c_str());
    ImGui::SameLine();
    if (ImGui::Button("Copy Keras")) CopyToClipboard(app, KerasLayerCode(c, rule), which + " as Keras");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", KerasLayerCode(c, rule).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", which.c_str());
  }
  if (!valid) ImGui::BeginDisabled();
  if (ImGui::Button("Copy network as PyTorch")) {
    CopyToClipboard(app, WritePyTorch(s.configs, Rules(s.network, s.configs.size()), "model", s.network.pass_layers),
                    "the network as PyTorch");
  }
  KeepRect(s, "copy_pytorch");
  ImGui::SameLine();
  if (ImGui::Button("Copy network as Keras")) {
    CopyToClipboard(app, WriteKeras(s.configs, Rules(s.network, s.configs.size()), "model", s.network.pass_layers),
                    "the network as Keras");
  }
  if (!valid) ImGui::EndDisabled();
  if (!s.mirror_note.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(s.mirror_note.c_str());
    ImGui::PopTextWrapPos();
  }
}

void DrawImport(NetworkPanelState& s) {
  if (!s.import_error.empty() || !s.import_note.empty()) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  const bool open = ImGui::CollapsingHeader("Paste PyTorch / Keras code");
  KeepRect(s, "paste_header");
  if (!open) return;
  const float font = ImGui::GetFontSize();
  ImGui::InputTextMultiline("##code", s.code.data(), s.code.size(), ImVec2(-1, font * 7),
                            ImGuiInputTextFlags_AllowTabInput);
  KeepRect(s, "code");
  if (ImGui::Button("Import")) s.Import(s.code.data());
  KeepRect(s, "import");
  ImGui::SameLine();
  ImGui::TextDisabled("nn.Sequential(...) or layers.Conv2D(...) lines");
  ImGui::PushTextWrapPos(0);
  if (!s.import_error.empty()) ImGui::TextColored(kErrorColour, "%s", s.import_error.c_str());
  if (!s.import_note.empty()) ImGui::TextDisabled("%s", s.import_note.c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace convarith::app::network_parts
