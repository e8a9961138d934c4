// The operation flags shared by `shape`, `compute`, `export` and the app, and reading tensors from JSON files.
#include <algorithm>
#include <charconv>

#include "convarith/base/json_numbers.hpp"
#include "convarith/cli/cli.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/scene/presets.hpp"

namespace convarith::cli {

bool ConfigFlags::AnyGiven() const {
  return !op.empty() || !input.empty() || !kernel.empty() || !stride.empty() || !padding.empty() ||
         !dilation.empty() || !output_padding.empty() || !pad_before.empty() || !pad_after.empty() || dims != 0 ||
         in_channels != 0 || out_channels != 0 || groups != 0 || !padding_mode.empty() || ceil_mode ||
         !count_include_pad.empty();
}

void AddConfigFlags(CLI::App& app, ConfigFlags& f, bool with_preset) {
  if (with_preset) {
    std::string names;
    for (const Preset& p : Presets()) names += (names.empty() ? "" : ", ") + p.name;
    app.add_option("--preset", f.preset, "Start from a figure of the paper or an example: " + names);
  }
  app.add_option("--op", f.op, "Operation: conv (default), maxpool, avgpool, transposed");
  app.add_option("--dims", f.dims, "Spatial rank 1, 2 or 3 when sizes are given as N (default 2)");
  app.add_option("-i,--input-size", f.input, "Input size i: N, HxW or DxHxW (transposed: its own input i')");
  app.add_option("-k,--kernel-size", f.kernel, "Kernel size k: N, HxW or DxHxW");
  app.add_option("-s,--stride", f.stride, "Stride s >= 1: N, HxW or DxHxW (default 1)");
  app.add_option("-p,--padding", f.padding, "Padding p >= 0 on both sides of each axis: N, HxW or DxHxW (default 0)");
  app.add_option("--pad-before", f.pad_before, "Padding at the start of each axis (top/left/front): N, HxW or DxHxW");
  app.add_option("--pad-after", f.pad_after, "Padding at the end of each axis (bottom/right/back): N, HxW or DxHxW");
  app.add_option("-d,--dilation", f.dilation, "Dilation d >= 1: N, HxW or DxHxW (default 1; conv, maxpool, transposed)");
  app.add_option("-a,--output-padding", f.output_padding,
                 "Output padding a (transposed only; a < s or a < d): N, HxW or DxHxW (default 0)");
  app.add_option("--in-channels", f.in_channels, "Input channels C_in (default 1; pooling: the channels)");
  app.add_option("--out-channels", f.out_channels, "Output channels C_out (conv, transposed; default C_in... 1)");
  app.add_option("--groups", f.groups, "Groups: C_in and C_out divisible by it (conv, transposed; default 1)");
  app.add_option("--padding-mode", f.padding_mode, "conv: zeros (default), reflect, replicate or circular");
  app.add_flag("--ceil-mode", f.ceil_mode, "Pooling: ceil instead of floor in the output size (PyTorch ceil_mode)");
  app.add_option("--count-include-pad", f.count_include_pad,
                 "avgpool: divide by the window including padding (true, default) or by the real cells (false)");
}

std::vector<int> ParseSizes(const std::string& text, const std::string& parameter) {
  std::vector<int> out;
  size_t start = 0;
  while (true) {
    const size_t x = text.find_first_of("xX,", start);
    const std::string_view part = std::string_view(text).substr(start, x == std::string::npos ? std::string::npos : x - start);
    int value = 0;
    const char* begin = part.data();
    const char* end = part.data() + part.size();
    if (!part.empty() && *begin == '+') ++begin;
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (part.empty() || ec != std::errc() || ptr != end) {
      throw UsageError(parameter + ": expected a whole number, HxW or DxHxW (like 5, 4x6 or 3x4x6), got '" + text + "'");
    }
    out.push_back(value);
    if (x == std::string::npos) break;
    start = x + 1;
  }
  if (out.size() > 3) {
    throw UsageError(parameter + ": at most 3 sizes (DxHxW), got " + std::to_string(out.size()) + " in '" + text + "'");
  }
  return out;
}

namespace {

// The rank the flags ask for: --dims, else the longest size list, else nothing.
std::optional<int> RankFromFlags(const ConfigFlags& f) {
  if (f.dims != 0) {
    if (f.dims < 1 || f.dims > 3) throw UsageError("--dims: the spatial rank must be 1, 2 or 3, got " + std::to_string(f.dims));
    return f.dims;
  }
  int longest = 0;
  for (const auto& [text, name] : std::initializer_list<std::pair<const std::string*, const char*>>{
           {&f.input, "input_size (-i)"}, {&f.kernel, "kernel_size (-k)"}, {&f.stride, "stride (-s)"},
           {&f.padding, "padding (-p)"}, {&f.dilation, "dilation (-d)"}, {&f.output_padding, "output_padding (-a)"},
           {&f.pad_before, "--pad-before"}, {&f.pad_after, "--pad-after"}}) {
    if (!text->empty()) longest = std::max(longest, static_cast<int>(ParseSizes(*text, name).size()));
  }
  if (longest > 1) return longest;
  return std::nullopt;
}

// The flags given for an operation that does not take them, refused by the core's rule (as the --layers spec is):
// "--ceil-mode: ceil_mode applies only to maxpool and avgpool".
void CheckFlagsApply(const ConfigFlags& f, const Config& c, bool has_a) {
  const auto sp = c.spatial();
  const bool a_nonzero = has_a && std::any_of(sp.begin(), sp.end(), [](const AxisParams& a) { return a.output_padding; });
  const std::pair<bool, std::pair<OpOnlyParam, const char*>> given[] = {
      {a_nonzero, {OpOnlyParam::OutputPadding, "output_padding (-a)"}},
      {f.out_channels != 0, {OpOnlyParam::OutChannels, "--out-channels"}},
      {f.groups != 0, {OpOnlyParam::Groups, "--groups"}},
      {!f.padding_mode.empty() && c.padding_mode != PaddingMode::Zeros, {OpOnlyParam::PaddingMode, "--padding-mode"}},
      {f.ceil_mode, {OpOnlyParam::CeilMode, "--ceil-mode"}},
      {!f.count_include_pad.empty(), {OpOnlyParam::CountIncludePad, "--count-include-pad"}},
  };
  for (const auto& [is_given, param] : given) {
    if (!is_given) continue;
    if (const auto e = CheckParamApplies(c.op, param.first)) throw UsageError(std::string(param.second) + ": " + e->message);
  }
}

// The input file's shape: C_in from its channel dimension, i from its spatial sizes (or checked against -i).
void ApplyFileShape(const ConfigFlags& f, const std::vector<int>& file_shape, const std::string& source, bool has_input,
                    Config& c) {
  const int rank = c.rank;
  const int depth = static_cast<int>(file_shape.size());
  if (depth != rank && depth != rank + 1) {
    throw UsageError(source + ": the file holds a " + std::to_string(depth) + "-D array, but a rank-" +
                     std::to_string(rank) + " layer takes (spatial...) or (C_in, spatial...), i.e. " +
                     std::to_string(rank) + "-D or " + std::to_string(rank + 1) + "-D");
  }
  const bool with_channels = depth == rank + 1;
  const int file_channels = with_channels ? file_shape[0] : 1;
  if (f.in_channels != 0 && f.in_channels != file_channels) {
    throw UsageError("in_channels (--in-channels " + std::to_string(f.in_channels) + ") disagrees with the " + source + " file, which has " +
                     std::to_string(file_channels) + " channel(s) (shape " + ShapeText(file_shape) + ")");
  }
  c.in_channels = file_channels;
  std::vector<int> spatial(file_shape.begin() + (with_channels ? 1 : 0), file_shape.end());
  if (has_input) {
    for (int a = 0; a < rank; ++a) {
      if (c.axes[static_cast<size_t>(c.first_axis() + a)].input != spatial[static_cast<size_t>(a)]) {
        throw UsageError("input_size (-i " + f.input + ") disagrees with the " + source + " file, whose spatial shape is " +
                         ShapeText(spatial));
      }
    }
  } else {
    for (int a = 0; a < rank; ++a) c.axes[static_cast<size_t>(c.first_axis() + a)].input = spatial[static_cast<size_t>(a)];
  }
}

}  // namespace

Config ResolveConfig(const ConfigFlags& f, const std::vector<int>* file_shape, const std::string& source) {
  Config c;
  bool has_input = false, has_kernel = false;
  if (!f.preset.empty()) {
    const Preset* p = FindPreset(f.preset);
    if (!p) {
      std::string names;
      for (const Preset& q : Presets()) names += (names.empty() ? "" : ", ") + q.name;
      throw UsageError("--preset: unknown figure '" + f.preset + "' (choose one of " + names + ")");
    }
    c = p->config;
    has_input = has_kernel = true;
  }
  if (!f.op.empty()) {
    const auto op = ParseOp(f.op);
    if (!op) throw UsageError("--op: unknown operation '" + f.op + "' (choose conv, maxpool, avgpool or transposed)");
    c.op = *op;
  }
  // The rank: flags, else the preset's, else 2; an input file then fixes whether it has a channel dimension.
  if (const auto rank = RankFromFlags(f)) {
    if (*rank != c.rank) SetRank(c, *rank);
  } else if (f.preset.empty() && file_shape && f.in_channels == 0 && file_shape->size() == 1) {
    SetRank(c, 1);  // a flat list is a 1-D signal
  }
  const int rank = c.rank;
  auto apply = [&](const std::string& text, const char* parameter, auto setter) {
    if (text.empty()) return false;
    const std::vector<int> v = ParseSizes(text, parameter);
    if (v.size() != 1 && static_cast<int>(v.size()) != rank) {
      throw UsageError(std::string(parameter) + " '" + text + "' has " + std::to_string(v.size()) +
                       " sizes but the layer has " + std::to_string(rank) + " spatial dimension" +
                       (rank == 1 ? "" : "s") + " (give N or one size per axis, or set --dims)");
    }
    for (int a = 0; a < rank; ++a) setter(c.axes[static_cast<size_t>(c.first_axis() + a)], v[v.size() == 1 ? 0 : static_cast<size_t>(a)]);
    return true;
  };
  has_input |= apply(f.input, "input_size (-i)", [](AxisParams& a, int v) { a.input = v; });
  has_kernel |= apply(f.kernel, "kernel_size (-k)", [](AxisParams& a, int v) { a.kernel = v; });
  apply(f.stride, "stride (-s)", [](AxisParams& a, int v) { a.stride = v; });
  const bool has_p = apply(f.padding, "padding (-p)", [](AxisParams& a, int v) { a.SetPadding(v); });
  const bool has_pb = apply(f.pad_before, "--pad-before", [](AxisParams& a, int v) { a.pad_before = v; });
  const bool has_pa = apply(f.pad_after, "--pad-after", [](AxisParams& a, int v) { a.pad_after = v; });
  if (has_p && (has_pb || has_pa)) {
    throw UsageError("padding (-p) sets both sides; give either -p or --pad-before/--pad-after, not both");
  }
  apply(f.dilation, "dilation (-d)", [](AxisParams& a, int v) { a.dilation = v; });
  const bool has_a = apply(f.output_padding, "output_padding (-a)", [](AxisParams& a, int v) { a.output_padding = v; });

  // Channels: flags, else the input file's channel dimension.
  if (f.in_channels != 0) c.in_channels = f.in_channels;
  if (file_shape) {
    ApplyFileShape(f, *file_shape, source, has_input, c);
    has_input = true;
  }
  if (f.out_channels != 0) c.out_channels = f.out_channels;
  else if (f.in_channels != 0 && f.preset.empty()) c.out_channels = c.in_channels;  // a natural default for depthwise
  if (f.groups != 0) c.groups = f.groups;
  if (!f.padding_mode.empty()) {
    const auto mode = ParsePaddingMode(f.padding_mode);
    if (!mode) throw UsageError("--padding-mode: expected zeros, reflect, replicate or circular, got '" + f.padding_mode + "'");
    c.padding_mode = *mode;
  }
  if (!has_input) throw UsageError("input_size (-i) is required (or --input FILE, or --preset NAME)");
  if (!has_kernel) throw UsageError("kernel_size (-k) is required (or --preset NAME)");

  CheckFlagsApply(f, c, has_a);
  const bool pooling = c.pooling();
  c.ceil_mode = pooling && (f.ceil_mode || (f.preset.empty() ? false : c.ceil_mode));
  if (!f.count_include_pad.empty()) {
    const auto value = ParseBool(f.count_include_pad);
    if (!value) throw UsageError("--count-include-pad: expected true or false, got '" + f.count_include_pad + "'");
    c.count_include_pad = *value;
  }
  if (auto e = Validate(c)) throw UsageError(e->message);
  return Normalized(c);
}

Tensor ReadTensorFile(const std::string& path, const std::string& parameter) {
  NestedNumbers numbers;
  try {
    numbers = ReadNestedNumbers(path, {{parameter, kMaxJsonFileBytes, true}, kMaxElements, 6});
  } catch (const ReadError& e) {
    throw UsageError(e.what());
  }
  return Tensor(std::move(numbers.shape), std::move(numbers.values));  // (the reader keeps them consistent)
}

}  // namespace convarith::cli
