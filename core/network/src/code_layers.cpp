// Convolution and pooling layers read from PyTorch (nn.Conv2d, nn.MaxPool2d, ...) and Keras (layers.Conv2D, ...)
// calls, and the per-side amounts of padding and cropping layers.
#include <algorithm>

#include "code_builder.hpp"
#include "convarith/shape/arithmetic.hpp"

namespace convarith::code {

Layer Blank(Op op, int rank) {
  Layer l;
  l.config.op = op;
  l.config.rank = rank;
  l.config.axes = {kNeutralAxis, kNeutralAxis, kNeutralAxis};
  return l;
}

void SetAxes(Config& c, const std::vector<int>& v, int AxisParams::*field) {
  for (int n = 0; n < c.rank; ++n) c.axes[static_cast<size_t>(c.first_axis() + n)].*field = v[static_cast<size_t>(n)];
}

std::vector<std::pair<int, int>> Builder::Sides(const Args& a, const std::string& p, int rank) const {
  const Value& v = a.Get(p);
  std::vector<std::pair<int, int>> out(static_cast<size_t>(rank));
  auto num = [&](const Value& x) {
    if (x.kind != Value::Kind::Int || x.i < -kMaxSize || x.i > kMaxSize) {
      a.Fail(p, p + " must hold whole numbers between -" + std::to_string(kMaxSize) + " and " +
                    std::to_string(kMaxSize) + ", got " + v.Text());
    }
    return static_cast<int>(x.i);
  };
  if (v.kind == Value::Kind::Int) {
    for (auto& s : out) s = {num(v), num(v)};
    return out;
  }
  if (v.kind != Value::Kind::Tuple) a.Fail(p, p + " must be an int or a tuple, got " + v.Text());
  if (dialect == Dialect::PyTorch) {
    // (left, right, top, bottom, front, back): the last axis first.
    if (static_cast<int>(v.items.size()) != 2 * rank) {
      a.Fail(p, p + " must be an int or a tuple of " + std::to_string(2 * rank) + " ints, got " + v.Text());
    }
    for (int n = 0; n < rank; ++n) {
      out[static_cast<size_t>(rank - 1 - n)] = {num(v.items[static_cast<size_t>(2 * n)]),
                                                num(v.items[static_cast<size_t>(2 * n + 1)])};
    }
    return out;
  }
  // Keras: (l, r) for 1-D; per axis an int (both sides) or a pair.
  if (rank == 1 && v.items.size() == 2 && v.items[0].kind == Value::Kind::Int) {
    out[0] = {num(v.items[0]), num(v.items[1])};
    return out;
  }
  if (static_cast<int>(v.items.size()) != rank) {
    a.Fail(p, p + " must be an int, a tuple of " + std::to_string(rank) + " ints or of " + std::to_string(rank) +
                  " pairs, got " + v.Text());
  }
  for (int n = 0; n < rank; ++n) {
    const Value& x = v.items[static_cast<size_t>(n)];
    if (x.kind == Value::Kind::Tuple && x.items.size() == 2) {
      out[static_cast<size_t>(n)] = {num(x.items[0]), num(x.items[1])};
    } else {
      out[static_cast<size_t>(n)] = {num(x), num(x)};
    }
  }
  return out;
}

namespace {

const std::vector<std::string>& TorchConvNames(bool transposed) {
  static const std::vector<std::string> conv = {"in_channels", "out_channels", "kernel_size", "stride", "padding",
                                                "dilation", "groups", "bias", "padding_mode"};
  static const std::vector<std::string> convt = {"in_channels", "out_channels", "kernel_size", "stride", "padding",
                                                 "output_padding", "groups", "bias", "dilation", "padding_mode"};
  return transposed ? convt : conv;
}

// nn.Conv*d / nn.ConvTranspose*d with its arguments bound.
Layer TorchConvolution(const Args& a, const Call& c, const ClassInfo& info) {
  const int r = info.rank;
  const bool t = info.kind == Kind::Transposed;
  Layer layer = Blank(t ? Op::Transposed : Op::Conv, r);
  Config& cfg = layer.config;
  cfg.in_channels = static_cast<int>(a.Int("in_channels", 1, kMaxChannels));
  cfg.out_channels = static_cast<int>(a.Int("out_channels", 1, kMaxChannels));
  layer.in_channels_given = layer.out_channels_given = true;
  SetAxes(cfg, a.Sizes("kernel_size", r, 1), &AxisParams::kernel);
  if (a.Has("stride")) SetAxes(cfg, a.Sizes("stride", r, 1), &AxisParams::stride);
  if (a.Has("dilation")) SetAxes(cfg, a.Sizes("dilation", r, 1), &AxisParams::dilation);
  if (a.Has("groups")) cfg.groups = static_cast<int>(a.Int("groups", 1, kMaxChannels));
  cfg.bias = a.Has("bias") ? a.Bool("bias") : true;
  if (a.Has("padding_mode")) {
    auto mode = ParsePaddingMode(a.Str("padding_mode"));
    if (!mode) a.Fail("padding_mode", "padding_mode must be 'zeros', 'reflect', 'replicate' or 'circular'");
    cfg.padding_mode = *mode;
  }
  if (t && a.Has("output_padding")) SetAxes(cfg, a.Sizes("output_padding", r, 0), &AxisParams::output_padding);
  if (a.Has("padding") && a.Get("padding").kind == Value::Kind::String) {
    const std::string p = a.Str("padding");
    if (t) a.Fail("padding", c.Short() + " takes no string padding, got '" + p + "'");
    if (p == "same") {
      for (const AxisParams& ax : cfg.spatial())
        if (ax.stride != 1) a.Fail("padding", "padding='same' is not supported for strided convolutions");
      layer.padding_rule = PaddingRule::Same;
    } else if (p != "valid") {
      a.Fail("padding", "padding must be 'same', 'valid', an int or a tuple, got '" + p + "'");
    }
  } else if (a.Has("padding")) {
    const auto p = a.Sizes("padding", r, 0);
    SetAxes(cfg, p, &AxisParams::pad_before);
    SetAxes(cfg, p, &AxisParams::pad_after);
  }
  return layer;
}

// nn.MaxPool*d / nn.AvgPool*d.
Layer TorchPooling(const Call& c, const ClassInfo& info, const std::string& where, int index) {
  const int r = info.rank;
  const bool max = info.kind == Kind::MaxPool;
  const Args a = Bind(c, max ? std::vector<std::string>{"kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"}
                             : std::vector<std::string>{"kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"},
                      1, where, index, {});
  Layer layer = Blank(max ? Op::MaxPool : Op::AvgPool, r);
  Config& cfg = layer.config;
  const auto k = a.Sizes("kernel_size", r, 1);
  SetAxes(cfg, k, &AxisParams::kernel);
  SetAxes(cfg, a.Has("stride") ? a.Sizes("stride", r, 1) : k, &AxisParams::stride);
  if (a.Has("padding")) {
    const auto p = a.Sizes("padding", r, 0);
    SetAxes(cfg, p, &AxisParams::pad_before);
    SetAxes(cfg, p, &AxisParams::pad_after);
  }
  if (max && a.Has("dilation")) SetAxes(cfg, a.Sizes("dilation", r, 1), &AxisParams::dilation);
  if (a.Has("ceil_mode")) cfg.ceil_mode = a.Bool("ceil_mode");
  if (!max && a.Has("count_include_pad")) cfg.count_include_pad = a.Bool("count_include_pad");
  if (max && a.Has("return_indices") && a.Bool("return_indices")) {
    a.Fail("return_indices", "return_indices=True returns a tuple, which the next layer can't take");
  }
  return layer;
}

}  // namespace

void Builder::ReadTorchLayer(const Call& c, const ClassInfo& info, int index) {
  const std::string where = Where(c, index);
  static const std::set<std::string> ignored = {"device", "dtype"};
  AddLayer(c, info.kind == Kind::Conv || info.kind == Kind::Transposed
                  ? TorchConvolution(Bind(c, TorchConvNames(info.kind == Kind::Transposed), 3, where, index, ignored),
                                     c, info)
                  : TorchPooling(c, info, where, index));
}

void Builder::ReadKerasLayer(const Call& c, const ClassInfo& info, int index) {
  const std::string where = Where(c, index);
  const int r = info.rank;
  static const std::set<std::string> ignored = {
      "name", "dtype", "trainable", "activation", "kernel_initializer", "bias_initializer", "kernel_regularizer",
      "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint", "input_shape"};
  Layer layer;
  std::string padding = "valid";
  Args a;
  if (info.kind == Kind::Conv || info.kind == Kind::Transposed) {
    const bool t = info.kind == Kind::Transposed;
    a = Bind(c, t ? std::vector<std::string>{"filters", "kernel_size", "strides", "padding", "output_padding",
                                             "data_format", "dilation_rate", "use_bias"}
                  : std::vector<std::string>{"filters", "kernel_size", "strides", "padding", "data_format",
                                             "dilation_rate", "groups", "use_bias"},
             2, where, index, ignored);
    layer = Blank(t ? Op::Transposed : Op::Conv, r);
    layer.config.out_channels = static_cast<int>(a.Int("filters", 1, kMaxChannels));
    layer.out_channels_given = true;
    SetAxes(layer.config, a.Sizes("kernel_size", r, 1), &AxisParams::kernel);
    if (a.Has("strides")) SetAxes(layer.config, a.Sizes("strides", r, 1), &AxisParams::stride);
    if (a.Has("dilation_rate")) SetAxes(layer.config, a.Sizes("dilation_rate", r, 1), &AxisParams::dilation);
    if (!t && a.Has("groups")) layer.config.groups = static_cast<int>(a.Int("groups", 1, kMaxChannels));
    layer.config.bias = a.Has("use_bias") ? a.Bool("use_bias") : true;
  } else {
    a = Bind(c, {"pool_size", "strides", "padding", "data_format"}, 0, where, index, ignored);
    layer = Blank(info.kind == Kind::MaxPool ? Op::MaxPool : Op::AvgPool, r);
    const auto k = a.Has("pool_size") ? a.Sizes("pool_size", r, 1) : std::vector<int>(static_cast<size_t>(r), 2);
    SetAxes(layer.config, k, &AxisParams::kernel);
    SetAxes(layer.config, a.Has("strides") ? a.Sizes("strides", r, 1) : k, &AxisParams::stride);
  }
  if (a.Has("data_format") && a.Str("data_format") != "channels_last") {
    a.Fail("data_format", "only data_format='channels_last' (Keras' default) is read");
  }
  if (a.Has("padding")) padding = a.Str("padding");
  Config& cfg = layer.config;
  if (padding == "same") {
    layer.padding_rule = PaddingRule::Same;
    if (cfg.op == Op::AvgPool) cfg.count_include_pad = false;  // TensorFlow averages over the real cells only
  } else if (padding == "causal" && cfg.op == Op::Conv && r == 1) {
    cfg.axes[kWidth].pad_before = cfg.axes[kWidth].dilation * (cfg.axes[kWidth].kernel - 1);
  } else if (padding != "valid") {
    a.Fail("padding", "padding must be 'valid' or 'same'" + std::string(r == 1 && cfg.op == Op::Conv ? " or 'causal'" : "") +
                          ", got '" + padding + "'");
  }
  if (cfg.op == Op::Transposed) {
    const bool given = a.Has("output_padding");
    const auto op = given ? a.Sizes("output_padding", r, 0) : std::vector<int>(static_cast<size_t>(r), 0);
    for (int n = 0; n < r; ++n) {
      AxisParams& ax = cfg.axes[static_cast<size_t>(3 - r + n)];
      const int khat = DilatedKernel(ax);
      if (given) {
        ax.output_padding = op[static_cast<size_t>(n)];
        if (padding == "same") ax.pad_before = ax.pad_after = khat / 2;  // Keras: pad = k̂ // 2 with output_padding
      } else if (padding == "valid") {
        ax.output_padding = std::max(ax.stride - khat, 0);  // Keras: o = i·s + max(k̂ - s, 0)
      }
    }
    if (given) layer.padding_rule = PaddingRule::Explicit;
  }
  // input_shape= on a layer gives the network's input (channels last).
  for (const auto& kw : c.kwargs) {
    if (kw.first != "input_shape") continue;
    Call input;
    input.name = "Input";
    input.line = c.line;
    input.kwargs.emplace_back("shape", kw.second);
    Element(input, true);
  }
  AddLayer(c, std::move(layer));
}

}  // namespace convarith::code
