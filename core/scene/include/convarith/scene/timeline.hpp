// Everything derived from (config, input, kernel) in one recompute, and the animation timeline over it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/shape/arithmetic.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/tensor/compare.hpp"
#include "convarith/tensor/tensor.hpp"

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

// Which part of a frame a cell belongs to (see frame.hpp).
enum class Panel : uint8_t { Input, Output, Kernel, Overlap };

// A cell of a tensor: channel and spatial position {depth, row, col} (depth 0 and row 0 on neutral axes).
struct CellRef {
  int channel = 0;
  int z = 0, row = 0, col = 0;
  bool operator==(const CellRef&) const = default;
  auto operator<=>(const CellRef&) const = default;
};

// What caches of things drawn from a computation key on: unique per object. A copy gets a new identity (a copy may
// be changed afterwards; a cache must never take it for the original); a move keeps it.
class Identity {
 public:
  Identity() : value_(Next()) {}
  Identity(const Identity&) : value_(Next()) {}
  Identity& operator=(const Identity&) {
    value_ = Next();
    return *this;
  }
  Identity(Identity&&) noexcept = default;
  Identity& operator=(Identity&&) noexcept = default;
  uint64_t value() const { return value_; }
  bool operator==(const Identity& other) const { return value_ == other.value_; }

 private:
  static uint64_t Next();
  uint64_t value_;
};

// The full result of one recompute. Build it with Recompute(); it is immutable afterwards. Tensors are canonical
// (see compute.hpp): input (C_in, D, H, W), weight (C_out, C_in/g, kD, kH, kW) or for transposed
// (C_in, C_out/g, kD, kH, kW), output (C_out, oD, oH, oW).
struct Computation {
  Identity id;               // unique per object (caches of what is drawn from it key on it)
  Config config;             // normalised
  Tensor input;
  Tensor weight;             // as PyTorch stores it (not rotated); empty for pooling
  Tensor bias;               // (C_out), or empty without bias
  std::array<int, 3> output_shape{};  // spatial {oD, oH, oW}
  Tensor output;             // the operation's result (transposed: by scatter)
  Tensor output_equivalent;  // transposed: via the equivalent direct convolution (equals output up to rounding)
  Agreement equivalent_check;  // transposed: how closely output_equivalent agrees with output (summed in other orders)
  Tensor overlap;            // transposed: kernel stamps per output position, (1, oD, oH, oW)
  std::vector<int64_t> winners;  // maxpool: flat index of the winner within its channel's map, per output value
  Canvas canvas;             // conv/pool: padded input; transposed: the equivalent convolution's canvas
  std::array<Relationship, 3> relationship;    // per axis {depth, height, width}; number 0 on neutral axes
  std::array<TransposedAxis, 3> transposed{};  // transposed only
  Config associated;         // transposed only: the direct convolution it is the transpose of
  std::vector<bool> covered;  // conv/pool: per input position (flat over D, H, W), whether a kernel position reads it

  int in_channels() const { return config.in_channels; }
  int out_channels() const { return output.empty() ? 0 : output.dim(0); }
  std::array<int, 3> input_dims() const { return {input.dim(1), input.dim(2), input.dim(3)}; }
  // Value of an input / output cell; throws Error(OutOfRange) for a cell outside the tensor.
  double InputAt(const CellRef& r) const { return input.at({r.channel, r.z, r.row, r.col}); }
  double OutputAt(const CellRef& r) const { return output.at({r.channel, r.z, r.row, r.col}); }
};

// Accepts a tensor in PyTorch's shape (see TorchShape) or already canonical and returns it canonical; throws
// InvalidConfig naming the tensor and the shape it must have otherwise.
Tensor AsCanonical(const Config& config, TensorRole role, Tensor t);

// Validates, then computes everything. Throws InvalidConfig when the config is invalid or the tensors do not have the
// shapes it asks for (PyTorch's or canonical; pooling ignores weight and bias, a config without bias ignores it).
Computation Recompute(const Config& config, const Tensor& input, const Tensor& weight, const Tensor& bias = {});

// Number of steps of a view: output values for Direct/Equivalent, input values for Scatter/Associated.
int StepCount(const Computation& c, View view);

// One kernel tap of a gather step.
struct Tap {
  int channel = 0;                                  // input channel
  int canvas_z = 0, canvas_row = 0, canvas_col = 0;  // position on the canvas (padded / stretched coordinates)
  CellKind kind = CellKind::Input;
  int input_z = -1, input_row = -1, input_col = -1;  // the input cell there, -1 for padding and zeros
  int source_index = -1;  // flat index into the input tensor of the value read (padding modes copy a cell), or -1
  int kernel_z = 0, kernel_row = 0, kernel_col = 0;  // kernel tap as used (for Equivalent: into the rotated kernel)
  double value = 0;    // canvas value (0 for zeros; padding for maxpool reads as -inf, stored 0)
  double weight = 1;   // kernel weight used (1 for pooling)
  double product = 0;  // value * weight
  double running = 0;  // running sum (conv), running max (maxpool), running sum (avgpool)
};

