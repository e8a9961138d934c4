// Input, kernel and bias values for `compute` and `export`: JSON files, else the preset's numbers, else generated.
#include <cmath>

#include "convarith/base/numbers.hpp"
#include "convarith/cli/cli.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/tensor/image.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/scene/timeline.hpp"

namespace convarith::cli {

void AddDataFlags(CLI::App& app, DataFlags& d) {
  app.add_option("--input", d.input_file,
                 "JSON file with the input: nested arrays (spatial...) or (C_in, spatial...) (sets i and C_in)");
  app.add_option("--kernel", d.kernel_file,
                 "JSON file with the weight as PyTorch stores it: conv (C_out, C_in/groups, k...), transposed "
                 "(C_in, C_out/groups, k...); a single kernel may leave out the channel dims");
  app.add_option("--bias", d.bias_file, "JSON file with the bias, one value per output channel (adds a bias)");
  app.add_option("--image", d.image_file,
                 "Picture as the input (PNG, JPEG, ...): gray by ITU-R 601-2 luma (0-255, as Pillow's convert('L')) or "
                 "R, G, B channels with --image-mode rgb");
  app.add_option("--image-mode", d.image_mode, "gray (default, one channel) or rgb (three channels)");
  app.add_option("--image-size", d.image_size, "Resize the picture: N makes its longer side N (keeping the aspect ratio), HxW sets both (area averaging)");
  app.add_option("--fill", d.fill, "Generated input: ramp (default, 1 to 9), ones, random");
  app.add_option("--seed", d.seed, "Seed for --fill random / --kernel-fill random / --bias-fill random");
  app.add_option("--kernel-fill", d.kernel_fill,
                 "Generated kernels: ones (default), fig1.1, identity, box, sobel_x, sobel_y, sharpen, ramp, random");
  app.add_option("--bias-fill", d.bias_fill, "Generated bias (adds a bias): ones, ramp, random");
}

namespace {

Tensor Generated(const std::vector<int>& shape, const std::string& fill_name, const char* flag, uint32_t seed, int lo,
                 int hi) {
  const auto fill = ParseFill(fill_name);
  if (!fill) throw UsageError(std::string(flag) + ": expected ramp, ones or random, got '" + fill_name + "'");
  return MakeTensor(shape, *fill, seed, lo, hi);
}

// A file's tensor in the canonical layout, accepting PyTorch's shape or (for one map/kernel) the spatial shape alone.
Tensor FromFile(const Config& c, TensorRole role, Tensor t, const std::string& flag, const std::string& path) {
  const std::vector<int> canonical = CanonicalShape(c, role);
  const std::vector<int> torch = TorchShape(c, role);
  // PyTorch's shape only: the canonical one has neutral axes (1x1x1x3x3 for a 2-D kernel) a file must not bring.
  if (t.shape() == torch) {
    t.Reshape(canonical);
    return t;
  }
  if (role == TensorRole::Bias) {
    throw UsageError(flag + ": '" + path + "' has shape " + ShapeText(t.shape()) + ", but the bias needs one value per " +
                     "output channel: shape " + ShapeText(canonical));
  }
  // One map or one kernel: the channel dims may be left out.
  const size_t channel_dims = canonical.size() - 3;
  long long channels = 1;
  for (size_t n = 0; n < channel_dims; ++n) channels *= canonical[n];
  const std::vector<int> spatial(torch.begin() + static_cast<std::ptrdiff_t>(channel_dims), torch.end());
  if (channels == 1 && t.shape() == spatial) {
    t.Reshape(canonical);
    return t;
  }
  throw UsageError(flag + ": '" + path + "' has shape " + ShapeText(t.shape()) + ", but this configuration needs " +
                   ShapeText(torch) + (channels == 1 ? " (or " + ShapeText(spatial) + ")" : "") +
                   (role == TensorRole::Weight ? (c.op == Op::Transposed ? " = (C_in, C_out/groups, k...)"
                                                                          : " = (C_out, C_in/groups, k...)") +
                                                     std::string(" for kernel_size k = ") + ShapeText(spatial)
                    : role == TensorRole::Output ? " (the output's shape) for output size o = " + ShapeText(spatial)
                                                 : " for input_size i = " + ShapeText(spatial)));
}

}  // namespace

// The picture as a tensor in PyTorch's input shape: (H, W) for gray, (3, H, W) for rgb.
Tensor ReadImage(const DataFlags& d) {
  ImageOptions o;
  const auto mode = ParseImageMode(d.image_mode);
  if (!mode) throw UsageError("--image-mode: expected gray or rgb, got '" + d.image_mode + "'");
  o.mode = *mode;
  if (!d.image_size.empty()) {
    const std::vector<int> size = ParseSizes(d.image_size, "--image-size");
    if (size.size() > 2) throw UsageError("--image-size: a picture has two axes, give N or HxW, got '" + d.image_size + "'");
    o.height = size[0];
    o.width = size.size() == 2 ? size[1] : size[0];
    if (size.size() == 1) o.longer_side = size[0];
    if (o.height < 1 || o.width < 1 || o.height > kMaxSize || o.width > kMaxSize) {
      throw UsageError("--image-size: each side must be between 1 and " + std::to_string(kMaxSize) + ", got '" +
                       d.image_size + "'");
    }
  }
  Tensor t;
  try {
    t = LoadImageTensor(d.image_file, o);
  } catch (const ImageError& e) {
    throw UsageError(std::string("--image: ") + e.what());
  }
  t.Reshape(o.mode == ImageMode::Rgb ? std::vector<int>{3, t.dim(2), t.dim(3)} : std::vector<int>{t.dim(2), t.dim(3)});
  return t;
}

void CheckFinite(const Computation& comp) {
  const std::pair<const Tensor*, const char*> outputs[] = {
      {&comp.output, "the output"}, {&comp.output_equivalent, "the equivalent convolution's output"}};
  for (const auto& [t, name] : outputs) {
    for (size_t n = 0; n < t->size(); ++n) {
      if (std::isfinite((*t)[n])) continue;
      throw UsageError(std::string(name) + " overflows: value " + std::to_string(n) + " is " +
                       FormatDouble((*t)[n]) + " (beyond the largest double, about 1.8e308); scale the input, " +
                       "kernel or bias values down");
    }
  }
}

ResolvedData ResolveData(const ConfigFlags& flags, const DataFlags& d) {
  std::optional<Tensor> file_input;
  if (!d.input_file.empty() && !d.image_file.empty()) throw UsageError("--input and --image: give one of them");
  if (!d.input_file.empty()) file_input = ReadTensorFile(d.input_file, "--input");
  if (!d.image_file.empty()) file_input = ReadImage(d);
  ResolvedData out;
  out.seed = d.seed;
  out.config = ResolveConfig(flags, file_input ? &file_input->shape() : nullptr,
                             d.image_file.empty() ? "--input" : "--image");
  Config& c = out.config;
  if (c.pooling() && !d.kernel_file.empty()) throw UsageError("--kernel: pooling has no weights; drop --kernel");
  const bool want_bias = !d.bias_file.empty() || !d.bias_fill.empty();
  if (want_bias && c.pooling()) throw UsageError("--bias: pooling has no bias; drop --bias/--bias-fill");
  if (!d.bias_file.empty() && !d.bias_fill.empty()) throw UsageError("--bias and --bias-fill: give one of them");
  if (want_bias) c.bias = true;
  out.channels_in_output = flags.in_channels != 0 || flags.out_channels != 0 || flags.groups != 0 ||
                           c.in_channels > 1 || c.out_channels > 1 ||
                           (file_input && static_cast<int>(file_input->shape().size()) == c.rank + 1);

  // A preset brings its numbers unless the user asked for other values or changed the shapes.
  const Preset* preset = flags.preset.empty() ? nullptr : FindPreset(flags.preset);
  const bool preset_input = preset && !file_input && d.fill == "ramp" &&
                            preset->input.shape() == CanonicalShape(c, TensorRole::Input);
  const bool preset_weight = preset && d.kernel_file.empty() && d.kernel_fill == "ones" &&
                             preset->weight.shape() == CanonicalShape(c, TensorRole::Weight);
  if (file_input) {
    out.input = FromFile(c, TensorRole::Input, std::move(*file_input), d.image_file.empty() ? "--input" : "--image",
                         d.image_file.empty() ? d.input_file : d.image_file);
  } else if (preset_input) {
    out.input = preset->input;
  } else {
    out.input = Generated(CanonicalShape(c, TensorRole::Input), d.fill, "--fill", d.seed, 0, 4);
  }
  if (c.pooling()) return out;
  const std::vector<int> wshape = CanonicalShape(c, TensorRole::Weight);
  if (!d.kernel_file.empty()) {
    out.weight = FromFile(c, TensorRole::Weight, ReadTensorFile(d.kernel_file, "--kernel"), "--kernel", d.kernel_file);
  } else if (preset_weight) {
    out.weight = preset->weight;
  } else if (const auto named = ParseKernelPreset(d.kernel_fill)) {
    out.weight = MakeWeight(*named, wshape);
  } else if (ParseFill(d.kernel_fill)) {
    out.weight = Generated(wshape, d.kernel_fill, "--kernel-fill", d.seed + 1, -1, 2);
  } else {
    throw UsageError("--kernel-fill: expected ones, fig1.1, identity, box, sobel_x, sobel_y, sharpen, ramp or random, got '" +
                     d.kernel_fill + "'");
  }
  if (!c.bias) return out;
  const std::vector<int> bshape = CanonicalShape(c, TensorRole::Bias);
  if (!d.bias_file.empty()) {
    out.bias = FromFile(c, TensorRole::Bias, ReadTensorFile(d.bias_file, "--bias"), "--bias", d.bias_file);
  } else if (!d.bias_fill.empty()) {
    out.bias = Generated(bshape, d.bias_fill, "--bias-fill", d.seed + 2, -2, 2);
  } else if (preset && preset->bias.shape() == bshape) {
    out.bias = preset->bias;
  } else {
    out.bias = Tensor(bshape);
  }
  return out;
}

Tensor ResolveGradOutput(const ResolvedData& data, const GradFlags& g) {
  const Config& c = data.config;
  if (!g.file.empty() && !g.fill.empty()) throw UsageError("--grad-output and --grad-fill: give one of them");
  if (!g.file.empty()) {
    return FromFile(c, TensorRole::Output, ReadTensorFile(g.file, "--grad-output"), "--grad-output", g.file);
  }
  const std::string fill = g.fill.empty() ? "ones" : g.fill;
  return Generated(CanonicalShape(c, TensorRole::Output), fill, "--grad-fill", data.seed + 3, -2, 2);
}

}  // namespace convarith::cli
