// The pieces the exercise kinds share (private to core/teach): layers from drawn numbers, the layer and its input as
// the questions write them, and each axis's relationship written out.
#pragma once

#include <string>
#include <vector>

#include "convarith/shape/config.hpp"
#include "convarith/teach/exercise.hpp"

namespace convarith::teach {

// A layer of rank 1 or 2 with the same parameters on every axis but the input sizes (one per axis), one channel.
Config MakeLayer(Op op, int rank, const std::vector<int>& inputs, const AxisParams& params, bool ceil_mode = false);
// Whether the layer is valid (Validate) and small enough to reason about by hand.
bool Usable(const Config& config);

// "nn.Conv1d(1, 1, kernel_size=3, stride=2, padding=1)" (network's PyTorchLayerCode, on one line).
std::string Code(const Config& config);
// "length 11" (1-D) or "7x9 (height x width)" (2-D): the sizes of one field of the layer's axes.
std::string SizesText(const Config& config, const std::vector<int>& sizes, bool with_axes = true);
std::vector<int> Inputs(const Config& config);
// "height: " / "width: " before a line for 2-D layers whose axes differ, else nothing.
std::string AxisPrefix(const Config& config, int spatial_axis);
// Whether every axis of the layer is the same (one line of explanation serves them all).
bool AxesAlike(const Config& config);
// The paper's relationship on one spatial axis (0-based, PyTorch order): "Relationship 6 (general): o = ... \n
// o = ⌊(7 + 2·1 - 3)/2⌋ + 1 = 4", with its note when it has one.
std::string RelationshipLines(const Config& config, int spatial_axis);

Exercise OutputSizeExercise(ExerciseGenerator& rng);
Exercise SamePaddingExercise(ExerciseGenerator& rng);
Exercise OutputPaddingExercise(ExerciseGenerator& rng);
Exercise SameOutputInputsExercise(ExerciseGenerator& rng);
Exercise ReceptiveFieldExercise(ExerciseGenerator& rng);

// Draws until `make` returns a usable exercise (at most a few hundred tries; the ranges make most draws usable).
template <typename Make>
Exercise Draw(Make make) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    if (std::optional<Exercise> e = make()) return *e;
  }
  throw Error(ErrorCode::InvalidConfig, "exercise generator: no usable layer found (a bug in its ranges)");
}

}  // namespace convarith::teach
