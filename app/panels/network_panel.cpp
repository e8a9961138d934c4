// The Network window: a stack of layers over an input (a table edited row by row, presets, pasted PyTorch / Keras
// code), the shapes and receptive fields down the stack, the mirror decoder, code to the clipboard, and the stack
// drawing: every layer's output as a row of cells along one axis, the receptive field of a hovered or pinned cell lit
// in every layer below down to the input, a transposed stack's cells coloured by their stamp paths.
#include "panels/network_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <imgui.h>

#include "app.hpp"
#include "convarith/base/read_file.hpp"
#include "convarith/shape/arithmetic.hpp"
#include "convarith/cli/cli.hpp"
#include "convarith/network/code_io.hpp"

namespace convarith::app {
namespace {

constexpr const char* kOps[] = {"conv", "maxpool", "avgpool", "convT"};
constexpr Op kOpValues[] = {Op::Conv, Op::MaxPool, Op::AvgPool, Op::Transposed};

ImU32 Colour(Rgba c) { return IM_COL32(c.r, c.g, c.b, c.a); }
Rgba Lerp(Rgba a, Rgba b, float t) {
  auto ch = [t](uint8_t x, uint8_t y) { return static_cast<uint8_t>(std::lround(x + (y - x) * t)); };
  return {ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b), 255};
}
const ImVec4 kErrorColour{0.86f, 0.16f, 0.12f, 1.0f};

std::string Join(const std::vector<int>& v, const char* sep = "x") {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : sep) + std::to_string(x);
  return s;
}

// "32x32x16": the spatial sizes and the channels.
std::string ShapeText(const std::vector<int>& spatial, int channels) { return Join(spatial) + "x" + std::to_string(channels); }

std::string Number(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", x);
  return b;
}

template <typename T, typename F>
std::string PerAxis(const std::vector<T>& v, F text) {
  bool same = true;
  for (const T& x : v) same &= text(x) == text(v.front());
  if (same || v.empty()) return v.empty() ? "" : text(v.front());
  std::string s;
  for (const T& x : v) s += (s.empty() ? "" : ",") + text(x);
  return s;
}

std::vector<int> InputSpatial(const Network& n) {
  std::vector<int> v;
  for (int a = 3 - n.rank; a < 3; ++a) v.push_back(n.input[static_cast<size_t>(a)]);
  return v;
}

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

