// Remembering the last configuration between runs: settings.json (nlohmann-json) beside ImGui's imgui.ini layout.
#include "settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "convarith/base/read_file.hpp"

namespace convarith::app {
namespace {

using nlohmann::json;

constexpr int kVersion = 2;

// Reads `key` into `out` when present and of the right type; anything else leaves `out` as it was.
template <typename T>
void Read(const json& object, const char* key, T& out) {
  if (!object.is_object()) return;
  const auto it = object.find(key);
  if (it == object.end()) return;
  try {
    out = it->get<T>();
  } catch (const json::exception&) {
  }
}

json AxisToJson(const AxisParams& a) {
  return {{"i", a.input},           {"k", a.kernel},          {"s", a.stride},          {"p", a.pad_before},
          {"p_after", a.pad_after}, {"d", a.dilation},        {"a", a.output_padding}};
}

// Version 1 files have "p" only (both sides); version 2 adds "p_after".
void AxisFromJson(const json& j, AxisParams& a) {
  Read(j, "i", a.input);
  Read(j, "k", a.kernel);
  Read(j, "s", a.stride);
  int p = a.pad_before;
  Read(j, "p", p);
  a.SetPadding(p);
  Read(j, "p_after", a.pad_after);
  Read(j, "d", a.dilation);
  Read(j, "a", a.output_padding);
  for (int* v : {&a.input, &a.kernel, &a.stride, &a.pad_before, &a.pad_after, &a.dilation, &a.output_padding}) {
    *v = std::clamp(*v, -kMaxSize, kMaxSize);
  }
}

json TensorToJson(const Tensor& t) { return {{"shape", t.shape()}, {"values", t.values()}}; }

// {"shape": [...], "values": [...]} with as many numbers as the shape holds, at most `max_rank` dimensions; or, as
// version 1 wrote the input and the kernel, a rectangular 2-D array (a single map or kernel). Nothing otherwise.
std::optional<Tensor> TensorFromJson(const json& j, size_t max_rank) {
  if (j.is_object()) {
    std::vector<int> dims;
    const auto shape = j.find("shape");
    const auto values = j.find("values");
    if (shape == j.end() || values == j.end() || !shape->is_array() || !values->is_array()) return std::nullopt;
    if (shape->size() > max_rank) return std::nullopt;
    for (const json& d : *shape) {
      if (!d.is_number_integer() || d.get<long long>() < 1 || d.get<long long>() > kMaxSize) return std::nullopt;
      dims.push_back(d.get<int>());
    }
    if (ElementCount(dims) > kMaxElements || static_cast<long long>(values->size()) != ElementCount(dims)) {
      return std::nullopt;
    }
    std::vector<double> data;
    data.reserve(values->size());
    for (const json& v : *values) {
      if (!v.is_number()) return std::nullopt;
      data.push_back(v.get<double>());
    }
    return Tensor(std::move(dims), std::move(data));
  }
  if (!j.is_array() || j.empty() || !j[0].is_array() || j[0].empty()) return std::nullopt;
  const int rows = static_cast<int>(j.size());
  const int cols = static_cast<int>(j[0].size());
  if (rows > kMaxAppCells || cols > kMaxAppCells) return std::nullopt;
  Tensor t({rows, cols});
  for (int r = 0; r < rows; ++r) {
    const json& row = j[static_cast<size_t>(r)];
    if (!row.is_array() || static_cast<int>(row.size()) != cols) return std::nullopt;
    for (int c = 0; c < cols; ++c) {
      const json& v = row[static_cast<size_t>(c)];
      if (!v.is_number()) return std::nullopt;
      t[static_cast<size_t>(r * cols + c)] = v.get<double>();
    }
  }
  return t;
}

}  // namespace

std::filesystem::path ConfigDirectory() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && xdg[0] == '/') {
    return std::filesystem::path(xdg) / "convarith";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && home[0] != '\0') {
    return std::filesystem::path(home) / ".config" / "convarith";
  }
  return {};
}

