// The backward pass through the forward views: the input gradient of a convolution recomputed as a computation of
// its own (InputGradConfig) has the transposed views (scatter: each output-gradient cell stamps the kernel), and its
// output, folded and cropped, is the gradient Backward computes. This is the path the app's Backward switch takes.
#include <gtest/gtest.h>

#include <random>

#include "convarith/ops/backward.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/scene/timeline.hpp"
#include "../test_helpers.hpp"

namespace convarith {
namespace {

using test::AllClose;
using test::Describe;
using test::Real;

TEST(BackwardViews, InputGradientIsAComputationWithTheForwardViews) {
  std::mt19937 rng(21);
  for (Op op : {Op::Conv, Op::Transposed})
    for (int n = 0; n < 60; ++n) {
      const Config c = test::RandomConfig(op, rng);
      const Tensor x = Real(CanonicalShape(c, TensorRole::Input), static_cast<uint32_t>(rng()));
      const Tensor w = Real(CanonicalShape(c, TensorRole::Weight), static_cast<uint32_t>(rng()), -2, 2);
      const Tensor gy = Real(CanonicalShape(c, TensorRole::Output), static_cast<uint32_t>(rng()));
      const Computation grad = Recompute(InputGradConfig(c), gy, w);
      const std::array<int, 3> in{x.dim(1), x.dim(2), x.dim(3)};
      const Tensor expected = Backward(c, x, w, gy).grad_input;
      EXPECT_TRUE(AllClose(FoldPadding(c, CropTo(grad.output, op == Op::Conv ? grad.output_shape : in)), expected))
          << Describe(c);
      if (op == Op::Conv) {
        // The scatter view steps through the output gradient's cells; the equivalent view gathers with the rotated
        // kernel and gives the same numbers.
        EXPECT_EQ(ViewsOf(grad.config.op).front(), View::Equivalent);
        EXPECT_EQ(StepCount(grad, View::Scatter), static_cast<int>(gy.size()));
        EXPECT_TRUE(AllClose(FoldPadding(c, grad.output_equivalent), expected)) << Describe(c);
      } else {
        EXPECT_EQ(ViewsOf(grad.config.op).front(), View::Direct);
      }
    }
}

// Every text of a frame, joined (labels, titles, legend).
std::string AllText(const Frame& f) {
  std::string s;
  for (const FrameText& t : f.texts) s += t.text + "\n";
  for (const LegendEntry& e : f.legend) s += e.name + "\n";
  return s;
}

// The backward pass's frames name what they show: the output gradient on the left, the input gradient on the right,
// the kernel (rotated in the equivalent view); the forward pass's frames never say gradient.
TEST(BackwardViews, LabelsNameTheGradients) {
  const Preset& fig = *FindPreset("fig2.6");  // a convolution: its input gradient is a transposed convolution
  auto ones = [](const Config& c, TensorRole role) { return Tensor(CanonicalShape(c, role), 1.0); };
  const BackwardPass pass = MakeBackwardPass(fig.config, ones(fig.config, TensorRole::Input),
                                             ones(fig.config, TensorRole::Weight), ones(fig.config, TensorRole::Output));
  const Computation grad = Recompute(InputGradConfig(fig.config), pass.grad_output, pass.weight);
  FrameOptions o;
  o.pass = Pass::Backward;
  for (View v : {View::Equivalent, View::Scatter, View::Associated}) {
    o.view = v;
    const std::string text = AllText(BuildFrame(grad, o));
    EXPECT_NE(text.find("∂L/∂y"), std::string::npos) << ViewName(v) << "\n" << text;
    EXPECT_NE(text.find("∂L/∂x"), std::string::npos) << ViewName(v) << "\n" << text;
    if (v != View::Associated) {
      EXPECT_NE(text.find("output gradient ∂L/∂y"), std::string::npos) << text;
      EXPECT_NE(text.find("input gradient ∂L/∂x"), std::string::npos) << text;
    }
    EXPECT_EQ(text.find("rotated 180°") != std::string::npos, v == View::Equivalent) << text;
  }
  EXPECT_NE(ViewTitle(View::Scatter, false, Pass::Backward).find("∂L/∂y"), std::string::npos);
  // Side by side, the titles are the backward ones too.
  o.view = View::Equivalent;
  const std::string both = AllText(BuildViews(grad, o, View::Equivalent, {View::Associated}, 0));
  EXPECT_NE(both.find("The forward convolution"), std::string::npos) << both;
  // A transposed convolution's input gradient is a direct convolution, labelled the same way.
  const Preset& tr = *FindPreset("fig4.1");
  const Computation direct = Recompute(InputGradConfig(tr.config), ones(tr.config, TensorRole::Output),
                                       ones(tr.config, TensorRole::Weight));
  o.view = View::Direct;
  const std::string text = AllText(BuildFrame(direct, o));
  EXPECT_NE(text.find("output gradient ∂L/∂y"), std::string::npos) << text;
  EXPECT_NE(text.find("input gradient ∂L/∂x"), std::string::npos) << text;
  // Forward: the same computations never say gradient.
  o.pass = Pass::Forward;
  EXPECT_EQ(AllText(BuildFrame(direct, o)).find("gradient"), std::string::npos);
  EXPECT_EQ(ParsePass(PassName(Pass::Backward)), Pass::Backward);
  EXPECT_EQ(ParsePass("sideways"), std::nullopt);
}

// The step texts and the legend of the backward pass speak of gradients, never of the forward pass's x and y.
TEST(BackwardViews, StepTextsAndLegendUseTheGradientsNames) {
  const Preset& fig = *FindPreset("fig2.6");
  auto ones = [](const Config& c, TensorRole role) { return Tensor(CanonicalShape(c, role), 1.0); };
  const BackwardPass pass = MakeBackwardPass(fig.config, ones(fig.config, TensorRole::Input),
                                             ones(fig.config, TensorRole::Weight), ones(fig.config, TensorRole::Output));
  const Computation grad = Recompute(InputGradConfig(fig.config), pass.grad_output, pass.weight);
  FrameOptions o;
  o.pass = Pass::Backward;
  o.step = 2;
  o.view = View::Scatter;
  const Frame scatter = BuildFrame(grad, o);
  EXPECT_NE(scatter.equation.find("∂L/∂y[0,2] = 1: ∂L/∂x["), std::string::npos) << scatter.equation;
  EXPECT_EQ(scatter.equation.find(" x["), std::string::npos) << scatter.equation;
  o.view = View::Associated;
  const Frame associated = BuildFrame(grad, o);
  EXPECT_NE(associated.equation.find("sends ∂L/∂y[0,2] back"), std::string::npos) << associated.equation;
  o.view = View::Equivalent;
  std::string legend;
  for (const LegendEntry& e : BuildFrame(grad, o).legend) legend += e.name + "\n";
  EXPECT_NE(legend.find("output gradient ∂L/∂y"), std::string::npos) << legend;
  EXPECT_NE(legend.find("current ∂L/∂x"), std::string::npos) << legend;
  EXPECT_EQ(legend.find("current output"), std::string::npos) << legend;
}

}  // namespace
}  // namespace convarith
