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

}  // namespace convarith::detail
