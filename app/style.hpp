// The look: DejaVu Sans with the glyphs the formulas need, UI scale for projectors, light and dark ImGui styles.
#pragma once

namespace convarith::app {

struct Fonts;

// (Re)builds the font atlas at the UI scale; falls back to ImGui's built-in font when DejaVu Sans is missing.
void LoadFonts(Fonts& fonts, float ui_scale, float pixel_ratio = 1.0f);

// The symbols beyond Latin-1 the canvas fonts carry (UTF-8).
const char* CanvasSymbols();

// Resets ImGui's style to the light or dark theme at the UI scale.
void ApplyStyle(bool dark, float ui_scale);

}  // namespace convarith::app
