// Reading a network from PyTorch (nn.Sequential of nn.Conv2d, ...) or Keras (layers.Conv2D, ...) code: which class a
// call names, containers flattened, inputs, padding layers folded into their neighbours, and the public entry points.
#include <algorithm>

#include "code_builder.hpp"
#include "convarith/base/read_file.hpp"
#include "convarith/network/code_io.hpp"
#include "convarith/shape/arithmetic.hpp"

namespace convarith {

namespace code {

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

bool LooksLikeLayer(const std::string& name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  const std::string prefix = name.substr(0, dot);
  const bool module = prefix == "nn" || prefix == "torch.nn" || prefix == "layers" || prefix == "keras.layers" ||
                      prefix == "tf.keras.layers" || prefix == "keras" || prefix == "tf.keras";
  return module && std::isupper(static_cast<unsigned char>(name[dot + 1]));
}

std::string Builder::Where(const Call& c, int layer) const {
  return "line " + std::to_string(c.line) + " (layer " + std::to_string(layer) + ", " + c.Short() + ")";
}

void Builder::SetRank(const Call& c, int rank, int layer) {
  if (!rank_known) {
    net.rank = rank;
    rank_known = true;
  } else if (rank != net.rank) {
    throw NetworkError(layer, c.line, "dims", Where(c, layer) + ": a " + std::to_string(rank) + "-D layer in a " +
                                                  std::to_string(net.rank) + "-D network");
  }
}

void Builder::Flatten(const Value& v) {
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

void Builder::Finish() {
  if (pad) {
    throw NetworkError(static_cast<int>(net.layers.size()) + 1, pad_line, "padding",
                       "line " + std::to_string(pad_line) + ": " + pad_name +
                           " must come right before a convolution or pooling, which it pads");
  }
  if (net.layers.empty()) throw NetworkError(0, 0, "layers", "the code holds no convolution or pooling layer");
}

// The waiting padding layer folded into `layer`, the convolution or pooling right after it.
void Builder::FoldPadding(Layer& layer, const Call& c, int index) {
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

void Builder::AddLayer(const Call& c, Layer layer) {
  const int index = static_cast<int>(net.layers.size()) + 1;
  layer.line = c.line;
  if (pad) FoldPadding(layer, c, index);
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
      net.pass_layers.push_back({static_cast<int>(net.layers.size()), name, CallCode(c), dialect == Dialect::Keras});
      return;
    case Kind::Unknown:
      if (!in_container && !LooksLikeLayer(c.name)) return;
      throw NetworkError(index, c.line, "layer",
                         "line " + std::to_string(c.line) + ": " + c.name +
                             " is not supported: a network holds convolutions, poolings and transposed convolutions "
                             "(activations, normalisation and dropout pass through)");
    case Kind::Input:
      return ReadInput(c, index);
    case Kind::Pad:
    case Kind::Crop:
      return ReadPadding(c, info, index);
    default:
      SetRank(c, info.rank, index);
      if (dialect == Dialect::PyTorch) ReadTorchLayer(c, info, index);
      else ReadKerasLayer(c, info, index);
  }
}

// keras.Input(shape=(H, W, C)) (or batch_shape=, input_shape=): the network's input size and channels.
void Builder::ReadInput(const Call& c, int index) {
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
}

// A padding layer waits for the layer after it; a crop folds into the transposed convolution before it.
void Builder::ReadPadding(const Call& c, const ClassInfo& info, int index) {
  const std::string name = c.Short();
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

}  // namespace code

namespace {

using code::Builder;
using code::Call;
using code::Dialect;
using code::Kind;
using code::LooksLikeLayer;
using code::Value;

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

std::string ReadCodeFile(const std::string& path, std::string_view what) {
  std::string text = ReadFileBounded(path, {what, kMaxCodeBytes, true});
  if (text.find('\0') != std::string::npos) {
    throw ReadError(std::string(what) + ": '" + path + "' is not a text file (it holds NUL bytes)");
  }
  return text;
}

namespace {

// Every message on one line, whatever text of the code it quotes (a triple-quoted string holds newlines).
Network ReadOneLine(std::string_view code, Dialect dialect) {
  try {
    return Read(code, dialect);
  } catch (const NetworkError& e) {
    const std::string what = e.what();
    if (std::none_of(what.begin(), what.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; })) throw;
    throw NetworkError(e.layer, e.line, e.parameter, code::Printable(what, 400));
  }
}

}  // namespace

Network ReadPyTorch(std::string_view code) { return ReadOneLine(code, Dialect::PyTorch); }
Network ReadKeras(std::string_view code) { return ReadOneLine(code, Dialect::Keras); }

}  // namespace convarith
