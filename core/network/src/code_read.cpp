// Reading a network from PyTorch (nn.Sequential of nn.Conv2d, ...) or Keras (layers.Conv2D, ...) code.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "code_parse.hpp"
#include "convarith/shape/arithmetic.hpp"
#include "convarith/network/code_io.hpp"

namespace convarith {

namespace {

using code::Call;
using code::Value;

enum class Dialect { PyTorch, Keras };
enum class Kind { Conv, Transposed, MaxPool, AvgPool, Pad, Crop, Input, PassThrough, Container, Unknown };

struct ClassInfo {
  Kind kind = Kind::Unknown;
  int rank = 0;  // from the 1d/2d/3d suffix
  PaddingMode mode = PaddingMode::Zeros;  // pad layers
};

int RankSuffix(const std::string& n, const std::string& stem, bool upper) {
  for (int r = 1; r <= 3; ++r) {
    if (n == stem + std::to_string(r) + (upper ? "D" : "d")) return r;
  }
  return 0;
}

ClassInfo Classify(Dialect d, const std::string& n) {
  static const std::set<std::string> torch_pass = {
      "ReLU", "ReLU6", "LeakyReLU", "PReLU", "RReLU", "ELU", "CELU", "SELU", "GELU", "SiLU", "Mish", "Sigmoid",
      "Tanh", "Hardtanh", "Hardswish", "Hardsigmoid", "Softplus", "Softsign", "Tanhshrink", "Softshrink",
      "Hardshrink", "LogSigmoid", "Threshold", "Softmax", "Softmax2d", "LogSoftmax", "Dropout", "Dropout1d",
      "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d",
      "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "GroupNorm", "LayerNorm", "LocalResponseNorm",
      "Identity", "SyncBatchNorm"};
  static const std::set<std::string> keras_pass = {
      "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "ThresholdedReLU", "BatchNormalization",
      "LayerNormalization", "GroupNormalization", "UnitNormalization", "Dropout", "SpatialDropout1D",
      "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
      "ActivityRegularization", "Identity"};
  ClassInfo c;
  if (n == "Sequential" || n == "OrderedDict" || n == "ModuleList") return {Kind::Container, 0, PaddingMode::Zeros};
  if (d == Dialect::PyTorch) {
    if (torch_pass.count(n)) return {Kind::PassThrough, 0, PaddingMode::Zeros};
    if ((c.rank = RankSuffix(n, "ConvTranspose", false))) c.kind = Kind::Transposed;
    else if ((c.rank = RankSuffix(n, "Conv", false))) c.kind = Kind::Conv;
    else if ((c.rank = RankSuffix(n, "MaxPool", false))) c.kind = Kind::MaxPool;
    else if ((c.rank = RankSuffix(n, "AvgPool", false))) c.kind = Kind::AvgPool;
    else if ((c.rank = RankSuffix(n, "ZeroPad", false)) || (c.rank = RankSuffix(n, "ConstantPad", false))) c.kind = Kind::Pad;
    else if ((c.rank = RankSuffix(n, "ReflectionPad", false))) c = {Kind::Pad, c.rank, PaddingMode::Reflect};
    else if ((c.rank = RankSuffix(n, "ReplicationPad", false))) c = {Kind::Pad, c.rank, PaddingMode::Replicate};
    else if ((c.rank = RankSuffix(n, "CircularPad", false))) c = {Kind::Pad, c.rank, PaddingMode::Circular};
    return c;
  }
  if (keras_pass.count(n)) return {Kind::PassThrough, 0, PaddingMode::Zeros};
  if (n == "Input" || n == "InputLayer") return {Kind::Input, 0, PaddingMode::Zeros};
  if ((c.rank = RankSuffix(n, "Conv", true)) || (c.rank = RankSuffix(n, "Convolution", true))) c.kind = Kind::Conv;
  else if ([&] {
             for (int r = 1; r <= 3; ++r) {
               const std::string s = std::to_string(r) + "DTranspose";
               if (n == "Conv" + s || n == "Convolution" + s) return (c.rank = r) != 0;
             }
             return false;
           }()) c.kind = Kind::Transposed;
  else if ((c.rank = RankSuffix(n, "MaxPooling", true)) || (c.rank = RankSuffix(n, "MaxPool", true))) c.kind = Kind::MaxPool;
  else if ((c.rank = RankSuffix(n, "AveragePooling", true)) || (c.rank = RankSuffix(n, "AvgPool", true))) c.kind = Kind::AvgPool;
  else if ((c.rank = RankSuffix(n, "ZeroPadding", true))) c.kind = Kind::Pad;
  else if ((c.rank = RankSuffix(n, "Cropping", true))) c.kind = Kind::Crop;
  return c;
}

// A call names a layer-like class: nn.X, torch.nn.X, layers.X, keras.layers.X with a capitalised X.
bool LooksLikeLayer(const std::string& name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  const std::string prefix = name.substr(0, dot);
  const bool module = prefix == "nn" || prefix == "torch.nn" || prefix == "layers" || prefix == "keras.layers" ||
                      prefix == "tf.keras.layers" || prefix == "keras" || prefix == "tf.keras";
  return module && std::isupper(static_cast<unsigned char>(name[dot + 1]));
}

// The arguments of one call bound to its parameter names, with messages naming the line, layer and parameter.
struct Args {
  const Call* call = nullptr;
  std::string where;  // "line 4 (layer 2, Conv2d)"
  int layer = 0;
  std::map<std::string, Value> values;

