// The one owner of the app's state: recompute, presets, the views on screen and the playback actions.
#include "app.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <exception>
#include <string>

#include "convarith/arithmetic.hpp"
#include "convarith/compute.hpp"
#include "convarith/presets.hpp"

namespace convarith::app {
namespace {

Grid KernelOrOnes(KernelPreset preset, int rows, int cols) {
  try {
    return MakeKernel(preset, rows, cols);
  } catch (const std::exception&) {
    return Grid(rows, cols, 1.0);  // the preset has no natural version of this size
  }
}

// The grids follow the configuration's sizes; cells both sizes share keep the values the user set.
void SyncGrids(Params& params) {
  const Config& c = params.config;
  const int ih = std::clamp(c.height().input, 1, kMaxAppCells);
  const int iw = std::clamp(c.width().input, 1, kMaxAppCells);
  if (params.input.rows != ih || params.input.cols != iw) {
    const Grid fresh = MakeGrid(ih, iw, params.fill, params.seed);
    params.input = params.input_custom ? Resized(params.input, fresh) : fresh;
  }
  const int kh = std::clamp(c.height().kernel, 1, kMaxAppCells);
  const int kw = std::clamp(c.width().kernel, 1, kMaxAppCells);
  if (params.kernel.rows != kh || params.kernel.cols != kw) {
    const Grid fresh = KernelOrOnes(params.kernel_preset, kh, kw);
    params.kernel = params.kernel_custom ? Resized(params.kernel, fresh) : fresh;
  }
}

int PaddedExtent(const Config& config, int axis) {
  const AxisParams& a = config.axes[static_cast<size_t>(axis)];
  if (config.op == Op::Transposed) {
    const TransposedAxis t = TransposedAsDirect(a);
    return t.stretched_input + 2 * std::max(0, t.padding) + t.extra;
  }
  return a.input + 2 * a.padding;
}

constexpr const char* kAxisName[] = {"height", "width"};

}  // namespace

std::optional<ConfigError> ValidateForApp(const Config& config) {
  if (auto error = Validate(config)) return error;
  for (int axis : {kHeight, kWidth}) {
    const AxisParams& a = config.axes[static_cast<size_t>(axis)];
    const std::string where = std::string(" on ") + kAxisName[axis];
    if (a.input > kMaxAppCells) {
      return ConfigError{"input", "the app draws inputs up to " + std::to_string(kMaxAppCells) + " (i = " +
                                      std::to_string(a.input) + where + "); `convarith compute` takes larger ones"};
    }
    if (a.kernel > kMaxAppCells) {
      return ConfigError{"kernel_size", "the app draws kernels up to " + std::to_string(kMaxAppCells) + where};
    }
    if (PaddedExtent(config, axis) > 2 * kMaxAppCells) {
      return ConfigError{"padding", "the padded input (" + std::to_string(PaddedExtent(config, axis)) + where +
                                        ") is larger than the app draws (" + std::to_string(2 * kMaxAppCells) + ")"};
    }
  }
  const auto shape = OutputShape(config);
  for (int axis : {kHeight, kWidth}) {
    if (shape[static_cast<size_t>(axis)] > 2 * kMaxAppCells) {
      return ConfigError{config.op == Op::Transposed ? "stride" : "output",
                         "the output (" + std::to_string(shape[static_cast<size_t>(axis)]) + " on " +
                             kAxisName[axis] + ") is larger than the app draws (" +
                             std::to_string(2 * kMaxAppCells) + ")"};
    }
  }
  return std::nullopt;
}

std::string ControlOf(const ConfigError& error) {
  std::string p = error.parameter;
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (p.find("output_padding") != std::string::npos || p == "a") return "a";
  if (p.find("count_include_pad") != std::string::npos) return "count_include_pad";
  if (p.find("ceil") != std::string::npos) return "ceil_mode";
  if (p.find("padding") != std::string::npos || p == "p") return "p";
  if (p.find("kernel") != std::string::npos || p == "k") return "k";
  if (p.find("stride") != std::string::npos || p == "s") return "s";
  if (p.find("dilation") != std::string::npos || p == "d") return "d";
  if (p.find("input") != std::string::npos || p == "i") return "i";
  return "";
}

void App::Recompute() {
  ++derived.generation;
  dirty = false;
  SyncGrids(params);
  derived.error = ValidateForApp(params.config);
  derived.computation.reset();
  if (!derived.error) {
    try {
      derived.computation = convarith::Recompute(params.config, params.input, params.kernel);
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
  params.config = preset->config;
  params.link_axes = preset->config.height() == preset->config.width();
  params.input = preset->input;
  params.input_custom = true;
  params.kernel_custom = preset->kernel.size() > 0;
  params.kernel = preset->kernel.size() > 0 ? preset->kernel
                                            : KernelOrOnes(params.kernel_preset, preset->config.height().kernel,
                                                           preset->config.width().kernel);
  playback.step = 0;
  playback.carry = 0;
  canvas.ClearPins();
  dirty = true;
  params.preset = preset->name;
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

int App::StepIn(View view) const {
  const Computation* c = computation();
  if (c == nullptr) return 0;
  const int lead_count = StepCount();
  const int count = convarith::StepCount(*c, view);
  if (count == lead_count) return playback.step;
  if (lead_count <= 1 || count <= 1) return 0;
  const double fraction = static_cast<double>(playback.step) / (lead_count - 1);
  return std::clamp(static_cast<int>(std::lround(fraction * (count - 1))), 0, count - 1);
}

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
  return o;
}

}  // namespace convarith::app
