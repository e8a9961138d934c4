// Networks: shapes through a stack, errors naming the layer, receptive fields (closed forms and brute-force index sets),
// framework padding rules, the mirror decoder, the --layers spec, and PyTorch/Keras code in and out.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

#include "convarith/shape/arithmetic.hpp"
#include "convarith/network/code_io.hpp"
#include "convarith/network/network.hpp"

namespace convarith {
namespace {

std::vector<Config> Build(const std::string& spec, int i, int rank = 2, int channels = 1) {
  Network n = ParseLayerSpec(spec, rank);
  for (int a = 3 - rank; a < 3; ++a) n.input[static_cast<size_t>(a)] = i;
  n.in_channels = channels;
  return Propagate(n);
}

TEST(Network, ShapesAndRelationshipsThroughAStack) {
  const auto l = Build("conv k=3 s=2 p=1 c=16; maxpool k=2; convT k=4 s=2 p=1 c=8; conv k=3 p=1", 32, 2, 3);
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(OutputSpatial(l[0]), (std::vector<int>{16, 16}));
  EXPECT_EQ(OutputSpatial(l[1]), (std::vector<int>{8, 8}));
  EXPECT_EQ(OutputSpatial(l[2]), (std::vector<int>{16, 16}));
  EXPECT_EQ(OutputSpatial(l[3]), (std::vector<int>{16, 16}));
  EXPECT_EQ(l[0].in_channels, 3);
  EXPECT_EQ(l[1].out_channels, 16);
  EXPECT_EQ(l[2].out_channels, 8);
  EXPECT_EQ(l[3].out_channels, 8);  // c not given: keeps the incoming channels
  EXPECT_EQ(FindRelationship(l[0], kWidth).number, 6);
  EXPECT_EQ(FindRelationship(l[1], kWidth).number, 7);
  EXPECT_EQ(FindRelationship(l[3], kWidth).number, 3);
}

TEST(Network, ErrorNamesTheLayerLineAndParameter) {
  Network n = ParseLayerSpec("conv k=3 s=2\nconv k=3\nconv k=9\n", 2);
  n.input = {1, 16, 16};
  try {
    Propagate(n);
    FAIL() << "expected an error";
  } catch (const NetworkError& e) {
    EXPECT_EQ(e.layer, 3);
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.parameter, "kernel_size");
    EXPECT_NE(std::string(e.what()).find("layer 3 (line 3, Conv2d)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("its input is 5x5"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ParseLayerSpec("conv q=3", 2), NetworkError);
  EXPECT_THROW(ParseLayerSpec("pool k=3", 2), NetworkError);
  EXPECT_THROW(ParseLayerSpec("conv k=3x3x3", 2), NetworkError);
  EXPECT_THROW(ParseLayerSpec("conv k=x", 2), NetworkError);
  EXPECT_THROW(ParseLayerSpec(" ; ", 2), NetworkError);
  Network missing = ParseLayerSpec("conv k=3", 2);
  EXPECT_THROW(Propagate(missing), NetworkError);  // no input size
}

TEST(Network, SamePaddingRules) {
  // TensorFlow 'same': ceil(i/s) outputs, the extra padding at the end.
  for (int i = 1; i <= 20; ++i)
    for (int k = 1; k <= 5; ++k)
      for (int s = 1; s <= 3; ++s) {
        const AxisParams a = ResolveSamePadding(Op::Conv, AxisParams{i, k, s, 0, 0, 1, 0});
        EXPECT_EQ(OutputSize(Op::Conv, a), (i + s - 1) / s) << i << " " << k << " " << s;
        EXPECT_TRUE(a.pad_after == a.pad_before || a.pad_after == a.pad_before + 1);
        const AxisParams t = ResolveSamePadding(Op::Transposed, AxisParams{i, k, s, 0, 0, 1, 0});
        EXPECT_EQ(OutputSize(Op::Transposed, t), i * s);
      }
  // PyTorch padding='same' with an even kernel: the extra cell on the right.
  const AxisParams even = ResolveSamePadding(Op::Conv, AxisParams{10, 4, 1, 0, 0, 1, 0});
  EXPECT_EQ(even.pad_before, 1);
  EXPECT_EQ(even.pad_after, 2);
  const auto l = Build("conv k=3 s=2 p=same; maxpool k=3 s=2 p=same; convT k=3 s=2 p=same", 15);
  EXPECT_EQ(OutputSpatial(l[0]), (std::vector<int>{8, 8}));
  EXPECT_EQ(OutputSpatial(l[1]), (std::vector<int>{4, 4}));
  EXPECT_EQ(OutputSpatial(l[2]), (std::vector<int>{8, 8}));
}

// Every input cell one output cell depends on, by brute force over index sets (no periodicity, no shortcuts).
std::set<long long> Dependencies(const std::vector<Config>& layers, int layer, int axis, long long cell) {
  std::set<long long> cells{cell};
  for (int n = layer; n >= 0; --n) {
    const Config& c = layers[static_cast<size_t>(n)];
    const AxisParams& a = c.axes[static_cast<size_t>(c.first_axis() + axis)];
    std::set<long long> below;
    for (long long o : cells)
      for (long long t = 0; t < a.kernel; ++t) {
        if (c.op == Op::Transposed) {
          const long long m = o + a.pad_before - t * a.dilation;
          if (((m % a.stride) + a.stride) % a.stride == 0) below.insert((m - ((m % a.stride) + a.stride) % a.stride) / a.stride);
        } else {
          below.insert(o * a.stride - a.pad_before + t * a.dilation);
        }
      }
    cells = std::move(below);
  }
  return cells;
}

std::string RandomStack(std::mt19937& rng, bool transposed) {
  std::string spec;
  std::uniform_int_distribution<int> layers(1, 6), k(1, 5), s(1, 3), d(1, 3), p(0, 2), op(0, transposed ? 4 : 3);
  const int n = layers(rng);
  for (int l = 0; l < n; ++l) {
    const int kind = op(rng);
    const int kk = k(rng);
    if (kind == 0 || kind == 1) {
      spec += "conv k=" + std::to_string(kk) + " s=" + std::to_string(s(rng)) + " d=" + std::to_string(d(rng)) +
              " p=" + std::to_string(p(rng));
    } else if (kind == 2) {
      spec += "maxpool k=" + std::to_string(kk) + " s=" + std::to_string(s(rng)) + " p=" + std::to_string(std::min(p(rng), kk / 2));
    } else if (kind == 3) {
      spec += "avgpool k=" + std::to_string(kk) + " s=" + std::to_string(s(rng)) + " p=" + std::to_string(std::min(p(rng), kk / 2));
    } else {
      const int ss = s(rng), dd = d(rng);
      spec += "convT k=" + std::to_string(kk) + " s=" + std::to_string(ss) + " d=" + std::to_string(dd) +
              " p=" + std::to_string(p(rng)) + " a=" + std::to_string(std::uniform_int_distribution<int>(0, std::max(ss, dd) - 1)(rng));
    }
    spec += "; ";
  }
  return spec;
}

TEST(Network, ReceptiveFieldsMatchClosedFormsWithoutTransposedLayers) {
  std::mt19937 rng(7);
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<Config> l;
    try {
      l = Build(RandomStack(rng, false), 200, 1);
    } catch (const NetworkError&) {
      continue;
    }
    const auto f = ReceptiveFields(l);
    long long r = 1, j = 1;
    double start = 0;
    for (size_t n = 0; n < l.size(); ++n) {
      const AxisParams& a = l[n].width();
      start += ((DilatedKernel(a) - 1) / 2.0 - a.pad_before) * static_cast<double>(j);
      r += (DilatedKernel(a) - 1) * j;
      j *= a.stride;
      EXPECT_EQ(f[n][0].receptive_field, r);
      EXPECT_EQ(f[n][0].jump, (Fraction{j, 1}));
      EXPECT_DOUBLE_EQ(f[n][0].start, start);
      EXPECT_EQ(f[n][0].period, 1);
      ++checked;
    }
  }
  EXPECT_GT(checked, 200);
}

TEST(Network, ReceptiveFieldsMatchIndexSetsThroughTransposedLayers) {
  std::mt19937 rng(11);
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<Config> l;
    try {
      l = Build(RandomStack(rng, true), 60, 1);
    } catch (const NetworkError&) {
      continue;
    }
    const auto f = ReceptiveFields(l);
    for (size_t n = 0; n < l.size(); ++n) {
      long long widest = 0;
      for (long long cell = 100; cell < 100 + f[n][0].period; ++cell) {
        const auto deps = Dependencies(l, static_cast<int>(n), 0, cell);
        const auto span = FieldOfCell(l, static_cast<int>(n), 0, cell);
        ASSERT_EQ(deps.empty(), !span.has_value());
        if (deps.empty()) continue;
        EXPECT_EQ(span->first, *deps.begin());
        EXPECT_EQ(span->second, *deps.rbegin());
        widest = std::max(widest, *deps.rbegin() - *deps.begin() + 1);
      }
      EXPECT_EQ(f[n][0].receptive_field, widest);
      ++checked;
    }
  }
  EXPECT_GT(checked, 200);
  // A stride-2, k = 1 transposed convolution leaves every other cell empty: a k = 2 convolution after it sees one input.
  const auto l = Build("convT k=1 s=2; conv k=2", 8, 1);
  const auto f = ReceptiveFields(l);
  EXPECT_EQ(f[0][0].jump, (Fraction{1, 2}));
  EXPECT_EQ(f[1][0].receptive_field, 1);
}

TEST(Network, MirrorRestoresEverySize) {
  std::mt19937 rng(3);
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<Config> enc;
    try {
      enc = Build(RandomStack(rng, false) + (trial % 2 ? "maxpool k=3 s=2 ceil=1" : ""), 40, 2, 3);
    } catch (const NetworkError&) {
      continue;
    }
    const auto dec = Mirror(enc);
    ASSERT_EQ(dec.size(), enc.size());
    for (size_t n = 0; n < dec.size(); ++n) {
      const Config& e = enc[enc.size() - 1 - n];
      EXPECT_EQ(dec[n].encoder_layer, static_cast<int>(enc.size() - n));
      std::vector<int> in;
      for (const AxisParams& a : e.spatial()) in.push_back(a.input);
      EXPECT_EQ(OutputSpatial(dec[n].config), in);
      EXPECT_EQ(dec[n].config.out_channels, e.in_channels);
      if (n + 1 < dec.size()) {
        EXPECT_EQ(OutputSpatial(dec[n].config)[0], dec[n + 1].config.spatial()[0].input);
      }
      for (size_t a = 0; a < in.size(); ++a) {
        EXPECT_NE(std::find(dec[n].choices[a].begin(), dec[n].choices[a].end(), in[a]), dec[n].choices[a].end());
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 100);
  // The paper's ambiguity: i = 5 and i = 6 both give o = 3 (k = 3, s = 2, p = 1); a picks one.
  const auto dec = Mirror(Build("conv k=3 s=2 p=1", 6));
  EXPECT_EQ(dec[0].config.width().output_padding, 1);
  EXPECT_EQ(dec[0].choices[1], (std::vector<int>{5, 6}));
  EXPECT_THROW(Mirror(Build("convT k=3 s=2", 6)), NetworkError);
}

TEST(NetworkCode, PyTorchRoundTripGivesTheSameNetwork) {
  std::mt19937 rng(5);
  int checked = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::string spec = RandomStack(rng, true);
    if (trial % 3 == 0) spec += "conv k=4 p=same c=6; conv k=3 s=2 pb=0 pa=2 mode=zeros; avgpool k=3 s=2 p=same";
    if (trial % 5 == 0) spec += "; convT k=3 s=2 pb=2 pa=0 a=1 c=4; conv k=3 pb=2 pa=1 mode=reflect";
    std::vector<Config> l;
    Network net;
    try {
      net = ParseLayerSpec(spec, 2);
      net.input = {1, 24, 20};
      net.in_channels = 2;
      l = Propagate(net);
    } catch (const NetworkError&) {
      continue;
    }
    std::vector<PaddingRule> rules;
    for (const Layer& x : net.layers) rules.push_back(x.padding_rule);
    const std::string code = WritePyTorch(l, rules);
    Network back = ReadPyTorch(code);
    back.input = net.input;
    EXPECT_EQ(Propagate(back), l) << code;
    // Keras keeps the shapes (ceil_mode aside, which Keras has no argument for).
    Network keras = ReadKeras(WriteKeras(l, rules));
    const auto kl = Propagate(keras);
    ASSERT_EQ(kl.size(), l.size());
    for (size_t n = 0; n < l.size(); ++n) EXPECT_EQ(OutputSpatial(kl[n]), OutputSpatial(l[n])) << WriteKeras(l, rules);
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

TEST(NetworkCode, ReadsPyTorchAsWritten) {
  const Network n = ReadPyTorch(R"(import torch.nn as nn
model = nn.Sequential(
    nn.Conv2d(3, 16, 3, 2, 1),                      # positional
    nn.BatchNorm2d(16), nn.ReLU(inplace=True),
    nn.Conv2d(in_channels=16, out_channels=32, kernel_size=(3, 5), padding='same', bias=False),
    nn.MaxPool2d(2, ceil_mode=True),
    torch.nn.ConvTranspose2d(32, 8, kernel_size=4, stride=2, padding=1, output_padding=0),
    nn.AvgPool2d(kernel_size=3, stride=1, padding=1, count_include_pad=False),
)
)");
  ASSERT_EQ(n.layers.size(), 5u);
  EXPECT_EQ(n.passed_through.size(), 2u);
  EXPECT_EQ(n.layers[0].line, 3);
  EXPECT_EQ(n.layers[1].padding_rule, PaddingRule::Same);
  Network m = n;
  m.input = {1, 17, 17};
  const auto l = Propagate(m);
  EXPECT_EQ(OutputSpatial(l[0]), (std::vector<int>{9, 9}));
  EXPECT_EQ(OutputSpatial(l[1]), (std::vector<int>{9, 9}));
  EXPECT_EQ(l[1].width().pad_before, 2);
  EXPECT_EQ(OutputSpatial(l[2]), (std::vector<int>{5, 5}));
  EXPECT_EQ(OutputSpatial(l[3]), (std::vector<int>{10, 10}));
  EXPECT_FALSE(l[4].count_include_pad);
}

TEST(NetworkCode, ReadsKeras) {
  const Network n = ReadKeras(R"(from tensorflow import keras
from keras import layers
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Dropout(0.25),
    layers.Conv2DTranspose(16, (3, 3), strides=2, padding='same'),
    layers.Conv2D(8, 5),
])
)");
  ASSERT_EQ(n.layers.size(), 4u);
  EXPECT_EQ(n.in_channels, 1);
  const auto l = Propagate(n);
  EXPECT_EQ(OutputSpatial(l[0]), (std::vector<int>{14, 14}));
  EXPECT_EQ(OutputSpatial(l[1]), (std::vector<int>{7, 7}));
  EXPECT_EQ(OutputSpatial(l[2]), (std::vector<int>{14, 14}));
  EXPECT_EQ(OutputSpatial(l[3]), (std::vector<int>{10, 10}));
  EXPECT_EQ(l[3].out_channels, 8);
  const Network causal = ReadKeras("layers.Conv1D(4, 3, dilation_rate=2, padding='causal', input_shape=(16, 2))");
  const auto c = Propagate(causal);
  EXPECT_EQ(c[0].width().pad_before, 4);
  EXPECT_EQ(OutputSpatial(c[0]), (std::vector<int>{16}));
}

TEST(NetworkCode, MalformedCodeGivesLineAndReasonNeverACrash) {
  struct Case {
    const char* code;
    int line;
    const char* words;
  };
  const Case cases[] = {
      {"nn.Sequential(\n  nn.Conv2d(3, 8, 3),\n  nn.Linear(8, 2),\n)", 3, "nn.Linear is not supported"},
      {"nn.Sequential(\n  nn.Conv2d(3, 8, 3,\n", 2, "never closed"},
      {"nn.Sequential(nn.Conv2d(3, 8))", 1, "missing the argument 'kernel_size'"},
      {"nn.Sequential(nn.Conv2d(3, 8, 3, foo=2))", 1, "unexpected keyword argument 'foo'"},
      {"nn.Sequential(nn.Conv2d(3, 8, (3, 3, 3)))", 1, "tuple of 2 ints"},
      {"nn.Sequential(\n\n nn.Conv2d(3, 8, 3, stride=2, padding='same'))", 3, "strided"},
      {"nn.Sequential(nn.Conv2d(3, 8, 3), encoder)", 1, "'encoder' is a name"},
      {"nn.Sequential(nn.Conv2d(3, 8, 3, **kw))", 1, "unpacking"},
      {"nn.Sequential(nn.Conv2d(3, 8, 'three'))", 1, "kernel_size"},
      {"nn.Sequential(nn.Conv2d(3, 8, 3), nn.Conv3d(8, 8, 3))", 1, "3-D layer in a 2-D network"},
      {"nn.Sequential(nn.ZeroPad2d(1))", 1, "must come right before"},
      {"x = 'unclosed", 1, "never closed"},
      {"import torch\nprint('hello')\n", 0, "no convolution"},
      {"nn.Sequential(nn.Conv2d(3, 8, 99999999999999999999))", 1, "too large"},
  };
  for (const Case& c : cases) {
    try {
      ReadPyTorch(c.code);
      ADD_FAILURE() << "no error for: " << c.code;
    } catch (const NetworkError& e) {
      EXPECT_EQ(e.line, c.line) << c.code << " -> " << e.what();
      EXPECT_NE(std::string(e.what()).find(c.words), std::string::npos) << e.what();
      if (c.line > 0) {
        EXPECT_NE(std::string(e.what()).find("line " + std::to_string(c.line)), std::string::npos);
      }
    }
  }
  // Channels that don't chain: named at propagation, with the layer and its line.
  Network n = ReadPyTorch("nn.Sequential(\n nn.Conv2d(3, 8, 3),\n nn.Conv2d(4, 8, 3))");
  n.input = {1, 10, 10};
  try {
    Propagate(n);
    ADD_FAILURE();
  } catch (const NetworkError& e) {
    EXPECT_EQ(e.parameter, "in_channels");
    EXPECT_NE(std::string(e.what()).find("layer 2 (line 3, Conv2d)"), std::string::npos) << e.what();
  }
  // Every prefix of valid code, and bytes flipped at random: an error or a network, nothing else.
  const std::string good = WritePyTorch(Build("conv k=3 s=2 p=1 c=4; maxpool k=2; convT k=3 s=2 pb=1 pa=0 a=1", 16));
  std::mt19937 rng(1);
  for (size_t cut = 0; cut <= good.size(); ++cut) {
    std::string code = good.substr(0, cut);
    if (cut % 3 == 0 && !code.empty()) code[rng() % code.size()] = "()[],='#\n-x9"[rng() % 12];
    try {
      ReadPyTorch(code);
      ReadKeras(code);
    } catch (const NetworkError&) {
    }
  }
}

}  // namespace
}  // namespace convarith

