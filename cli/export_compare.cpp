// `convarith export --compare-upsampling`: the ways to upsample side by side on one input, as one picture.
#include <algorithm>
#include <iostream>

#include "convarith/export.hpp"
#include "convarith/scene/upsample_compare.hpp"
#include "convarith/tensor/image.hpp"
#include "export_compare.hpp"

namespace convarith::cli {

namespace {

// The flags a comparison does not take (it has its own layers, kernels and data).
void RefuseOtherFlags(const ConfigFlags& f, const DataFlags& d) {
  const std::pair<bool, const char*> given[] = {
      {!f.preset.empty(), "--preset"},
      {!f.op.empty(), "--op"},
      {!f.pad_before.empty() || !f.pad_after.empty(), "--pad-before/--pad-after"},
      {!f.dilation.empty(), "dilation (-d)"},
      {!f.output_padding.empty(), "output_padding (-a) (chosen to make the output i·s)"},
      {f.in_channels != 0 || f.out_channels != 0 || f.groups != 0, "--in-channels/--out-channels/--groups"},
      {!f.padding_mode.empty() || f.ceil_mode || !f.count_include_pad.empty(), "pooling and padding-mode flags"},
      {!d.input_file.empty() || !d.kernel_file.empty() || !d.bias_file.empty(), "--input/--kernel/--bias"},
      {d.kernel_fill != "ones" || !d.bias_fill.empty(), "--kernel-fill/--bias-fill (the kernels are box filters)"},
  };
  for (const auto& [is_given, name] : given)
    if (is_given) throw UsageError(std::string(name) + ": --compare-upsampling takes no such flag; drop it");
}

// One whole number from a flag that takes N (or the same N per axis).
int One(const std::string& text, const char* parameter, int fallback) {
  if (text.empty()) return fallback;
  const std::vector<int> v = ParseSizes(text, parameter);
  if (std::any_of(v.begin(), v.end(), [&](int n) { return n != v[0]; })) {
    throw UsageError(std::string(parameter) + " '" + text + "': the comparison takes one value for every axis");
  }
  return v[0];
}

CompareParams ParamsOf(const CompareArgs& c, const ConfigFlags& f, const DataFlags& d) {
  CompareParams p;
  const std::vector<int> in = f.input.empty() ? std::vector<int>{8} : ParseSizes(f.input, "input_size (-i)");
  p.rank = f.dims != 0 ? f.dims : in.size() > 1 ? static_cast<int>(in.size()) : 2;
  if (p.rank != 1 && p.rank != 2) {
    throw UsageError(std::string(f.dims != 0 ? "--dims" : "input_size (-i " + f.input + ")") +
                     ": the comparison is 1-D or 2-D, got " + std::to_string(p.rank) + "-D");
  }
  if (static_cast<int>(in.size()) > p.rank) {
    throw UsageError("input_size (-i " + f.input + "): " + std::to_string(in.size()) + " sizes for a " +
                     std::to_string(p.rank) + "-D comparison");
  }
  p.input = {p.rank == 1 ? 1 : in[0], in.back()};
  p.factor = One(f.stride, "scale_factor (-s)", 2);
  p.kernel = One(f.kernel, "kernel_size (-k)", 3);
  p.padding = One(f.padding, "padding (-p)", 1);
  p.layers = c.layers;
  if (!d.image_file.empty()) {
    p.source = CompareSource::Picture;
  } else if (d.fill == "ones" || d.fill == "constant") {
    p.source = CompareSource::Constant;
  } else if (d.fill == "ramp") {
    p.source = CompareSource::Ramp;
  } else {
    throw UsageError("--fill: the comparison's source is ones (constant), ramp or an --image, got '" + d.fill + "'");
  }
  return p;
}

// The picture at the source's size (the input size times s^layers), gray.
Tensor PictureSource(const CompareParams& p, const DataFlags& d) {
  const Tensor shape = MakeCompareSource(p);  // checks the parameters first
  if (d.image_mode != "gray") throw UsageError("--image-mode: the comparison reads the picture as gray");
  ImageOptions o;
  o.height = shape.dim(2);
  o.width = shape.dim(3);
  try {
    Tensor t = LoadImageTensor(d.image_file, o);
    return t;
  } catch (const ImageError& e) {
    throw UsageError(std::string("--image: ") + e.what());
  }
}

}  // namespace

void RunCompareExport(const CompareArgs& c, const ConfigFlags& f, const DataFlags& d, const PictureArgs& out) {
  RefuseOtherFlags(f, d);
  if (c.layers < 1 || c.layers > 3) throw UsageError("--compare-layers: 1 to 3 stacked layers, got " + std::to_string(c.layers));
  const auto format = !out.format.empty() ? ParseExportFormat(out.format) : ExportFormatOfPath(out.path);
  if (!format || *format == ExportFormat::Gif) {
    throw UsageError("--out " + out.path + ": the comparison is one picture: a .png, .svg, .pdf or .tex file (or --format)");
  }
  CompareFrameOptions o;
  o.measure = ExportTextMeasure();
  if (out.theme == "dark") o.theme = DarkTheme();
  else if (out.theme != "light") throw UsageError("--theme: expected light or dark, got '" + out.theme + "'");
  try {
    const CompareParams p = ParamsOf(c, f, d);
    if (p.rank == 1 && p.source == CompareSource::Picture) throw UsageError("--image: the 1-D comparison takes ones or a ramp");
    const Tensor picture = p.source == CompareSource::Picture ? PictureSource(p, d) : Tensor();
    const UpsampleComparison cmp = CompareUpsampling(p, p.source == CompareSource::Picture ? &picture : nullptr);
    const Frame frame = BuildComparisonFrame(cmp, o);
    int cell_px = out.cell_px;
    if (out.max_width > 0) {
      cell_px = std::clamp(static_cast<int>(static_cast<float>(out.max_width) / std::max(1.0f, frame.width)), 1, cell_px);
    }
    const ExportResult r = ExportPicture(frame, *format, out.path, cell_px, "Upsampling compared");
    std::cout << out.path << ": 1 frame, 1 file, " << r.bytes << " bytes\n";
  } catch (const InvalidConfig& e) {
    throw UsageError(e.what());
  } catch (const ExportError& e) {
    throw UsageError(std::string("export: ") + e.what());
  }
}

}  // namespace convarith::cli