namespace {

// The operation: op, rank, axes, channels, bias, modes.
void ReadConfig(const json& root, App& app) {
  if (const auto it = root.find("config"); it != root.end() && it->is_object()) {
    Config& c = app.params.config;
    std::string op;
    Read(*it, "op", op);
    if (auto parsed = ParseOp(op)) c.op = *parsed;
    int rank = c.rank;
    Read(*it, "rank", rank);  // version 1: always 2
    if (rank >= 1 && rank <= kMaxRank && rank != c.rank) SetRank(c, rank);
    const char* names[] = {"depth", "height", "width"};
    for (int axis = c.first_axis(); axis < 3; ++axis) {
      if (auto a = it->find(names[axis]); a != it->end()) AxisFromJson(*a, c.axes[static_cast<size_t>(axis)]);
    }
    Read(*it, "in_channels", c.in_channels);
    Read(*it, "out_channels", c.out_channels);
    Read(*it, "groups", c.groups);
    for (int* v : {&c.in_channels, &c.out_channels, &c.groups}) *v = std::clamp(*v, 0, kMaxChannels);
    Read(*it, "bias", c.bias);
    std::string mode;
    Read(*it, "padding_mode", mode);
    if (auto m = ParsePaddingMode(mode)) c.padding_mode = *m;
    Read(*it, "ceil_mode", c.ceil_mode);
    Read(*it, "count_include_pad", c.count_include_pad);
  }
}

// The values and how they were made (fills, presets, stored tensors).
void ReadParams(const json& root, App& app) {
  Params& p = app.params;
  Read(root, "link_axes", p.link_axes);
  const auto sp = p.config.spatial();
  if (p.link_axes && !std::all_of(sp.begin(), sp.end(), [&](const AxisParams& a) { return a == sp[0]; })) {
    p.link_axes = false;
  }
  Read(root, "asymmetric_padding", p.asymmetric);
  if (std::any_of(sp.begin(), sp.end(), [](const AxisParams& a) { return !a.symmetric(); })) p.asymmetric = true;
  std::string fill;
  Read(root, "fill", fill);
  if (auto f = ParseFill(fill)) p.fill = *f;
  Read(root, "seed", p.seed);
  std::string kernel_preset;
  Read(root, "kernel_preset", kernel_preset);
  if (auto k = ParseKernelPreset(kernel_preset)) p.kernel_preset = *k;
  Read(root, "preset", p.preset);
  // Stored values come back in the canonical layout; Recompute then fits them to the configuration's shapes (keeping
  // them where they fit when they are custom, refilling otherwise). Version 1 stored one 2-D input and kernel.
  Read(root, "input_custom", p.input_custom);
  Read(root, "kernel_custom", p.kernel_custom);
  Read(root, "input_source", p.input_source);
  Read(root, "kernel_source", p.kernel_source);
  Read(root, "input_edited", p.input_edited);
  Read(root, "kernel_edited", p.kernel_edited);
  Read(root, "input_resized", p.input_resized);
  Read(root, "kernel_resized", p.kernel_resized);
  // Without stored values a plain fill or kernel preset is made from its name (at the configuration's shape).
  if (root.find("input") == root.end() && !p.input_custom) p.input = Tensor();
  if (root.find("weight") == root.end() && root.find("kernel") == root.end() && !p.kernel_custom) p.weight = Tensor();
  if (auto it = root.find("input"); it != root.end()) {
    if (auto t = TensorFromJson(*it, 4)) {
      if (t->rank() == 2) t->Reshape({1, 1, t->dim(0), t->dim(1)});
      if (t->rank() == 4) p.input = std::move(*t);
    }
  }
  const auto weight = root.find("weight") != root.end() ? root.find("weight") : root.find("kernel");
  if (weight != root.end()) {
    if (auto t = TensorFromJson(*weight, 5)) {
      if (t->rank() == 2) t->Reshape({1, 1, 1, t->dim(0), t->dim(1)});
      if (t->rank() == 5) p.weight = std::move(*t);
    }
  }
  if (auto it = root.find("bias"); it != root.end()) {
    if (auto t = TensorFromJson(*it, 1); t && t->rank() == 1) p.bias = std::move(*t);
  }
}

// Display options, playback and the open windows.
void ReadDisplay(const json& root, App& app) {
  if (const auto it = root.find("display"); it != root.end()) {
    DisplayOptions& d = app.display;
    Read(*it, "numbers", d.numbers);
    Read(*it, "labels", d.labels);
    Read(*it, "legend", d.legend);
    Read(*it, "equation", d.equation);
    Read(*it, "caption", d.caption);
    Read(*it, "kernel_panel", d.kernel_panel);
    Read(*it, "overlap_panel", d.overlap_panel);
    Read(*it, "overlap_from_preset", d.overlap_from_preset);
    Read(*it, "show_equivalent", d.show_equivalent);
    Read(*it, "show_scatter", d.show_scatter);
    Read(*it, "show_associated", d.show_associated);
    std::string lead;
    Read(*it, "lead_view", lead);
    if (auto v = ParseView(lead)) d.lead_view = *v;
    Read(*it, "dark", d.dark);
    Read(*it, "ui_scale", d.ui_scale);
    Read(*it, "presentation", d.presentation);
    std::string colour_by;
    Read(*it, "colour_by", colour_by);
    if (const auto mode = ParseColourBy(colour_by)) {
      d.colour_by = *mode;
      d.colour_chosen = true;
    }
    std::string channels;
    Read(*it, "channels", channels);
    if (const auto layout = ParseChannelLayout(channels)) d.channel_layout = *layout;
    Read(*it, "symbols", d.symbols);
    std::string pass, grad_fill, grad;
    Read(*it, "pass", pass);
    Read(*it, "grad_fill", grad_fill);
    Read(*it, "grad", grad);
    if (const auto target = ParseGradTarget(grad)) app.params.grad = *target;
    app.params.backward = ParsePass(pass) == Pass::Backward;
    if (const auto fill = ParseFill(grad_fill); fill == Fill::Ones || fill == Fill::Random) app.params.grad_fill = *fill;
    d.ui_scale = std::clamp(d.ui_scale, 0.5f, 3.0f);
  }
  if (const auto it = root.find("playback"); it != root.end()) {
    Read(*it, "step", app.playback.step);
    Read(*it, "speed", app.playback.speed);
    Read(*it, "loop", app.playback.loop);
    app.playback.step = std::max(app.playback.step, 0);
    app.playback.speed = std::clamp(app.playback.speed, 0.25f, 20.0f);
  }
  if (const auto it = root.find("windows"); it != root.end()) {
    Read(*it, "parameters", app.windows.parameters);
    Read(*it, "arithmetic", app.windows.arithmetic);
    Read(*it, "matrix", app.windows.matrix);
    Read(*it, "unfolded", app.matrix.unfolded);
    Read(*it, "network", app.windows.network);
    Read(*it, "upsampling", app.windows.upsampling);
  }
}

json PassLayersToJson(const std::vector<PassLayer>& layers) {
  json out = json::array();
  for (const PassLayer& p : layers) out.push_back({{"before", p.before}, {"name", p.name}, {"code", p.code}, {"keras", p.keras}});
  return out;
}

// An imported network's pass-through layers (ReLU, BatchNorm, ...) for code out; any entry out of place is dropped.
std::vector<PassLayer> PassLayersFromJson(const json& network, size_t layer_count) {
  std::vector<PassLayer> out;
  const auto it = network.find("pass_layers");
  if (it == network.end() || !it->is_array()) return out;
  constexpr size_t kMaxCode = 256;
  for (const json& j : *it) {
    PassLayer p;
    p.before = -1;
    Read(j, "before", p.before);
    Read(j, "name", p.name);
    Read(j, "code", p.code);
    Read(j, "keras", p.keras);
    const bool fits = p.before >= 0 && static_cast<size_t>(p.before) <= layer_count && !p.name.empty() &&
                      p.name.size() <= kMaxCode && p.code.size() <= kMaxCode;
    if (fits && out.size() < 4 * layer_count + 16) out.push_back(p);
  }
  return out;
}

void ReadNetwork(const json& root, App& app) {
  // The Network window's stack (absent from older files: the panel keeps its preset). A spec that no longer reads is
  // ignored, like any other bad value.
  if (const auto it = root.find("network"); it != root.end() && it->is_object()) {
    int rank = 2, in_channels = 1;
    std::string spec, preset;
    std::vector<int> input;
    Read(*it, "rank", rank);
    Read(*it, "layers", spec);
    Read(*it, "input", input);
    Read(*it, "in_channels", in_channels);
    Read(*it, "preset", preset);
    if (rank < 1 || rank > kMaxRank || input.size() != 3) return;
    try {
      Network n = spec.empty() ? Network{} : ParseLayerSpec(spec, rank);
      n.rank = rank;
      for (size_t a = 0; a < 3; ++a) n.input[a] = std::clamp(input[a], 1, kMaxSize);
      n.in_channels = std::clamp(in_channels, 0, kMaxChannels);
      n.pass_layers = PassLayersFromJson(*it, n.layers.size());
      app.network.network = n;
      app.network.Changed();
      app.network.preset = preset;
      Read(*it, "axis", app.network.axis);
    } catch (const NetworkError&) {
    }
  }
}

void ReadWindow(const json& root, StoredWindow& window) {
  if (const auto it = root.find("window"); it != root.end()) {
    Read(*it, "width", window.width);
    Read(*it, "height", window.height);
    Read(*it, "fullscreen", window.fullscreen);
    window.width = std::clamp(window.width, 640, 8192);
    window.height = std::clamp(window.height, 480, 8192);
  }
}

}  // namespace

