// `convarith net`: a stack of layers from PyTorch or Keras code or a --layers spec; shapes, the paper's relationship,
// receptive fields per layer, the mirror decoder, and the network written as PyTorch or Keras code.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "convarith/base/numbers.hpp"
#include "convarith/base/read_file.hpp"
#include "convarith/shape/arithmetic.hpp"
#include "convarith/cli/cli.hpp"
#include "convarith/network/code_io.hpp"
#include "convarith/network/network.hpp"
#include "json_io.hpp"

namespace convarith::cli {

namespace {

struct NetArgs {
  std::string pytorch, keras, layers, input, code;
  int dims = 0, in_channels = 0;
  bool mirror = false, json = false;
};

std::string ReadText(const std::string& path, const std::string& option) {
  try {
    return ReadCodeFile(path, option);
  } catch (const ReadError& e) {
    throw UsageError(e.what());
  }
}

// "3" when every axis agrees, else "3x5" (or "1/2,1" for fractions).
template <typename T, typename F>
std::string PerAxis(const std::vector<T>& v, F text, const char* sep = "x") {
  bool same = true;
  for (const T& x : v) same &= text(x) == text(v.front());
  if (same) return text(v.front());
  std::string s;
  for (const T& x : v) s += (s.empty() ? "" : sep) + text(x);
  return s;
}

std::string Number(double x) { return FormatDouble(x); }

std::string Sizes(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : "x") + std::to_string(x);
  return s;
}

// "Conv2d k3 s2 p1", with per-side padding, d and a when they matter.
std::string Describe(const Config& c) {
  std::vector<int> k, s, pb, pa, d, a;
  for (const AxisParams& x : c.spatial()) {
    k.push_back(x.kernel), s.push_back(x.stride), pb.push_back(x.pad_before), pa.push_back(x.pad_after);
    d.push_back(x.dilation), a.push_back(x.output_padding);
  }
  auto num = [](int x) { return std::to_string(x); };
  std::string t = TorchClassName(c) + " k" + PerAxis(k, num) + " s" + PerAxis(s, num);
  t += pb == pa ? " p" + PerAxis(pb, num) : " p" + PerAxis(pb, num) + "+" + PerAxis(pa, num);
  if (PerAxis(d, num) != "1") t += " d" + PerAxis(d, num);
  if (c.op == Op::Transposed && PerAxis(a, num) != "0") t += " a" + PerAxis(a, num);
  if (c.ceil_mode) t += " ceil";
  return t;
}

void PrintTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& r : rows)
    for (size_t n = 0; n < r.size(); ++n) {
      if (width.size() <= n) width.push_back(0);
      width[n] = std::max(width[n], r[n].size());
    }
  for (const auto& r : rows) {
    std::string line;
    for (size_t n = 0; n < r.size(); ++n) {
      line += r[n] + (n + 1 < r.size() ? std::string(width[n] - r[n].size() + 2, ' ') : "");
    }
    out << line << "\n";
  }
}

std::vector<PaddingRule> Rules(const Network& net) {
  std::vector<PaddingRule> r;
  for (const Layer& l : net.layers) r.push_back(l.padding_rule);
  return r;
}

// The network the arguments name (code or a spec), with the input size and channels given on the command line.
Network ReadNetwork(const NetArgs& args, const std::vector<int>& input) {
  Network net;
  if (!args.pytorch.empty()) {
    net = ReadPyTorch(ReadText(args.pytorch, "--pytorch"));
  } else if (!args.keras.empty()) {
    net = ReadKeras(ReadText(args.keras, "--keras"));
  } else {
    int rank = args.dims;
    if (rank == 0) rank = input.size() > 1 ? static_cast<int>(input.size()) : SpecRankHint(args.layers);
    if (rank == 1 && args.dims == 0) rank = 2;
    net = ParseLayerSpec(args.layers, rank);
  }
  if (args.dims != 0 && args.dims != net.rank) {
    throw UsageError("--dims " + std::to_string(args.dims) + " but the layers are " + std::to_string(net.rank) + "-D");
  }
  if (!input.empty()) {
    if (input.size() != 1 && static_cast<int>(input.size()) != net.rank) {
      throw UsageError("input_size (-i) '" + args.input + "' has " + std::to_string(input.size()) +
                       " sizes but the network is " + std::to_string(net.rank) + "-D");
    }
    for (int a = 0; a < net.rank; ++a) {
      net.input[static_cast<size_t>(3 - net.rank + a)] = input[input.size() == 1 ? 0 : static_cast<size_t>(a)];
    }
  }
  if (args.in_channels != 0) net.in_channels = args.in_channels;
  return net;
}

