// The views on screen and what each shows at the playback step, and the actions shared by the buttons, the menus and
// the keyboard: playback, the side panels, presentation mode, the UI scale and the status line.
#include <algorithm>
#include <cmath>
#include <exception>
#include <string>
#include <vector>

#include "app.hpp"
#include "convarith/scene/presets.hpp"

namespace convarith::app {

std::vector<View> App::VisibleViews() const {
  if (DrawnOp() != Op::Transposed) return {View::Direct};
  std::vector<View> views;
  if (display.show_associated) views.push_back(View::Associated);
  if (display.show_equivalent) views.push_back(View::Equivalent);
  if (display.show_scatter) views.push_back(View::Scatter);
  if (views.empty()) views.push_back(View::Equivalent);
  std::stable_sort(views.begin(), views.end(), [](View a, View b) { return DisplayRank(a) < DisplayRank(b); });  // as exports
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
  } catch (const Error&) {
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

void App::SetPixelRatio(float ratio) {
  if (std::abs(ratio - pixel_ratio) < 0.001f) return;
  requests.pending_rescale *= ratio / pixel_ratio;
  pixel_ratio = ratio;
  requests.rebuild_fonts = true;
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

}  // namespace convarith::app
