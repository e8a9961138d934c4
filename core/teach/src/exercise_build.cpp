// The shared pieces of the exercise kinds: layers, their code and sizes as text, and relationships written out.
#include "exercise_build.hpp"

#include <algorithm>

#include "convarith/network/code_io.hpp"
#include "convarith/shape/arithmetic.hpp"

namespace convarith::teach {

Config MakeLayer(Op op, int rank, const std::vector<int>& inputs, const AxisParams& params, bool ceil_mode) {
  Config c;
  c.op = op;
  SetRank(c, rank);
  for (int a = 0; a < rank; ++a) {
    AxisParams& axis = c.spatial()[static_cast<size_t>(a)];
    axis = params;
    axis.input = inputs[static_cast<size_t>(a)];
  }
  c.in_channels = c.out_channels = 1;
  c.bias = true;  // PyTorch's default: the code shows no bias argument
  c.ceil_mode = ceil_mode && c.pooling();
  return Normalized(c);
}

bool Usable(const Config& config) {
  if (Validate(config)) return false;
  const std::vector<int> out = OutputSpatial(config);
  return std::all_of(out.begin(), out.end(), [](int o) { return o >= 1 && o <= 64; });
}

std::string Code(const Config& config) {
  std::string code = PyTorchLayerCode(config);
  while (!code.empty() && code.back() == '\n') code.pop_back();
  return code;
}

std::vector<int> Inputs(const Config& config) {
  std::vector<int> v;
  for (const AxisParams& a : config.spatial()) v.push_back(a.input);
  return v;
}

std::string SizesText(const Config& config, const std::vector<int>& sizes, bool with_axes) {
  if (config.rank == 1) return "length " + std::to_string(sizes.front());
  std::string s;
  for (int n : sizes) s += (s.empty() ? "" : "x") + std::to_string(n);
  if (!with_axes) return s;
  return s + (config.rank == 2 ? " (height x width)" : " (depth x height x width)");
}

bool AxesAlike(const Config& config) {
  const auto sp = config.spatial();
  return std::all_of(sp.begin(), sp.end(), [&](const AxisParams& a) { return a == sp[0]; });
}

std::string AxisPrefix(const Config& config, int spatial_axis) {
  if (config.rank == 1 || AxesAlike(config)) return "";
  return std::string(AxisName(config, config.first_axis() + spatial_axis)) + ": ";
}

std::string RelationshipLines(const Config& config, int spatial_axis) {
  const Relationship r = FindRelationship(config, config.first_axis() + spatial_axis);
  std::string s = AxisPrefix(config, spatial_axis) + "Relationship " + std::to_string(r.number) + " (" +
                  r.conditions + "): " + r.formula + "\n    " + r.substituted;
  if (!r.note.empty()) s += "\n    (" + r.note + ")";
  return s;
}

}  // namespace convarith::teach
