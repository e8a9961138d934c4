// Remembering the last configuration between runs: settings.json (nlohmann-json) beside ImGui's imgui.ini layout.
#include "settings.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app.hpp"

namespace convarith::app {
namespace {

using nlohmann::json;

constexpr int kVersion = 1;

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
  return {{"i", a.input}, {"k", a.kernel}, {"s", a.stride}, {"p", a.padding}, {"d", a.dilation},
          {"a", a.output_padding}};
}

void AxisFromJson(const json& j, AxisParams& a) {
  Read(j, "i", a.input);
  Read(j, "k", a.kernel);
  Read(j, "s", a.stride);
  Read(j, "p", a.padding);
  Read(j, "d", a.dilation);
  Read(j, "a", a.output_padding);
  for (int* v : {&a.input, &a.kernel, &a.stride, &a.padding, &a.dilation, &a.output_padding}) {
    *v = std::clamp(*v, -kMaxSize, kMaxSize);
  }
}

json GridToJson(const Grid& g) {
  json rows = json::array();
  for (int r = 0; r < g.rows; ++r) {
    json row = json::array();
    for (int c = 0; c < g.cols; ++c) row.push_back(g.at(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

// A rectangular grid of numbers, or nothing.
std::optional<Grid> GridFromJson(const json& j) {
  if (!j.is_array() || j.empty() || !j[0].is_array() || j[0].empty()) return std::nullopt;
  const int rows = static_cast<int>(j.size());
  const int cols = static_cast<int>(j[0].size());
  if (rows > kMaxAppCells || cols > kMaxAppCells) return std::nullopt;
  Grid g(rows, cols);
  for (int r = 0; r < rows; ++r) {
    const json& row = j[static_cast<size_t>(r)];
    if (!row.is_array() || static_cast<int>(row.size()) != cols) return std::nullopt;
    for (int c = 0; c < cols; ++c) {
      const json& v = row[static_cast<size_t>(c)];
      if (!v.is_number()) return std::nullopt;
      g.at(r, c) = v.get<double>();
    }
  }
  return g;
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

std::string LoadSettings(const std::filesystem::path& file, App& app, StoredWindow& window) {
  std::ifstream in(file);
  if (!in) return "";
  std::stringstream text;
  text << in.rdbuf();
  const json root = json::parse(text.str(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return "ignoring " + file.string() + ": not valid JSON (using the defaults)";
  }

  if (const auto it = root.find("config"); it != root.end() && it->is_object()) {
    Config& c = app.params.config;
    std::string op;
    Read(*it, "op", op);
    if (auto parsed = ParseOp(op)) c.op = *parsed;
    if (auto h = it->find("height"); h != it->end()) AxisFromJson(*h, c.axes[kHeight]);
    if (auto w = it->find("width"); w != it->end()) AxisFromJson(*w, c.axes[kWidth]);
    Read(*it, "ceil_mode", c.ceil_mode);
    Read(*it, "count_include_pad", c.count_include_pad);
  }
  Params& p = app.params;
  Read(root, "link_axes", p.link_axes);
  if (p.link_axes && !(p.config.height() == p.config.width())) p.link_axes = false;
  std::string fill;
  Read(root, "fill", fill);
  if (auto f = ParseFill(fill)) p.fill = *f;
  Read(root, "seed", p.seed);
  std::string kernel_preset;
  Read(root, "kernel_preset", kernel_preset);
  if (auto k = ParseKernelPreset(kernel_preset)) p.kernel_preset = *k;
  Read(root, "preset", p.preset);
  // Stored values survive only when they fit the stored sizes; otherwise the grids are refilled by Recompute.
  Read(root, "input_custom", p.input_custom);
  Read(root, "kernel_custom", p.kernel_custom);
  if (auto it = root.find("input"); it != root.end()) {
    if (auto g = GridFromJson(*it)) p.input = *g;
  }
  if (auto it = root.find("kernel"); it != root.end()) {
    if (auto g = GridFromJson(*it)) p.kernel = *g;
  }

  if (const auto it = root.find("display"); it != root.end()) {
    DisplayOptions& d = app.display;
    Read(*it, "numbers", d.numbers);
    Read(*it, "labels", d.labels);
    Read(*it, "legend", d.legend);
    Read(*it, "equation", d.equation);
    Read(*it, "caption", d.caption);
    Read(*it, "kernel_panel", d.kernel_panel);
    Read(*it, "overlap_panel", d.overlap_panel);
    Read(*it, "show_equivalent", d.show_equivalent);
    Read(*it, "show_scatter", d.show_scatter);
    Read(*it, "show_associated", d.show_associated);
    std::string lead;
    Read(*it, "lead_view", lead);
    if (auto v = ParseView(lead)) d.lead_view = *v;
    Read(*it, "dark", d.dark);
    Read(*it, "ui_scale", d.ui_scale);
    Read(*it, "presentation", d.presentation);
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
  }
  if (const auto it = root.find("window"); it != root.end()) {
    Read(*it, "width", window.width);
    Read(*it, "height", window.height);
    Read(*it, "fullscreen", window.fullscreen);
    window.width = std::clamp(window.width, 640, 8192);
    window.height = std::clamp(window.height, 480, 8192);
  }
  return "";
}

std::string SaveSettings(const std::filesystem::path& file, const App& app, const StoredWindow& window) {
  const Config& c = app.params.config;
  const DisplayOptions& d = app.display;
  json root = {
      {"version", kVersion},
      {"config",
       {{"op", std::string(OpName(c.op))},
        {"height", AxisToJson(c.height())},
        {"width", AxisToJson(c.width())},
        {"ceil_mode", c.ceil_mode},
        {"count_include_pad", c.count_include_pad}}},
      {"link_axes", app.params.link_axes},
      {"fill", std::string(FillName(app.params.fill))},
      {"seed", app.params.seed},
      {"kernel_preset", std::string(KernelPresetName(app.params.kernel_preset))},
      {"preset", app.params.preset},
      {"input", GridToJson(app.params.input)},
      {"input_custom", app.params.input_custom},
      {"kernel_custom", app.params.kernel_custom},
      {"kernel", GridToJson(app.params.kernel)},
      {"display",
       {{"numbers", d.numbers},
        {"labels", d.labels},
        {"legend", d.legend},
        {"equation", d.equation},
        {"caption", d.caption},
        {"kernel_panel", d.kernel_panel},
        {"overlap_panel", d.overlap_panel},
        {"show_equivalent", d.show_equivalent},
        {"show_scatter", d.show_scatter},
        {"show_associated", d.show_associated},
        {"lead_view", std::string(ViewName(d.lead_view))},
        {"dark", d.dark},
        {"ui_scale", d.ui_scale},
        {"presentation", d.presentation}}},
      {"playback", {{"step", app.playback.step}, {"speed", app.playback.speed}, {"loop", app.playback.loop}}},
      {"windows",
       {{"parameters", app.windows.parameters},
        {"arithmetic", app.windows.arithmetic},
        {"matrix", app.windows.matrix}}},
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