// The parameter columns: which error parameters they own.
const char* ColumnOf(const std::string& parameter) {
  if (parameter == "kernel_size") return "k";
  if (parameter == "stride") return "s";
  if (parameter == "padding" || parameter == "pad_before" || parameter == "pad_after") return "p";
  if (parameter == "dilation") return "d";
  if (parameter == "output_padding") return "a";
  if (parameter == "out_channels" || parameter == "in_channels" || parameter == "groups") return "c";
  return "";
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

void CopyToClipboard(App& app, const std::string& text, const std::string& what) {
  ImGui::SetClipboardText(text.c_str());
  app.ShowStatus("Copied " + what + " to the clipboard", ImGui::GetTime());
}

std::vector<PaddingRule> Rules(const Network& n, size_t count) {
  std::vector<PaddingRule> r;
  for (size_t i = 0; i < count && i < n.layers.size(); ++i) r.push_back(n.layers[i].padding_rule);
  return r;
}

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
  Network& n = s.network;
  const float font = ImGui::GetFontSize();
  const int count = static_cast<int>(n.layers.size());
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  const float row_h = ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2 + 1;
  const float height = std::min(row_h * static_cast<float>(count + 1) + ImGui::GetStyle().ScrollbarSize + 4,
                                std::max(row_h * 3.5f, std::min(row_h * 9, ImGui::GetContentRegionAvail().y * 0.4f)));
  if (!ImGui::BeginTable("layers", 14, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(2, 1);
  for (const char* name : {"#", "layer", "k", "s", "p", "d", "a", "c", "output", "rel.", "RF", "jump", "start", ""}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableHeadersRow();
  int action_row = -1, action = 0;  // 1 up, 2 down, 3 remove, 4 insert
  const float w = font * 2.6f;
  ImGuiListClipper clipper;  // long stacks: only the rows in view are built
  clipper.Begin(count);
  while (clipper.Step())
  for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
    Layer& layer = n.layers[static_cast<size_t>(r)];
    const bool computed = r < static_cast<int>(s.configs.size());
    const bool bad_row = s.error && s.error->layer == r + 1;
    const std::string bad = bad_row ? ColumnOf(s.error->parameter) : "";
    ImGui::TableNextRow();
    ImGui::PushID(r);
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
    bool changed = false;
    ImGui::TableNextColumn();
    changed |= AxisInput("##k", layer, &AxisParams::kernel, 1, bad == "k", w);
    ImGui::TableNextColumn();
    changed |= AxisInput("##s", layer, &AxisParams::stride, 1, bad == "s", w);
    ImGui::TableNextColumn();
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
      changed |= AxisInput("##p", layer, &AxisParams::pad_before, 0, bad == "p", w);
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
    ImGui::TableNextColumn();
    if (layer.config.op != Op::AvgPool) changed |= AxisInput("##d", layer, &AxisParams::dilation, 1, bad == "d", w);
    ImGui::TableNextColumn();
    if (layer.config.op == Op::Transposed) {
      changed |= AxisInput("##a", layer, &AxisParams::output_padding, 0, bad == "a", w);
      if (r < static_cast<int>(s.mirror_choices.size()) && !s.mirror_choices[static_cast<size_t>(r)].empty() &&
          ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Mirror: output sizes %s", s.mirror_choices[static_cast<size_t>(r)].c_str());
      }
    }
    ImGui::TableNextColumn();
    if (!layer.config.pooling()) {
      int c = computed ? s.configs[static_cast<size_t>(r)].out_channels : layer.config.out_channels;
      if (bad == "c") ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0.85f, 0.2f, 0.15f, 0.55f));
      ImGui::SetNextItemWidth(font * 3);
      if (ImGui::InputInt("##c", &c, 0, 0)) {
        layer.config.out_channels = std::clamp(c, 1, kMaxChannels);
        layer.out_channels_given = true;
        changed = true;
      }
      if (bad == "c") ImGui::PopStyleColor();
    }
    if (changed) s.Changed();
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
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("^")) action_row = r, action = 1;
    ImGui::SameLine();
    if (ImGui::SmallButton("v")) action_row = r, action = 2;
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) action_row = r, action = 3;
    ImGui::SameLine();
    if (ImGui::SmallButton("+")) action_row = r, action = 4;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Insert a copy below");
    ImGui::PopID();
  }
  ImGui::EndTable();
  if (action_row >= 0) {
    auto& L = n.layers;
    const size_t r = static_cast<size_t>(action_row);
    if (action == 1 && r > 0) std::swap(L[r], L[r - 1]);
    if (action == 2 && r + 1 < L.size()) std::swap(L[r], L[r + 1]);
    if (action == 3) L.erase(L.begin() + static_cast<long>(r));
    if (action == 4) L.insert(L.begin() + static_cast<long>(r) + 1, L[r]);
    s.mirror_choices.clear();
    s.selected = -1;
    s.pinned.reset();
    s.Changed();
  }
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
  } catch (const std::exception& e) {
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
    CopyToClipboard(app, WritePyTorch(s.configs, Rules(s.network, s.configs.size())), "the network as PyTorch");
  }
  ImGui::SameLine();
  if (ImGui::Button("Copy network as Keras")) {
    CopyToClipboard(app, WriteKeras(s.configs, Rules(s.network, s.configs.size())), "the network as Keras");
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
  if (!ImGui::CollapsingHeader("Paste PyTorch / Keras code")) return;
  const float font = ImGui::GetFontSize();
  ImGui::InputTextMultiline("##code", s.code.data(), s.code.size(), ImVec2(-1, font * 7),
                            ImGuiInputTextFlags_AllowTabInput);
  if (ImGui::Button("Import")) s.Import(s.code.data());
  ImGui::SameLine();
  ImGui::TextDisabled("nn.Sequential(...) or layers.Conv2D(...) lines");
  ImGui::PushTextWrapPos(0);
  if (!s.import_error.empty()) ImGui::TextColored(kErrorColour, "%s", s.import_error.c_str());
  if (!s.import_note.empty()) ImGui::TextDisabled("%s", s.import_note.c_str());
  ImGui::PopTextWrapPos();
}

