// `convarith compute --op upsample | pixel-shuffle | max-unpool`: upsampling without a kernel, as PyTorch computes it,
// and `--overlap` on transposed convolution (the kernel stamps per output cell, per axis).
#include <algorithm>
#include <iostream>

#include "convarith/base/numbers.hpp"
#include "convarith/ops/upsample.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/timeline.hpp"
#include "compute_parts.hpp"
#include "json_io.hpp"

namespace convarith::cli {

namespace {

enum class Kind { Upsample, PixelShuffle, MaxUnpool };

std::optional<Kind> KindOf(const std::string& op) {
  if (op == "upsample") return Kind::Upsample;
  if (op == "pixel-shuffle" || op == "pixel_shuffle") return Kind::PixelShuffle;
  if (op == "max-unpool" || op == "max_unpool") return Kind::MaxUnpool;
  return std::nullopt;
}

const char* OpLabel(Kind k) {
  return k == Kind::Upsample ? "upsample" : k == Kind::PixelShuffle ? "pixel-shuffle" : "max-unpool";
}

// The flags a kernel-less upsampling does not take, refused by name.
void RefuseOtherFlags(Kind kind, const ConfigFlags& f, const DataFlags& d, const std::vector<UpsampleUnused>& compute) {
  const std::string op = std::string("--op ") + OpLabel(kind);
  const bool pooling = kind == Kind::MaxUnpool;
  const std::pair<bool, const char*> given[] = {
      {!f.preset.empty(), "--preset"},
      {!pooling && !f.kernel.empty(), "kernel_size (-k)"},
      {!pooling && (!f.padding.empty() || !f.pad_before.empty() || !f.pad_after.empty()), "padding (-p)"},
      {!pooling && !f.dilation.empty(), "dilation (-d)"},
      {!pooling && f.ceil_mode, "--ceil-mode"},
      {!f.output_padding.empty(), "output_padding (-a)"},
      {f.out_channels != 0, "--out-channels"},
      {f.groups != 0, "--groups"},
      {!f.padding_mode.empty(), "--padding-mode"},
      {!f.count_include_pad.empty(), "--count-include-pad"},
      {!d.kernel_file.empty(), "--kernel"},
      {d.kernel_fill != "ones", "--kernel-fill"},
      {!d.bias_file.empty() || !d.bias_fill.empty(), "--bias"},
  };
  for (const auto& [is_given, name] : given)
    if (is_given) throw UsageError(std::string(name) + ": " + op + " takes no such parameter; drop it");
  for (const UpsampleUnused& u : compute)
    if (u.given) throw UsageError(u.flag + ": applies only to conv, pooling and transposed, not " + op + "; drop it");
}

// -s as the one whole factor of every axis (N, or the same N per axis).
int FactorOf(const ConfigFlags& f, const char* parameter) {
  if (f.stride.empty()) throw UsageError(std::string(parameter) + " (-s) is required: the whole factor s >= 1");
  const std::vector<int> v = ParseSizes(f.stride, std::string(parameter) + " (-s)");
  if (std::any_of(v.begin(), v.end(), [&](int s) { return s != v[0]; })) {
    throw UsageError(std::string(parameter) + " (-s " + f.stride + "): one whole factor for every axis, e.g. -s 2");
  }
  return v[0];
}

struct Resolved {
  ResolvedData data;    // the configuration's rank, channels, sizes and the input
  std::string caption;  // one line
  nlohmann::json head;  // the parameters as JSON
  Tensor output;        // canonical
  std::vector<std::string> steps;  // --explain: how each output value is formed
};

std::string At(const Config& c, const std::array<int, 3>& cell) {
  std::string s = "[";
  for (int a = c.first_axis(); a < 3; ++a) s += (a > c.first_axis() ? "," : "") + std::to_string(cell[static_cast<size_t>(a)]);
  return s + "]";
}

std::string Name(const char* base, bool channels, int ch) { return base + (channels ? std::to_string(ch) : ""); }

nlohmann::json SpatialJson(const Config& c, const std::vector<int>& canonical_shape) {
  nlohmann::json j = nlohmann::json::array();
  for (int a = c.first_axis(); a < 3; ++a) j.push_back(canonical_shape[static_cast<size_t>(a) + 1]);
  return j;
}

// Calls fn(channel, cell) over every cell of a canonical tensor shape, in order.
template <class Fn>
void ForEachCell(const std::vector<int>& shape, Fn&& fn) {
  for (int ch = 0; ch < shape[0]; ++ch)
    for (int z = 0; z < shape[1]; ++z)
      for (int r = 0; r < shape[2]; ++r)
        for (int col = 0; col < shape[3]; ++col) fn(ch, std::array<int, 3>{z, r, col});
}

void ResolveUpsample(Resolved& out, const ConfigFlags& f, const std::string& mode_name, bool explain,
                     ExplainBudget& budget) {
  const Config& c = out.data.config;
  const auto mode = ParseUpsampleMode(mode_name.empty() ? "nearest" : mode_name);
  if (!mode) throw UsageError("--mode: expected nearest or bilinear (linear, trilinear), got '" + mode_name + "'");
  const UpsampleParams p{c.rank, FactorOf(f, "scale_factor"), *mode};
  out.output = Upsample(p, out.data.input);
  budget.steps = static_cast<long long>(out.output.size());
  const std::string name(UpsampleModeName(*mode, c.rank));
  const std::string torch = "F.interpolate(x, scale_factor=" + std::to_string(p.factor) + ", mode='" + name + "'" +
                            (*mode == UpsampleMode::Linear ? ", align_corners=False)" : ")");
  out.caption = "Upsampling, " + name + ", s = " + std::to_string(p.factor) + ": " + torch;
  out.head = {{"op", "upsample"}, {"mode", name}, {"torch", torch}, {"scale_factor", p.factor}};
  if (!explain) return;
  out.steps.push_back(*mode == UpsampleMode::Nearest
                          ? "per axis y[o] = x[floor(o / s)]: every input cell repeated s times"
                          : "per axis x = max(0, (o + 0.5)/s - 0.5) (align_corners=False): the two cells around x, "
                            "weighted 1 - frac(x) and frac(x) (one cell at the last); the weights multiply across axes");
  const bool ch = out.data.channels_in_output;
  const std::array<int, 3> in{c.axes[0].input, c.axes[1].input, c.axes[2].input};
  ForEachCell(out.output.shape(), [&](int channel, const std::array<int, 3>& cell) {
    std::string line = Name("y", ch, channel) + At(c, cell) + " = ";
    const auto taps = UpsampleTaps(p, in, cell);
    for (size_t n = 0; n < taps.size(); ++n) {
      line += (n ? " + " : "") + (*mode == UpsampleMode::Nearest ? "" : FormatDouble(taps[n].weight) + "·") +
              Name("x", ch, channel) + At(c, taps[n].at);
    }
    line += " = " + FormatDouble(out.output.at({channel, cell[0], cell[1], cell[2]}));
    budget.Add(line.size() + 1);
    out.steps.push_back(std::move(line));
  });
}

void ResolveShuffle(Resolved& out, const ConfigFlags& f, bool explain, ExplainBudget& budget) {
  const Config& c = out.data.config;
  const PixelShuffleParams p{c.rank, FactorOf(f, "upscale_factor")};
  out.output = PixelShuffle(p, out.data.input);
  budget.steps = static_cast<long long>(out.output.size());
  out.caption = "Pixel shuffle, s = " + std::to_string(p.factor) + ": (C·s^" + std::to_string(c.rank) +
                ", spatial) -> (C, spatial·s)" + (c.rank == 2 ? ", F.pixel_shuffle(x, " + std::to_string(p.factor) + ")" : "");
  out.head = {{"op", "pixel-shuffle"}, {"upscale_factor", p.factor}, {"output_channels", out.output.dim(0)}};
  if (c.rank == 2) out.head["torch"] = "F.pixel_shuffle(x, " + std::to_string(p.factor) + ")";
  if (!explain) return;
  out.steps.push_back("y_c[o] = x_c'[floor(o / s)] with c' = c·s^" + std::to_string(c.rank) +
                      " + the sub-pixel offsets (o mod s per axis) read as a number in base s, outermost axis first");
  ForEachCell(out.output.shape(), [&](int channel, const std::array<int, 3>& cell) {
    const ShuffleSource s = PixelShuffleSource(p, channel, cell);
    std::string line = "y" + std::to_string(channel) + At(c, cell) + " = x" + std::to_string(s.channel) + At(c, s.at) +
                       " = " + FormatDouble(out.output.at({channel, cell[0], cell[1], cell[2]}));
    budget.Add(line.size() + 1);
    out.steps.push_back(std::move(line));
  });
}

void ResolveUnpool(Resolved& out, bool explain, ExplainBudget& budget) {
  const Config& c = out.data.config;
  std::vector<int64_t> indices;
  const Tensor pooled = MaxPool(c, out.data.input, &indices);
  const UnpoolParams u = UnpoolOf(c, true);
  out.output = MaxUnpool(u, pooled, indices);
  budget.steps = static_cast<long long>(pooled.size());
  const std::string rank = std::to_string(c.rank);
  const std::string torch = "F.max_unpool" + rank + "d(*F.max_pool" + rank + "d(x, k, s, p, d, ceil_mode, " +
                            "return_indices=True), k, s, p, output_size=x.shape)";
  out.caption = "Max unpooling of " + Caption(c) + ", back to the input's size";
  out.head = ConfigToJson(c);
  out.head["op"] = "max-unpool";
  out.head["torch"] = torch;
  const bool ch = out.data.channels_in_output;
  const auto pshape = PrintShape(c, TensorRole::Output, ch);
  out.head["pooled"] = TensorToJson(pooled, pshape);
  out.head["indices"] = IndicesToJson(indices, pshape);
  if (!explain) return;
  out.steps.push_back("max pooling gives each window's largest value and its flat index in the channel's map; "
                      "unpooling writes it back there, every other cell 0");
  const std::array<int, 3> in{c.axes[0].input, c.axes[1].input, c.axes[2].input};
  const auto osh = pooled.shape();
  size_t n = 0;
  ForEachCell(osh, [&](int channel, const std::array<int, 3>& cell) {
    const int64_t at = indices[n];
    const std::array<int, 3> to{static_cast<int>(at / (static_cast<int64_t>(in[1]) * in[2])),
                                static_cast<int>(at / in[2] % in[1]), static_cast<int>(at % in[2])};
    std::string line = Name("pooled", ch, channel) + At(c, cell) + " = " + FormatDouble(pooled[n]) + " at index " +
                       std::to_string(at) + " -> " + Name("y", ch, channel) + At(c, to);
    ++n;
    budget.Add(line.size() + 1);
    out.steps.push_back(std::move(line));
  });
}

std::string Print(const Resolved& r, bool json) {
  const Config& c = r.data.config;
  const bool ch = r.data.channels_in_output || r.output.dim(0) != c.in_channels;
  std::vector<int> out_shape = r.output.shape();
  out_shape.erase(out_shape.begin() + 1, out_shape.begin() + 1 + c.first_axis());
  if (!ch) out_shape.erase(out_shape.begin());
  const auto in_shape = PrintShape(c, TensorRole::Input, ch);
  if (json) {
    nlohmann::json j = r.head;
    j["dims"] = c.rank;
    j["in_channels"] = c.in_channels;
    j["input_size"] = AxesToJson(c, &AxisParams::input);
    j["output_size"] = SpatialJson(c, r.output.shape());
    j["output_channels"] = r.output.dim(0);
    j["input"] = TensorToJson(r.data.input, in_shape);
    j["output"] = TensorToJson(r.output, out_shape);
    if (!r.steps.empty()) j["steps"] = r.steps;
    return j.dump(2) + "\n";
  }
  std::string text = r.caption + "\n";
  text += "input (" + ShapeText(in_shape) + "):\n" + TensorToText(Shaped(r.data.input, in_shape));
  text += "output (" + ShapeText(out_shape) + "):\n" + TensorToText(Shaped(r.output, out_shape));
  for (const std::string& s : r.steps) text += s + "\n";
  return text;
}

}  // namespace

bool RunUpsampleOp(const ConfigFlags& flags, const DataFlags& data, const UpsampleOptions& o) {
  const auto kind = KindOf(flags.op);
  if (!kind) {
    if (!o.mode.empty()) throw UsageError("--mode: applies only to --op upsample (nearest or bilinear); drop it");
    return false;
  }
  RefuseOtherFlags(*kind, flags, data, o.unused);
  if (!o.mode.empty() && *kind != Kind::Upsample) throw UsageError("--mode: applies only to --op upsample; drop it");
  if (o.overlap) throw UsageError(std::string("--overlap: applies only to --op transposed, not ") + OpLabel(*kind));
  // The rank, channels, sizes and input values through the ordinary resolution, as a 1-tap convolution (or the
  // pooling itself); -s is the factor, not a stride.
  ConfigFlags as_layer = flags;
  as_layer.op = *kind == Kind::MaxUnpool ? "maxpool" : "conv";
  if (*kind != Kind::MaxUnpool) {
    as_layer.kernel = "1";
    as_layer.stride.clear();
  }
  Resolved r;
  r.data = ResolveData(as_layer, data);
  ExplainBudget budget{static_cast<long long>(o.explain_limit_mib) << 20, 0, 0};
  try {
    if (*kind == Kind::Upsample) ResolveUpsample(r, flags, o.mode, o.explain, budget);
    if (*kind == Kind::PixelShuffle) ResolveShuffle(r, flags, o.explain, budget);
    if (*kind == Kind::MaxUnpool) ResolveUnpool(r, o.explain, budget);
  } catch (const InvalidConfig& e) {
    throw UsageError(e.what());
  }
  std::cout << Print(r, o.json);
  return true;
}

void AddOverlapJson(nlohmann::json& j, const Computation& comp) {
  const Config& c = comp.config;
  nlohmann::json axes = nlohmann::json::array();
  for (int a = c.first_axis(); a < 3; ++a) {
    Config one = c;
    for (int b = 0; b < 3; ++b)
      if (b != a) one.axes[static_cast<size_t>(b)] = kNeutralAxis;
    nlohmann::json counts = nlohmann::json::array();
    for (double v : TransposedOverlap(one).values()) counts.push_back(static_cast<long long>(v));
    axes.push_back(counts);
  }
  j["overlap_per_axis"] = axes;
}

std::string OverlapText(const Computation& comp) {
  const Config& c = comp.config;
  nlohmann::json j;
  AddOverlapJson(j, comp);
  std::string out = "overlap (kernel taps reaching each output cell; the product of the per-axis counts):\n" +
                    TensorToText(Shaped(comp.overlap, OutputSpatial(c)));
  for (int a = c.first_axis(); a < 3; ++a) {
    out += "  " + std::string(AxisName(c, a)) + ": " + j["overlap_per_axis"][static_cast<size_t>(a - c.first_axis())].dump() +
           " (input cell i stamps o = i·s - p + u·d for u = 0..k-1)\n";
  }
  return out;
}

}  // namespace convarith::cli
