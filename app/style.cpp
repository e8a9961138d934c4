// The look: DejaVu Sans with the glyphs the formulas need, UI scale for projectors, light and dark ImGui styles.
#include "style.hpp"

#include <filesystem>

#include <imgui.h>

#include "app.hpp"

namespace convarith::app {
namespace {

constexpr const char* kRegular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// Latin (ĩ), Greek, punctuation (′ …), super/subscripts, arrows, maths (− ≤ ⌊ ⌋), shapes, ✓ ✗, ᵀ.
constexpr ImWchar kRanges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x0370, 0x03FF, 0x1D00, 0x1D7F, 0x2000, 0x206F, 0x2070, 0x209F,
    0x2190, 0x21FF, 0x2200, 0x22FF, 0x2300, 0x23FF, 0x25A0, 0x25FF, 0x2700, 0x27BF, 0,
};

// Combining marks (k̂: k then U+0302). DejaVu Sans draws them with no advance, over the glyph before, at the height
// of a lowercase letter; ImGui places glyphs one after the other, so they are merged in raised by the difference
// between an ascender and the x-height, to sit above k, d, l (the letters the formulas put them on).
constexpr ImWchar kCombiningRanges[] = {0x0300, 0x036F, 0};
constexpr float kCombiningRaise = 0.12f;  // of the font's pixel size: (1556 - 1120) / 2384 font units, less a gap

// Every symbol beyond Latin-1 that the frames (cell values, labels, step text, legend) can hold: the canvas fonts
// carry only these (a 64 px atlas of every range above would be huge). tests/app/glyph_test.cpp renders every
// string the frame description produces and fails on any codepoint these fonts lack.
constexpr const char* kCanvasSymbols = "·×−′’ĩĨõ⌊⌋⌈⌉✓✗ᵀ→←↑↓≤≥≠…°ΣΔ√∑∞∂₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾";

// Adds the DejaVu Sans combining marks to the font added last.
void MergeCombiningMarks(ImFontAtlas* atlas, float size, const ImFontConfig& base) {
  ImFontConfig marks = base;
  marks.MergeMode = true;
  marks.GlyphOffset = ImVec2(0.02f * size, -kCombiningRaise * size);
  atlas->AddFontFromFileTTF(kRegular, size, &marks, kCombiningRanges);
}

}  // namespace

const char* CanvasSymbols() { return kCanvasSymbols; }

void LoadFonts(Fonts& fonts, float ui_scale, float pixel_ratio) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  fonts.ui = fonts.heading = fonts.canvas_small = fonts.canvas_large = nullptr;
  fonts.ui_size = 17.0f * ui_scale * pixel_ratio;
  fonts.base_size = 17.0f * pixel_ratio;
  std::error_code ec;
  if (!std::filesystem::exists(kRegular, ec)) {
    ImFontConfig config;
    config.SizePixels = 13.0f * ui_scale;
    fonts.ui = atlas->AddFontDefault(&config);
    fonts.heading = fonts.ui;
    fonts.canvas_small = fonts.ui;
    fonts.canvas_large = fonts.ui;
    return;
  }
  ImFontConfig config;
  config.OversampleH = 2;
  config.OversampleV = 1;
  fonts.ui = atlas->AddFontFromFileTTF(kRegular, fonts.ui_size, &config, kRanges);
  if (fonts.ui != nullptr) MergeCombiningMarks(atlas, fonts.ui_size, config);
  const char* heading_file = std::filesystem::exists(kBold, ec) ? kBold : kRegular;
  fonts.heading = atlas->AddFontFromFileTTF(heading_file, 19.0f * ui_scale, &config, kRanges);
  if (fonts.heading != nullptr) MergeCombiningMarks(atlas, 19.0f * ui_scale, config);
  // The canvas's text follows the cell size, not the UI scale: two sizes so both small and large text stay sharp,
  // with only the glyphs frames use (a 64 px atlas of every range above would be huge).
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(atlas->GetGlyphRangesDefault());
  builder.AddText(kCanvasSymbols);
  fonts.canvas_ranges.clear();
  builder.BuildRanges(&fonts.canvas_ranges);
  ImFontConfig canvas_config;
  canvas_config.OversampleH = 1;
  canvas_config.OversampleV = 1;
  fonts.canvas_small = atlas->AddFontFromFileTTF(kRegular, 24.0f, &canvas_config, fonts.canvas_ranges.Data);
  if (fonts.canvas_small != nullptr) MergeCombiningMarks(atlas, 24.0f, canvas_config);
  fonts.canvas_large = atlas->AddFontFromFileTTF(kRegular, 64.0f, &canvas_config, fonts.canvas_ranges.Data);
  if (fonts.canvas_large != nullptr) MergeCombiningMarks(atlas, 64.0f, canvas_config);
  if (fonts.ui == nullptr) fonts.ui = atlas->AddFontDefault();
  if (fonts.heading == nullptr) fonts.heading = fonts.ui;
  if (fonts.canvas_small == nullptr) fonts.canvas_small = fonts.ui;
  if (fonts.canvas_large == nullptr) fonts.canvas_large = fonts.canvas_small;
  ImGui::GetIO().FontDefault = fonts.ui;
}

void ApplyStyle(bool dark, float ui_scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  if (dark) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
  }
  // Square corners and no anti-aliased fringes: a flat look, and far fewer triangles for a software rasterizer.
  style.WindowRounding = 0;
  style.FrameRounding = 0;
  style.GrabRounding = 0;
  style.PopupRounding = 0;
  style.ChildRounding = 0;
  style.ScrollbarRounding = 0;
  style.TabRounding = 0;
  style.AntiAliasedFill = false;
  style.AntiAliasedLines = false;
  style.WindowBorderSize = 1;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.WindowPadding = ImVec2(12, 10);
  style.ScrollbarSize = 14;
  ImVec4* colors = style.Colors;
  // Accents in the paper's blue (inputs) so controls and drawing belong together.
  const ImVec4 accent{38 / 255.0f, 139 / 255.0f, 210 / 255.0f, 1.0f};
  colors[ImGuiCol_CheckMark] = accent;
  colors[ImGuiCol_SliderGrab] = accent;
  colors[ImGuiCol_SliderGrabActive] = ImVec4(accent.x * 0.8f, accent.y * 0.8f, accent.z * 0.8f, 1.0f);
  colors[ImGuiCol_ButtonActive] = ImVec4(accent.x, accent.y, accent.z, dark ? 0.85f : 0.55f);
  colors[ImGuiCol_HeaderActive] = ImVec4(accent.x, accent.y, accent.z, 0.7f);
  if (dark) {
    colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
    colors[ImGuiCol_MenuBarBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
  } else {
    colors[ImGuiCol_WindowBg] = ImVec4(0.955f, 0.955f, 0.96f, 1.0f);
    colors[ImGuiCol_MenuBarBg] = ImVec4(0.91f, 0.91f, 0.92f, 1.0f);
    colors[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    colors[ImGuiCol_Border] = ImVec4(0.70f, 0.71f, 0.73f, 1.0f);
    colors[ImGuiCol_TitleBgActive] = colors[ImGuiCol_TitleBg];
    style.FrameBorderSize = 1;  // white fields on a light panel need an edge
  }
  style.ScaleAllSizes(ui_scale);
}

}  // namespace convarith::app
