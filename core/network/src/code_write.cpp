// Writing a layer or a network as PyTorch and as Keras code.
#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>

#include "convarith/shape/arithmetic.hpp"
#include "convarith/network/code_io.hpp"

namespace convarith {

namespace {

std::vector<int> Field(const Config& c, int AxisParams::*field) {
  std::vector<int> v;
  for (const AxisParams& a : c.spatial()) v.push_back(a.*field);
  return v;
}

// 3 when every axis agrees, else (3, 5).
std::string Sizes(const std::vector<int>& v) {
  if (std::all_of(v.begin(), v.end(), [&](int x) { return x == v[0]; })) return std::to_string(v[0]);
  std::string s = "(";
  for (size_t n = 0; n < v.size(); ++n) s += (n ? ", " : "") + std::to_string(v[n]);
  return s + ")";
}

bool All(const std::vector<int>& v, int x) {
  return std::all_of(v.begin(), v.end(), [&](int y) { return y == x; });
}

bool Symmetric(const Config& c) {
  return std::all_of(c.spatial().begin(), c.spatial().end(), [](const AxisParams& a) { return a.symmetric(); });
}

// The padding TensorFlow's 'same' gives this (resolved) layer equals its own.
bool IsSame(const Config& c) {
  for (const AxisParams& a : c.spatial()) {
    const AxisParams s = ResolveSamePadding(c.op, a);
    if (s.pad_before != a.pad_before || s.pad_after != a.pad_after ||
        (c.op == Op::Transposed && s.output_padding != a.output_padding)) {
      return false;
    }
  }
  return true;
}

// PyTorch's pad tuple: (left, right, top, bottom, front, back), each amount times `sign`, minus `keep`.
std::string TorchPadTuple(const Config& c, int sign, const std::vector<int>& keep) {
  std::string s = "(";
  for (int n = c.rank - 1; n >= 0; --n) {
    const AxisParams& a = c.spatial()[static_cast<size_t>(n)];
    const int k = keep.empty() ? 0 : keep[static_cast<size_t>(n)];
    s += std::to_string(sign * (a.pad_before - k)) + ", " + std::to_string(sign * (a.pad_after - k)) + (n ? ", " : "");
  }
  return s + ")";
}

// Keras' per-side tuple: (l, r) for 1-D, ((t, b), (l, r)) for 2-D, ...
std::string KerasSides(const Config& c) {
  if (c.rank == 1) {
    const AxisParams& a = c.spatial()[0];
    return "(" + std::to_string(a.pad_before) + ", " + std::to_string(a.pad_after) + ")";
  }
  std::string s = "(";
  for (int n = 0; n < c.rank; ++n) {
    const AxisParams& a = c.spatial()[static_cast<size_t>(n)];
    s += (n ? ", (" : "(") + std::to_string(a.pad_before) + ", " + std::to_string(a.pad_after) + ")";
  }
  return s + ")";
}

std::string Dims(const Config& c) { return std::to_string(c.rank) + "d"; }

}  // namespace

std::string PyTorchLayerCode(const Config& c, PaddingRule rule) {
  std::ostringstream out;
  const auto k = Field(c, &AxisParams::kernel), s = Field(c, &AxisParams::stride), d = Field(c, &AxisParams::dilation);
  const auto pb = Field(c, &AxisParams::pad_before);
  const bool symmetric = Symmetric(c);
  std::string pre, post;  // lines before and after the layer
  std::string padding;    // the layer's padding argument
  if (c.op == Op::Conv) {
    if (All(s, 1) && !symmetric && (rule == PaddingRule::Same || IsSame(c))) {
      padding = "'same'";
    } else if (symmetric) {
      if (!All(pb, 0)) padding = Sizes(pb);
    } else {
      const char* cls = c.padding_mode == PaddingMode::Reflect     ? "ReflectionPad"
                        : c.padding_mode == PaddingMode::Replicate ? "ReplicationPad"
                        : c.padding_mode == PaddingMode::Circular  ? "CircularPad"
                                                                   : "ConstantPad";
      pre = std::string("nn.") + cls + Dims(c) + "(" + TorchPadTuple(c, 1, {}) +
            (c.padding_mode == PaddingMode::Zeros ? ", 0" : "") + ")  # one side more than the other";
    }
    out << "nn." << TorchClassName(c) << "(" << c.in_channels << ", " << c.out_channels << ", kernel_size=" << Sizes(k);
    if (!All(s, 1)) out << ", stride=" << Sizes(s);
    if (!padding.empty()) out << ", padding=" << padding;
    if (!All(d, 1)) out << ", dilation=" << Sizes(d);
    if (c.groups != 1) out << ", groups=" << c.groups;
    if (!c.bias) out << ", bias=False";
    if (c.padding_mode != PaddingMode::Zeros && pre.empty()) {
      out << ", padding_mode='" << PaddingModeName(c.padding_mode) << "'";
    }
    out << ")";
  } else if (c.op == Op::Transposed) {
    std::vector<int> keep;
    for (const AxisParams& a : c.spatial()) keep.push_back(std::min(a.pad_before, a.pad_after));
    const auto a = Field(c, &AxisParams::output_padding);
    out << "nn." << TorchClassName(c) << "(" << c.in_channels << ", " << c.out_channels << ", kernel_size=" << Sizes(k);
    if (!All(s, 1)) out << ", stride=" << Sizes(s);
    if (!All(keep, 0)) out << ", padding=" << Sizes(keep);
    if (!All(a, 0)) out << ", output_padding=" << Sizes(a);
    if (c.groups != 1) out << ", groups=" << c.groups;
    if (!c.bias) out << ", bias=False";
    if (!All(d, 1)) out << ", dilation=" << Sizes(d);
    out << ")";
    if (!symmetric) {
      post = "nn.ConstantPad" + Dims(c) + "(" + TorchPadTuple(c, -1, keep) + ", 0)  # crops one side more";
    }
  } else {
    const bool max = c.op == Op::MaxPool;
    if (!symmetric) {
      pre = "nn.ConstantPad" + Dims(c) + "(" + TorchPadTuple(c, 1, {}) + (max ? ", float('-inf'))" : ", 0)") +
            "  # PyTorch pools pad both sides alike" +
            (!max && !c.count_include_pad ? " (these zeros count in the average)" : "");
    }
    out << "nn." << TorchClassName(c) << "(kernel_size=" << Sizes(k);
    if (s != k) out << ", stride=" << Sizes(s);
    if (symmetric && !All(pb, 0)) out << ", padding=" << Sizes(pb);
    if (max && !All(d, 1)) out << ", dilation=" << Sizes(d);
    if (c.ceil_mode) out << ", ceil_mode=True";
    if (!max && !c.count_include_pad) out << ", count_include_pad=False";
    out << ")";
  }
  std::string text = out.str();
  if (!pre.empty()) text = pre + "\n" + text;
  if (!post.empty()) text += "\n" + post;
  return text;
}

std::string KerasLayerCode(const Config& c, PaddingRule rule) {
  std::vector<std::string> lines;
  std::ostringstream out;
  const auto k = Field(c, &AxisParams::kernel), s = Field(c, &AxisParams::stride), d = Field(c, &AxisParams::dilation);
  const std::string dims = std::to_string(c.rank) + "D";
  bool no_padding = true;
  for (const AxisParams& a : c.spatial()) no_padding &= a.total_padding() == 0;
  const bool same = rule == PaddingRule::Same || (!no_padding && IsSame(c));
  std::string padding = same ? "same" : "valid";
  bool crop = false;
  if (c.op == Op::Conv && !same && c.rank == 1 && c.width().pad_after == 0 &&
      c.width().pad_before == c.width().dilation * (c.width().kernel - 1) && !no_padding) {
    padding = "causal";
  } else if (!same && !no_padding) {
    if (c.op == Op::Transposed) {
      crop = true;
    } else {
      lines.push_back("layers.ZeroPadding" + dims + "(padding=" + KerasSides(c) + ")");
    }
  }
  if (c.op == Op::Conv && c.padding_mode != PaddingMode::Zeros) {
    lines.push_back("# padding_mode='" + std::string(PaddingModeName(c.padding_mode)) +
                    "' has no Keras argument: pad with tf.pad(x, ..., mode='" +
                    (c.padding_mode == PaddingMode::Circular ? std::string("...") : std::string(c.padding_mode == PaddingMode::Reflect ? "REFLECT" : "SYMMETRIC")) +
                    "') instead of zeros");
  }
  if (c.pooling()) {
    const bool max = c.op == Op::MaxPool;
    if (!All(d, 1)) lines.push_back("# dilation " + Sizes(d) + ": Keras pooling has no dilation");
    if (c.ceil_mode) lines.push_back("# ceil_mode=True: Keras pooling has no ceil mode ('same' pads instead)");
    out << "layers." << (max ? "MaxPooling" : "AveragePooling") << dims << "(pool_size=" << Sizes(k);
    if (s != k) out << ", strides=" << Sizes(s);
    if (padding != "valid") out << ", padding='" << padding << "'";
    out << ")";
  } else {
    const bool t = c.op == Op::Transposed;
    if (t && c.groups != 1) lines.push_back("# groups=" + std::to_string(c.groups) + ": Keras' Conv" + dims + "Transpose has no groups");
    out << "layers.Conv" << dims << (t ? "Transpose" : "") << "(" << c.out_channels << ", " << Sizes(k);
    if (!All(s, 1)) out << ", strides=" << Sizes(s);
    if (padding != "valid") out << ", padding='" << padding << "'";
    if (t && !same) {
      const auto a = Field(c, &AxisParams::output_padding);
      out << ", output_padding=" << Sizes(a);
      for (size_t n = 0; n < a.size(); ++n) {
        if (a[n] >= s[n]) {
          lines.push_back("# output_padding " + std::to_string(a[n]) + " >= stride: Keras refuses it (PyTorch allows a < d)");
          break;
        }
      }
    }
    if (!All(d, 1)) out << ", dilation_rate=" << Sizes(d);
    if (!t && c.groups != 1) out << ", groups=" << c.groups;
    if (!c.bias) out << ", use_bias=False";
    out << ")";
  }
  lines.push_back(out.str());
  if (crop) lines.push_back("layers.Cropping" + dims + "(cropping=" + KerasSides(c) + ")");
  std::string text;
  for (const std::string& l : lines) text += (text.empty() ? "" : "\n") + l;
  return text;
}

namespace {

std::string Indented(const std::string& code, bool comma) {
  std::string out;
  std::istringstream in(code);
  std::string line;
  while (std::getline(in, line)) {
    const bool comment = line.starts_with("#");
    const size_t hash = line.find("  #");
    if (comma && !comment) {
      line = hash == std::string::npos ? line + "," : line.substr(0, hash) + "," + line.substr(hash);
    }
    out += "    " + line + "\n";
  }
  return out;
}

PaddingRule RuleOf(const std::vector<PaddingRule>& rules, size_t n) {
  return n < rules.size() ? rules[n] : PaddingRule::Explicit;
}

std::string ShapeText(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : ", ") + std::to_string(x);
  return s;
}

std::vector<int> InputSizes(const Config& c) { return Field(c, &AxisParams::input); }

// A shape-keeping layer in the dialect written: as it was written in its own, the common activations in the other,
// else a comment that names it (its arguments do not translate one to one).
std::string PassCode(const PassLayer& p, bool keras) {
  if (p.keras == keras) return p.code;
  struct Same {
    const char* torch;
    const char* keras;
  };
  static const std::array<std::pair<const char*, Same>, 4> kSame{{{"ReLU", {"nn.ReLU()", "layers.ReLU()"}},
                                                                  {"Sigmoid", {"nn.Sigmoid()", "layers.Activation('sigmoid')"}},
                                                                  {"Tanh", {"nn.Tanh()", "layers.Activation('tanh')"}},
                                                                  {"Softmax", {"nn.Softmax(dim=1)", "layers.Softmax()"}}}};
  std::string name = p.name;
  if (name == "Activation") {  // layers.Activation('relu')
    const size_t q = p.code.find('\'');
    if (q != std::string::npos) name = p.code.substr(q + 1, p.code.find('\'', q + 1) - q - 1);
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name == "relu") name = "ReLU";
    if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  }
  for (const auto& [n, same] : kSame)
    if (name == n) return keras ? same.keras : same.torch;
  return "# " + p.code + "  (keeps the shape; no " + std::string(keras ? "Keras" : "PyTorch") + " equivalent written)";
}