// One layer as JSON: its configuration, where it came from, its output, relationship, receptive field and code.
nlohmann::json LayerJson(const Config& c, const Layer& layer, const std::vector<FieldAxis>& fields) {
  nlohmann::json l = ConfigToJson(c);
  l["line"] = layer.line;
  l["output_size"] = OutputSpatial(c);
  l["output_channels"] = c.out_channels;
  nlohmann::json rel = nlohmann::json::array(), rf = nlohmann::json::array(), jump = nlohmann::json::array(),
                 frac = nlohmann::json::array(), start = nlohmann::json::array(), period = nlohmann::json::array();
  for (int a = c.first_axis(); a < 3; ++a) rel.push_back(FindRelationship(c, a).number);
  for (const FieldAxis& f : fields) {
    rf.push_back(f.receptive_field);
    jump.push_back(f.jump.value());
    frac.push_back(f.jump.text());
    start.push_back(f.start);
    period.push_back(f.period);
  }
  l["relationship"] = rel;
  l["receptive_field"] = rf;
  l["jump"] = jump;
  l["jump_fraction"] = frac;
  l["start"] = start;
  l["period"] = period;
  l["pytorch"] = PyTorchLayerCode(c, layer.padding_rule);
  l["keras"] = KerasLayerCode(c, layer.padding_rule);
  return l;
}

// The whole network as JSON: sizes, every layer, the mirror decoder and the code when asked for.
nlohmann::json NetworkJson(const NetArgs& args, const Network& net, const std::vector<Config>& layers,
                           const std::vector<std::vector<FieldAxis>>& fields, const std::vector<MirrorLayer>& decoder,
                           const std::string& code) {
  nlohmann::json j;
  j["dims"] = net.rank;
  j["input_size"] = AxesToJson(layers.front(), &AxisParams::input);
  j["in_channels"] = layers.front().in_channels;
  j["output_size"] = OutputSpatial(layers.back());
  j["output_channels"] = layers.back().out_channels;
  nlohmann::json list = nlohmann::json::array();
  for (size_t n = 0; n < layers.size(); ++n) list.push_back(LayerJson(layers[n], net.layers[n], fields[n]));
  j["layers"] = std::move(list);
  j["passed_through"] = net.passed_through;
  if (args.mirror) {
    nlohmann::json dec = nlohmann::json::array();
    for (const MirrorLayer& m : decoder) {
      nlohmann::json d = ConfigToJson(m.config);
      d["undoes_layer"] = m.encoder_layer;
      d["output_size"] = OutputSpatial(m.config);
      d["output_channels"] = m.config.out_channels;
      d["choices"] = m.choices;
      dec.push_back(std::move(d));
    }
    j["decoder"] = std::move(dec);
  }
  if (!code.empty()) j["code"] = code;
  return j;
}

// The layers as a table: line, layer, output, channels, relationship, receptive field, jump and start.
void PrintLayers(const Network& net, const std::vector<Config>& layers,
                 const std::vector<std::vector<FieldAxis>>& fields) {
  const Config& first = layers.front();
  std::vector<int> in_sizes;
  for (const AxisParams& a : first.spatial()) in_sizes.push_back(a.input);
  std::cout << "input: " << Sizes(in_sizes) << ", " << first.in_channels << " channel(s)\n";
  std::vector<std::vector<std::string>> rows = {
      {"#", "line", "layer", "output", "channels", "relationship", "receptive field", "jump", "start"}};
  for (size_t n = 0; n < layers.size(); ++n) {
    const Config& c = layers[n];
    std::vector<int> rel, rf;
    std::vector<Fraction> jump;
    std::vector<double> start;
    for (int a = c.first_axis(); a < 3; ++a) rel.push_back(FindRelationship(c, a).number);
    for (const FieldAxis& f : fields[n]) {
      rf.push_back(static_cast<int>(std::min<long long>(f.receptive_field, 2147483647)));
      jump.push_back(f.jump);
      start.push_back(f.start);
    }
    rows.push_back({std::to_string(n + 1), net.layers[n].line ? std::to_string(net.layers[n].line) : "-", Describe(c),
                    Sizes(OutputSpatial(c)), std::to_string(c.out_channels),
                    PerAxis(rel, [](int x) { return std::to_string(x); }, ","),
                    PerAxis(rf, [](int x) { return std::to_string(x); }),
                    PerAxis(jump, [](const Fraction& f) { return f.text(); }, ","),
                    PerAxis(start, [](double x) { return Number(x); }, ",")});
  }
  PrintTable(std::cout, rows);
}

