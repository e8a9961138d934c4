// The generators of fuzz_inputs.hpp: vocabularies of each language and the mutations applied to them.
#include "fuzz_inputs.hpp"

#include <functional>

namespace fuzz {

namespace {

const std::vector<std::string> kCodeSamples = {
    "import torch.nn as nn\nmodel = nn.Sequential(\n    nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1),\n"
    "    nn.ReLU(), nn.Dropout(0.5),\n    nn.MaxPool2d(2, ceil_mode=True),\n    nn.ConvTranspose2d(16, 8, 4, "
    "stride=2, padding=1, output_padding=0),\n    nn.ZeroPad2d((1, 0, 1, 0)), nn.Conv2d(8, 8, 3, padding_mode='reflect'),\n)"
    "\nx = torch.zeros(1, 3, 64, 64)\n",
    "from tensorflow import keras\nfrom keras import layers\nmodel = keras.Sequential([\n    keras.Input(shape=(32, "
    "32, 3)),\n    layers.Conv2D(16, 3, strides=2, padding='same'),\n    layers.MaxPooling2D(2),\n    "
    "layers.Conv2DTranspose(8, 3, strides=2, padding='valid', output_padding=1),\n    layers.Cropping2D(((1, 0), (0, "
    "1))),\n])\n",
    "model = nn.Sequential(nn.Conv1d(1, 4, 5, dilation=2), nn.AvgPool1d(3, count_include_pad=False))",
    "m = nn.Sequential(OrderedDict([('c', nn.Conv3d(1, 2, (1, 3, 3)))])).to(device)",
};

const std::vector<std::string> kCodeTokens = {
    "(", ")", "[", "]", ",", "=", "*", "**", "\n", "#", "'", "\"", "\"\"\"", "\\", "0.5", "1e999", "-", "+",
    "float('inf')", "float('-inf')", "nn.Sequential(", "nn.Conv2d(", "layers.Conv2D(", ".to(x)", "kernel_size=",
    "padding=", "'same'", "'valid'", "(3, 3)", "True", "False", "None", "0", "-1", "99999999999999999999", "0x10",
    "keras.Input(shape=(", "nn.ZeroPad2d(", "nn.ConstantPad2d(1, float('-inf'))", "layers.Cropping2D(", "f(",
    "nn.ConvTranspose1d(", "nn.MaxPool3d(", "input_shape=(8, 8, 1)", "return_indices=True", "groups=", "bias=",
    "torch.zeros(1, 3, 8, 8)", "r'x'", "\t", "\xff", std::string(1, '\0')};

const std::vector<std::string> kSpecTokens = {
    "conv", "convT", "maxpool", "avgpool", "deconv", "transposed", "k=", "s=", "p=", "pb=", "pa=", "d=", "a=", "c=",
    "g=", "bias=", "mode=", "ceil=", "cip=", "same", "valid", "true", "false", "True", "1", "0", "3", "-2", "4x4",
    "3x3x3", "x", "99999999999", "reflect", "circular", ";", "\n", " ", ",", "=", "=="};

const std::vector<std::string> kValues = {
    "", "0", "1", "2", "3", "5", "7", "-1", "-5", "4x6", "3x4x6", "2x2", "1x", "x", "99999999999", "nan", "1e9",
    "true", "false", "1.5", "same", "4\n5", " ", "conv", "maxpool", "avgpool", "transposed", "gray", "rgb", "pytorch",
    "keras", "zeros", "reflect", "replicate", "circular", "fig2.1", "fig4.4", "fig1.1", "ones", "ramp", "random",
    "/dev/zero", "/nonexistent", "/tmp", "all", "equivalent", "scatter", "1280x720", "150", "10%", "\xff\xfe"};

const std::vector<std::string> kFlags = {
    "--op", "--dims", "-i", "-k", "-s", "-p", "-d", "-a", "--pad-before", "--pad-after", "--in-channels",
    "--out-channels", "--groups", "--padding-mode", "--ceil-mode", "--count-include-pad", "--preset", "--json",
    "--matrix", "--explain", "--explain-limit", "--code", "--fill", "--seed", "--kernel-fill", "--bias-fill",
    "--input", "--kernel", "--bias", "--image", "--image-mode", "--image-size", "--layers", "--pytorch", "--keras",
    "--mirror", "--input-size", "--step", "--view", "--window", "--ui-scale", "--zoom", "--frames",
    "--network-layer", "--network-input", "--network-pin", "--help", "--version", "--bogus", "-x", "--"};

}  // namespace

std::string Inputs::Number() {
  switch (Below(8)) {
    case 0: return std::to_string(static_cast<int>(Below(10)));
    case 1: return "-" + std::to_string(Below(1000)) + "." + std::to_string(Below(1000));
    case 2: return std::to_string(Below(100)) + "e" + std::to_string(static_cast<int>(Below(700)) - 350);
    case 3: return "1e400";
    case 4: return "0.000001";
    case 5: return std::to_string(rng_());
    default: return std::to_string(Below(10)) + "." + std::to_string(Below(100));
  }
}

std::string Inputs::Mutate(std::string s, const std::vector<std::string>& vocabulary) {
  const int edits = 1 + static_cast<int>(Below(6));
  for (int n = 0; n < edits; ++n) {
    const size_t at = Below(s.size() + 1);
    switch (Below(6)) {
      case 0: s.insert(at, Pick(vocabulary)); break;
      case 1: s.erase(at, Below(8)); break;
      case 2: if (!s.empty()) s[Below(s.size())] = static_cast<char>(Below(256)); break;
      case 3: s.insert(at, s.substr(Below(s.size() + 1), Below(32))); break;
      case 4: s.resize(at); break;  // truncated
      default: s.insert(at, std::string(Below(4) + 1, Pick(vocabulary).empty() ? '(' : Pick(vocabulary)[0])); break;
    }
  }
  return s;
}

std::string Inputs::Json() {
  // Nested arrays of random depth and widths (often rectangular), numbers of every kind, then mutated.
  const int depth = 1 + static_cast<int>(Below(7));
  std::vector<size_t> widths;
  for (int d = 0; d < depth; ++d) widths.push_back(1 + Below(4));
  std::function<std::string(int)> build = [&](int d) -> std::string {
    if (d == depth) return Chance(3) ? Pick(std::vector<std::string>{"null", "true", "\"x\"", "{}"}) : Number();
    std::string out = "[";
    const size_t w = Chance(10) ? Below(5) : widths[static_cast<size_t>(d)];
    for (size_t n = 0; n < w; ++n) out += (n ? "," : "") + build(d + 1);
    return out + "]";
  };
  const std::string doc = build(0);
  return Chance(50) ? doc : Mutate(doc, {"[", "]", ",", "1", "-", "e", ".", "\"", "{", "}", " ", "1e999", "[[[[["});
}

std::string Inputs::Code() { return Mutate(Pick(kCodeSamples), kCodeTokens); }

std::string Inputs::Layers() {
  std::string spec;
  const int layers = 1 + static_cast<int>(Below(5));
  for (int l = 0; l < layers; ++l) {
    spec += Pick(std::vector<std::string>{"conv", "convT", "maxpool", "avgpool"});
    const int keys = static_cast<int>(Below(5));
    for (int k = 0; k < keys; ++k) {
      spec += " " + Pick(std::vector<std::string>{"k", "s", "p", "pb", "pa", "d", "a", "c", "g", "bias", "mode", "ceil",
                                                  "cip"}) +
              "=" + Pick(kValues);
    }
    spec += Chance(80) ? "; " : "\n";
  }
  return Chance(40) ? spec : Mutate(spec, kSpecTokens);
}

std::string Inputs::Settings() {
  std::string doc = "{\"version\": 2, \"config\": {\"op\": \"" + Pick(kValues) + "\", \"rank\": " + Number() +
                    ", \"width\": {\"input\": " + Number() + "}}, \"network\": {\"rank\": " +
                    std::to_string(Below(5)) + ", \"layers\": \"" + Layers() + "\", \"input\": [" + Number() +
                    "]}, \"display\": {\"ui_scale\": " + Number() + "}}";
  return Chance(50) ? doc : Mutate(doc, {"{", "}", "[", "]", "\"", ":", ",", "null", "1e999", "\\u0000"});
}

std::vector<std::string> Inputs::CommandLine() {
  std::vector<std::string> args;
  const std::string sub = Pick(std::vector<std::string>{"shape", "compute", "net", "", "shape", "compute"});
  if (!sub.empty()) args.push_back(sub);
  const int flags = static_cast<int>(Below(7));
  for (int n = 0; n < flags; ++n) {
    std::string flag = Pick(kFlags);
    if (Chance(5)) flag = Mutate(flag, {"-", "=", "x"});
    args.push_back(flag);
    if (Chance(85)) args.push_back(flag == "--layers" ? Layers() : Pick(kValues));
  }
  return args;
}

}  // namespace fuzz
