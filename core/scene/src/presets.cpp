// The paper's figures as presets: parameters from the paper, data as printed where the paper prints numbers; and the
// channel examples (Figure 1.3, depthwise-separable, dilated causal 1-D).
#include "convarith/scene/presets.hpp"

#include <string>

#include "convarith/ops/compute.hpp"

namespace convarith {

namespace {

// The 5 x 5 input printed in the paper's Figure 1.1 (also used by its pooling Figures 1.5 and 1.6).
Tensor PaperInput() {
  Tensor t({1, 1, 5, 5});
  t.Assign({3, 3, 2, 1, 0,  //
              0, 0, 1, 3, 1,  //
              3, 1, 2, 2, 3,  //
              2, 0, 0, 2, 2,  //
              2, 0, 0, 0, 1});
  return t;
}

Preset Make(std::string name, std::string title, std::string paper_name, Op op, int i, int k, int s, int p,
            int d = 1, int a = 0) {
  Preset preset;
  preset.name = std::move(name);
  preset.title = std::move(title);
  preset.paper_name = std::move(paper_name);
  preset.config.op = op;
  const AxisParams axis{i, k, s, p, p, d, a};
  preset.config.axes = {kNeutralAxis, axis, axis};
  preset.input = MakeTensor(CanonicalShape(preset.config, TensorRole::Input), Fill::Ramp);
  preset.data_note = "input: ramp 1…9";
  if (op == Op::Conv) {
    preset.weight = MakeWeight(KernelPreset::Ones, CanonicalShape(preset.config, TensorRole::Weight));
    preset.data_note += ", kernel: ones";
  } else if (op == Op::Transposed) {
    // A kernel with nine different weights, so the equivalent convolution's 180° rotation can be seen.
    preset.weight = MakeTensor(CanonicalShape(preset.config, TensorRole::Weight), Fill::Ramp);
    preset.data_note += ", kernel: ramp 1…9 (its rotation shows)";
  }
  return preset;
}

// Figure 1.3: two 4 x 4 input maps, three output maps, a 3 x 2 x 3 x 3 collection of kernels; small integers so every
// output can be checked by hand.
Preset Figure13() {
  Preset p;
  p.name = "fig1.3";
  p.title = "Two input maps to three output maps";
  p.config.op = Op::Conv;
  p.config.axes = {kNeutralAxis, AxisParams{4, 3, 1, 0, 0, 1, 0}, AxisParams{4, 3, 1, 0, 0, 1, 0}};
  p.config.in_channels = 2;
  p.config.out_channels = 3;
  p.input = Tensor({2, 1, 4, 4});
  p.input.Assign({1, 0, 2, 1,  //
                    0, 1, 1, 0,  //
                    2, 1, 0, 1,  //
                    1, 0, 1, 2,  //
                    // second map
                    0, 2, 1, 0,  //
                    1, 2, 0, 1,  //
                    1, 1, 2, 0,  //
                    0, 1, 0, 1});
  p.weight = Tensor({3, 2, 1, 3, 3});
  p.weight.Assign({
      // w[0][0], w[0][1]
      1, 0, 0, 0, 1, 0, 0, 0, 1,  /**/ 0, 0, 0, 0, 1, 0, 0, 0, 0,
      // w[1][0], w[1][1]
      0, 1, 0, 1, 0, 1, 0, 1, 0,  /**/ 1, 0, 1, 0, 0, 0, 1, 0, 1,
      // w[2][0], w[2][1]
      1, 1, 1, 0, 0, 0, 0, 0, 0,  /**/ 0, 0, 0, 0, 0, 0, 2, 2, 2});
  p.data_note = "small integers, checkable by hand";
  return p;
}

// Depthwise step of a depthwise-separable convolution: every input map has its own kernel (groups = in_channels).
Preset Depthwise() {
  Preset p;
  p.name = "depthwise";
  p.title = "Depthwise convolution (groups = in_channels)";
  p.config.op = Op::Conv;
  p.config.axes = {kNeutralAxis, AxisParams{5, 3, 1, 1, 1, 1, 0}, AxisParams{5, 3, 1, 1, 1, 1, 0}};
  p.config.in_channels = p.config.out_channels = p.config.groups = 3;
  p.input = MakeTensor(CanonicalShape(p.config, TensorRole::Input), Fill::Random, 7, 0, 4);
  p.weight = Tensor(CanonicalShape(p.config, TensorRole::Weight));
  const KernelPreset kinds[3] = {KernelPreset::BoxBlur, KernelPreset::SobelX, KernelPreset::Sharpen};
  for (int c = 0; c < 3; ++c) {
    const Tensor k = MakeKernel(kinds[c], 1, 3, 3);
    std::copy(k.values().begin(), k.values().end(), p.weight.mutable_values().begin() + 9 * c);
  }
  p.data_note = "input: random (seed 7), kernels: box blur, Sobel x, sharpen";
  return p;
}

// Pointwise step: a 1 x 1 convolution mixing the depthwise step's three maps into two.
Preset Pointwise(const Preset& depthwise) {
  Preset p;
  p.name = "pointwise";
  p.title = "Pointwise 1x1 convolution (after the depthwise step)";
  p.config.op = Op::Conv;
  p.config.axes = {kNeutralAxis, AxisParams{5, 1, 1, 0, 0, 1, 0}, AxisParams{5, 1, 1, 0, 0, 1, 0}};
  p.config.in_channels = 3;
  p.config.out_channels = 2;
  p.config.bias = true;
  p.input = Convolve(depthwise.config, depthwise.input, depthwise.weight, {});
  p.weight = Tensor({2, 3, 1, 1, 1});
  p.weight.Assign({1, 0.5, -1, 0, 1, 1});
  p.bias = Tensor({2});
  p.bias.Assign({0, 1});
  p.data_note = "input: the depthwise example's output";
  return p;
}

// WaveNet's dilated causal 1-D convolution: padding d(k - 1) on the left only, so output t sees inputs up to t.
Preset Causal1d() {
  Preset p;
  p.name = "causal1d";
  p.title = "Dilated causal 1-D convolution (WaveNet)";
  p.config.op = Op::Conv;
  p.config.rank = 1;
  p.config.axes = {kNeutralAxis, kNeutralAxis, AxisParams{12, 2, 1, 4, 0, 4, 0}};
  p.input = MakeTensor(CanonicalShape(p.config, TensorRole::Input), Fill::Ramp);
  p.weight = Tensor({1, 1, 1, 1, 2});
  p.weight.Assign({1, 2});
  p.data_note = "input: ramp 1…9, kernel: 1 2";
  return p;
}

std::vector<Preset> BuildPresets() {
  std::vector<Preset> all;
  auto numeric = [](Preset p) {
    p.input = PaperInput();
    if (!p.weight.empty()) {
      p.weight = MakeWeight(KernelPreset::Figure11, {1, 1, 1, 3, 3});
      p.data_note = "the paper's numbers";
    } else {
      p.data_note = "the paper's numbers";
    }
    return p;
  };
  all.push_back(numeric(Make("fig1.1", "Discrete convolution", "numerical_no_padding_no_strides", Op::Conv, 5, 3, 1, 0)));
  all.push_back(numeric(Make("fig1.2", "Convolution with padding and strides", "numerical_padding_strides", Op::Conv, 5, 3, 2, 1)));
  all.push_back(Figure13());
  {
    // Figure 1.4: stride as subsampling. The unit-stride convolution with every second output kept is the s = 2 one.
    Preset p = numeric(Make("fig1.4", "Stride as subsampling: s = 1, then keep 1 in 2", "", Op::Conv, 5, 3, 1, 0));
    p.keep_every = 2;
    all.push_back(p);
  }
  all.push_back(numeric(Make("fig1.5", "Average pooling", "numerical_average_pooling", Op::AvgPool, 5, 3, 1, 0)));
  all.push_back(numeric(Make("fig1.6", "Max pooling", "numerical_max_pooling", Op::MaxPool, 5, 3, 1, 0)));
  all.push_back(Make("fig2.1", "No padding, unit strides", "no_padding_no_strides", Op::Conv, 4, 3, 1, 0));
  all.push_back(Make("fig2.2", "Arbitrary padding, unit strides", "arbitrary_padding_no_strides", Op::Conv, 5, 4, 1, 2));
  all.push_back(Make("fig2.3", "Half (same) padding, unit strides", "same_padding_no_strides", Op::Conv, 5, 3, 1, 1));
  all.push_back(Make("fig2.4", "Full padding, unit strides", "full_padding_no_strides", Op::Conv, 5, 3, 1, 2));
  all.push_back(Make("fig2.5", "No padding, strides", "no_padding_strides", Op::Conv, 5, 3, 2, 0));
  all.push_back(Make("fig2.6", "Padding, strides", "padding_strides", Op::Conv, 5, 3, 2, 1));
  all.push_back(Make("fig2.7", "Padding, strides (odd)", "padding_strides_odd", Op::Conv, 6, 3, 2, 1));
  all.push_back(Make("fig4.1", "Transposed: no padding, unit strides", "no_padding_no_strides_transposed", Op::Transposed, 2, 3, 1, 0));
  all.push_back(Make("fig4.2", "Transposed: arbitrary padding, unit strides", "arbitrary_padding_no_strides_transposed", Op::Transposed, 6, 4, 1, 2));
  all.push_back(Make("fig4.3", "Transposed: half padding, unit strides", "same_padding_no_strides_transposed", Op::Transposed, 5, 3, 1, 1));
  all.push_back(Make("fig4.4", "Transposed: full padding, unit strides", "full_padding_no_strides_transposed", Op::Transposed, 7, 3, 1, 2));
  all.push_back(Make("fig4.5", "Transposed: no padding, strides", "no_padding_strides_transposed", Op::Transposed, 2, 3, 2, 0));
  all.push_back(Make("fig4.6", "Transposed: padding, strides", "padding_strides_transposed", Op::Transposed, 3, 3, 2, 1));
  all.push_back(Make("fig4.7", "Transposed: padding, strides (odd)", "padding_strides_odd_transposed", Op::Transposed, 3, 3, 2, 1, 1, 1));
  all.push_back(Make("fig5.1", "Dilated convolution", "dilation", Op::Conv, 7, 3, 1, 0, 2));
  const Preset dw = Depthwise();
  all.push_back(dw);
  all.push_back(Pointwise(dw));
  all.push_back(Causal1d());
  {
    // k = s = 2: every input stamps its own 2 x 2 block, no overlap (the even case of the checkerboard question).
    Preset p = Make("k2s2", "Transposed, k = 2, s = 2: stamps tile the output", "", Op::Transposed, 3, 2, 2, 0);
    p.overlap_panel = true;
    all.push_back(p);
  }
  {
    // k = 3, s = 2: neighbouring stamps overlap on every other row and column, the checkerboard artefact.
    Preset p = Make("checkerboard", "Transposed, k = 3, s = 2: uneven overlap (checkerboard)", "", Op::Transposed, 4, 3, 2, 0);
    p.overlap_panel = true;
    all.push_back(p);
  }
  return all;
}

}  // namespace

std::string FigureTitle(const Preset& p) {
  if (p.name.rfind("fig", 0) == 0) return "Figure " + p.name.substr(3) + ": " + p.title;
  return p.title;
}

const std::vector<Preset>& Presets() {
  static const std::vector<Preset> presets = BuildPresets();  // immutable table, built once
  return presets;
}

const Preset* FindPreset(std::string_view name) {
  for (const Preset& p : Presets()) {
    if (p.name == name) return &p;
  }
  const std::string wanted = "fig" + std::string(name);
  for (const Preset& p : Presets()) {
    if (p.name == wanted) return &p;
  }
  return nullptr;
}

}  // namespace convarith
