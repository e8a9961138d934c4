// The playback bar under the canvas: first / back / play-pause / forward / last, the scrub slider, speed, loop, zoom.
#include <algorithm>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

enum class Icon { First, Back, Play, Pause, Forward, Last };

// A square button with a drawn icon (fonts rarely carry media symbols), and its tooltip naming the shortcut.
bool IconButton(const char* id, Icon icon, const char* tooltip) {
  const float side = ImGui::GetFrameHeight() * 1.25f;
  const bool pressed = ImGui::Button(id, ImVec2(side * (icon == Icon::Play || icon == Icon::Pause ? 1.5f : 1.0f), side));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip);
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b = ImGui::GetItemRectMax();
  const ImVec2 c{(a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f};
  const float r = side * 0.22f;
  const ImU32 color = ImGui::GetColorU32(ImGuiCol_Text);
  ImDrawList* list = ImGui::GetWindowDrawList();
  auto left = [&](float x) { list->AddTriangleFilled({x + r, c.y - r}, {x + r, c.y + r}, {x - r * 0.6f, c.y}, color); };
  auto right = [&](float x) { list->AddTriangleFilled({x - r, c.y - r}, {x - r, c.y + r}, {x + r * 0.6f, c.y}, color); };
  auto bar = [&](float x) { list->AddRectFilled({x - r * 0.18f, c.y - r}, {x + r * 0.18f, c.y + r}, color); };
  switch (icon) {
    case Icon::First:
      bar(c.x - r * 0.9f);
      left(c.x + r * 0.2f);
      break;
    case Icon::Back:
      left(c.x);
      break;
    case Icon::Play:
      list->AddTriangleFilled({c.x - r * 0.8f, c.y - r * 1.2f}, {c.x - r * 0.8f, c.y + r * 1.2f},
                              {c.x + r * 1.2f, c.y}, color);
      break;
    case Icon::Pause:
      list->AddRectFilled({c.x - r * 0.9f, c.y - r * 1.1f}, {c.x - r * 0.3f, c.y + r * 1.1f}, color);
      list->AddRectFilled({c.x + r * 0.3f, c.y - r * 1.1f}, {c.x + r * 0.9f, c.y + r * 1.1f}, color);
      break;
    case Icon::Forward:
      right(c.x);
      break;
    case Icon::Last:
      right(c.x - r * 0.2f);
      bar(c.x + r * 0.9f);
      break;
  }
  return pressed;
}

}  // namespace

float PlaybackBarHeight() { return ImGui::GetFrameHeight() * 1.25f + ImGui::GetStyle().ItemSpacing.y * 2 + 4; }

void DrawPlaybackBar(App& app) {
  Playback& pb = app.playback;
  const int count = app.StepCount();
  ImGui::BeginDisabled(count == 0);
  if (IconButton("##first", Icon::First, "First step (Home)")) app.FirstStep();
  ImGui::SameLine();
  if (IconButton("##back", Icon::Back, "Step back (Left)")) app.StepBy(-1);
  ImGui::SameLine();
  if (IconButton("##play", pb.playing ? Icon::Pause : Icon::Play, pb.playing ? "Pause (Space)" : "Play (Space)")) {
    app.TogglePlay();
  }
  ImGui::SameLine();
  if (IconButton("##forward", Icon::Forward, "Step forward (Right)")) app.StepBy(1);
  ImGui::SameLine();
  if (IconButton("##last", Icon::Last, "Last step (End)")) app.LastStep();
  ImGui::SameLine();

  // Everything right of the slider: speed, loop, zoom (measured, so that the slider takes the rest).
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button_w = [&](const char* label) { return ImGui::CalcTextSize(label).x + style.FramePadding.x * 2; };
  const float right_part = style.ItemSpacing.x * 9 + ImGui::GetFontSize() * 7.5f + ImGui::GetFrameHeight() +
                           style.ItemInnerSpacing.x + ImGui::CalcTextSize("loop").x + ImGui::CalcTextSize("|").x +
                           button_w("−") + ImGui::CalcTextSize("100%").x + button_w("+") + button_w("Fit");
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 8, ImGui::GetContentRegionAvail().x - right_part));
  int shown = pb.step + 1;
  const std::string format = "step %d of " + std::to_string(std::max(count, 1));
  const float pad = (ImGui::GetFrameHeight() * 1.25f - ImGui::GetFrameHeight()) * 0.5f;
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + pad);
  if (ImGui::SliderInt("##step", &shown, 1, std::max(count, 1), format.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
    pb.playing = false;
    app.SetStep(shown - 1);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Scrub through the steps (command line: --step %d)", pb.step);
  ImGui::EndDisabled();

  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.5f);
  ImGui::SliderFloat("##speed", &pb.speed, 0.25f, 20.0f, "%.2g step/s", ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Speed (the paper's animations: 1 step per second)");
  ImGui::SameLine();
  ImGui::Checkbox("loop", &pb.loop);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start again after the last step (L)");

  ImGui::SameLine();
  ImGui::TextDisabled("|");
  ImGui::SameLine();
  if (ImGui::Button("−")) app.canvas.ZoomBy(1 / 1.25f);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom out (-)");
  ImGui::SameLine();
  ImGui::Text("%3.0f%%", app.canvas.zoom * 100);
  ImGui::SameLine();
  if (ImGui::Button("+")) app.canvas.ZoomBy(1.25f);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom in (+)");
  ImGui::SameLine();
  if (ImGui::Button("Fit")) app.canvas.Fit();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fit the drawing to the canvas (F)");
}

}  // namespace convarith::app
