// The Network window: its state (propagated when edited), the window's summary, a layer put on the canvas, the
// command-line options that open it and its state for tests. The layer table is in network_table.cpp, the stack
// drawing in network_stack.cpp.
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

#include "panels/network_parts.hpp"

namespace convarith::app {

using namespace network_parts;

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
      } catch (const NetworkError&) {
        configs.clear();
      }
    }
  }
  try {
    if (!configs.empty()) fields = ReceptiveFields(configs);
  } catch (const NetworkError&) {
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
  PutLayerOnCanvas(app, c);
  if (auto e = ValidateForApp(c)) note += (note.empty() ? "" : "; ") + e->message;
  s.animate_note = "Layer " + std::to_string(index + 1) + " on the canvas" + (note.empty() ? "" : ": " + note);
}

void PutLayerOnCanvas(App& app, const Config& c) {
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
}

namespace {
// A position remembered on a larger screen moves back onto this one: the whole window inside the work area.
void KeepInsideWorkArea(const ImGuiViewport* vp, NetworkPanelState& s) {
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  const float x1 = vp->WorkPos.x + vp->WorkSize.x - size.x, y1 = vp->WorkPos.y + vp->WorkSize.y - size.y;
  const ImVec2 inside{std::clamp(pos.x, vp->WorkPos.x, std::max(vp->WorkPos.x, x1)),
                      std::clamp(pos.y, vp->WorkPos.y, std::max(vp->WorkPos.y, y1))};
  if (inside.x != pos.x || inside.y != pos.y) ImGui::SetWindowPos(inside);
  s.window_rect = {inside.x, inside.y, inside.x + size.x, inside.y + size.y};
}
}  // namespace

void DrawNetworkWindow(App& app, bool* open) {
  NetworkPanelState& s = app.network;
  s.Update();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  // Wide enough for every column of the table (the output and the receptive field without scrolling), within the
  // screen: about 52 font sizes (1040 px at 150 %), up to 96 % of a projector's 1280 px.
  const ImVec2 size{std::min(vp->WorkSize.x * 0.96f, font * 52), vp->WorkSize.y * 0.86f};
  // View › Reset layout places it again; a size remembered on a larger screen is clamped to this one's work area.
  const ImGuiCond cond = app.requests.reset_layout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos({vp->WorkPos.x + (vp->WorkSize.x - size.x) * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.06f},
                          cond);
  ImGui::SetNextWindowSize(size, cond);
  ImGui::SetNextWindowSizeConstraints(ImVec2(std::min(font * 12, vp->WorkSize.x), std::min(font * 8, vp->WorkSize.y)),
                                      vp->WorkSize);
  s.control_rects.clear();
  if (!ImGui::Begin("Network", open)) {
    s.window_rect = {};
    ImGui::End();
    return;
  }
  KeepInsideWorkArea(vp, s);
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
      << "\", \"error\": \"" << error << "\", \"lit_inputs\": " << lit << ", \"selected\": " << s.selected
      << ", \"window\": [" << s.window_rect[0] << ", " << s.window_rect[1] << ", " << s.window_rect[2] << ", "
      << s.window_rect[3] << "], \"controls\": {";
  for (const auto& [name, r] : s.control_rects) {
    out << (name == s.control_rects.begin()->first ? "\"" : ", \"") << name << "\": [" << r[0] << ", " << r[1] << ", "
        << r[2] << ", " << r[3] << "]";
  }
  out << "}, \"table_scroll_x\": " << s.table_scroll_x
      << ", \"in_channels\": " << (s.configs.empty() ? s.network.in_channels : s.configs.front().in_channels)
      << ", \"pass_layers\": " << s.network.pass_layers.size() << "}";
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
    } catch (const NetworkError& e) {
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
    } catch (const cli::UsageError& e) {
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
