// The paper's figures as presets: parameters from the paper, data as printed where the paper prints numbers.
#include "convarith/presets.hpp"

#include <string>

namespace convarith {

namespace {

// The 5 x 5 input printed in the paper's Figure 1.1 (also used by its pooling Figures 1.5 and 1.6).
Grid PaperInput() {
  Grid g(5, 5);
  g.values = {3, 3, 2, 1, 0,  //
              0, 0, 1, 3, 1,  //
              3, 1, 2, 2, 3,  //
              2, 0, 0, 2, 2,  //
              2, 0, 0, 0, 1};
  return g;
}

Preset Make(std::string name, std::string title, std::string paper_name, Op op, int i, int k, int s, int p,
            int d = 1, int a = 0) {
  Preset preset;
  preset.name = std::move(name);
  preset.title = std::move(title);
  preset.paper_name = std::move(paper_name);
  preset.config.op = op;
  AxisParams axis{i, k, s, p, d, a};
  preset.config.axes = {axis, axis};
  preset.input = MakeGrid(i, i, Fill::Ramp);
  if (op == Op::Conv || op == Op::Transposed) preset.kernel = MakeKernel(KernelPreset::Ones, k, k);
  return preset;
}

std::vector<Preset> BuildPresets() {
  std::vector<Preset> all;
  auto numeric = [](Preset p) {
    p.input = PaperInput();
    if (!p.kernel.values.empty()) p.kernel = MakeKernel(KernelPreset::Figure11, 3, 3);
    return p;
  };
  all.push_back(numeric(Make("fig1.1", "Discrete convolution", "numerical_no_padding_no_strides", Op::Conv, 5, 3, 1, 0)));
  all.push_back(numeric(Make("fig1.2", "Convolution with padding and strides", "numerical_padding_strides", Op::Conv, 5, 3, 2, 1)));
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
  return all;
}

}  // namespace

const std::vector<Preset>& Presets() {
  static const std::vector<Preset> presets = BuildPresets();  // immutable table, built once
  return presets;
}

const Preset* FindPreset(std::string_view name) {
  std::string wanted(name);
  if (!wanted.empty() && wanted.rfind("fig", 0) != 0) wanted = "fig" + wanted;
  for (const Preset& p : Presets()) {
    if (p.name == wanted) return &p;
  }
  return nullptr;
}

}  // namespace convarith
