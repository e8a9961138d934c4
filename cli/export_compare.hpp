// `export --compare-upsampling` (private to the cli library): the flags it adds and the run.
#pragma once

#include <string>

#include "convarith/cli/cli.hpp"

namespace convarith::cli {

struct CompareArgs {
  bool on = false;  // --compare-upsampling
  int layers = 1;   // --compare-layers: 1 to 3 stacked
};

// Where and how the picture goes: --out, --format, --cell-px, --max-width, --theme as the export command has them.
struct PictureArgs {
  std::string path, format;
  int cell_px = 32, max_width = 0;
  std::string theme = "light";
};

// The comparison of the ways to upsample (core/scene/upsample_compare.hpp) for -i (input size), -s (factor), -k and
// -p (the transposed convolution's, and k of the convolutions), --dims 1|2, --fill ones|ramp or --image, written as
// one PNG/SVG/PDF/TikZ picture. Throws UsageError naming the flag.
void RunCompareExport(const CompareArgs& compare, const ConfigFlags& flags, const DataFlags& data,
                      const PictureArgs& out);

}  // namespace convarith::cli