namespace convarith {
namespace {

// The layers an imported network passes through (activations, normalisation, dropout) come back where they stood
// when it is written out again (the copied code is the network that was pasted in, not its convolutions alone).
TEST(CodeWrite, PassThroughLayersComeBackWhereTheyStood) {
  const std::string code = R"(
model = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1),
    nn.BatchNorm2d(16, momentum=0.2),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(16, 8, 3),
    nn.Dropout(0.5),
)
x = torch.zeros(1, 3, 32, 32)
)";
  const Network n = ReadPyTorch(code);
  ASSERT_EQ(n.pass_layers.size(), 3u);
  EXPECT_EQ(n.pass_layers[0].before, 1);
  EXPECT_EQ(n.pass_layers[2].before, 3);  // after the last layer
  const std::vector<Config> configs = Propagate(n);
  const std::string torch = WritePyTorch(configs, {}, "model", n.pass_layers);
  const size_t conv1 = torch.find("nn.Conv2d(3, 16"), bn = torch.find("nn.BatchNorm2d(16, momentum=0.2)"),
               relu = torch.find("nn.ReLU()"), pool = torch.find("nn.MaxPool2d"), drop = torch.find("nn.Dropout(0.5)");
  ASSERT_NE(bn, std::string::npos) << torch;
  ASSERT_NE(relu, std::string::npos) << torch;
  ASSERT_NE(drop, std::string::npos) << torch;
  EXPECT_LT(conv1, bn);
  EXPECT_LT(bn, relu);
  EXPECT_LT(relu, pool);
  EXPECT_GT(drop, torch.find("nn.Conv2d(16, 8"));
  // Read back: the same layers and the same pass-through layers in the same places.
  const Network again = ReadPyTorch(torch);
  EXPECT_EQ(again.layers.size(), n.layers.size());
  EXPECT_EQ(again.pass_layers, n.pass_layers);
  // In Keras: ReLU translates, the others are named in a comment (their arguments do not translate one to one).
  const std::string keras = WriteKeras(configs, {}, "model", n.pass_layers);
  EXPECT_NE(keras.find("    layers.ReLU(),"), std::string::npos) << keras;
  EXPECT_NE(keras.find("# nn.BatchNorm2d(16, momentum=0.2)"), std::string::npos) << keras;
  EXPECT_EQ(ReadKeras(keras).layers.size(), n.layers.size());
}

