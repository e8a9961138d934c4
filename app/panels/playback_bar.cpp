// The playback bar under the canvas: first / back / play-pause / forward / last, the scrub slider, speed, loop, zoom.
#include <algorithm>
#include <array>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

enum class Icon { First, Back, Play, Pause, Forward, Last };

// How much the bar holds in a row, most first: Full; Compact (shorter texts, no zoom group); Tight (compact, with
// a frame's buttons side by side and narrower sliders: one row at 200 % on a projector's width).
enum class Density { Full, Compact, Tight };

// The transport buttons' side: larger than a frame, or a frame's in a tight bar.
float ButtonSide(Density d) { return ImGui::GetFrameHeight() * (d == Density::Tight ? 1.0f : 1.25f); }

// A square button with a drawn icon (fonts rarely carry media symbols), and its tooltip naming the shortcut.
bool IconButton(const char* id, Icon icon, const char* tooltip, Density d) {
  const float side = ButtonSide(d);
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

// Between transport buttons: the item spacing, or the inner spacing in a tight bar (one control of five buttons).
float ButtonGap(Density d) {
  return d == Density::Tight ? ImGui::GetStyle().ItemInnerSpacing.x : ImGui::GetStyle().ItemSpacing.x;
}

// Between two groups of the bar: one and a half item spacings, one in a tight bar (16 maps of 64x64 at 1280x720 and
// 150 %: 61504 steps' "88888/88888" left the tight bar 16 px short of one row).
float GroupGap(Density d) { return ImGui::GetStyle().ItemSpacing.x * (d == Density::Tight ? 1.0f : 1.5f); }

float ButtonsWidth(Density d) { return ButtonSide(d) * 5.5f + ButtonGap(d) * 4; }

// The step as text beside the slider (inside it, the slider's handle would cover the digits), measured for the
// widest step of this animation.
// Compact (a bar that would wrap: a large UI scale on a projector's width, a canvas between two panels): "1/9".
std::string StepLabel(int step, int count, bool compact) {
  return compact ? std::to_string(step) + "/" + std::to_string(count)
                 : "step " + std::to_string(step) + " of " + std::to_string(count);
}
float StepLabelWidth(int count, bool compact) {
  const std::string widest(std::to_string(std::max(count, 1)).size(), '8');
  const std::string text = compact ? widest + "/" + widest : "step " + widest + " of " + widest;
  return ImGui::CalcTextSize(text.c_str()).x;
}
float ScrubMinWidth(Density d) { return ImGui::GetFontSize() * (d == Density::Tight ? 2.0f : 4.0f); }
float SpeedSliderWidth(Density d) { return ImGui::GetFontSize() * (d == Density::Tight ? 2.5f : 3.5f); }
float SpeedTextWidth(bool compact) { return ImGui::CalcTextSize(compact ? "0.25/s" : "0.25 step/s").x; }

// The bar's groups, left to right, kept whole: transport buttons, step and scrub slider (which takes whatever its
// row has left), speed, loop, zoom. A narrow canvas (a 1024-pixel projector, a large UI scale) wraps them onto more
// rows, so that every control stays on screen.
enum Group { kTransport, kScrub, kSpeed, kLoop, kZoom, kGroups };

// Compact: smaller transport buttons, shorter texts, and no zoom group (zoom stays on +, -, F, the mouse wheel and the
// View menu).
std::array<float, kGroups> GroupWidths(int count, Density d) {
  const bool compact = d != Density::Full;
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button_w = [&](const char* label) { return ImGui::CalcTextSize(label).x + style.FramePadding.x * 2; };
  return {ButtonsWidth(d),
          StepLabelWidth(count, compact) + style.ItemSpacing.x + ScrubMinWidth(d),
          SpeedSliderWidth(d) + style.ItemInnerSpacing.x + SpeedTextWidth(compact),
          ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize("loop").x,
          compact ? 0.0f
                  : button_w("−") + ImGui::CalcTextSize("100%").x + button_w("+") + button_w("Fit") + style.ItemSpacing.x * 3};
}

// The row of each group at this width (greedy: a group goes to the next row when it does not fit).
std::array<int, kGroups> PackRows(float width, int count, Density d) {
  const std::array<float, kGroups> w = GroupWidths(count, d);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float avail = width - style.WindowPadding.x * 2;
  std::array<int, kGroups> row{};
  float x = 0;
  int r = 0;
  for (int g = 0; g < kGroups; ++g) {
    if (w[static_cast<size_t>(g)] <= 0) {  // left out (compact)
      row[static_cast<size_t>(g)] = r;
      continue;
    }
    const float need = (x > 0 ? GroupGap(d) : 0) + w[static_cast<size_t>(g)];
    if (x > 0 && x + need > avail) {
      ++r;
      x = 0;
    }
    x += (x > 0 ? GroupGap(d) : 0) + w[static_cast<size_t>(g)];
    row[static_cast<size_t>(g)] = r;
  }
  return row;
}

float RowHeight(Density d) { return ButtonSide(d) + ImGui::GetStyle().ItemSpacing.y; }

// The fullest bar that fits one row; when none does, the one with the fewest rows (the fuller on a tie): the canvas
// keeps its height at large UI scales (a row of the bar is a row of cells fewer at 200 %).
Density DensityFor(float width, int count) {
  Density best = Density::Full;
  int best_rows = PackRows(width, count, best)[kGroups - 1];
  for (Density d : {Density::Compact, Density::Tight}) {
    const int rows = PackRows(width, count, d)[kGroups - 1];
    if (best_rows == 0) break;
    if (rows < best_rows) {
      best = d;
      best_rows = rows;
    }
  }
  return best;
}

// First, back, play/pause, forward, last.
void DrawTransport(App& app, Density density) {
  const Playback& pb = app.playback;
  const float gap = ButtonGap(density);
  if (IconButton("##first", Icon::First, "First step (Home)", density)) app.FirstStep();
  ImGui::SameLine(0, gap);
  if (IconButton("##back", Icon::Back, "Step back (Left)", density)) app.StepBy(-1);
  ImGui::SameLine(0, gap);
  if (IconButton("##play", pb.playing ? Icon::Pause : Icon::Play, pb.playing ? "Pause (Space)" : "Play (Space)", density)) {
    app.TogglePlay();
  }
  ImGui::SameLine(0, gap);
  if (IconButton("##forward", Icon::Forward, "Step forward (Right)", density)) app.StepBy(1);
  ImGui::SameLine(0, gap);
  if (IconButton("##last", Icon::Last, "Last step (End)", density)) app.LastStep();
}

}  // namespace