// One output value computed by sliding the kernel (Direct, Equivalent).
struct GatherStep {
  int index = 0;
  int out_channel = 0;
  int out_z = 0, out_row = 0, out_col = 0;
  std::vector<Tap> taps;  // input channel by channel (the group's), each row-major over the kernel
  std::vector<int> part_channels;  // conv/transposed: the input channels summed, in order
  std::vector<double> partials;    // their partial sums (per input channel)
  double bias = 0;        // the bias added (0 without bias)
  double result = 0;      // the output value
  int winner = -1;        // maxpool: index into taps of the winning tap
  int divisor = 1;        // avgpool: the divisor used
  CellRef out() const { return {out_channel, out_z, out_row, out_col}; }
};

// One input cell of a transposed convolution stamping its scaled kernels (Scatter, Associated).
struct Stamp {
  int out_channel = 0;
  int out_z = 0, out_row = 0, out_col = 0;  // output cell written
  int kernel_z = 0, kernel_row = 0, kernel_col = 0;
  double weight = 0;
  double product = 0;  // input value * weight
  CellRef out() const { return {out_channel, out_z, out_row, out_col}; }
};
struct ScatterStep {
  int index = 0;
  int in_channel = 0;
  int in_z = 0, in_row = 0, in_col = 0;
  double value = 0;
  std::vector<Stamp> stamps;  // only the ones landing inside the output, output channel by channel
  CellRef in() const { return {in_channel, in_z, in_row, in_col}; }
};

// Step n of a gather view (Direct or Equivalent), n in [0, StepCount).
GatherStep Gather(const Computation& c, View view, int n);
// Step n of a scatter view (Scatter or Associated), n in [0, StepCount).
ScatterStep Scatter(const Computation& c, int n);
// The step index of an output cell (gather views) or input cell (scatter views).
int StepOf(const Computation& c, View view, const CellRef& cell);
// Its inverse: the cell step n lights, the output it computes (gather views) or the input that stamps (scatter
// views), n clamped to [0, StepCount). Arithmetic only (no step is built): the cheap lookup for links and tooltips.
CellRef CellOfStep(const Computation& c, View view, int n);

// The step written out, e.g. "3·0 + 3·1 + 2·2 + ... = 12", "max(3, 3, 2, ...) = 3", "(3 + 3 + ...)/9 = 2"; with
// several input channels "ch 0: 12 + ch 1: 7 + bias 1 = 20", each part written out in PartEquation.
std::string StepEquation(const Computation& c, const GatherStep& step, int max_terms = 9);
std::string StepEquation(const Computation& c, const ScatterStep& step, int max_terms = 9);
// One input channel's part of a multi-channel gather step: "ch 1: 3·0 + 1·2 + ... = 7".
std::string PartEquation(const Computation& c, const GatherStep& step, int part, int max_terms = 9);

// Output cells that read canvas cell (channel, z, row, col) in a gather view; for scatter views the output cells an
// input cell writes.
std::vector<CellRef> OutputsReading(const Computation& c, View view, const CellRef& canvas_cell);
// Input cells of a transposed convolution that write output cell `out`.
std::vector<CellRef> InputsFeeding(const Computation& c, const CellRef& out);

// Transposed convolution: what another view shows at the moment the lead view is at `lead_step`, by meaning rather
// than by fraction of the animation. When a gather view (Equivalent) computes y, the scatter views go to the step at
// which the last input cell writing y stamps (y is then complete) and link y (the Scatter view marks the inputs that
// write y; the Associated view marks the direct convolution's windows whose gradient lands on y). When a scatter view
// (Scatter, Associated) stamps input x, the Equivalent view goes to the first output x writes and marks every output
// x writes; the other scatter view goes to the same step and marks x.
struct LinkedMoment {
  int step = 0;
  Panel panel = Panel::Input;  // the linked cell's panel in `other`'s frame (as a Pointer)
  CellRef cell;                // its map coordinates there (Input panel of a gather view: canvas coordinates)
};
LinkedMoment LinkStep(const Computation& c, View lead, int lead_step, View other);

// Number formatting shared by every renderer: integers without decimals, else up to 2 decimals ("0.33", "-1.5").
std::string FormatValue(double v);

}  // namespace convarith