// The layers and, before each, the shape-keeping layers that stood there.
std::string Body(const std::vector<Config>& layers, const std::vector<PaddingRule>& rules,
                 const std::vector<PassLayer>& pass, bool keras) {
  std::string out;
  auto passed = [&](size_t before) {
    for (const PassLayer& p : pass)
      if (static_cast<size_t>(std::clamp(p.before, 0, static_cast<int>(layers.size()))) == before)
        out += Indented(PassCode(p, keras), true);
  };
  for (size_t n = 0; n < layers.size(); ++n) {
    passed(n);
    out += Indented(keras ? KerasLayerCode(layers[n], RuleOf(rules, n)) : PyTorchLayerCode(layers[n], RuleOf(rules, n)),
                    true);
  }
  passed(layers.size());
  return out;
}

}  // namespace

std::string WritePyTorch(const std::vector<Config>& layers, const std::vector<PaddingRule>& rules, std::string_view name,
                         const std::vector<PassLayer>& pass) {
  std::string out = "import torch\nfrom torch import nn\n\n" + std::string(name) + " = nn.Sequential(\n";
  out += Body(layers, rules, pass, false);
  out += ")\n";
  if (!layers.empty()) {
    const Config& first = layers.front();
    const Config& last = layers.back();
    out += "x = torch.zeros(1, " + std::to_string(first.in_channels) + ", " + ShapeText(InputSizes(first)) + ")  # " +
           std::string(name) + "(x).shape == (1, " + std::to_string(last.out_channels) + ", " +
           ShapeText(OutputSpatial(last)) + ")\n";
  }
  return out;
}

std::string WriteKeras(const std::vector<Config>& layers, const std::vector<PaddingRule>& rules, std::string_view name,
                       const std::vector<PassLayer>& pass) {
  std::string out = "import keras\nfrom keras import layers\n\n" + std::string(name) + " = keras.Sequential([\n";
  if (!layers.empty()) {
    const Config& first = layers.front();
    out += "    keras.Input(shape=(" + ShapeText(InputSizes(first)) + ", " + std::to_string(first.in_channels) + ")),\n";
  }
  out += Body(layers, rules, pass, true);
  out += "])\n";
  if (!layers.empty()) {
    const Config& last = layers.back();
    out += "# output shape: (None, " + ShapeText(OutputSpatial(last)) + ", " + std::to_string(last.out_channels) + ")\n";
  }
  return out;
}

}  // namespace convarith
