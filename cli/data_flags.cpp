// Input and kernel values for `compute` and `export`: JSON files, else the preset's numbers, else generated.
#include "convarith/cli/cli.hpp"
#include "convarith/presets.hpp"

namespace convarith::cli {

void AddDataFlags(CLI::App& app, DataFlags& d) {
  app.add_option("--input", d.input_file, "JSON file with the input, a 2-D array of numbers (sets i)");
  app.add_option("--kernel", d.kernel_file, "JSON file with the kernel as PyTorch stores the weight (not flipped)");
  app.add_option("--fill", d.fill, "Generated input: ramp (default), ones, random");
  app.add_option("--seed", d.seed, "Seed for --fill random / --kernel-fill random (small integers)");
  app.add_option("--kernel-fill", d.kernel_fill,
                 "Generated kernel: ones (default), fig1.1, identity, box, sobel_x, sobel_y, ramp, random");
}

ResolvedData ResolveData(const ConfigFlags& flags, const DataFlags& d) {
  std::optional<Grid> file_input;
  if (!d.input_file.empty()) file_input = ReadGridFile(d.input_file, "--input");
  std::optional<std::array<int, 2>> shape;
  if (file_input) shape = std::array<int, 2>{file_input->rows, file_input->cols};
  ResolvedData out;
  out.config = ResolveConfig(flags, shape);
  const Config& c = out.config;
  const bool pooling = c.op == Op::MaxPool || c.op == Op::AvgPool;
  if (pooling && !d.kernel_file.empty()) throw UsageError("--kernel: pooling has no weights; drop --kernel");

  // A preset brings the paper's numbers unless the user asked for other values or changed the sizes.
  const Preset* preset = flags.preset.empty() ? nullptr : FindPreset(flags.preset);
  const bool preset_input = preset && !file_input && d.fill == "ramp" && preset->input.rows == c.height().input &&
                            preset->input.cols == c.width().input;
  const bool preset_kernel = preset && d.kernel_file.empty() && d.kernel_fill == "ones" &&
                             preset->kernel.rows == c.height().kernel && preset->kernel.cols == c.width().kernel;
  if (file_input) {
    out.input = *file_input;
  } else if (preset_input) {
    out.input = preset->input;
  } else {
    const auto fill = ParseFill(d.fill);
    if (!fill) throw UsageError("--fill: expected ramp, ones or random, got '" + d.fill + "'");
    out.input = MakeGrid(c.height().input, c.width().input, *fill, d.seed);
  }
  if (pooling) return out;
  const int kh = c.height().kernel, kw = c.width().kernel;
  if (!d.kernel_file.empty()) {
    out.kernel = ReadGridFile(d.kernel_file, "--kernel");
    if (out.kernel.rows != kh || out.kernel.cols != kw) {
      throw UsageError("--kernel: '" + d.kernel_file + "' is " + std::to_string(out.kernel.rows) + "x" +
                       std::to_string(out.kernel.cols) + ", but kernel_size (k) is " + std::to_string(kh) + "x" +
                       std::to_string(kw));
    }
  } else if (preset_kernel) {
    out.kernel = preset->kernel;
  } else if (const auto named = ParseKernelPreset(d.kernel_fill)) {
    out.kernel = MakeKernel(*named, kh, kw);
  } else if (const auto fill = ParseFill(d.kernel_fill)) {
    out.kernel = MakeGrid(kh, kw, *fill, d.seed + 1, -1, 2);
  } else {
    throw UsageError("--kernel-fill: expected ones, fig1.1, identity, box, sobel_x, sobel_y, ramp or random, got '" +
                     d.kernel_fill + "'");
  }
  return out;
}

}  // namespace convarith::cli
