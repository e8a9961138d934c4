// The strip under the canvas's grids: each view's current step written out, the transposed check, and the legend,
// in the UI's font so that they stay readable however small the cells are (and on a projector).
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "convarith/scene/frame.hpp"

namespace convarith::app {

struct Fonts;

struct CanvasNotes {
  std::vector<std::string> equations;  // one per view ("Scatter · step 3/9: ..." when several views)
  // Per view: each input channel's part of the step written out (several input channels), drawn under its equation.
  std::vector<std::vector<std::string>> parts;
  std::string check;                   // transposed: scatter vs equivalent
  bool check_failed = false;
  std::vector<LegendEntry> legend;
  bool large = false;  // presentation mode: the step text at about twice the heading's size
  // Presentation mode: a line kept under the steps for the hovered cell (no tooltip covers the grids); its room is
  // kept while nothing is hovered, so the grids never move.
  bool hover_line = false;
  std::string hover;
};

// The frame's step text and check (core's Frame::equation and Frame::check) go to the notes; returns the height of
// what stays in the frame (the grids and their labels).
float TakeNotes(const Frame& frame, const std::string& view_name, CanvasNotes& notes);

// The frames' legends merged (core's Frame::legend), plus the hover entry.
std::vector<LegendEntry> LegendOf(const std::vector<const Frame*>& frames, const Theme& theme);

// The rows the legend's entries take at `width` pixels.
int LegendRows(const std::vector<LegendEntry>& legend, float width, const Fonts& fonts);
// Height the notes need at `width` pixels.
float NotesHeight(const CanvasNotes& notes, float width, const Fonts& fonts);
// Width the notes use when given `width` pixels (at most `width`).
float NotesWidth(const CanvasNotes& notes, float width, const Fonts& fonts);
// Draws the notes from `top` across `width` pixels starting at `left`.
void DrawNotes(ImDrawList* list, const CanvasNotes& notes, ImVec2 top_left, float width, const Fonts& fonts,
               const Theme& theme);

}  // namespace convarith::app
