// Internal to the frame builder: what a FrameCache holds (each view's pictures, the scatter view's partial sums).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "convarith/scene/frame.hpp"

namespace convarith::detail {

// Everything a view's shared pictures depend on besides the step: the geometry (the configuration: the pictures show
// what each cell is, so a value edited keeps them), the view, the options that decide which maps become pictures and
// what they show, and every colour of the theme.
struct PictureKey {
  Config config;
  ColourBy colour_by = ColourBy::Role;
  uint64_t values = 0;  // the computation, when the pictures show values (ColourBy::Value); else 0
  View view = View::Direct;
  int keep_every = 1;
  int detail_limit = 0;
  bool overlap_panel = false;
  std::array<int, 3> focus{};  // the focus layout (used, left and right channel): which maps are pictures
  Theme theme;
  bool operator==(const PictureKey&) const = default;
};

// One view's pictures of large maps, in build order, while its key holds.
struct PictureSlot {
  std::optional<PictureKey> key;
  int base_step = -1;  // Scatter: the step its output pictures show
  std::vector<std::shared_ptr<const std::vector<Rgba>>> pixels;
  std::vector<uint32_t> roles;
};

// The scatter view's output summed over steps 0..step in step order (as many additions as the steps' stamps, in
// the same order as stamping them one by one), and for each output value the last step that wrote it.
struct ScatterProgress {
  uint64_t computation = 0;
  int step = -1;  // the last step added; -1: none
  Tensor partial;
  std::vector<int> last;  // flat over the output; -1: not written yet
};

struct FrameCacheState {
  std::array<PictureSlot, 4> pictures;  // a slot per View
  ScatterProgress scatter;
};

// The slot of `view` for these options, emptied when its key changed.
PictureSlot& PicturesFor(FrameCacheState& state, const Computation& c, const FrameOptions& o, View view,
                         std::array<int, 3> focus);
// `progress` brought to `step`: the steps after its own added (a new computation, or going back, starts from zero).
void AdvanceScatter(ScatterProgress& progress, const Computation& c, int step);
// The output values (flat) that steps [from, to] of the scatter view write, sorted, without repeats.
std::vector<size_t> WrittenBySteps(const Computation& c, int from, int to);

}  // namespace convarith::detail
