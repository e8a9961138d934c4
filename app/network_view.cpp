// The Network panel's data, GUI-free: spec text, presets, the stack view model.
#include "network_view.hpp"

#include <algorithm>

#include "convarith/shape/arithmetic.hpp"

namespace convarith::app {
namespace {

// "3" when every axis agrees, else "3x5".
std::string Sizes(const Config& c, int AxisParams::*field) {
  const auto sp = c.spatial();
  bool same = true;
  for (const AxisParams& a : sp) same &= a.*field == sp[0].*field;
  if (same) return std::to_string(sp[0].*field);
  std::string s;
  for (const AxisParams& a : sp) s += (s.empty() ? "" : "x") + std::to_string(a.*field);
  return s;
}

bool All(const Config& c, int AxisParams::*field, int value) {
  for (const AxisParams& a : c.spatial()) {
    if (a.*field != value) return false;
  }
  return true;
}

// Every tap of a layer along one axis as fn(out, in): a direct window reads in = o·s - p + j·d, a transposed
// convolution stamps input i onto o = i·s - p + j·d.
template <typename Fn>
void ForEachTap(const Config& c, int axis, int out_size, Fn fn) {
  const AxisParams& a = c.spatial()[static_cast<size_t>(axis)];
  if (c.op == Op::Transposed) {
    for (int i = 0; i < a.input; ++i) {
      for (int j = 0; j < a.kernel; ++j) {
        const int o = i * a.stride - a.pad_before + j * a.dilation;
        if (o >= 0 && o < out_size) fn(o, i);
      }
    }
    return;
  }
  for (int o = 0; o < out_size; ++o) {
    for (int j = 0; j < a.kernel; ++j) {
      const int i = o * a.stride - a.pad_before + j * a.dilation;
      if (i >= 0 && i < a.input) fn(o, i);
    }
  }
}

Layer MakeLayer(Op op, int k, int s, int p, int d, int c, int rank) {
  Layer l;
  l.config.op = op;
  SetRank(l.config, rank);
  for (AxisParams& a : l.config.spatial()) {
    a.kernel = k, a.stride = s, a.dilation = d;
    a.SetPadding(p);
    a.output_padding = 0;
  }
  if (c > 0) {
    l.config.out_channels = c;
    l.out_channels_given = true;
  }
  return l;
}

}  // namespace

std::string LayerSpecText(const Layer& layer, int rank) {
  Config c = layer.config;
  if (c.rank != rank) SetRank(c, rank);
  std::string t;
  switch (c.op) {
    case Op::Conv: t = "conv"; break;
    case Op::Transposed: t = "convT"; break;
    case Op::MaxPool: t = "maxpool"; break;
    case Op::AvgPool: t = "avgpool"; break;
  }
  t += " k=" + Sizes(c, &AxisParams::kernel);
  t += " s=" + Sizes(c, &AxisParams::stride);
  if (layer.padding_rule == PaddingRule::Same) {
    t += " p=same";
  } else {
    bool symmetric = true;
    for (const AxisParams& a : c.spatial()) symmetric &= a.symmetric();
    if (symmetric) {
      t += " p=" + Sizes(c, &AxisParams::pad_before);
    } else {
      t += " pb=" + Sizes(c, &AxisParams::pad_before) + " pa=" + Sizes(c, &AxisParams::pad_after);
    }
  }
  if (!All(c, &AxisParams::dilation, 1)) t += " d=" + Sizes(c, &AxisParams::dilation);
  if (c.op == Op::Transposed && !All(c, &AxisParams::output_padding, 0)) {
    t += " a=" + Sizes(c, &AxisParams::output_padding);
  }
  if (layer.out_channels_given && !c.pooling()) t += " c=" + std::to_string(c.out_channels);
  if (!c.pooling()) {
    if (c.groups != 1) t += " g=" + std::to_string(c.groups);
    if (!c.bias) t += " bias=false";
  }
  if (c.op == Op::Conv && c.padding_mode != PaddingMode::Zeros) t += " mode=" + std::string(PaddingModeName(c.padding_mode));
  if (c.pooling() && c.ceil_mode) t += " ceil=true";
  if (c.op == Op::AvgPool && !c.count_include_pad) t += " cip=false";
  return t;
}

std::string NetworkSpecText(const Network& network) {
  std::string s;
  for (const Layer& l : network.layers) s += (s.empty() ? "" : "; ") + LayerSpecText(l, network.rank);
  return s;
}

std::vector<std::string> NetworkPresetNames() { return {"encoder-decoder", "dilated", "transposed"}; }

std::optional<Network> NetworkPreset(std::string_view name) {
  Network n;
  n.rank = 2;
  auto add = [&](Op op, int k, int s, int p, int d, int c) {
    Layer l = MakeLayer(op, k, s, p, d, c, n.rank);
    l.config.bias = true;
    n.layers.push_back(l);
  };
  if (name == "encoder-decoder") {
    n.input = {1, 64, 64};
    n.in_channels = 3;
    for (int c : {16, 32, 64, 128}) add(Op::Conv, 4, 2, 1, 1, c);
    for (int c : {64, 32, 16, 3}) add(Op::Transposed, 4, 2, 1, 1, c);
  } else if (name == "dilated") {
    n.input = {1, 32, 32};
    n.in_channels = 1;
    for (int d : {1, 2, 4, 8}) add(Op::Conv, 3, 1, d, d, 8);
  } else if (name == "transposed") {
    n.input = {1, 4, 4};
    n.in_channels = 1;
    for (int n_layer = 0; n_layer < 3; ++n_layer) add(Op::Transposed, 3, 2, 0, 1, 1);
  } else {
    return std::nullopt;
  }
  return n;
}

StackView BuildStackView(const std::vector<Config>& layers, int axis, std::optional<std::pair<int, int>> focus) {
  StackView view;
  if (layers.empty()) return view;
  view.axis = std::clamp(axis, 0, layers.front().rank - 1);
  const size_t rows = layers.size() + 1;
  view.rows.resize(rows);
  view.rows[0].size = layers.front().spatial()[static_cast<size_t>(view.axis)].input;
  for (size_t l = 0; l < layers.size(); ++l) {
    view.rows[l + 1].size = OutputSpatial(layers[l])[static_cast<size_t>(view.axis)];
    view.transposed |= layers[l].op == Op::Transposed;
  }
  for (StackRow& r : view.rows) {
    r.paths.assign(static_cast<size_t>(r.size), 0.0);
    r.weight.assign(static_cast<size_t>(r.size), 0.0);
  }
  // Forward: stamp paths from every cell of the first transposed layer's input (every cell of the rows below it: 1).
  for (size_t l = 0; l < layers.size(); ++l) {
    if (layers[l].op == Op::Transposed) break;
    view.first_stamped = static_cast<int>(l) + 1;
  }
  if (!view.transposed) view.first_stamped = static_cast<int>(layers.size());
  for (int r = 0; r <= view.first_stamped; ++r) {
    std::fill(view.rows[static_cast<size_t>(r)].paths.begin(), view.rows[static_cast<size_t>(r)].paths.end(), 1.0);
  }
  for (size_t l = static_cast<size_t>(view.first_stamped); l < layers.size(); ++l) {
    const std::vector<double>& in = view.rows[l].paths;
    std::vector<double>& out = view.rows[l + 1].paths;
    ForEachTap(layers[l], view.axis, view.rows[l + 1].size, [&](int o, int i) {
      out[static_cast<size_t>(o)] += in[static_cast<size_t>(i)];
    });
  }
  for (StackRow& r : view.rows) r.max_paths = r.paths.empty() ? 0 : *std::max_element(r.paths.begin(), r.paths.end());
  // Backward from the focus: paths from each cell below up to it (non-zero: in its receptive field).
  if (focus && focus->first >= 0 && focus->first < static_cast<int>(rows) && focus->second >= 0 &&
      focus->second < view.rows[static_cast<size_t>(focus->first)].size) {
    view.focus = focus;
    const int top = focus->first;
    view.rows[static_cast<size_t>(top)].weight[static_cast<size_t>(focus->second)] = 1.0;
    for (int l = top; l >= 1; --l) {
      const std::vector<double>& out = view.rows[static_cast<size_t>(l)].weight;
      std::vector<double>& in = view.rows[static_cast<size_t>(l - 1)].weight;
      ForEachTap(layers[static_cast<size_t>(l - 1)], view.axis, view.rows[static_cast<size_t>(l)].size,
                 [&](int o, int i) { in[static_cast<size_t>(i)] += out[static_cast<size_t>(o)]; });
    }
    if (top > 0) view.field = FieldOfCell(layers, top - 1, view.axis, focus->second);
  }
  return view;
}

}  // namespace convarith::app