// Editing the table moves an imported network's pass-through layers with the layer they follow.
TEST(EditLayers, PassThroughLayersFollowTheirLayer) {
  Network n = ReadPyTorch(R"(
model = nn.Sequential(
    nn.Conv2d(3, 16, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(16, 8, 3),
    nn.Dropout(0.5),
)
x = torch.zeros(1, 3, 32, 32)
)");
  ASSERT_EQ(n.layers.size(), 3u);
  auto before = [&](const std::string& name) {
    for (const PassLayer& p : n.pass_layers)
      if (p.name == name) return p.before;
    return -1;
  };
  ASSERT_EQ(before("ReLU"), 1);     // after the first conv
  ASSERT_EQ(before("Dropout"), 3);  // after the last conv
  EditLayers(n, 0, LayerEdit::Down);  // conv1 <-> maxpool: the ReLU moves with conv1
  EXPECT_EQ(n.layers[1].config.op, Op::Conv);
  EXPECT_EQ(before("ReLU"), 2);
  EditLayers(n, 1, LayerEdit::Up);  // and back
  EXPECT_EQ(before("ReLU"), 1);
  EditLayers(n, 1, LayerEdit::InsertCopy);  // a second maxpool after the first
  EXPECT_EQ(n.layers.size(), 4u);
  EXPECT_EQ(before("ReLU"), 1);
  EXPECT_EQ(before("Dropout"), 4);
  EditLayers(n, 0, LayerEdit::InsertCopy);  // a copy of conv1 after it: the ReLU stays between the two
  EXPECT_EQ(before("ReLU"), 1);
  EXPECT_EQ(before("Dropout"), 5);
  EditLayers(n, 1, LayerEdit::Remove);  // the copy
  EditLayers(n, 2, LayerEdit::Remove);  // the second maxpool
  EXPECT_EQ(before("ReLU"), 1);
  EXPECT_EQ(before("Dropout"), 3);
  EditLayers(n, 7, LayerEdit::Remove);  // no such row: nothing
  EditLayers(n, 2, LayerEdit::Down);    // the last row cannot go down
  EXPECT_EQ(n.layers.size(), 3u);
  EXPECT_EQ(before("Dropout"), 3);
  // Written out, the Dropout still comes after the last conv, the ReLU after the first.
  const std::string torch = WritePyTorch(Propagate(n), {}, "model", n.pass_layers);
  EXPECT_LT(torch.find("nn.ReLU()"), torch.find("nn.MaxPool2d"));
  EXPECT_GT(torch.find("nn.ReLU()"), torch.find("nn.Conv2d(3, 16"));
  EXPECT_GT(torch.find("nn.Dropout(0.5)"), torch.find("nn.Conv2d(16, 8"));
}

}  // namespace
}  // namespace convarith
