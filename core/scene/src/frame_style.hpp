// Colour and text-metric helpers shared by the frame builder and the themes.
#pragma once

#include <string>

#include "convarith/scene/frame.hpp"

namespace convarith::detail {

// `over` alpha-blended onto the opaque colour `under`.
Rgba Blend(Rgba under, Rgba over);
// Linear mix from a (t = 0) to b (t = 1).
Rgba Mix(Rgba a, Rgba b, float t);
// Black or white, whichever reads better on `fill`.
Rgba TextColorOn(Rgba fill);
// Sets each text's width (FrameText::width) from the frame's measure.
void MeasureTexts(Frame& f, const TextMeasure& m);
// Every text at least `min_text` tall (FrameOptions::min_text; measured texts, after MeasureTexts): each keeps its
// baseline and grows upwards; a text right above another moves up to clear it; a left-aligned one grown into what is
// beside it (the next grid's label, the next grid) keeps the room it had. The frame widens to hold them. 0: as they are.
void GrowTexts(Frame& f, float min_text);

}  // namespace convarith::detail