// The stack: row 0 (the input) at the bottom, the last layer's output on top; every row spans the width.
void DrawStack(App& app, NetworkPanelState& s) {
  if (s.configs.empty()) return;
  const float font = ImGui::GetFontSize();
  const Network& n = s.network;
  ImGui::Separator();
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

  s.BuildView(s.view_built ? s.view_focus : s.pinned);  // the rows' sizes (they do not depend on the focus)
  const int rows = static_cast<int>(s.view.rows.size());
  const float label_w = font * 4.5f;
  // Rows fit what is left of the window above one line of text and the paste box's header (at least 0.55 font tall).
  const float below = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeightWithSpacing() +
                      ImGui::GetStyle().WindowPadding.y + 6;
  const float avail = ImGui::GetContentRegionAvail().y - below;
  const float gap = std::max(2.0f, font * 0.2f);
  const float row_h = std::clamp(avail / static_cast<float>(std::max(rows, 1)) - gap, font * 0.55f, font * 1.3f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, font * 10);
  const float height = static_cast<float>(rows) * (row_h + gap) + gap;
  ImGui::InvisibleButton("stack", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered() && !app.automation;
  const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  ImDrawList* list = ImGui::GetWindowDrawList();
  const Theme theme = app.CurrentTheme();
  const float x0 = origin.x + label_w, cells_w = width - label_w;

  // Which cell the pointer is on.
  std::optional<std::pair<int, int>> hover;
  if (hovered && mouse.x >= x0) {
    const int from_bottom = static_cast<int>((origin.y + height - gap - mouse.y) / (row_h + gap));
    if (from_bottom >= 0 && from_bottom < rows) {
      const int size = s.view.rows[static_cast<size_t>(from_bottom)].size;
      const int cell = static_cast<int>((mouse.x - x0) / cells_w * static_cast<float>(size));
      if (cell >= 0 && cell < size) hover = std::make_pair(from_bottom, cell);
    }
  }
  if (clicked) {
    if (hover && s.pinned == hover) {
      s.pinned.reset();
    } else if (hover) {
      s.pinned = hover;
    } else if (hovered && mouse.x < x0) {  // a row's label: animate that layer
      const int from_bottom = static_cast<int>((origin.y + height - gap - mouse.y) / (row_h + gap));
      if (from_bottom >= 1 && from_bottom < rows) {
        s.selected = from_bottom - 1;
        AnimateNetworkLayer(app, s.selected);
      }
    }
  }
  const auto focus = s.pinned ? s.pinned : hover;
  s.BuildView(focus);

  for (int r = 0; r < rows; ++r) {
    const StackRow& row = s.view.rows[static_cast<size_t>(r)];
    const float y0 = origin.y + height - gap - static_cast<float>(r + 1) * (row_h + gap) + gap;
    const std::string label = (r == 0 ? std::string("in ") : std::to_string(r) + "  ") + std::to_string(row.size);
    const bool selected_row = r == s.selected + 1 && r > 0;
    list->AddText({origin.x + 2, y0 + (row_h - font) * 0.5f},
                  selected_row ? Colour(theme.output_current) : ImGui::GetColorU32(ImGuiCol_Text), label.c_str());
    if (row.size <= 0) continue;
    const float cw = cells_w / static_cast<float>(row.size);
    const Rgba base = r == 0 ? theme.input : theme.output_done;
    auto cell_colour = [&](int c) {
      const size_t i = static_cast<size_t>(c);
      if (s.view.focus && s.view.focus->first == r && s.view.focus->second == c) return theme.output_current;
      if (row.weight[i] > 0) return theme.highlight;
      if (!s.view.transposed || r <= s.view.first_stamped) return base;
      if (row.paths[i] <= 0) return theme.uncovered;
      return Lerp(theme.overlap_low, theme.overlap_high,
                  row.max_paths > 0 ? static_cast<float>(row.paths[i] / row.max_paths) : 0.0f);
    };
    if (cw >= 1.0f) {
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
    } else {  // more cells than pixels: each pixel column shows the most telling cell it covers
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
        list->AddRectFilled({a, y0}, {a + 1, y0 + row_h}, Colour(cell_colour(pick)));
      }
    }
  }
  // What the focus means, in words.
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

void NetworkPanelState::Update() {
  if (!dirty) return;
  dirty = false;
  view_built = false;
  error.reset();
  configs.clear();
  fields.clear();
  if (pinned && pinned->first > static_cast<int>(network.layers.size())) pinned.reset();
  if (network.layers.empty()) return;
  try {
    configs = Propagate(network);
  } catch (const NetworkError& e) {
    error = e;
    if (e.layer >= 2) {
      Network prefix = network;
      prefix.layers.resize(static_cast<size_t>(std::min<int>(e.layer - 1, static_cast<int>(network.layers.size()))));
      try {
        configs = Propagate(prefix);
      } catch (const std::exception&) {
        configs.clear();
      }
    }
  } catch (const std::exception& e) {
    error = NetworkError(0, 0, "", e.what());
  }
  try {
    if (!configs.empty()) fields = ReceptiveFields(configs);
  } catch (const std::exception&) {
    fields.clear();
    configs.clear();
  }
  if (selected >= static_cast<int>(configs.size())) selected = -1;
}

void NetworkPanelState::BuildView(std::optional<std::pair<int, int>> focus) {
  if (view_built && focus == view_focus) return;
  view = BuildStackView(configs, Axis(), focus);
  view_focus = focus;
  view_built = true;
}

bool NetworkPanelState::LoadPreset(const std::string& name) {
  auto n = NetworkPreset(name);
  if (!n) return false;
  network = *n;
  Changed();
  preset = name;
  selected = -1;
  pinned.reset();
  mirror_choices.clear();
  mirror_note.clear();
  import_error.clear();
  import_note.clear();
  return true;
}

bool NetworkPanelState::Import(const std::string& text) {
  import_error.clear();
  import_note.clear();
  const bool keras = text.find("keras") != std::string::npos || text.find("layers.") != std::string::npos;
  Network n;
  try {
    n = keras ? ReadKeras(text) : ReadPyTorch(text);
  } catch (const NetworkError& e) {
    const std::string what = e.what();
    import_error = (e.line > 0 && what.find("line") == std::string::npos ? "line " + std::to_string(e.line) + ": " : "") + what;
    return false;
  } catch (const std::exception& e) {
    import_error = e.what();
    return false;
  }
  if (n.layers.empty()) {
    import_error = "no layers found (nn.Sequential(...) of nn.Conv2d, nn.MaxPool2d, ... or Keras layers.Conv2D lines)";
    return false;
  }
  std::string filled;
  for (int a = 3 - n.rank; a < 3; ++a) {
    if (n.input[static_cast<size_t>(a)] > 0) continue;
    const int from = network.rank == n.rank ? network.input[static_cast<size_t>(a)] : network.input[2];
    n.input[static_cast<size_t>(a)] = std::max(from, 1);
    filled = "the code gives no input size: " + Join(InputSpatial(n)) + " (edit it above)";
  }
  network = n;
  Changed();
  selected = -1;
  pinned.reset();
  mirror_choices.clear();
  mirror_note.clear();
  std::string passed;
  for (const std::string& p : n.passed_through) passed += (passed.empty() ? "" : ", ") + p;
  import_note = "Imported " + std::to_string(n.layers.size()) + " layers (" + (keras ? "Keras" : "PyTorch") + ")";
  if (!passed.empty()) import_note += "; passed through: " + passed;
  if (!filled.empty()) import_note += "; " + filled;
  return true;
}

void AnimateNetworkLayer(App& app, int index) {
  NetworkPanelState& s = app.network;
  s.Update();
  if (index < 0 || index >= static_cast<int>(s.configs.size())) return;
  Config c = s.configs[static_cast<size_t>(index)];
  std::string note;
  if (c.in_channels > kMaxAppChannels || c.out_channels > kMaxAppChannels) {
    note = "channels " + std::to_string(c.in_channels) + " -> " + std::to_string(c.out_channels) +
           " shown as " + std::to_string(std::min(c.in_channels, kMaxAppChannels)) + " -> " +
           std::to_string(std::min(c.out_channels, kMaxAppChannels)) + " (the app draws up to " +
           std::to_string(kMaxAppChannels) + " maps)";
    c.in_channels = std::min(c.in_channels, kMaxAppChannels);
    c.out_channels = c.pooling() ? c.in_channels : std::min(c.out_channels, kMaxAppChannels);
    if (c.in_channels % c.groups != 0 || c.out_channels % c.groups != 0) c.groups = 1;
  }
  Params& p = app.params;
  p.config = c;
  p.fill = Fill::Ramp;
  p.kernel_preset = KernelPreset::Ones;
  p.input = Tensor();
  p.weight = Tensor();
  p.bias = Tensor();
  p.input_custom = p.kernel_custom = false;
  p.input_source.clear();
  p.kernel_source.clear();
  p.input_edited = p.kernel_edited = p.input_resized = p.kernel_resized = false;
  const auto sp = c.spatial();
  p.link_axes = std::all_of(sp.begin(), sp.end(), [&](const AxisParams& a) { return a == sp[0]; });
  p.asymmetric = std::any_of(sp.begin(), sp.end(), [](const AxisParams& a) { return !a.symmetric(); });
  app.playback.step = 0;
  app.Changed();
  app.canvas.Fit();
  if (auto e = ValidateForApp(c)) note += (note.empty() ? "" : "; ") + e->message;
  s.animate_note = "Layer " + std::to_string(index + 1) + " on the canvas" + (note.empty() ? "" : ": " + note);
}

void DrawNetworkWindow(App& app, bool* open) {
  NetworkPanelState& s = app.network;
  s.Update();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  const ImVec2 size{std::min(vp->WorkSize.x * 0.62f, font * 50), vp->WorkSize.y * 0.86f};
  ImGui::SetNextWindowPos({vp->WorkPos.x + (vp->WorkSize.x - size.x) * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.06f},
                          ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(size, ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Network", open)) {
    ImGui::End();
    return;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Presets");
  for (const std::string& name : NetworkPresetNames()) {
    ImGui::SameLine();
    const bool current = s.preset == name;
    if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button(name.c_str())) s.LoadPreset(name);
    if (current) ImGui::PopStyleColor();
  }
  DrawInputRow(s);
  s.Update();
  DrawShapes(s);
  DrawTable(app, s);
  s.Update();
  if (s.error) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kErrorColour, "%s", s.error->what());
    ImGui::PopTextWrapPos();
  }
  if (!s.animate_note.empty()) ImGui::TextDisabled("%s", s.animate_note.c_str());
  DrawButtons(app, s);
  s.Update();
  DrawStack(app, s);
  DrawImport(s);
  ImGui::End();
}

