// Everything derived from (config, input, kernel) in one recompute, and the animation timeline over it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/arithmetic.hpp"
#include "convarith/compute.hpp"

namespace convarith {

// What an animation shows.
//  Direct:     conv/pooling sliding over the padded input (the only view for those operations).
//  Equivalent: transposed only: the equivalent direct convolution over the stretched, padded input, kernel rotated.
//  Scatter:    transposed only: input cell n stamps its scaled kernel into the output.
//  Associated: transposed only: the direct convolution it is the transpose of (input o', output i'); step n is its
//              output cell n, i.e. the transposed input cell n, with the same connectivity as Scatter.
enum class View { Direct, Equivalent, Scatter, Associated };
std::string_view ViewName(View view);  // direct | equivalent | scatter | associated
std::optional<View> ParseView(std::string_view name);
// The views an operation has, the default first (Direct for conv/pooling, Equivalent for transposed).
std::vector<View> ViewsOf(Op op);

// The full result of one recompute. Build it with Recompute(); it is immutable afterwards.
struct Computation {
  Config config;
  Grid input;   // i x i (for transposed: i' x i')
  Grid kernel;  // k x k as PyTorch stores the weight (not rotated); empty for pooling
  std::array<int, 2> output_shape{};
  Grid output;               // the operation's result (transposed: by scatter)
  Grid output_equivalent;    // transposed: via the equivalent direct convolution (equals output)
  Grid overlap;              // transposed: kernel stamps per output cell
  std::vector<int> winners;  // maxpool: flat input index of the winner per output cell
  Canvas canvas;             // conv/pool: padded input; transposed: the equivalent convolution's canvas
  std::array<Relationship, 2> relationship;
  std::array<TransposedAxis, 2> transposed{};  // transposed only
  Config associated;         // transposed only: the direct convolution it is the transpose of
  std::vector<bool> covered;  // conv/pool: per input cell (flat), whether any kernel position covers it (Figure 2.7)
};

// Validates, then computes everything. Throws InvalidConfig when the config is invalid or the grids do not have the
// sizes it asks for (input must be i x i per axis, kernel k x k; pooling ignores the kernel).
Computation Recompute(const Config& config, const Grid& input, const Grid& kernel);

// Number of steps of a view: output cells for Direct/Equivalent, input cells for Scatter/Associated.
int StepCount(const Computation& c, View view);

// One kernel tap of a gather step.
struct Tap {
  int canvas_row = 0, canvas_col = 0;  // position on the canvas (padded / stretched coordinates)
  CellKind kind = CellKind::Input;
  int input_row = -1, input_col = -1;  // the input cell there, -1 for padding and zeros
  int kernel_row = 0, kernel_col = 0;  // kernel tap as used (for Equivalent: index into the rotated kernel)
  double value = 0;                    // canvas value (0 for zeros; padding for maxpool reads as -inf, stored 0)
  double weight = 1;                   // kernel weight used (1 for pooling)
  double product = 0;                  // value * weight
  double running = 0;                  // running sum (conv), running max (maxpool), running sum (avgpool)
};

// One output cell computed by sliding the kernel (Direct, Equivalent).
struct GatherStep {
  int index = 0;
  int out_row = 0, out_col = 0;
  std::vector<Tap> taps;  // row-major over the kernel
  double result = 0;      // the output value
  int winner = -1;        // maxpool: index into taps of the winning tap
  int divisor = 1;        // avgpool: the divisor used
};

// One input cell of a transposed convolution stamping its scaled kernel (Scatter, Associated).
struct Stamp {
  int out_row = 0, out_col = 0;  // output cell written
  int kernel_row = 0, kernel_col = 0;
  double weight = 0;
  double product = 0;            // input value * weight
};
struct ScatterStep {
  int index = 0;
  int in_row = 0, in_col = 0;
  double value = 0;
  std::vector<Stamp> stamps;  // only the ones landing inside the output
};

// Step n of a gather view (Direct or Equivalent), n in [0, StepCount).
GatherStep Gather(const Computation& c, View view, int n);
// Step n of a scatter view (Scatter or Associated), n in [0, StepCount).
ScatterStep Scatter(const Computation& c, int n);

// The step written out, e.g. "3·0 + 3·1 + 2·2 + ... = 12", "max(3, 3, 2, ...) = 3", "(3 + 3 + ...)/9 = 2".
std::string StepEquation(const Computation& c, const GatherStep& step, int max_terms = 9);
std::string StepEquation(const Computation& c, const ScatterStep& step, int max_terms = 9);

// Output cells that read canvas cell (row, col) in a gather view; input cells a scatter view's output cell receives.
std::vector<std::array<int, 2>> OutputsReading(const Computation& c, View view, int canvas_row, int canvas_col);
std::vector<std::array<int, 2>> InputsFeeding(const Computation& c, int out_row, int out_col);  // transposed

// Number formatting shared by every renderer: integers without decimals, else up to 2 decimals ("0.33", "-1.5").
std::string FormatValue(double v);

}  // namespace convarith