float PlaybackBarHeight(float width, int count) {
  const Density d = DensityFor(width, count);
  const int rows = PackRows(width, count, d)[kGroups - 1] + 1;
  return RowHeight(d) * static_cast<float>(rows) + ImGui::GetStyle().ItemSpacing.y + 4;
}

void DrawPlaybackBar(App& app) {
  Playback& pb = app.playback;
  const int count = app.StepCount();
  const Density density = DensityFor(ImGui::GetWindowWidth(), count);
  const bool compact = density != Density::Full;
  const std::array<int, kGroups> rows = PackRows(ImGui::GetWindowWidth(), count, density);
  const std::array<float, kGroups> widths = GroupWidths(count, density);
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 first = ImGui::GetCursorScreenPos();
  const float top = ImGui::GetCursorPosY();
  const float pad = (ButtonSide(density) - ImGui::GetFrameHeight()) * 0.5f;  // centres a frame in a row
  const float right = ImGui::GetWindowWidth() - style.WindowPadding.x;
  // Starts group g: on the same row after a gap, or at the start of the next row.
  auto place = [&](int g) {
    const float y = top + RowHeight(density) * static_cast<float>(rows[static_cast<size_t>(g)]);
    if (g > 0 && rows[static_cast<size_t>(g)] == rows[static_cast<size_t>(g - 1)]) {
      ImGui::SameLine(0, GroupGap(density));
      ImGui::SetCursorPosY(y);
    } else {
      ImGui::SetCursorPos(ImVec2(style.WindowPadding.x, y));
    }
  };
  // What the groups after g on its row need (the scrub slider leaves them their room).
  auto after = [&](int g) {
    float w = 0;
    for (int k = g + 1; k < kGroups && rows[static_cast<size_t>(k)] == rows[static_cast<size_t>(g)]; ++k) {
      w += GroupGap(density) + widths[static_cast<size_t>(k)];
    }
    return w;
  };

  ImGui::BeginDisabled(count == 0);
  place(kTransport);
  DrawTransport(app, density);

  place(kScrub);
  const float row_y = ImGui::GetCursorPosY();
  ImGui::SetCursorPosY(row_y + pad + style.FramePadding.y);
  const float label_x = ImGui::GetCursorPosX();
  ImGui::TextUnformatted(StepLabel(pb.step + 1, std::max(count, 1), compact).c_str());
  ImGui::SameLine(label_x + StepLabelWidth(count, compact) + style.ItemSpacing.x);
  ImGui::SetNextItemWidth(std::max(ScrubMinWidth(density), right - ImGui::GetCursorPosX() - after(kScrub)));
  ImGui::SetCursorPosY(row_y + pad);
  int shown = pb.step + 1;
  if (ImGui::SliderInt("##step", &shown, 1, std::max(count, 1), "", ImGuiSliderFlags_AlwaysClamp)) {
    pb.playing = false;
    app.SetStep(shown - 1);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Scrub through the steps (command line: --step %d)", pb.step);
  ImGui::EndDisabled();

  place(kSpeed);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + pad);
  ImGui::SetNextItemWidth(SpeedSliderWidth(density));
  ImGui::SliderFloat("##speed", &pb.speed, 0.25f, 20.0f, "", ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Speed (the paper's animations: 1 step per second)");
  ImGui::SameLine(0, style.ItemInnerSpacing.x);
  const float speed_x = ImGui::GetCursorPosX();
  ImGui::AlignTextToFramePadding();
  if (compact) {  // beside the slider, where its handle cannot cover it
    ImGui::Text("%.2g/s", pb.speed);
  } else {
    ImGui::Text("%.2g step/s", pb.speed);
  }
  ImGui::SameLine(speed_x + SpeedTextWidth(compact));

  place(kLoop);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + pad);
  ImGui::Checkbox("loop", &pb.loop);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start again after the last step (L)");

  if (compact) {
    const ImVec2 last = ImGui::GetItemRectMax();
    app.layout.playback_rect = {first.x, first.y, last.x, last.y};
    return;
  }
  place(kZoom);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + pad);
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
  const ImVec2 last = ImGui::GetItemRectMax();
  app.layout.playback_rect = {first.x, first.y, last.x, last.y};
}

}  // namespace convarith::app