std::string NetworkStateJson(const NetworkPanelState& s) {
  std::ostringstream out;
  std::string error = s.error ? s.error->what() : s.import_error;
  for (char& ch : error) {
    if (ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20) ch = '\'';
  }
  int lit = 0;
  if (!s.view.rows.empty()) {
    for (double w : s.view.rows.front().weight) lit += w > 0;
  }
  out << "{\"layers\": " << s.network.layers.size() << ", \"valid\": " << (s.error ? "false" : "true")
      << ", \"output\": \"" << (s.configs.empty() ? std::string() : Join(OutputSpatial(s.configs.back())))
      << "\", \"error\": \"" << error << "\", \"lit_inputs\": " << lit << ", \"selected\": " << s.selected << "}";
  return out.str();
}

std::optional<int> ApplyNetworkCommandLine(App& app, const cli::AppArgs& args, bool automation) {
  NetworkPanelState& s = app.network;
  auto fail = [&](const std::string& message) -> std::optional<int> {
    std::cerr << "convarith: " << message << "\n";
    if (automation) return cli::kExitUsage;
    return std::nullopt;
  };
  bool any = false;
  if (!args.network.empty()) {
    any = true;
    if (args.network != "open" && !s.LoadPreset(args.network)) {
      std::string names;
      for (const std::string& n : NetworkPresetNames()) names += (names.empty() ? "" : ", ") + n;
      return fail("--network " + args.network + ": unknown network preset (" + names + ", or open)");
    }
  }
  if (!args.network_layers.empty()) {
    any = true;
    try {
      const int rank = std::max(1, std::min(SpecRankHint(args.network_layers) > 1 ? SpecRankHint(args.network_layers) : 2, 3));
      Network n = ParseLayerSpec(args.network_layers, rank);
      n.input = s.network.input;
      n.in_channels = s.network.in_channels;
      if (n.rank != s.network.rank) {
        for (int a = 0; a < 3; ++a) n.input[static_cast<size_t>(a)] = a < 3 - n.rank ? 1 : s.network.input[2];
      }
      s.network = n;
      s.Changed();
    } catch (const std::exception& e) {
      return fail(std::string("--network-layers: ") + e.what());
    }
  }
  if (!args.network_input.empty()) {
    any = true;
    try {
      const std::vector<int> v = cli::ParseSizes(args.network_input, "--network-input");
      for (int a = 3 - s.network.rank, n = 0; a < 3; ++a, ++n) {
        s.network.input[static_cast<size_t>(a)] = v[std::min(static_cast<size_t>(n), v.size() - 1)];
      }
      s.Changed();
    } catch (const std::exception& e) {
      return fail(e.what());
    }
  }
  if (!args.network_import.empty()) {
    any = true;
    std::string code;
    try {
      code = ReadCodeFile(args.network_import, "--network-import").substr(0, s.code.size() - 1);
    } catch (const ReadError& e) {
      return fail(e.what());
    }
    std::fill(s.code.begin(), s.code.end(), '\0');
    std::copy(code.begin(), code.end(), s.code.begin());
    s.Import(code);  // an error shows inline, as it would after a paste
  }
  if (!args.network_pin.empty()) {
    any = true;
    int row = 0, cell = 0;
    char extra = 0;
    if (std::sscanf(args.network_pin.c_str(), "%d,%d%c", &row, &cell, &extra) != 2 || row < 0 || cell < 0) {
      return fail("--network-pin " + args.network_pin + ": expected LAYER,INDEX (layer 0: the input)");
    }
    s.pinned = std::make_pair(row, cell);
  }
  if (args.network_layer > 0) {
    any = true;
    s.selected = args.network_layer - 1;
    AnimateNetworkLayer(app, s.selected);
  }
  if (any) app.windows.network = true;
  s.Update();
  return std::nullopt;
}

}  // namespace convarith::app
