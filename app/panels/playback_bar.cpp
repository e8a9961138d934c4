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

float ButtonsWidth() {
  const float side = ImGui::GetFrameHeight() * 1.25f;
  return side * 5.5f + ImGui::GetStyle().ItemSpacing.x * 5;
}

// The step as text beside the slider (inside it, the slider's handle would cover the digits).
float StepLabelWidth() { return ImGui::CalcTextSize("step 888 of 888").x; }

// Speed, loop and zoom, measured so that the slider takes the rest of the row.
float RightPartWidth() {
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button_w = [&](const char* label) { return ImGui::CalcTextSize(label).x + style.FramePadding.x * 2; };
  return style.ItemSpacing.x * 9 + ImGui::GetFontSize() * 4.0f + ImGui::CalcTextSize("0.25 step/s").x +
         ImGui::GetFrameHeight() + style.ItemInnerSpacing.x * 2 +
         ImGui::CalcTextSize("loop").x + ImGui::CalcTextSize("|").x + button_w("−") + ImGui::CalcTextSize("100%").x +
         button_w("+") + button_w("Fit");
}

// On a narrow canvas (a 1024-pixel projector, a large UI scale) speed, loop and zoom go to a second row.
bool OneRow(float width) {
  const float need = ImGui::GetStyle().WindowPadding.x * 2 + ButtonsWidth() + StepLabelWidth() +
                     ImGui::GetFontSize() * 8 + RightPartWidth();
  return width >= need;
}

float RowHeight() { return ImGui::GetFrameHeight() * 1.25f + ImGui::GetStyle().ItemSpacing.y; }

}  // namespace

float PlaybackBarHeight(float width) {
  return RowHeight() * (OneRow(width) ? 1.0f : 2.0f) + ImGui::GetStyle().ItemSpacing.y + 4;
}

void DrawPlaybackBar(App& app) {
  const bool one_row = OneRow(ImGui::GetWindowWidth());
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

  int shown = pb.step + 1;
  const float pad = (ImGui::GetFrameHeight() * 1.25f - ImGui::GetFrameHeight()) * 0.5f;
  const float row_y = ImGui::GetCursorPosY();
  ImGui::SetCursorPosY(row_y + pad + ImGui::GetStyle().FramePadding.y);
  const std::string label = "step " + std::to_string(pb.step + 1) + " of " + std::to_string(std::max(count, 1));
  const float label_x = ImGui::GetCursorPosX();
  ImGui::TextUnformatted(label.c_str());
  ImGui::SameLine(label_x + StepLabelWidth() + ImGui::GetStyle().ItemSpacing.x);
  const float right_part = one_row ? RightPartWidth() : 0.0f;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().x - right_part));
  ImGui::SetCursorPosY(row_y + pad);
  if (ImGui::SliderInt("##step", &shown, 1, std::max(count, 1), "", ImGuiSliderFlags_AlwaysClamp)) {
    pb.playing = false;
    app.SetStep(shown - 1);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Scrub through the steps (command line: --step %d)", pb.step);
  ImGui::EndDisabled();

  if (one_row) {
    ImGui::SameLine();
  } else {
    ImGui::SetCursorPos(ImVec2(ImGui::GetStyle().WindowPadding.x, row_y + RowHeight() + pad));
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.0f);
  ImGui::SliderFloat("##speed", &pb.speed, 0.25f, 20.0f, "", ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Speed (the paper's animations: 1 step per second)");
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  const float speed_x = ImGui::GetCursorPosX();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%.2g step/s", pb.speed);  // beside the slider, where its handle cannot cover it
  ImGui::SameLine(speed_x + ImGui::CalcTextSize("0.25 step/s").x + ImGui::GetStyle().ItemSpacing.x);
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