std::string LoadSettings(const std::filesystem::path& file, App& app, StoredWindow& window) {
  std::error_code missing;
  if (!std::filesystem::exists(file, missing)) return "";
  std::string text;
  try {
    // The bounded reader: a link to /dev/zero, a FIFO or a huge file is refused before it is read.
    text = ReadFileBounded(file.string(), {"settings", kMaxSettingsBytes, true});
  } catch (const ReadError& e) {
    return std::string("ignoring ") + e.what() + " (using the defaults)";
  }
  const json root = json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return "ignoring " + file.string() + ": not valid JSON (using the defaults)";
  }
  ReadConfig(root, app);
  ReadParams(root, app);
  ReadDisplay(root, app);
  ReadNetwork(root, app);
  ReadWindow(root, window);
  return "";
}

std::string SaveSettings(const std::filesystem::path& file, const App& app, const StoredWindow& window) {
  const Config& c = app.params.config;
  const DisplayOptions& d = app.display;
  json root = {
      {"version", kVersion},
      {"config",
       {{"op", std::string(OpName(c.op))},
        {"rank", c.rank},
        {"depth", AxisToJson(c.depth())},
        {"height", AxisToJson(c.height())},
        {"width", AxisToJson(c.width())},
        {"in_channels", c.in_channels},
        {"out_channels", c.out_channels},
        {"groups", c.groups},
        {"bias", c.bias},
        {"padding_mode", std::string(PaddingModeName(c.padding_mode))},
        {"ceil_mode", c.ceil_mode},
        {"count_include_pad", c.count_include_pad}}},
      {"link_axes", app.params.link_axes},
      {"asymmetric_padding", app.params.asymmetric},
      {"fill", std::string(FillName(app.params.fill))},
      {"seed", app.params.seed},
      {"kernel_preset", std::string(KernelPresetName(app.params.kernel_preset))},
      {"preset", app.params.preset},
      {"input", TensorToJson(app.params.input)},
      {"input_custom", app.params.input_custom},
      {"kernel_custom", app.params.kernel_custom},
      {"input_source", app.params.input_source},
      {"kernel_source", app.params.kernel_source},
      {"input_edited", app.params.input_edited},
      {"kernel_edited", app.params.kernel_edited},
      {"input_resized", app.params.input_resized},
      {"kernel_resized", app.params.kernel_resized},
      {"weight", TensorToJson(app.params.weight)},
      {"bias", TensorToJson(app.params.bias)},
      {"display",
       {{"numbers", d.numbers},
        {"labels", d.labels},
        {"legend", d.legend},
        {"equation", d.equation},
        {"caption", d.caption},
        {"kernel_panel", d.kernel_panel},
        {"overlap_panel", d.overlap_panel},
        {"overlap_from_preset", d.overlap_from_preset},
        {"show_equivalent", d.show_equivalent},
        {"show_scatter", d.show_scatter},
        {"show_associated", d.show_associated},
        {"lead_view", std::string(ViewName(d.lead_view))},
        {"dark", d.dark},
        {"ui_scale", d.ui_scale},
        {"presentation", d.presentation},
        {"colour_by", d.colour_chosen ? std::string(ColourByName(d.colour_by)) : std::string()},
        {"channels", std::string(ChannelLayoutName(d.channel_layout))},
        {"symbols", d.symbols},
        {"pass", std::string(PassName(app.params.backward ? Pass::Backward : Pass::Forward))},
        {"grad_fill", std::string(FillName(app.params.grad_fill))},
        {"grad", std::string(GradTargetName(app.params.grad))}}},
      {"playback", {{"step", app.playback.step}, {"speed", app.playback.speed}, {"loop", app.playback.loop}}},
      {"windows",
       {{"parameters", app.windows.parameters},
        {"arithmetic", app.windows.arithmetic},
        {"matrix", app.windows.matrix},
        {"unfolded", app.matrix.unfolded},
        {"network", app.windows.network},
        {"upsampling", app.windows.upsampling}}},
      {"network",
       {{"rank", app.network.network.rank},
        {"input", app.network.network.input},
        // The channels the stack takes in (an imported network names them only in its first layer, which the spec
        // does not keep): 3 after a restart for a 3-channel nn.Sequential.
        {"in_channels", app.network.configs.empty() ? app.network.network.in_channels
                                                    : app.network.configs.front().in_channels},
        {"layers", NetworkSpecText(app.network.network)},
        {"pass_layers", PassLayersToJson(app.network.network.pass_layers)},
        {"preset", app.network.preset},
        {"axis", app.network.axis}}},
      {"window", {{"width", window.width}, {"height", window.height}, {"fullscreen", window.fullscreen}}},
  };
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  const std::filesystem::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) return "cannot write " + temporary.string();
    out << root.dump(2) << "\n";
    if (!out) return "cannot write " + temporary.string();
  }
  std::filesystem::rename(temporary, file, ec);
  if (ec) return "cannot replace " + file.string() + ": " + ec.message();
  return "";
}

}  // namespace convarith::app