// The mirror decoder as a table, with the output sizes each output_padding could choose.
void PrintDecoder(const std::vector<MirrorLayer>& decoder) {
  std::cout << "\nmirror decoder (transposed convolutions restoring every size):\n";
  std::vector<std::vector<std::string>> drows = {{"#", "layer", "undoes", "output", "channels", "choices"}};
  for (size_t n = 0; n < decoder.size(); ++n) {
    const MirrorLayer& m = decoder[n];
    std::string choices;
    const auto& ax = m.config.spatial();
    for (size_t a = 0; a < m.choices.size(); ++a) {
      if (m.choices[a].size() < 2) continue;
      const int base = OutputSize(Op::Transposed, [&] { AxisParams x = ax[a]; x.output_padding = 0; return x; }());
      std::string opts;
      for (int size : m.choices[a]) opts += (opts.empty() ? "" : ", ") + std::to_string(size) + " (a=" + std::to_string(size - base) + ")";
      choices += (choices.empty() ? "" : "; ") + std::string(AxisName(m.config, static_cast<int>(a) + m.config.first_axis())) + ": " + opts;
    }
    drows.push_back({std::to_string(n + 1), Describe(m.config), "layer " + std::to_string(m.encoder_layer),
                     Sizes(OutputSpatial(m.config)), std::to_string(m.config.out_channels),
                     choices.empty() ? "one size only" : choices});
  }
  PrintTable(std::cout, drows);
}

void Run(const NetArgs& args) {
  const int given = !args.pytorch.empty() + !args.keras.empty() + !args.layers.empty();
  if (given != 1) throw UsageError("net: give exactly one of --pytorch FILE, --keras FILE or --layers SPEC");
  if (args.dims < 0 || args.dims > 3) throw UsageError("--dims: the spatial rank must be 1, 2 or 3");
  std::vector<int> input;
  if (!args.input.empty()) input = ParseSizes(args.input, "input_size (-i)");
  try {
    const Network net = ReadNetwork(args, input);
    const std::vector<Config> layers = Propagate(net);
    const auto fields = ReceptiveFields(layers);
    std::vector<MirrorLayer> decoder;
    if (args.mirror) decoder = Mirror(layers);
    std::vector<Config> decoder_configs;
    for (const MirrorLayer& m : decoder) decoder_configs.push_back(m.config);
    const bool torch_code = args.code == "pytorch";

    std::string code;
    if (!args.code.empty()) {
      code = torch_code ? WritePyTorch(layers, Rules(net), "model", net.pass_layers)
                        : WriteKeras(layers, Rules(net), "model", net.pass_layers);
      if (args.mirror) code += "\n" + (torch_code ? WritePyTorch(decoder_configs, {}, "decoder")
                                                  : WriteKeras(decoder_configs, {}, "decoder"));
    }
    if (args.json) {
      std::cout << NetworkJson(args, net, layers, fields, decoder, code).dump(2) << "\n";
      return;
    }
    if (!code.empty()) {
      std::cout << code;
      return;
    }
    PrintLayers(net, layers, fields);
    if (!net.passed_through.empty()) {
      std::string s;
      for (const std::string& p : net.passed_through) s += (s.empty() ? "" : ", ") + p;
      std::cout << "shape-preserving, passed through: " << s << "\n";
    }
    if (args.mirror) {
      PrintDecoder(decoder);
    }
  } catch (const NetworkError& e) {
    throw UsageError(e.what());
  }
}

}  // namespace

void AddNetCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand("net", "A stack of layers: shapes, relationships, receptive fields, mirror decoder, code");
  auto args = std::make_shared<NetArgs>();
  cmd->add_option("--pytorch", args->pytorch, "Read the network from PyTorch code (nn.Sequential(...))");
  cmd->add_option("--keras", args->keras, "Read the network from Keras code (layers.Conv2D(...), ...)");
  cmd->add_option("--layers", args->layers,
                  "The layers as a spec: 'conv k=3 s=2 p=1 c=16; maxpool k=2; convT k=4 s=2 p=1 a=0' (keys k s p pb pa "
                  "d a c g bias mode ceil cip; p=same|valid)");
  cmd->add_option("-i,--input-size", args->input, "The network's input size: N, HxW or DxHxW");
  cmd->add_option("--dims", args->dims, "Spatial rank 1, 2 or 3 of a --layers spec (default: from the sizes, else 2)");
  cmd->add_option("--in-channels", args->in_channels, "Input channels (default: the first layer's, else 1)");
  cmd->add_flag("--mirror", args->mirror, "Also the decoder of transposed convolutions that restores every size");
  cmd->add_flag("--json", args->json, "Print one JSON object");
  cmd->add_option("--code", args->code, "Print the network as pytorch or keras code")
      ->check(CLI::IsMember({"pytorch", "keras"}));
  cmd->callback([args]() { Run(*args); });
}

}  // namespace convarith::cli
