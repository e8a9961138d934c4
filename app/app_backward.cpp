// The backward pass in the app: the Forward / Backward switch (B) and, for pooling (whose gradient is a routing, not
// a computation the views can draw), one line saying what the gradient does at the playback step.
#include <string>

#include "app.hpp"
#include "convarith/ops/backward.hpp"

namespace convarith::app {

void App::ToggleBackward() {
  params.backward = !params.backward;
  dirty = true;  // the same parameters (the figure stays loaded), another computation
  playback.step = 0;
  playback.carry = 0;
  canvas.ClearPins();
  canvas.Fit();
}

void App::SetGradient(GradTarget grad) {
  if (params.grad == grad && params.backward) return;
  params.grad = grad;
  if (!params.backward) {
    ToggleBackward();
    return;
  }
  dirty = true;
  playback.step = 0;
  playback.carry = 0;
  canvas.ClearPins();
  canvas.Fit();
}

void App::NextGradient() {
  // From what is drawn (a layer without bias skips ∂L/∂b); the first press on the forward pass shows ∂L/∂x.
  GradTarget next = GradTarget::Input;
  if (params.backward) {
    next = params.grad == GradTarget::Input ? GradTarget::Weight
           : params.grad == GradTarget::Weight && params.config.bias ? GradTarget::Bias
                                                                      : GradTarget::Input;
  }
  SetGradient(next);
}

namespace {

// "x[1, 2]" (or "x1[1, 2]" with several channels) for flat index `index` of the canonical input (C, D, H, W).
std::string InputName(const Config& c, const Tensor& input, int64_t index) {
  const std::vector<int> at = Unflatten(input.shape(), static_cast<size_t>(index));
  const std::string channel = input.dim(0) > 1 ? std::to_string(at[0]) : "";
  return "x" + channel + PositionText(c.rank, at[1], at[2], at[3]);
}

// ∂L/∂x[i] = Σ a·b = result, the terms as GradientStep lists them (at most 6 written out).
std::string GradientSum(const GradStep& s, const std::string& name) {
  std::string sum;
  size_t n = 0;
  for (const GradTerm& t : s.terms) {
    if (n++ == 6) {
      sum += " + …";
      break;
    }
    sum += (sum.empty() ? "" : " + ") + FormatValue(t.a) + (t.b == 1 ? "" : "·" + FormatValue(t.b));
  }
  return "∂L/∂" + name + " = " + (sum.empty() ? "0" : sum) + " = " + FormatValue(s.result);
}

}  // namespace

std::string App::PoolingGradientText() const {
  const BackwardPass* p = derived.pooling_backward.get();
  const Computation* c = computation();
  if (p == nullptr || c == nullptr || !params.backward) return "";
  const int64_t out = playback.step;  // a pooling step computes output value `step` (channel by channel)
  if (out < 0 || out >= static_cast<int64_t>(p->grad_output.size())) return "";
  const double g = p->grad_output[static_cast<size_t>(out)];
  const Config& cfg = p->config;
  if (cfg.op == Op::MaxPool) {
    // The winner is an index into its channel's map.
    const int64_t in_plane = static_cast<int64_t>(p->input.size()) / p->input.dim(0);
    const int64_t out_plane = static_cast<int64_t>(p->grad_output.size()) / p->grad_output.dim(0);
    const int64_t channel_offset = out / out_plane * in_plane;
    const int64_t winner = out < static_cast<int64_t>(p->winners.size()) ? p->winners[static_cast<size_t>(out)] : -1;
    if (winner < 0) return "Backward: this window has no input cell; its gradient goes nowhere";
    const int64_t index = channel_offset + winner;
    const std::string name = InputName(cfg, p->input, index);
    return "Backward (max pooling): this output's gradient " + FormatValue(g) + " goes to the window's maximum " +
           name + " alone;  " + GradientSum(GradientStep(*p, GradTarget::Input, index), name);
  }
  // Average pooling: every input cell of the window gets g / divisor (the forward step's window and divisor).
  const GatherStep step = Gather(*c, View::Direct, playback.step);
  for (const Tap& t : step.taps) {
    if (t.input_row < 0) continue;  // padding
    const Tensor& x = p->input;
    const int64_t index = ((static_cast<int64_t>(t.channel) * x.dim(1) + t.input_z) * x.dim(2) + t.input_row) * x.dim(3) +
                          t.input_col;
    const std::string name = InputName(cfg, x, index);
    return "Backward (average pooling): this output's gradient " + FormatValue(g) + " is spread over its window, " +
           FormatValue(g) + "/" + std::to_string(step.divisor) + " to each input cell;  e.g. " +
           GradientSum(GradientStep(*p, GradTarget::Input, index), name);
  }
  return "Backward (average pooling): this window reads only padding; its gradient goes nowhere";
}

}  // namespace convarith::app