  [[noreturn]] void Fail(const std::string& parameter, const std::string& message) const {
    throw NetworkError(layer, call->line, parameter, where + ": " + message);
  }
  bool Has(const std::string& p) const {
    auto it = values.find(p);
    return it != values.end() && it->second.kind != Value::Kind::None;
  }
  const Value& Get(const std::string& p) const { return values.at(p); }
  long long Int(const std::string& p, long long lo, long long hi) const {
    const Value& v = Get(p);
    if (v.kind != Value::Kind::Int) Fail(p, p + " must be a whole number, got " + v.Text());
    if (v.i < lo || v.i > hi) {
      Fail(p, p + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + v.Text());
    }
    return v.i;
  }
  bool Bool(const std::string& p) const {
    const Value& v = Get(p);
    if (v.kind == Value::Kind::Bool) return v.i != 0;
    if (v.kind == Value::Kind::Int && (v.i == 0 || v.i == 1)) return v.i != 0;
    Fail(p, p + " must be True or False, got " + v.Text());
  }
  std::string Str(const std::string& p) const {
    const Value& v = Get(p);
    if (v.kind != Value::Kind::String) Fail(p, p + " must be a string, got " + v.Text());
    return v.s;
  }
  // An int (every axis) or a tuple of `rank` ints, each in [lo, hi].
  std::vector<int> Sizes(const std::string& p, int rank, int lo, int hi = kMaxSize) const {
    const Value& v = Get(p);
    std::vector<int> out;
    if (v.kind == Value::Kind::Int) {
      out.assign(static_cast<size_t>(rank), static_cast<int>(std::clamp<long long>(v.i, -1, hi + 1LL)));
    } else if (v.kind == Value::Kind::Tuple && static_cast<int>(v.items.size()) == rank &&
               std::all_of(v.items.begin(), v.items.end(), [](const Value& x) { return x.kind == Value::Kind::Int; })) {
      for (const Value& x : v.items) out.push_back(static_cast<int>(std::clamp<long long>(x.i, -1, hi + 1LL)));
    } else {
      Fail(p, p + " must be an int or a tuple of " + std::to_string(rank) + " ints, got " + v.Text());
    }
    for (int x : out) {
      if (x < lo || x > hi) {
        Fail(p, p + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + v.Text());
      }
    }
    return out;
  }
};

Args Bind(const Call& call, const std::vector<std::string>& names, size_t required, const std::string& where, int layer,
          const std::set<std::string>& ignored) {
  Args a;
  a.call = &call;
  a.where = where;
  a.layer = layer;
  if (call.args.size() > names.size()) {
    a.Fail("arguments", call.Short() + " takes at most " + std::to_string(names.size()) + " positional arguments, got " +
                            std::to_string(call.args.size()));
  }
  for (size_t n = 0; n < call.args.size(); ++n) a.values[names[n]] = call.args[n];
  for (const auto& [key, value] : call.kwargs) {
    if (std::find(names.begin(), names.end(), key) == names.end()) {
      if (ignored.count(key)) continue;
      a.Fail(key, call.Short() + " got an unexpected keyword argument '" + key + "'");
    }
    if (a.values.count(key)) a.Fail(key, call.Short() + " got multiple values for argument '" + key + "'");
    a.values[key] = value;
  }
  for (size_t n = 0; n < required; ++n) {
    if (!a.values.count(names[n])) a.Fail(names[n], call.Short() + " is missing the argument '" + names[n] + "'");
  }
  return a;
}

struct Builder {
  Dialect dialect;
  Network net;
  bool rank_known = false;
  // A padding layer waiting for the convolution or pooling after it: per spatial axis (before, after).
  std::optional<std::vector<std::pair<int, int>>> pad;
  PaddingMode pad_mode = PaddingMode::Zeros;
  int pad_line = 0;
  std::string pad_name;

