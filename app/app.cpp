// The one owner of the app's state: recompute, presets, an opened picture and the frame options of the display.
// The data's names are in app_data.cpp, the app's limits in app_limits.cpp, the views and actions in app_actions.cpp.
#include "app.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <limits>
#include <string>
#include <variant>

#include "convarith/ops/compute.hpp"
#include "convarith/scene/presets.hpp"
#include "frame_drawing.hpp"

namespace convarith::app {
namespace {

// "Figure 1.1" for the paper's figures, "the depthwise example" for the others.
std::string PresetLabel(const Preset& preset) {
  if (preset.name.rfind("fig", 0) == 0) return "Figure " + preset.name.substr(3);
  return "the " + preset.name + " example";
}

}  // namespace

// The request for the current parameters, or none when the app's limits refuse them (installed as the error).
std::optional<RecomputeRequest> App::PrepareRecompute() {
  dirty = false;
  std::variant<RecomputeRequest, RecomputeResult> prepared = PrepareRequest(params, ++derived.requested);
  if (auto* request = std::get_if<RecomputeRequest>(&prepared)) return std::move(*request);
  Install(std::move(std::get<RecomputeResult>(prepared)));
  return std::nullopt;
}

void App::Install(RecomputeResult result) {
  if (result.generation <= derived.generation) return;  // a stale result never replaces a newer one
  derived.generation = result.generation;
  derived.computation = std::move(result.computation);
  derived.error = std::move(result.error);
  derived.backward = result.backward;
  derived.grad = result.grad;
  derived.layer = result.backward ? std::optional<Config>(result.config) : std::nullopt;
  derived.pooling_backward = std::move(result.pooling_backward);
  if (derived.computation) derived.milliseconds.push_back(result.milliseconds);
  canvas.OnRecompute(derived.computation ? derived.computation->config : result.config);
  const int count = StepCount();
  playback.step = count > 0 ? std::clamp(playback.step, 0, count - 1) : 0;
}

void App::Recompute() {
  if (std::optional<RecomputeRequest> request = PrepareRecompute()) Install(Compute(*request));
}

void App::RequestRecompute() {
  if (std::optional<RecomputeRequest> request = PrepareRecompute()) recompute_worker.Request(std::move(*request));
}

bool App::TakeRecomputed() {
  std::optional<RecomputeResult> result = recompute_worker.Take();
  if (!result) return false;
  Install(std::move(*result));
  return true;
}

void App::FinishRecompute() {
  recompute_worker.WaitIdle();
  TakeRecomputed();
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
    if (params.input == MakeTensor(params.input.shape(), f)) {
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
      if (params.weight == MakeWeight(k, params.weight.shape())) {  // (ones first: the first preset that matches)
        params.kernel_preset = k;
        params.kernel_custom = false;
        params.kernel_source.clear();
        break;
      }
    }
  } else if (c.has_weight()) {
    params.weight = MakeWeight(params.kernel_preset, CanonicalShape(c, TensorRole::Weight));
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
  } catch (const Error& e) {  // ImageError, ReadError
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

bool App::ChannelsInFocus() const {
  if (display.channel_layout != ChannelLayout::Auto) return display.channel_layout == ChannelLayout::Focus;
  const Config& c = params.config;
  return std::max(c.in_channels, c.out_channels) > kFocusAbove;
}

void App::ToggleChannelLayout() {
  display.channel_layout = ChannelsInFocus() ? ChannelLayout::All : ChannelLayout::Focus;
}

void App::ToggleTensors3d() { display.channel_layout = TensorsIn3d() ? ChannelLayout::Auto : ChannelLayout::Depth; }

FrameOptions App::BaseFrameOptions() const {
  FrameOptions o;
  o.numbers = display.numbers;
  o.labels = display.labels;
  o.legend = display.legend;
  o.caption = display.caption;
  o.equation = display.equation;
  o.kernel_panel = display.kernel_panel;
  o.overlap_panel = display.overlap_panel && DrawnOp() == Op::Transposed;
  o.pass = CurrentPass();
  o.grad = DrawnGradient();
  o.layer = o.pass == Pass::Backward ? derived.layer : std::nullopt;
  o.theme = CurrentTheme();
  o.colour_by = CurrentColourBy();
  o.channel_layout = display.channel_layout;
  o.focus_channel = display.focus_channel;
  o.symbols = display.symbols;
  o.measure = CanvasTextMeasure(fonts);  // laid out for the font the canvas draws with
  // A figure's own display: its title above the caption, Figure 1.4's subsampling (both go when a parameter changes,
  // since the figure does).
  if (const Preset* preset = LoadedPreset()) {
    if (display.caption) o.title = FigureTitle(*preset);
    o.keep_every = preset->keep_every;
  }
  return o;
}

}  // namespace convarith::app
