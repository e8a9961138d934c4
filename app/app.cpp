// The one owner of the app's state: recompute, presets, the views on screen and the playback actions.
#include "app.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <exception>
#include <filesystem>
#include <limits>
#include <string>

#include "convarith/shape/arithmetic.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/scene/presets.hpp"

namespace convarith::app {
namespace {

// The tensors follow the configuration's shapes; values the user set stay where both shapes have them.
void SyncTensors(Params& params) {
  const TensorShapes shapes = ShapesFor(params.config);
  if (params.input.shape != shapes.input) {
    const Tensor fresh = MakeTensor(shapes.input, params.fill, params.seed);
    // A plain fill is made again at the new size (a ramp stays a ramp); chosen values stay where they still fit.
    params.input_resized = params.input_custom && !params.input.empty();
    params.input = params.input_resized ? Resized(params.input, fresh) : fresh;
    if (!params.input_resized) params.input_custom = false;
  }
  if (!shapes.weight.empty() && params.weight.shape != shapes.weight) {
    const Tensor fresh = WeightOrOnes(params.kernel_preset, shapes.weight);
    params.kernel_resized = params.kernel_custom && !params.weight.empty();
    params.weight = params.kernel_resized ? Resized(params.weight, fresh) : fresh;
    if (!params.kernel_resized) params.kernel_custom = false;
  }
  if (!shapes.bias.empty() && params.bias.shape != shapes.bias) {
    params.bias = Resized(params.bias, Tensor(shapes.bias, 0.0));  // a bias starts at 0 and keeps what was set
  }
}

// Cells on one axis of the grid the kernel slides over.
long long PaddedExtent(const Config& config, int axis) {
  const AxisParams& a = config.axes[static_cast<size_t>(axis)];
  if (config.op == Op::Transposed) {
    const TransposedAxis t = TransposedAsDirect(a);
    return static_cast<long long>(t.stretched_input) + std::max(0, t.padding) + std::max(0, t.padding_after) + t.extra;
  }
  return static_cast<long long>(a.input) + std::max(0, a.pad_before) + std::max(0, a.pad_after);
}

// "Figure 1.1" for the paper's figures, "the depthwise example" for the others.
std::string PresetLabel(const Preset& preset) {
  if (preset.name.rfind("fig", 0) == 0) return "Figure " + preset.name.substr(3);
  return "the " + preset.name + " example";
}

}  // namespace

std::string FillText(Fill fill, uint32_t seed) {
  switch (fill) {
    case Fill::Ramp:
      return "ramp 1…9";
    case Fill::Ones:
      return "ones";
    case Fill::Random:
      return "random 0…4, seed " + std::to_string(seed);
  }
  return std::string(FillName(fill));
}

std::string KernelPresetTitle(KernelPreset preset) {
  switch (preset) {
    case KernelPreset::Ones:
      return "ones";
    case KernelPreset::Figure11:
      return "Figure 1.1";
    case KernelPreset::Identity:
      return "identity";
    case KernelPreset::BoxBlur:
      return "box blur";
    case KernelPreset::SobelX:
      return "Sobel x";
    case KernelPreset::SobelY:
      return "Sobel y";
    case KernelPreset::Sharpen:
      return "sharpen";
  }
  return std::string(KernelPresetName(preset));
}

namespace {
// What a tensor holds: its source (or the plain fill it was made from), then what happened to it since.
std::string Describe(std::string base, bool custom, bool edited, bool resized, const std::string& fill) {
  if (!custom) return base;
  if (resized) base += ", resized (new cells: " + fill + ")";
  if (edited) base += ", edited";
  return base;
}
}  // namespace

std::string InputDescription(const Params& p) {
  const std::string fill = FillText(p.fill, p.seed);
  return Describe(p.input_custom && !p.input_source.empty() ? p.input_source : fill, p.input_custom, p.input_edited,
                  p.input_resized, fill);
}

std::string KernelDescription(const Params& p) {
  const std::string kernel = KernelPresetTitle(p.kernel_preset);
  return Describe(p.kernel_custom && !p.kernel_source.empty() ? p.kernel_source : kernel, p.kernel_custom,
                  p.kernel_edited, p.kernel_resized, kernel);
}

TensorShapes ShapesFor(const Config& config) {
  const Config n = Normalized(config);
  TensorShapes s;
  s.input = CanonicalShape(n, TensorRole::Input);
  if (n.has_weight()) s.weight = CanonicalShape(n, TensorRole::Weight);
  if (n.has_weight() && n.bias) s.bias = CanonicalShape(n, TensorRole::Bias);
  return s;
}

Tensor WeightOrOnes(KernelPreset preset, const std::vector<int>& shape) {
  try {
    return MakeWeight(preset, shape);
  } catch (const std::exception&) {
    return Tensor(shape, 1.0);  // the preset has no natural version of this size
  }
}

std::vector<int> Unflatten(const std::vector<int>& shape, size_t index) {
  std::vector<int> out(shape.size(), 0);
  for (size_t n = shape.size(); n-- > 0;) {
    const auto dim = static_cast<size_t>(std::max(shape[n], 1));
    out[n] = static_cast<int>(index % dim);
    index /= dim;
  }
  return out;
}

std::string PositionText(int rank, int z, int row, int col) {
  if (rank == 1) return "[" + std::to_string(col) + "]";
  if (rank == 2) return "[" + std::to_string(row) + ", " + std::to_string(col) + "]";
  return "[" + std::to_string(z) + ", " + std::to_string(row) + ", " + std::to_string(col) + "]";
}

std::optional<ConfigError> ValidateForApp(const Config& config) {
  if (auto error = Validate(config)) return error;
  const Config n = Normalized(config);
  for (int axis = n.first_axis(); axis < 3; ++axis) {
    const AxisParams& a = n.axes[static_cast<size_t>(axis)];
    const std::string where = " on " + std::string(AxisName(n, axis));
    if (a.input > kMaxAppCells) {
      return ConfigError{"input", "the app draws inputs up to " + std::to_string(kMaxAppCells) + " (i = " +
                                      std::to_string(a.input) + where + "); `convarith compute` takes larger ones"};
    }
    if (a.kernel > kMaxAppCells) {
      return ConfigError{"kernel_size", "the app draws kernels up to " + std::to_string(kMaxAppCells) + where};
    }
    if (PaddedExtent(n, axis) > 2 * kMaxAppCells) {
      return ConfigError{"padding", "the padded input (" + std::to_string(PaddedExtent(n, axis)) + where +
                                        ") is larger than the app draws (" + std::to_string(2 * kMaxAppCells) + ")"};
    }
  }
  const auto shape = OutputShape(n);
  for (int axis = n.first_axis(); axis < 3; ++axis) {
    if (shape[static_cast<size_t>(axis)] > 2 * kMaxAppCells) {
      return ConfigError{n.op == Op::Transposed ? "stride" : "output",
                         "the output (" + std::to_string(shape[static_cast<size_t>(axis)]) + " on " +
                             std::string(AxisName(n, axis)) + ") is larger than the app draws (" +
                             std::to_string(2 * kMaxAppCells) + ")"};
    }
  }
  if (n.in_channels > kMaxAppChannels) {
    return ConfigError{"in_channels", "the app draws up to " + std::to_string(kMaxAppChannels) +
                                          " input maps (in_channels = " + std::to_string(n.in_channels) +
                                          "); `convarith compute` takes more"};
  }
  if (n.out_channels > kMaxAppChannels) {
    return ConfigError{"out_channels", "the app draws up to " + std::to_string(kMaxAppChannels) +
                                           " output maps (out_channels = " + std::to_string(n.out_channels) +
                                           "); `convarith compute` takes more"};
  }
  // Every map the canvas draws: the padded (or stretched) input per input channel, the output per output channel,
  // and the kernels.
  long long canvas = 1, output = 1, kernel = 1;
  for (int axis = 0; axis < 3; ++axis) {
    canvas *= PaddedExtent(n, axis);
    output *= shape[static_cast<size_t>(axis)];
    kernel *= n.axes[static_cast<size_t>(axis)].kernel;
  }
  const long long kernels = n.has_weight() ? static_cast<long long>(n.in_channels) * n.out_per_group() : 0;
  const long long drawn = canvas * n.in_channels + output * n.out_channels + kernel * kernels;
  if (drawn > kMaxAppDrawnCells) {
    return ConfigError{"drawn_cells", "the canvas would draw " + std::to_string(drawn) +
                                          " cells (input maps with padding, output maps and kernels); the app draws "
                                          "up to " + std::to_string(kMaxAppDrawnCells) +
                                          ": lower the sizes or channels (`convarith compute` takes larger ones)"};
  }
  return std::nullopt;
}

std::string ControlOf(const ConfigError& error) {
  std::string p = error.parameter;
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (p.find("output_padding") != std::string::npos || p == "a") return "a";
  if (p.find("count_include_pad") != std::string::npos) return "count_include_pad";
  if (p.find("ceil") != std::string::npos) return "ceil_mode";
  if (p.find("padding_mode") != std::string::npos) return "padding_mode";
  if (p.find("padding") != std::string::npos || p == "p") return "p";
  if (p.find("kernel") != std::string::npos || p == "k") return "k";
  if (p.find("stride") != std::string::npos || p == "s") return "s";
  if (p.find("dilation") != std::string::npos || p == "d") return "d";
  if (p.find("in_channels") != std::string::npos) return "in_channels";
  if (p.find("out_channels") != std::string::npos) return "out_channels";
  if (p.find("groups") != std::string::npos) return "groups";
  if (p == "dims") return "dims";
  if (p.find("input") != std::string::npos || p == "i") return "i";
  return "";
}

void App::Recompute() {
  ++derived.generation;
  dirty = false;
  derived.error = ValidateForApp(params.config);
  derived.computation.reset();
  if (!derived.error) {
    try {
      SyncTensors(params);
      const Tensor none;
      derived.computation = convarith::Recompute(params.config, params.input, params.weight,
                                                 params.config.bias ? params.bias : none);
    } catch (const InvalidConfig& e) {
      derived.error = e.error;
    } catch (const std::exception& e) {
      derived.error = ConfigError{"", e.what()};
    }
  }
  canvas.OnRecompute(params.config);
  const int count = StepCount();
  playback.step = count > 0 ? std::clamp(playback.step, 0, count - 1) : 0;
}

void App::Changed() {
  dirty = true;
  params.preset.clear();
}

void App::LoadPreset(const std::string& name) {
  const Preset* preset = FindPreset(name);
  if (preset == nullptr) return;
  const Config& c = preset->config;
  params.config = c;
  const auto sp = c.spatial();
  params.link_axes = std::all_of(sp.begin(), sp.end(), [&](const AxisParams& a) { return a == sp[0]; });
  params.asymmetric = std::any_of(sp.begin(), sp.end(), [](const AxisParams& a) { return !a.symmetric(); });
  // The figure's numbers. When they are a plain fill or kernel preset, the Data section names that one (and a change
  // of shape later makes it again at the new size); otherwise they are the figure's own.
  params.input = preset->input;
  params.input_custom = true;
  params.input_source = PresetLabel(*preset) + "'s input";
  for (Fill f : {Fill::Ramp, Fill::Ones}) {
    if (params.input == MakeTensor(params.input.shape, f)) {
      params.fill = f;
      params.input_custom = false;
      params.input_source.clear();
      break;
    }
  }
  params.kernel_custom = false;
  params.kernel_source.clear();
  if (!preset->weight.empty()) {
    params.weight = preset->weight;
    params.kernel_custom = true;
    const bool several = preset->weight.dim(0) * preset->weight.dim(1) > 1;
    params.kernel_source = PresetLabel(*preset) + (several ? "'s kernels" : "'s kernel");
    for (KernelPreset k : {KernelPreset::Ones, KernelPreset::Figure11, KernelPreset::Identity, KernelPreset::BoxBlur,
                           KernelPreset::SobelX, KernelPreset::SobelY, KernelPreset::Sharpen}) {
      if (params.weight == WeightOrOnes(k, params.weight.shape)) {  // (ones first: other presets fall back to it)
        params.kernel_preset = k;
        params.kernel_custom = false;
        params.kernel_source.clear();
        break;
      }
    }
  } else if (c.has_weight()) {
    params.weight = WeightOrOnes(params.kernel_preset, CanonicalShape(c, TensorRole::Weight));
  }
  params.input_edited = params.kernel_edited = params.input_resized = params.kernel_resized = false;
  params.bias = preset->bias;
  // How the figure is best shown: the overlap map for the checkerboard examples (and off again after them).
  if (preset->overlap_panel) {
    display.overlap_from_preset = !display.overlap_panel || display.overlap_from_preset;
    display.overlap_panel = true;
  } else if (display.overlap_from_preset) {
    display.overlap_panel = false;
    display.overlap_from_preset = false;
  }
  playback.step = 0;
  playback.carry = 0;
  canvas.ClearPins();
  dirty = true;
  params.preset = preset->name;
  display.colour_chosen = false;  // a figure in the paper's colours
}

std::string App::OpenImage(const std::string& path, const ImageRead& options) {
  const std::string name = std::filesystem::path(path).filename().string();
  Tensor input;
  try {
    input = ReadImageInput(path, options);
  } catch (const std::exception& e) {
    image_error = e.what();
    return image_error;
  }
  const int channels = input.dim(0), rows = input.dim(2), cols = input.dim(3);
  // The picture sets i (2-D) and C_in; the rest of the operation stays as it is.
  Config config = params.config;
  if (config.rank != 2) SetRank(config, 2);
  config.axes[kHeight].input = rows;
  config.axes[kWidth].input = cols;
  if (config.in_channels != channels) {
    config.in_channels = channels;
    if (config.pooling()) config.out_channels = channels;
    if (channels % config.groups != 0 || config.out_channels % config.groups != 0) config.groups = 1;
  }
  if (const auto error = ValidateForApp(config)) {
    image_error = name + " (" + std::to_string(rows) + "x" + std::to_string(cols) + "): " + error->message +
                  " — choose a smaller size in the Data section";
    return image_error;
  }
  params.config = config;
  params.link_axes = config.axes[kHeight] == config.axes[kWidth];
  params.input = std::move(input);
  params.input_custom = true;
  params.input_source = name + " (" + std::string(options.rgb ? "R, G, B" : "gray") + ", " +
                        std::to_string(rows) + "×" + std::to_string(cols) + ")";
  params.input_edited = params.input_resized = false;
  params.image_path = path;
  params.image = options;
  display.colour_chosen = false;  // a picture shows its values
  params.preset.clear();
  image_error.clear();
  windows.pictures = true;
  // On its last step: the whole output picture computed (Recompute clamps the step; Home goes back to the first).
  playback.step = std::numeric_limits<int>::max() / 2;
  playback.carry = 0;
  canvas.ClearPins();
  canvas.Fit();
  dirty = true;
  return "";
}

std::vector<View> App::VisibleViews() const {
  if (params.config.op != Op::Transposed) return {View::Direct};
  std::vector<View> views;
  if (display.show_associated) views.push_back(View::Associated);
  if (display.show_equivalent) views.push_back(View::Equivalent);
  if (display.show_scatter) views.push_back(View::Scatter);
  if (views.empty()) views.push_back(View::Equivalent);
  return views;
}

View App::LeadView() const {
  const std::vector<View> views = VisibleViews();
  if (std::find(views.begin(), views.end(), display.lead_view) != views.end()) return display.lead_view;
  return views.front();
}

int App::StepCount() const {
  const Computation* c = computation();
  return c != nullptr ? convarith::StepCount(*c, LeadView()) : 0;
}

App::Moment App::MomentIn(View view) const {
  const Computation* c = computation();
  if (c == nullptr) return {};
  const View lead = LeadView();
  if (view == lead || c->config.op != Op::Transposed) return {playback.step, std::nullopt};
  const int count = convarith::StepCount(*c, view);
  if (count <= 0 || StepCount() <= 0) return {};
  try {
    const LinkedMoment m = LinkStep(*c, lead, std::clamp(playback.step, 0, StepCount() - 1), view);
    return {std::clamp(m.step, 0, count - 1), Pointer{m.panel, m.cell.row, m.cell.col, m.cell.channel, m.cell.z}};
  } catch (const std::exception&) {
    return {std::min(playback.step, count - 1), std::nullopt};
  }
}

const Preset* App::LoadedPreset() const { return params.preset.empty() ? nullptr : FindPreset(params.preset); }

void App::TogglePlay() {
  if (!playback.playing && playback.step >= StepCount() - 1) playback.step = 0;  // play again from the start
  playback.playing = !playback.playing;
  playback.carry = 0;
}

void App::StepBy(int delta) {
  playback.playing = false;
  SetStep(playback.step + delta);
}

void App::FirstStep() {
  playback.playing = false;
  SetStep(0);
}

void App::LastStep() {
  playback.playing = false;
  SetStep(StepCount() - 1);
}

void App::SetStep(int step) {
  const int count = StepCount();
  playback.step = count > 0 ? std::clamp(step, 0, count - 1) : 0;
  playback.carry = 0;
}

void App::Advance(double seconds) {
  const int count = StepCount();
  if (!playback.playing || count <= 0) return;
  playback.carry += seconds * playback.speed;
  while (playback.carry >= 1.0) {
    playback.carry -= 1.0;
    if (playback.step + 1 < count) {
      ++playback.step;
    } else if (playback.loop) {
      playback.step = 0;
    } else {
      playback.playing = false;
      playback.carry = 0;
      break;
    }
  }
}

void App::ToggleSidePanels() {
  OpenWindows& w = windows;
  if (w.parameters || w.arithmetic) {
    w.hidden_parameters = w.parameters;
    w.hidden_arithmetic = w.arithmetic;
    w.parameters = w.arithmetic = false;
  } else {
    w.parameters = w.hidden_parameters;
    w.arithmetic = w.hidden_arithmetic;
  }
}

void App::TogglePresentation() {
  display.presentation = !display.presentation;
  requests.presentation_changed = true;
  canvas.Fit();
  if (display.presentation) {
    ShowStatus("Presentation mode:  Space play   \xE2\x86\x90 \xE2\x86\x92 step   P or Esc leave", ImGui::GetTime(), 5.0);
  }
}

void App::SetUiScale(float scale) {
  if (std::abs(scale - display.ui_scale) < 0.001f) return;
  requests.pending_rescale *= scale / display.ui_scale;
  display.ui_scale = scale;
  requests.rebuild_fonts = true;
  if (std::abs(scale - 1.0f) < 0.001f) requests.pending_reset = true;  // 100 %: the panels' own widths again
}

void App::ShowStatus(std::string message, double now, double seconds) {
  status = std::move(message);
  status_until = now + seconds;
}

ColourBy App::CurrentColourBy() const {
  if (display.colour_chosen) return display.colour_by;
  const Computation* c = computation();
  // The input is the picture opened last while the Data section still names it (a figure or a fill replaces it).
  const bool picture = !params.image_path.empty() && params.input_custom &&
                       params.input_source.rfind(std::filesystem::path(params.image_path).filename().string(), 0) == 0;
  return c ? DefaultColourBy(*c, picture) : ColourBy::Role;
}

void App::ToggleColourBy() {
  display.colour_by = CurrentColourBy() == ColourBy::Value ? ColourBy::Role : ColourBy::Value;
  display.colour_chosen = true;
}

FrameOptions App::BaseFrameOptions() const {
  FrameOptions o;
  o.numbers = display.numbers;
  o.labels = display.labels;
  o.legend = display.legend;
  o.caption = display.caption;
  o.equation = display.equation;
  o.kernel_panel = display.kernel_panel;
  o.overlap_panel = display.overlap_panel && params.config.op == Op::Transposed;
  o.theme = CurrentTheme();
  o.colour_by = CurrentColourBy();
  // A figure's own display: its title above the caption, Figure 1.4's subsampling (both go when a parameter changes,
  // since the figure does).
  if (const Preset* preset = LoadedPreset()) {
    if (display.caption) o.title = FigureTitle(*preset);
    o.keep_every = preset->keep_every;
  }
  return o;
}

}  // namespace convarith::app