  std::string Where(const Call& c, int layer) const {
    return "line " + std::to_string(c.line) + " (layer " + std::to_string(layer) + ", " + c.Short() + ")";
  }

  void SetRank(const Call& c, int rank, int layer) {
    if (!rank_known) {
      net.rank = rank;
      rank_known = true;
    } else if (rank != net.rank) {
      throw NetworkError(layer, c.line, "dims", Where(c, layer) + ": a " + std::to_string(rank) + "-D layer in a " +
                                                    std::to_string(net.rank) + "-D network");
    }
  }

  // Per-side amounts of a padding or cropping layer, per spatial axis (depth, height, width order).
  std::vector<std::pair<int, int>> Sides(const Args& a, const std::string& p, int rank) const {
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

  void Element(const Call& c, bool in_container);
  void Flatten(const Value& v) {
    if (v.kind == Value::Kind::Call) {
      Element(*v.call, true);
    } else if (v.kind == Value::Kind::Tuple) {
      for (const Value& x : v.items) Flatten(x);
    } else if (v.kind == Value::Kind::Name) {
      throw NetworkError(static_cast<int>(net.layers.size()) + 1, v.line, "layer",
                         "line " + std::to_string(v.line) + ": '" + v.s +
                             "' is a name, not a layer written out; write the layers themselves in the Sequential");
    }
  }
  void AddLayer(const Call& c, Layer layer);
  void ReadTorchLayer(const Call& c, const ClassInfo& info, int index);
  void ReadKerasLayer(const Call& c, const ClassInfo& info, int index);
  void Finish() {
    if (pad) {
      throw NetworkError(static_cast<int>(net.layers.size()) + 1, pad_line, "padding",
                         "line " + std::to_string(pad_line) + ": " + pad_name +
                             " must come right before a convolution or pooling, which it pads");
    }
    if (net.layers.empty()) throw NetworkError(0, 0, "layers", "the code holds no convolution or pooling layer");
  }
};

void Builder::AddLayer(const Call& c, Layer layer) {
  const int index = static_cast<int>(net.layers.size()) + 1;
  layer.line = c.line;
  if (pad) {
    Config& cfg = layer.config;
    if (cfg.op == Op::Transposed) {
      throw NetworkError(index, pad_line, "padding", "line " + std::to_string(pad_line) + ": " + pad_name +
                                                         " pads the input of a transposed convolution, which has no "
                                                         "such padding; pad before a convolution or pooling");
    }
    if (static_cast<int>(pad->size()) != cfg.rank) {
      throw NetworkError(index, pad_line, "dims", "line " + std::to_string(pad_line) + ": " + pad_name +
                                                      " has a different rank than the layer after it");
    }
    if (layer.padding_rule == PaddingRule::Same) {
      throw NetworkError(index, c.line, "padding", Where(c, index) + ": padding='same' after " + pad_name +
                                                       " (line " + std::to_string(pad_line) + ") is not supported");
    }
    if (pad_mode != PaddingMode::Zeros) {
      const bool unpadded = std::all_of(cfg.axes.begin(), cfg.axes.end(),
                                        [](const AxisParams& a) { return a.total_padding() == 0; });
      if (cfg.op != Op::Conv || !unpadded) {
        throw NetworkError(index, pad_line, "padding_mode", "line " + std::to_string(pad_line) + ": " + pad_name +
                                                                " folds only into a convolution with padding=0");
      }
      cfg.padding_mode = pad_mode;
    }
    for (int n = 0; n < cfg.rank; ++n) {
      const auto [before, after] = (*pad)[static_cast<size_t>(n)];
      if (before < 0 || after < 0) {
        throw NetworkError(index, pad_line, "padding", "line " + std::to_string(pad_line) + ": " + pad_name +
                                                           " crops (negative padding); only after a transposed "
                                                           "convolution");
      }
      AxisParams& ax = cfg.axes[static_cast<size_t>(cfg.first_axis() + n)];
      ax.pad_before += before;
      ax.pad_after += after;
    }
    pad.reset();
  }
  net.layers.push_back(std::move(layer));
}

void Builder::Element(const Call& c, bool in_container) {
  const std::string name = c.Short();
  const ClassInfo info = Classify(dialect, name);
  const int index = static_cast<int>(net.layers.size()) + 1;
  switch (info.kind) {
    case Kind::Container:
      for (const Value& v : c.args) Flatten(v);
      for (const auto& kw : c.kwargs)
        if (kw.second.kind == Value::Kind::Call || kw.second.kind == Value::Kind::Tuple) Flatten(kw.second);
      return;
    case Kind::PassThrough:
      net.passed_through.push_back("line " + std::to_string(c.line) + ": " + name);
      return;
    case Kind::Unknown:
      if (!in_container && !LooksLikeLayer(c.name)) return;
      throw NetworkError(index, c.line, "layer",
                         "line " + std::to_string(c.line) + ": " + c.name +
                             " is not supported: a network holds convolutions, poolings and transposed convolutions "
                             "(activations, normalisation and dropout pass through)");
    case Kind::Input: {
      const Args a = Bind(c, {"shape", "batch_size", "name", "dtype", "sparse", "tensor", "batch_shape"}, 0,
                          Where(c, index), index, {"input_shape", "ragged"});
      Value shape;
      if (a.Has("shape")) shape = a.Get("shape");
      for (const auto& kw : c.kwargs)
        if (kw.first == "input_shape" || kw.first == "batch_shape") shape = kw.second;
      if (shape.kind == Value::Kind::Tuple && !shape.items.empty() && shape.items[0].kind == Value::Kind::None) {
        shape.items.erase(shape.items.begin());  // batch_shape=(None, H, W, C)
      }
      if (shape.kind != Value::Kind::Tuple || shape.items.size() < 2 || shape.items.size() > 4) {
        a.Fail("shape", "shape must be a tuple (spatial..., channels), got " + shape.Text());
      }
      const int rank = static_cast<int>(shape.items.size()) - 1;
      SetRank(c, rank, index);
      net.input = {1, 1, 1};
      for (int n = 0; n <= rank; ++n) {
        const Value& x = shape.items[static_cast<size_t>(n)];
        if (x.kind != Value::Kind::Int || x.i < 1 || x.i > kMaxSize) {
          a.Fail("shape", "shape must hold sizes between 1 and " + std::to_string(kMaxSize) + ", got " + shape.Text());
        }
        if (n < rank) net.input[static_cast<size_t>(3 - rank + n)] = static_cast<int>(x.i);
        else net.in_channels = static_cast<int>(x.i);
      }
      return;
    }
    case Kind::Pad:
    case Kind::Crop: {
      const bool torch = dialect == Dialect::PyTorch;
      const bool constant = torch && name.starts_with("ConstantPad");
      const std::string p = info.kind == Kind::Crop ? "cropping" : "padding";
      const Args a = Bind(c, constant ? std::vector<std::string>{"padding", "value"} : std::vector<std::string>{p, "data_format"},
                          torch ? (constant ? 2u : 1u) : 0u, Where(c, index), index, {"name", "dtype"});
      std::vector<std::pair<int, int>> sides(static_cast<size_t>(info.rank), {torch ? 0 : 1, torch ? 0 : 1});
      if (info.kind == Kind::Crop) sides.assign(static_cast<size_t>(info.rank), {0, 0});
      if (a.values.count(p)) sides = Sides(a, p, info.rank);
      if (constant) {
        const Value& v = a.Get("value");
        const bool number = v.kind == Value::Kind::Int || v.kind == Value::Kind::Float;
        const double x = v.kind == Value::Kind::Int ? static_cast<double>(v.i) : v.f;
        if (!number || (x != 0 && !(x < -1e300))) {
          a.Fail("value", "only zero (or -inf before a max pooling) padding folds into a layer, got " + v.Text());
        }
      }
      if (info.kind == Kind::Crop) {
        for (auto& s : sides) s = {-s.first, -s.second};
      }
      const bool crop = std::all_of(sides.begin(), sides.end(), [](auto s) { return s.first <= 0 && s.second <= 0; }) &&
                        std::any_of(sides.begin(), sides.end(), [](auto s) { return s.first < 0 || s.second < 0; });
      if (crop && !pad && !net.layers.empty() && net.layers.back().config.op == Op::Transposed &&
          net.layers.back().config.rank == info.rank) {
        Layer& last = net.layers.back();
        if (last.padding_rule == PaddingRule::Same) a.Fail(p, "a crop after a 'same' transposed convolution");
        for (int n = 0; n < info.rank; ++n) {
          AxisParams& ax = last.config.axes[static_cast<size_t>(3 - info.rank + n)];
          ax.pad_before -= sides[static_cast<size_t>(n)].first;
          ax.pad_after -= sides[static_cast<size_t>(n)].second;
        }
        return;
      }
      if (info.kind == Kind::Crop || crop) {
        a.Fail(p, "a crop folds only into the transposed convolution right before it");
      }
      if (pad) a.Fail(p, "two padding layers in a row");
      pad = sides;
      pad_mode = info.mode;
      pad_line = c.line;
      pad_name = name;
      return;
    }
    default:
      SetRank(c, info.rank, index);
      if (dialect == Dialect::PyTorch) ReadTorchLayer(c, info, index);
      else ReadKerasLayer(c, info, index);
  }
}

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

void Builder::ReadTorchLayer(const Call& c, const ClassInfo& info, int index) {
  const std::string where = Where(c, index);
  const int r = info.rank;
  static const std::set<std::string> ignored = {"device", "dtype"};
  Layer layer;
  if (info.kind == Kind::Conv || info.kind == Kind::Transposed) {
    const bool t = info.kind == Kind::Transposed;
    const Args a = Bind(c, t ? std::vector<std::string>{"in_channels", "out_channels", "kernel_size", "stride", "padding",
                                                        "output_padding", "groups", "bias", "dilation", "padding_mode"}
                             : std::vector<std::string>{"in_channels", "out_channels", "kernel_size", "stride", "padding",
                                                        "dilation", "groups", "bias", "padding_mode"},
                        3, where, index, ignored);
    layer = Blank(t ? Op::Transposed : Op::Conv, r);
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
  } else {
    const bool max = info.kind == Kind::MaxPool;
    const Args a = Bind(c, max ? std::vector<std::string>{"kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"}
                               : std::vector<std::string>{"kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"},
                        1, where, index, {});
    layer = Blank(max ? Op::MaxPool : Op::AvgPool, r);
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
  }
  AddLayer(c, std::move(layer));
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

Network Read(std::string_view text, Dialect dialect) {
  Builder b{dialect, {}, false, std::nullopt, PaddingMode::Zeros, 0, {}};
  b.net.input = {1, 0, 0};
  const auto calls = code::TopLevelCalls(text, [&](const std::string& name) {
    const size_t dot = name.rfind('.');
    const std::string short_name = dot == std::string::npos ? name : name.substr(dot + 1);
    if (dialect == Dialect::PyTorch && (name == "torch.zeros" || name == "torch.randn" || name == "torch.rand" ||
                                        name == "torch.ones" || name == "torch.empty")) {
      return true;
    }
    return Classify(dialect, short_name).kind != Kind::Unknown || LooksLikeLayer(name);
  });
  for (const Call& c : calls) {
    if (c.name.starts_with("torch.")) {
      // x = torch.zeros(1, C, H, W): the input the code is run on gives the network's input size and channels.
      const bool ints = c.args.size() >= 3 && c.args.size() <= 5 &&
                        std::all_of(c.args.begin(), c.args.end(), [](const Value& v) {
                          return v.kind == Value::Kind::Int && v.i >= 1 && v.i <= kMaxSize;
                        });
      if (ints && b.net.input[2] == 0) {
        const int rank = static_cast<int>(c.args.size()) - 2;
        b.net.in_channels = static_cast<int>(c.args[1].i);
        b.net.input = {1, 1, 1};
        for (int n = 0; n < rank; ++n) b.net.input[static_cast<size_t>(3 - rank + n)] = static_cast<int>(c.args[static_cast<size_t>(n + 2)].i);
      }
      continue;
    }
    b.Element(c, false);
  }
  b.Finish();
  return b.net;
}

}  // namespace

Network ReadPyTorch(std::string_view code) { return Read(code, Dialect::PyTorch); }
Network ReadKeras(std::string_view code) { return Read(code, Dialect::Keras); }

}  // namespace convarith
